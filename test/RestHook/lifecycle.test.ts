import { retryPolicy } from '../../nodes/shared/transport';
import { N8nGateway } from '../harness/n8n-gateway';
import { HOOKS_HEADER_CREDENTIAL, hooksApiParameters, restHookTrigger } from '../harness/resthook';
import { listenForTestEvent } from '../harness/test-event';
import { unpublishedState } from '../harness/trigger';
import {
	HOOK_SAMPLES,
	HOOKS_API_KEY,
	HOOKS_BASIC,
	HOOKS_BEARER,
	RestHookApiSimulator,
} from '../simulators/resthook';

describe('REST Hook Trigger lifecycle against a Zapier-style hooks API', () => {
	let api: RestHookApiSimulator;

	beforeEach(async () => {
		api = await new RestHookApiSimulator().start();
		retryPolicy.delaysMs = [10, 20];
	});

	afterEach(async () => {
		await api.stop();
	});

	test('publishing posts the body template once per event, with the target URL and event filled in', async () => {
		const trigger = restHookTrigger(hooksApiParameters(api), HOOKS_HEADER_CREDENTIAL);

		await trigger.publish();

		const posted = api.log.filter((entry) => entry.method === 'POST').map((entry) => entry.body);
		const secret = trigger.nodeStaticData().secret as string;
		const target = expect.stringMatching(
			new RegExp(
				`^http://127\\.0\\.0\\.1:5678/webhook/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/webhook\\?secret=${secret}&subscription=[\\w-]{16}$`,
			),
		);
		expect(posted).toEqual(
			expect.arrayContaining([
				{ target_url: target, event: 'contact.created' },
				{ target_url: target, event: 'deal.won' },
			]),
		);
		expect(posted).toHaveLength(2);
		// Each subscription's URL names its own subscribe attempt.
		const urls = (posted as Array<{ target_url: string }>).map((body) => body.target_url);
		expect(new Set(urls).size).toBe(2);
	});

	test('numeric subscription ids are remembered as strings and used in the unsubscribe URL', async () => {
		const trigger = restHookTrigger(hooksApiParameters(api), HOOKS_HEADER_CREDENTIAL);
		await trigger.publish();

		await trigger.delete();

		expect(api.subscriptions.size).toBe(0);
		const deleted = api.log.filter((entry) => entry.method === 'DELETE').map((e) => e.path);
		expect(deleted.sort()).toEqual(['/hooks/101', '/hooks/102']);
	});

	test('"One for All Events" sends a single subscribe with {{events}} as a JSON array', async () => {
		const trigger = restHookTrigger(
			hooksApiParameters(api, {
				scope: 'allEvents',
				subscribeBody: '{"target_url": "{{targetUrl}}", "events": {{events}}}',
			}),
			HOOKS_HEADER_CREDENTIAL,
		);

		await trigger.publish();

		expect([...api.subscriptions.values()].map((s) => s.events)).toEqual([
			['contact.created', 'deal.won'],
		]);
	});

	test('a delivery from the API reaches the workflow through the subscribed URL', async () => {
		const trigger = restHookTrigger(hooksApiParameters(api), HOOKS_HEADER_CREDENTIAL);
		const gateway = await new N8nGateway(trigger).start();
		try {
			await trigger.publish();

			const [answer] = await api.deliver('deal.won', { type: 'deal.won', data: { id: 'd_1' } });

			expect(answer.status).toBe(200);
			expect(gateway.deliveries[0].outcome.items).toEqual([
				{
					event: 'deal.won',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					type: 'deal.won',
					data: { id: 'd_1' },
				},
			]);
		} finally {
			await gateway.stop();
		}
	});

	test.each([
		['bearer', { apiAuthentication: 'bearer', token: HOOKS_BEARER }],
		['basic', { apiAuthentication: 'basic', ...HOOKS_BASIC }],
		['query', { apiAuthentication: 'query', queryName: 'api_key', querySecret: HOOKS_API_KEY }],
		['header', HOOKS_HEADER_CREDENTIAL],
	])('the API is called with %s authentication from the credential', async (scheme, credential) => {
		api.auth = scheme as RestHookApiSimulator['auth'];
		const trigger = restHookTrigger(hooksApiParameters(api), credential);

		await trigger.publish();

		expect(api.subscriptions.size).toBe(2);
	});

	test('a refused API key fails the publish with the status and a pointer to the credential', async () => {
		const trigger = restHookTrigger(hooksApiParameters(api), {
			...HOOKS_HEADER_CREDENTIAL,
			headerSecret: 'wrong',
		});

		const error = (await trigger.publish().catch((e: unknown) => e)) as {
			message: string;
			description: string;
		};

		expect(error.message).toBe(
			'REST hook API could not subscribe to event "contact.created" (HTTP 401): Invalid API key',
		);
		expect(error.description).toContain('Check the REST hook API credentials');
	});

	test('an answer without the id at the configured path fails with what to set', async () => {
		const trigger = restHookTrigger(
			hooksApiParameters(api, { subscriptionIdPath: 'data.id' }),
			HOOKS_HEADER_CREDENTIAL,
		);

		const error = (await trigger.publish().catch((e: unknown) => e)) as {
			message: string;
			description: string;
		};

		expect(error.message).toBe(
			'REST hook API could not subscribe to event "contact.created" (HTTP 200): the answer has no subscription id at "data.id"',
		);
		expect(error.description).toBe(
			'Set "Subscription ID Path" to where the answer holds the new subscription\'s id, e.g. "id" or "data.id".',
		);
	});

	test('hooks left by answers without a readable id are swept once the path is fixed and orphans are removed', async () => {
		const trigger = restHookTrigger(
			hooksApiParameters(api, { subscriptionIdPath: 'data.id' }),
			HOOKS_HEADER_CREDENTIAL,
		);
		await expect(trigger.publish()).rejects.toThrow('no subscription id');
		// The API made them, but without their ids the trigger cannot remove them.
		expect(api.subscriptions.size).toBe(2);

		trigger.setParameters(
			hooksApiParameters(api, {
				listSubscriptions: { url: `${api.url}/hooks`, itemsPath: 'data', removeOrphans: true },
			}),
		);
		await trigger.publish();

		expect([...api.subscriptions.keys()].sort()).toEqual([103, 104]);
	});

	test('templates the editor switched to Expression mode (typing "{{") still work as templates', async () => {
		const trigger = restHookTrigger(
			hooksApiParameters(api, {
				subscribeBody: '={"target_url": "{{ targetUrl }}", "event": "{{event}}"}',
				unsubscribeUrl: `=${api.url}/hooks/{{id}}`,
			}),
			HOOKS_HEADER_CREDENTIAL,
		);

		await trigger.publish();
		await trigger.delete();

		const posted = api.log.filter((entry) => entry.method === 'POST').map((entry) => entry.body);
		expect(posted).toContainEqual(expect.objectContaining({ event: 'deal.won' }));
		expect(api.subscriptions.size).toBe(0);
	});

	test('a real n8n expression in a URL is evaluated as n8n would', async () => {
		const trigger = restHookTrigger(
			hooksApiParameters(api, { subscribeUrl: `={{ "${api.url}" + "/hooks" }}` }),
			HOOKS_HEADER_CREDENTIAL,
		);

		await trigger.publish();

		expect(api.subscriptions.size).toBe(2);
	});

	test('a body template that is not JSON fails before any call, saying how to write it', async () => {
		const trigger = restHookTrigger(
			hooksApiParameters(api, { subscribeBody: '{"target_url": {{targetUrl}}}' }),
			HOOKS_HEADER_CREDENTIAL,
		);

		// The parser's own reason in brackets varies with the Node.js version.
		await expect(trigger.publish()).rejects.toThrow(
			/^Could not subscribe to event "contact\.created": the body template is not valid JSON \(.+\)$/,
		);
		expect(api.log.filter((entry) => entry.method === 'POST')).toHaveLength(0);
	});

	test('unsubscribing a hook the API already deleted (404) counts as done', async () => {
		const trigger = restHookTrigger(hooksApiParameters(api), HOOKS_HEADER_CREDENTIAL);
		await trigger.publish();
		const held = api.subscriptions.size;
		api.subscriptions.clear();

		await expect(trigger.delete()).resolves.toBe(true);
		expect(trigger.nodeStaticData()).toEqual(unpublishedState(held));
	});

	describe('with a list endpoint', () => {
		const list = { url: '', itemsPath: 'data', idField: 'id', urlField: 'target_url' };

		test('checkExists is true while the API still lists every subscription at this URL', async () => {
			const trigger = restHookTrigger(
				hooksApiParameters(api, { listSubscriptions: { ...list, url: `${api.url}/hooks` } }),
				HOOKS_HEADER_CREDENTIAL,
			);
			await trigger.publish();

			await expect(trigger.checkExists()).resolves.toBe(true);
		});

		test('checkExists is false once the API dropped a subscription, and publishing restores it', async () => {
			const trigger = restHookTrigger(
				hooksApiParameters(api, { listSubscriptions: { ...list, url: `${api.url}/hooks` } }),
				HOOKS_HEADER_CREDENTIAL,
			);
			await trigger.publish();
			api.subscriptions.delete(101);

			await expect(trigger.checkExists()).resolves.toBe(false);
			await trigger.publish();
			expect(api.subscriptions.size).toBe(2);
		});

		test('orphan subscriptions to this URL are removed before subscribing when asked', async () => {
			const parameters = hooksApiParameters(api, {
				listSubscriptions: { ...list, url: `${api.url}/hooks`, removeOrphans: true },
			});
			const trigger = restHookTrigger(parameters, HOOKS_HEADER_CREDENTIAL);
			await trigger.publish();
			trigger.staticData = {}; // the answers were lost: the trigger remembers nothing

			await trigger.publish();

			expect(api.subscriptions.size).toBe(2);
		});
	});

	test("listening for a test event shows the sample endpoint's deliveries as items", async () => {
		const trigger = restHookTrigger(
			hooksApiParameters(api, {
				sampleEndpoint: { method: 'GET', url: `${api.url}/hooks/sample?event={{event}}` },
			}),
			HOOKS_HEADER_CREDENTIAL,
		);

		const { outcome } = await listenForTestEvent(trigger);

		const expected = [...HOOK_SAMPLES['contact.created'], ...HOOK_SAMPLES['deal.won']].map(
			(sample) => ({
				event: (sample as { type: string }).type,
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				...(sample as object),
			}),
		);
		expect(outcome.items).toEqual(expected);
		expect(api.subscriptions.size).toBe(0);
	});
});
