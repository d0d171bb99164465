import type { INodeParameters } from 'n8n-workflow';

import { retryPolicy } from '../../nodes/shared/transport';
import { HOOKS_HEADER_CREDENTIAL, hooksApiParameters, restHookTrigger } from '../harness/resthook';
import { RestHookApiSimulator } from '../simulators/resthook';

/*
 * The lifecycle alone retries a failed subscribe (429, 5xx), for every provider: each attempt's
 * hook URL carries its own token, so a subscription a failed attempt left behind can never start
 * a run (its deliveries get 410), and where the API lists subscriptions it is removed.
 */
describe('retrying a subscribe that failed transiently', () => {
	let api: RestHookApiSimulator;
	const savedDelays = retryPolicy.delaysMs;

	beforeEach(async () => {
		api = await new RestHookApiSimulator().start();
		retryPolicy.delaysMs = [5, 10];
	});

	afterEach(async () => {
		retryPolicy.delaysMs = savedDelays;
		await api.stop();
	});

	const oneHookSweeping = (): INodeParameters =>
		hooksApiParameters(api, {
			scope: 'allEvents',
			subscribeBody: '{"target_url": "{{targetUrl}}", "events": {{events}}}',
			listSubscriptions: { url: `${api.url}/hooks`, itemsPath: 'data', removeOrphans: true },
		});
	const postHooks = (request: { method: string; path: string }) =>
		request.method === 'POST' && request.path === '/hooks';
	const calls = () => api.log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

	test.each([429, 500, 503])(
		'a %i on subscribe is retried after a pause and the publish succeeds',
		async (status) => {
			const trigger = restHookTrigger(oneHookSweeping(), HOOKS_HEADER_CREDENTIAL);
			api.inject({ match: postHooks, status, body: { error: 'try later' } });

			await trigger.publish();

			expect(api.log.filter(postHooks)).toHaveLength(2);
			expect(api.subscriptions.size).toBe(1);
		},
	);

	test('each attempt subscribes a URL of its own, and only the answered one is held', async () => {
		const trigger = restHookTrigger(oneHookSweeping(), HOOKS_HEADER_CREDENTIAL);
		api.inject({ match: postHooks, status: 502, body: { error: 'bad gateway' } });

		await trigger.publish();

		const [first, second] = api.log
			.filter(postHooks)
			.map((entry) => new URL((entry.body as { target_url: string }).target_url));
		expect(first.searchParams.get('secret')).toBe(second.searchParams.get('secret'));
		expect(first.searchParams.get('subscription')).not.toBe(
			second.searchParams.get('subscription'),
		);
		const [held] = trigger.nodeStaticData().subscriptions as Array<{ token: string }>;
		expect(held.token).toBe(second.searchParams.get('subscription'));
	});

	test('a subscription the API saved before answering 500 is removed once the retry succeeded', async () => {
		const trigger = restHookTrigger(oneHookSweeping(), HOOKS_HEADER_CREDENTIAL);
		api.inject({ match: postHooks, status: 500, body: { error: 'oops' }, afterSaving: true });

		await trigger.publish();

		expect(calls()).toEqual([
			'POST /hooks 500',
			'POST /hooks 201',
			'GET /hooks 200',
			'DELETE /hooks/101 204',
		]);
		expect([...api.subscriptions.keys()]).toEqual([102]);
	});

	test('a subscription per event is retried too, without any list endpoint', async () => {
		const trigger = restHookTrigger(hooksApiParameters(api), HOOKS_HEADER_CREDENTIAL);
		api.inject({ match: postHooks, status: 503, body: { error: 'try later' }, times: 1 });

		await trigger.publish();

		expect(api.log.filter(postHooks)).toHaveLength(3);
		expect(api.subscriptions.size).toBe(2);
	});

	test('a 401 on subscribe is not retried with backoff (n8n itself re-authenticates once)', async () => {
		const trigger = restHookTrigger(oneHookSweeping(), HOOKS_HEADER_CREDENTIAL);
		api.inject({ match: postHooks, status: 401, body: { error: 'Invalid API key' }, times: 5 });

		await expect(trigger.publish()).rejects.toThrow(
			new Error('REST hook API could not subscribe to the events (HTTP 401): Invalid API key'),
		);
		expect(api.log.filter(postHooks).length).toBeLessThanOrEqual(2);
	});

	test('a subscribe that keeps failing gives up after the retries, with the last error', async () => {
		const trigger = restHookTrigger(oneHookSweeping(), HOOKS_HEADER_CREDENTIAL);
		api.inject({ match: postHooks, status: 503, body: { error: 'down' }, times: 10 });

		await expect(trigger.publish()).rejects.toThrow(
			'REST hook API could not subscribe to the events (HTTP 503): down',
		);
		expect(api.log.filter(postHooks)).toHaveLength(1 + retryPolicy.delaysMs.length);
		expect(api.subscriptions.size).toBe(0);
	});
});
