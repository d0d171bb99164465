import { CALLBACK_EVENTS, WEBHOOK_EVENTS } from '../../nodes/GetResponse/events';
import { CALLBACK_SAMPLES, WEBHOOK_SAMPLES } from '../../nodes/GetResponse/samples';
import { SAMPLE_HEADER } from '../../nodes/shared/samples';
import { getResponseCallbacksTrigger, getResponseWebhooksTrigger } from '../harness/getresponse';
import { listenForTestEvent } from '../harness/test-event';
import { GetResponseSimulator } from '../simulators/getresponse';

describe('GetResponse samples in the editor', () => {
	test("listening for a test event with Source = Webhooks emits the chosen events' samples as items", async () => {
		const trigger = getResponseWebhooksTrigger({
			events: ['contact_opened_message', 'contact_removed_link'],
		});

		const { posted, outcome } = await listenForTestEvent(trigger);

		expect(posted.headers[SAMPLE_HEADER]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([
			expect.objectContaining({
				event: 'contact_opened_message',
				type: 'contact_opened_message',
				providerEvent: WEBHOOK_SAMPLES.contact_opened_message.event,
				occurredAt: '2021-04-27T12:56:00+00:00',
			}),
			expect.objectContaining({ event: 'contact_removed_link', type: 'contact_removed_link' }),
		]);
	});

	test('with "All Events" every webhook event has a sample', async () => {
		const trigger = getResponseWebhooksTrigger();

		const { outcome } = await listenForTestEvent(trigger);

		expect(outcome.items?.map((item) => item.event)).toEqual(
			WEBHOOK_EVENTS.map((event) => event.value),
		);
	});

	test('the Webhooks samples need no credential and call no API', async () => {
		const trigger = getResponseWebhooksTrigger({ events: ['contact_added'] });
		trigger.credentialsHelper.stored.clear();

		const { outcome } = await listenForTestEvent(trigger);

		expect(outcome.items).toEqual([expect.objectContaining({ event: 'contact_added' })]);
	});

	test('with "Show Samples When Testing" off nothing is posted', async () => {
		const trigger = getResponseWebhooksTrigger({ options: { samples: false } });

		await expect(listenForTestEvent(trigger, { timeoutMs: 300 })).rejects.toThrow(
			/posted no sample/,
		);
	});

	test("a sample post is refused outside the editor's test mode", async () => {
		const trigger = getResponseWebhooksTrigger({ events: ['contact_added'] });
		const { posted } = await listenForTestEvent(trigger);

		const outcome = await trigger.deliver({
			headers: posted.headers as Record<string, string>,
			body: posted.body,
		});

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	describe('with Source = Callbacks', () => {
		let getResponse: GetResponseSimulator;

		beforeEach(async () => {
			getResponse = await new GetResponseSimulator().start();
		});

		afterEach(async () => {
			await getResponse.stop();
		});

		test("listening for a test event emits the chosen actions' query samples as items", async () => {
			const trigger = getResponseCallbacksTrigger(getResponse, { events: ['open', 'subscribe'] });

			const { outcome } = await listenForTestEvent(trigger);

			expect(outcome.items).toEqual([
				{
					event: 'open',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					...CALLBACK_SAMPLES.open,
				},
				{
					event: 'subscribe',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					...CALLBACK_SAMPLES.subscribe,
				},
			]);
		});

		test('the test callback is registered while listening and turned off afterwards', async () => {
			const trigger = getResponseCallbacksTrigger(getResponse, { events: ['*'] });

			await listenForTestEvent(trigger);

			expect(getResponse.calls('POST')).toBe(1);
			const posted = getResponse.log.find((entry) => entry.method === 'POST')!;
			expect((posted.body as { url: string }).url).toContain('/webhook-test/');
			expect(getResponse.callback).toBeUndefined();
		});

		test('every callback action has a sample', () => {
			expect(Object.keys(CALLBACK_SAMPLES)).toEqual(CALLBACK_EVENTS.map((event) => event.value));
		});
	});
});
