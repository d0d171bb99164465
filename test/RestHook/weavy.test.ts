import { N8nGateway } from '../harness/n8n-gateway';
import { restHookTrigger, weavyParameters, weavyToken } from '../harness/resthook';
import { listenForTestEvent } from '../harness/test-event';
import { unpublishedState, type TriggerHarness } from '../harness/trigger';
import { WeavySimulator, WEAVY_SAMPLES, WEAVY_USER } from '../simulators/weavy';

/*
 * The core is generic only if weavy, the reference provider, can be re-expressed as a plain
 * REST Hook Trigger configuration (test/harness/resthook.ts weavyParameters) against the same
 * simulator, with no weavy code involved.
 */
const EVENTS = 'NewCustomer, NewDeal, NewOpportunity';
const WEBHOOK_PATH = '/webhook/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/webhook';

describe('weavy as a REST Hook Trigger configuration', () => {
	let weavy: WeavySimulator;
	let trigger: TriggerHarness;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
		trigger = restHookTrigger(weavyParameters(weavy, EVENTS), {
			apiAuthentication: 'bearer',
			token: await weavyToken(weavy),
		});
	});

	afterEach(async () => {
		await weavy.stop();
	});

	test('publishing makes one weavy subscription per event, each URL carrying its event and the secret', async () => {
		await trigger.publish();

		const subscriptions = [...weavy.subscriptions.values()];
		expect(subscriptions.map((s) => s.event).sort()).toEqual([
			'NewCustomer',
			'NewDeal',
			'NewOpportunity',
		]);
		const secret = trigger.nodeStaticData().secret as string;
		for (const subscription of subscriptions) {
			const url = new URL(subscription.hookUrl);
			expect(url.pathname).toBe(WEBHOOK_PATH);
			expect(url.searchParams.get('event')).toBe(subscription.event);
			expect(url.searchParams.get('secret')).toBe(secret);
		}
	});

	test('the subscription codes weavy returned are what the trigger remembers', async () => {
		await trigger.publish();

		const remembered = (trigger.nodeStaticData().subscriptions as Array<{ id: string }>)
			.map((subscription) => subscription.id)
			.sort();
		expect(remembered).toEqual([...weavy.subscriptions.keys()].sort());
	});

	test('a weavy delivery reaches the workflow as one item with the event and the record unwrapped', async () => {
		const gateway = await new N8nGateway(trigger).start();
		try {
			await trigger.publish();

			const [answer] = await weavy.deliver('NewDeal', { codedeal: 'D1', label: 'Oven' });

			expect(answer.status).toBe(200);
			expect(gateway.deliveries.map((delivery) => delivery.outcome.items)).toEqual([
				[
					{
						event: 'NewDeal',
						receivedAt: expect.any(String),
						deliveryId: expect.any(String),
						codedeal: 'D1',
						label: 'Oven',
					},
				],
			]);
		} finally {
			await gateway.stop();
		}
	});

	test('a delivery without the URL secret is refused with 401 and starts no run', async () => {
		await trigger.publish();

		const outcome = await trigger.deliver({
			query: { event: 'NewDeal' },
			body: { result: { codedeal: 'D1' } },
		});

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('checkExists is true while the same URL and events are subscribed', async () => {
		await trigger.publish();

		await expect(trigger.checkExists()).resolves.toBe(true);
	});

	test('unpublishing removes every weavy subscription and keeps only the retired secret and the removed subscriptions (for the grace period)', async () => {
		await trigger.publish();
		const secret = trigger.nodeStaticData().secret;

		await trigger.delete();

		expect(weavy.subscriptions.size).toBe(0);
		expect(weavy.calls('EPT_WebhookUnsubscribe')).toBe(3);
		expect(trigger.nodeStaticData()).toEqual(unpublishedState(3, secret));
	});

	test('unpublishing after weavy forgot the subscriptions (404) succeeds', async () => {
		await trigger.publish();
		weavy.subscriptions.clear();

		await expect(trigger.delete()).resolves.toBe(true);
	});

	test('listening for a test event shows weavy PerformList samples as items', async () => {
		const { outcome } = await listenForTestEvent(trigger);

		const customer = (WEAVY_SAMPLES.NewCustomer as { result: object }).result;
		const deals = (WEAVY_SAMPLES.NewOpportunity as { result: object[] }).result;
		expect(outcome.items).toEqual([
			{
				event: 'NewCustomer',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				...customer,
			},
			...deals.map((deal) => ({
				event: 'NewOpportunity',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				...deal,
			})),
		]);
		expect(weavy.calls('EPT_WebhookPerformList')).toBe(3);
		expect(weavy.subscriptions.size).toBe(0);
	});

	test('a weavy subscribe failure names the event and leaves nothing subscribed', async () => {
		weavy.inject({
			match: (request) =>
				request.query.c === 'EPT_WebhookSubscribe' &&
				(request.body as { event?: string }).event === 'NewOpportunity',
			status: 400,
			body: { message: 'Event NewOpportunity is not enabled for this project' },
		});

		await expect(trigger.publish()).rejects.toThrow(
			'REST hook API could not subscribe to event "NewOpportunity" (HTTP 400): Event NewOpportunity is not enabled for this project',
		);
		expect(weavy.subscriptions.size).toBe(0);
	});

	describe("with weavy's login as the credential, no token pasted", () => {
		const loginCredential = (password = WEAVY_USER.password) => ({
			apiAuthentication: 'login',
			loginUrl: `${weavy.url}/v1/Authenticate`,
			loginUser: WEAVY_USER.username,
			loginPassword: password,
			loginBody: `{"username": "{{user}}", "password": "{{password}}", "projectCode": "${WEAVY_USER.projectCode}", "scope": "API"}`,
			loginResultPath: 'authToken',
			loginHeaderName: 'Authorization',
			loginHeaderPrefix: 'Bearer ',
			sessionToken: '',
		});

		test('publishing logs in, then subscribes with the token it got', async () => {
			const trigger = restHookTrigger(weavyParameters(weavy, EVENTS), loginCredential());

			await trigger.publish();

			expect(weavy.subscriptions.size).toBe(3);
			// The three concurrent subscribes each found no token yet, as in n8n.
			expect(trigger.credentialsHelper.preAuthentications).toBeGreaterThan(0);
		});

		test('a token weavy expired is renewed by a new login, and unpublishing removes everything', async () => {
			const trigger = restHookTrigger(weavyParameters(weavy, EVENTS), loginCredential());
			await trigger.publish();
			const loginsBefore = trigger.credentialsHelper.preAuthentications;
			weavy.expireTokens();

			await trigger.delete();

			expect(weavy.subscriptions.size).toBe(0);
			expect(trigger.credentialsHelper.preAuthentications).toBeGreaterThan(loginsBefore);
		});

		test('a wrong password fails the publish, saying what to check', async () => {
			const trigger = restHookTrigger(weavyParameters(weavy, EVENTS), loginCredential('wrong'));

			await expect(trigger.publish()).rejects.toThrow(
				'Check the login URL, body, user and password in the REST Hook API credential',
			);
			expect(weavy.subscriptions.size).toBe(0);
		});
	});
});
