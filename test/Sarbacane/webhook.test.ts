import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { N8nGateway } from '../harness/n8n-gateway';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { queryOf, type TriggerHarness } from '../harness/trigger';
import { SarbacaneSimulator } from '../simulators/sarbacane';

const OPEN = SARBACANE_SAMPLES.OPEN;

/** The query Sarbacane sends back: that of the URL of the (newest) webhook it holds. */
function hookQuery(sarbacane: SarbacaneSimulator): { secret: string } {
	const newest = [...sarbacane.webhooks.values()].at(-1);
	if (!newest) throw new Error('Sarbacane holds no webhook');
	return queryOf(newest.url) as { secret: string };
}

describe('Sarbacane trigger deliveries', () => {
	let sarbacane: SarbacaneSimulator;
	let n8n: N8nGateway;
	let trigger: TriggerHarness;
	let secret: string;

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
		trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: ['OPEN', 'HIT', 'SUCCESSFUL'] });
		n8n = await new N8nGateway(trigger).start();
		await trigger.publish();
		secret = hookQuery(sarbacane).secret;
	});

	afterEach(async () => {
		await n8n.stop();
		await sarbacane.stop();
	});

	test('an event Sarbacane posts to the registered URL starts a run with one item', async () => {
		const answers = await sarbacane.deliver('open', OPEN);

		expect(answers.map((answer) => answer.status)).toEqual([200]);
		expect(n8n.deliveries).toHaveLength(1);
		expect(n8n.deliveries[0].mode).toBe('webhook');
		expect(n8n.deliveries[0].outcome.items).toEqual([
			{
				...OPEN,
				event: 'OPEN',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				dateIso: '2016-08-11T12:25:18.889Z',
			},
		]);
	});

	test('the item keeps whId and the raw date as sent, and adds the ISO date', async () => {
		const { items } = await trigger.deliver({
			query: hookQuery(sarbacane),
			body: { ...OPEN, whId: 'CRM-000042', date: '2016-08-11 T 12:25:18.889Z' },
		});

		expect(items).toHaveLength(1);
		expect(items?.[0]).toMatchObject({
			whId: 'CRM-000042',
			date: '2016-08-11 T 12:25:18.889Z',
			dateIso: '2016-08-11T12:25:18.889Z',
			type: 'open',
		});
	});

	test('an unparseable date gives a null ISO date and the delivery still starts a run', async () => {
		const { status, items } = await trigger.deliver({
			query: hookQuery(sarbacane),
			body: { ...OPEN, date: 'le 11 août' },
		});

		expect(status).toBe(200);
		expect(items?.[0]).toMatchObject({ date: 'le 11 août', dateIso: null });
	});

	test('a delivery without the URL secret is refused with 401 and starts no run', async () => {
		const outcome = await trigger.deliver({ body: OPEN });

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
		expect(outcome.result).toEqual({ noWebhookResponse: true });
	});

	test('a delivery with a wrong secret of the same length is refused with 401', async () => {
		const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');

		const outcome = await trigger.deliver({ query: { secret: wrong }, body: OPEN });

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a delivery with a secret of another length is refused with 401', async () => {
		const outcome = await trigger.deliver({ query: { secret: `${secret}x` }, body: OPEN });

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a filtered-out authenticated delivery is answered 200 without a run, so Sarbacane does not retry', async () => {
		const outcome = await trigger.deliver({
			query: hookQuery(sarbacane),
			body: SARBACANE_SAMPLES.HARD_BOUNCE,
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items).toBeUndefined();
		expect(outcome.result.workflowData).toBeUndefined();
		expect(outcome.body).toEqual({ message: 'No selected event in this delivery; no run.' });
	});

	test('a filtered-out delivery sent over HTTP gets a 2xx answer', async () => {
		const [webhook] = sarbacane.webhooks.values();
		const response = await fetch(webhook.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...OPEN, type: 'soft_bounce' }),
		});

		expect(response.status).toBe(200);
		expect(n8n.deliveries[0].outcome.items).toBeUndefined();
	});

	test('a body that is not JSON is refused with 400 and a clear message, and starts no run', async () => {
		const outcome = await trigger.deliver({
			query: hookQuery(sarbacane),
			body: '{"email": "user@email.com",',
		});

		expect(outcome.status).toBe(400);
		expect(outcome.body).toEqual({
			message: expect.stringMatching(/^The request body is not valid JSON: /),
		});
		expect(outcome.items).toBeUndefined();
	});

	test('an empty body is refused with 400 and starts no run', async () => {
		const outcome = await trigger.deliver({ query: hookQuery(sarbacane), body: '' });

		expect(outcome.status).toBe(400);
		expect(outcome.body).toEqual({ message: 'The request body is empty; expected JSON.' });
		expect(outcome.items).toBeUndefined();
	});

	test('a JSON body that is not an object is refused with 400 and starts no run', async () => {
		const outcome = await trigger.deliver({ query: hookQuery(sarbacane), body: '"open"' });

		expect(outcome.status).toBe(400);
		expect(outcome.body).toEqual({ message: 'Expected each event to be a JSON object.' });
		expect(outcome.items).toBeUndefined();
	});

	test('an array of events becomes one item per selected event', async () => {
		const { items } = await trigger.deliver({
			query: hookQuery(sarbacane),
			body: [OPEN, SARBACANE_SAMPLES.HIT, SARBACANE_SAMPLES.HARD_BOUNCE],
		});

		expect(items?.map((item) => item.event)).toEqual(['OPEN', 'HIT']);
	});

	test('when a payload has both kind and type, kind names the event by default', async () => {
		const { items } = await trigger.deliver({
			query: hookQuery(sarbacane),
			body: { kind: 'HIT', type: 'EMAIL', email: 'user@email.com' },
		});

		expect(items?.map((item) => item.event)).toEqual(['HIT']);
	});

	test('the Event Fields option changes which payload field names the event', async () => {
		trigger.setParameters({
			source: 'api',
			events: ['OPEN'],
			options: { eventFields: 'eventType' },
		});

		const { items } = await trigger.deliver({
			query: hookQuery(sarbacane),
			body: { eventType: 'open', type: 'click', email: 'user@email.com' },
		});

		expect(items?.map((item) => item.event)).toEqual(['OPEN']);
	});
});

describe('Sarbacane event filter on every wire form', () => {
	let sarbacane: SarbacaneSimulator;

	beforeAll(async () => {
		sarbacane = await new SarbacaneSimulator().start();
	});

	afterAll(async () => {
		await sarbacane.stop();
	});

	const cases: Array<{ label: string; naming: Record<string, string>; expected: string }> = [
		{ label: 'legacy type "delivered"', naming: { type: 'delivered' }, expected: 'SUCCESSFUL' },
		{ label: 'legacy type "open"', naming: { type: 'open' }, expected: 'OPEN' },
		{ label: 'legacy type "click"', naming: { type: 'click' }, expected: 'HIT' },
		{
			label: 'legacy type "soft_bounce"',
			naming: { type: 'soft_bounce' },
			expected: 'SOFT_BOUNCE',
		},
		{
			label: 'legacy type "hard_bounce"',
			naming: { type: 'hard_bounce' },
			expected: 'HARD_BOUNCE',
		},
		{ label: 'kind "SUCCESSFUL"', naming: { kind: 'SUCCESSFUL' }, expected: 'SUCCESSFUL' },
		{ label: 'kind "OPEN"', naming: { kind: 'OPEN' }, expected: 'OPEN' },
		{ label: 'kind "HIT"', naming: { kind: 'HIT' }, expected: 'HIT' },
		{ label: 'kind "SOFT_BOUNCE"', naming: { kind: 'SOFT_BOUNCE' }, expected: 'SOFT_BOUNCE' },
		{ label: 'kind "HARD_BOUNCE"', naming: { kind: 'HARD_BOUNCE' }, expected: 'HARD_BOUNCE' },
		{ label: 'kind "FORM_SUBMIT"', naming: { kind: 'FORM_SUBMIT' }, expected: 'FORM_SUBMIT' },
		{ label: 'kind "CAPTCHA"', naming: { kind: 'CAPTCHA' }, expected: 'CAPTCHA' },
		{ label: 'kind "COMPLAINT"', naming: { kind: 'COMPLAINT' }, expected: 'COMPLAINT' },
		{ label: 'kind "UNSUBSCRIBE"', naming: { kind: 'UNSUBSCRIBE' }, expected: 'UNSUBSCRIBE' },
		{ label: 'a kind sent in the type field, "OPEN"', naming: { type: 'OPEN' }, expected: 'OPEN' },
	];

	test.each(cases)(
		'a delivery with $label passes a filter on $expected and is named $expected',
		async ({ naming, expected }) => {
			const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: [expected] });
			await trigger.publish();

			const { items } = await trigger.deliver({
				query: hookQuery(sarbacane),
				body: { email: 'user@email.com', ...naming },
			});

			expect(items?.map((item) => item.event)).toEqual([expected]);
		},
	);

	test.each(cases)(
		'a delivery with $label is dropped by a filter on another event',
		async ({ naming, expected: event }) => {
			const other = event === 'OPEN' ? 'HIT' : 'OPEN';
			const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: [other] });
			await trigger.publish();

			const outcome = await trigger.deliver({
				query: hookQuery(sarbacane),
				body: { email: 'user@email.com', ...naming },
			});

			expect(outcome.status).toBe(200);
			expect(outcome.items).toBeUndefined();
		},
	);

	test('with All Events, an event this package does not know passes under its own name', async () => {
		const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: ['*'] });
		await trigger.publish();

		const { items } = await trigger.deliver({
			query: hookQuery(sarbacane),
			body: { kind: 'SMS_REPLY' },
		});

		expect(items?.map((item) => item.event)).toEqual(['SMS_REPLY']);
	});
});
