import { weavyTrigger } from '../harness/weavy';
import { listenForTestEvent } from '../harness/test-event';
import { queryOf, type TriggerHarness } from '../harness/trigger';
import { WeavySimulator, WEAVY_SAMPLES } from '../simulators/weavy';

const CUSTOMER = { codecustomer: 'CUS1', name: 'Boulangerie Martin', city: 'Lille' };

describe('Divalto weavy trigger deliveries', () => {
	let weavy: WeavySimulator;
	let trigger: TriggerHarness;
	let secret: string;

	/**
	 * The query weavy sends back: the query string of the hook URL it holds for `event` (or, for
	 * an event without a subscription, of another one, with that event in it).
	 */
	const hookQuery = (event = 'NewCustomer') => {
		const held = [...weavy.subscriptions.values()];
		const subscription = held.find((candidate) => candidate.event === event) ?? held[0];
		return { ...queryOf(subscription.hookUrl), event };
	};

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
		trigger = weavyTrigger(weavy, { events: ['NewCustomer', 'NewDeal'] });
		await trigger.publish();
		secret = trigger.nodeStaticData().secret as string;
	});

	afterEach(async () => {
		await weavy.stop();
	});

	test('a delivery with the URL secret becomes one item with its event and the record unwrapped', async () => {
		const { status, items } = await trigger.deliver({
			query: hookQuery(),
			body: { result: CUSTOMER },
		});

		expect(status).toBe(200);
		expect(items).toEqual([
			{
				event: 'NewCustomer',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				...CUSTOMER,
			},
		]);
	});

	test('the hook URL weavy received carries the secret webhook() accepts', async () => {
		const [subscription] = [...weavy.subscriptions.values()].filter((s) => s.event === 'NewDeal');
		const query = Object.fromEntries(new URL(subscription.hookUrl).searchParams);

		const { items } = await trigger.deliver({ query, body: { result: { codedeal: 'D1' } } });

		expect(items).toEqual([
			{
				event: 'NewDeal',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				codedeal: 'D1',
			},
		]);
	});

	test('a delivery without the secret is refused with 401 and starts no run', async () => {
		const outcome = await trigger.deliver({
			query: { event: 'NewCustomer' },
			body: { result: CUSTOMER },
		});

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
		expect(outcome.result).toEqual({ noWebhookResponse: true });
	});

	test('a delivery with a wrong secret of the same length is refused with 401', async () => {
		const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');

		const outcome = await trigger.deliver({ query: { secret: wrong }, body: { result: CUSTOMER } });

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a delivery with a secret of another length is refused with 401', async () => {
		const outcome = await trigger.deliver({
			query: { secret: `${secret}x` },
			body: { result: CUSTOMER },
		});

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('the 401 answer does not contain the secret', async () => {
		const outcome = await trigger.deliver({
			query: { secret: 'guess' },
			body: { result: CUSTOMER },
		});

		expect(JSON.stringify(outcome.body)).not.toContain(secret);
		expect(outcome.body).toEqual({ message: 'This delivery could not be authenticated.' });
	});

	test('a delivery for an event the trigger does not listen to is acknowledged without a run', async () => {
		const outcome = await trigger.deliver({
			query: hookQuery('NewProspect'),
			body: { result: {} },
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items).toBeUndefined();
		expect(outcome.result.webhookResponse).toEqual({
			message: 'No selected event in this delivery; no run.',
		});
	});

	test('with "Keep Result Envelope" the item keeps weavy\'s result field', async () => {
		trigger.setParameters({ events: ['NewCustomer', 'NewDeal'], options: { keepEnvelope: true } });

		const { items } = await trigger.deliver({ query: hookQuery(), body: { result: CUSTOMER } });

		expect(items).toEqual([
			{
				event: 'NewCustomer',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				result: CUSTOMER,
			},
		]);
	});

	test('malformed JSON is answered 400 with a clear message and starts no run', async () => {
		const outcome = await trigger.deliver({ query: hookQuery(), body: '{"result": {' });

		expect(outcome.status).toBe(400);
		expect(outcome.items).toBeUndefined();
		expect((outcome.body as { message: string }).message).toMatch(
			/^The request body is not valid JSON: /,
		);
	});

	test('an empty body is answered 400 and starts no run', async () => {
		const outcome = await trigger.deliver({ query: hookQuery(), body: '' });

		expect(outcome.status).toBe(400);
		expect(outcome.items).toBeUndefined();
	});

	test('a result holding an array becomes one item per record', async () => {
		const { items } = await trigger.deliver({
			query: hookQuery('NewDeal'),
			body: { result: [{ codedeal: 'D1' }, { codedeal: 'D2' }] },
		});

		expect(items?.map((item) => item.codedeal)).toEqual(['D1', 'D2']);
	});
});

describe('Divalto weavy trigger samples in the editor', () => {
	let weavy: WeavySimulator;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
	});

	afterEach(async () => {
		await weavy.stop();
	});

	test('listening for a test event shows the PerformList samples of each chosen event', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer', 'NewOpportunity'] });

		const { posted, outcome } = await listenForTestEvent(trigger);

		expect(posted.path).toBe('/webhook-test/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/webhook');
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
	});

	test('listening for a test event subscribes with the test URL and leaves no subscription after', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });

		await listenForTestEvent(trigger);

		const subscribed = weavy.log.find((entry) => entry.query.c === 'EPT_WebhookSubscribe');
		expect((subscribed?.body as { hookUrl: string }).hookUrl).toContain('/webhook-test/');
		expect(weavy.subscriptions.size).toBe(0);
	});

	test('with samples switched off nothing is posted to the test URL', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'], options: { samples: false } });

		await expect(listenForTestEvent(trigger, { timeoutMs: 300 })).rejects.toThrow(
			'the trigger posted no sample to its test URL',
		);
		expect(weavy.calls('EPT_WebhookPerformList')).toBe(0);
	});

	test('a sample post is refused in production mode even with a valid token', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		const { posted } = await listenForTestEvent(trigger);

		const outcome = await trigger.deliver({
			headers: posted.headers as Record<string, string>,
			body: posted.body,
		});

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a sample post with a forged token is refused in test mode', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		const { posted } = await listenForTestEvent(trigger);
		const forged = String(posted.headers['x-resthooks-sample']).replace(/v1=(.)/, (_all, first) =>
			first === '0' ? 'v1=1' : 'v1=0',
		);

		const outcome = await trigger.deliver(
			{ headers: { 'x-resthooks-sample': forged }, body: posted.body },
			'manual',
		);

		expect(outcome.status).toBe(401);
	});

	test('a sample token made with other credentials is refused', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		const { posted } = await listenForTestEvent(trigger);
		trigger.credentialsHelper.set('divaltoWeavyApi', {
			...trigger.credentialsHelper.stored.get('divaltoWeavyApi'),
			password: 'another password',
		});

		const outcome = await trigger.deliver(
			{ headers: posted.headers as Record<string, string>, body: posted.body },
			'manual',
		);

		expect(outcome.status).toBe(401);
	});
});
