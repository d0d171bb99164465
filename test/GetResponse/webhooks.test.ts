import { randomUUID } from 'crypto';

import { DELIVERY_KEYS_REMEMBERED, recentDeliveries } from '../../nodes/shared/dedupe';
import { GetResponseWebhooksTrigger } from '../../nodes/GetResponse/GetResponseWebhooksTrigger.node';
import { WEBHOOK_EVENTS } from '../../nodes/GetResponse/events';
import { WEBHOOK_SAMPLES } from '../../nodes/GetResponse/samples';
import { getResponseWebhooksTrigger, URL_SECRET } from '../harness/getresponse';
import { webhookRequest } from '../simulators/getresponse';

const OK = { status: 'OK' };
const OPENED = WEBHOOK_SAMPLES.contact_opened_message;
const ADDED = WEBHOOK_SAMPLES.contact_added;

/** A delivery as GetResponse sends it to the URL the user pasted, secret included. */
const delivery = (body: unknown, webhookId?: string) =>
	webhookRequest(body, { secret: URL_SECRET, webhookId });

describe('GetResponse webhooks: URL secret', () => {
	test('a delivery carrying the URL secret starts a run', async () => {
		const trigger = getResponseWebhooksTrigger();

		const outcome = await trigger.deliver(delivery(OPENED));

		expect(outcome.status).toBe(200);
		expect(outcome.items).toHaveLength(1);
	});

	test('a delivery without the URL secret is refused with 401 and starts no run', async () => {
		const trigger = getResponseWebhooksTrigger();

		const outcome = await trigger.deliver(webhookRequest(OPENED));

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a delivery with a wrong URL secret is refused with 401 and starts no run', async () => {
		const trigger = getResponseWebhooksTrigger();

		const outcome = await trigger.deliver(webhookRequest(OPENED, { secret: `${URL_SECRET}x` }));

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('the previous URL secret is still accepted while the user rotates it', async () => {
		const trigger = getResponseWebhooksTrigger({
			urlSecret: 'a-brand-new-secret-value',
			previousUrlSecret: URL_SECRET,
		});

		const outcome = await trigger.deliver(delivery(OPENED));

		expect(outcome.items).toHaveLength(1);
	});
});

describe('GetResponse webhooks: event filter', () => {
	const otherThan = (value: string) => WEBHOOK_EVENTS.find((event) => event.value !== value)!.value;

	for (const event of WEBHOOK_EVENTS) {
		for (const wire of [event.value, event.name, ...(event.wireForms ?? [])]) {
			test(`type "${wire}" starts a run when "${event.value}" is chosen`, async () => {
				const trigger = getResponseWebhooksTrigger({ events: [event.value] });

				const { items } = await trigger.deliver(delivery({ ...ADDED, type: wire }));

				expect(items).toEqual([expect.objectContaining({ event: event.value, type: wire })]);
			});

			test(`type "${wire}" starts no run when only another event is chosen`, async () => {
				const trigger = getResponseWebhooksTrigger({ events: [otherThan(event.value)] });

				const outcome = await trigger.deliver(delivery({ ...ADDED, type: wire }));

				expect(outcome.items).toBeUndefined();
			});
		}
	}

	test('with "All Events" (the default) a type this package does not know still starts a run', async () => {
		const trigger = getResponseWebhooksTrigger();

		const { items } = await trigger.deliver(delivery({ ...ADDED, type: 'contact_tagged' }));

		expect(items).toEqual([expect.objectContaining({ event: 'contact_tagged' })]);
	});

	test('a batch mixing chosen and other events keeps only the chosen ones', async () => {
		const trigger = getResponseWebhooksTrigger({ events: ['contact_added'] });

		const { items } = await trigger.deliver(delivery([OPENED, ADDED, OPENED, ADDED]));

		expect(items?.map((item) => item.event)).toEqual(['contact_added', 'contact_added']);
	});
});

describe('GetResponse webhooks: malformed deliveries', () => {
	test('a body that is not JSON is answered 400 with a clear message and starts no run', async () => {
		const trigger = getResponseWebhooksTrigger();

		const outcome = await trigger.deliver(delivery('{"type": "contact_added", '));

		expect(outcome.status).toBe(400);
		expect(outcome.items).toBeUndefined();
		expect((outcome.body as { message: string }).message).toMatch(
			/^The request body is not valid JSON: /,
		);
	});

	test('an empty body is answered 400 with a clear message and starts no run', async () => {
		const trigger = getResponseWebhooksTrigger();

		const outcome = await trigger.deliver(delivery(''));

		expect(outcome.status).toBe(400);
		expect(outcome.items).toBeUndefined();
		expect(outcome.body).toEqual({ message: 'The request body is empty; expected JSON.' });
	});

	test('a batch holding something other than an object is answered 400 and starts no run', async () => {
		const trigger = getResponseWebhooksTrigger();

		const outcome = await trigger.deliver(delivery([ADDED, 'contact_added']));

		expect(outcome.status).toBe(400);
		expect(outcome.items).toBeUndefined();
		expect(outcome.body).toEqual({ message: 'Expected each event to be a JSON object.' });
	});

	test('a malformed delivery is refused before its X-Webhook-ID is remembered', async () => {
		const trigger = getResponseWebhooksTrigger();
		const id = randomUUID();

		await trigger.deliver(delivery('not json', id));
		const retry = await trigger.deliver(delivery(ADDED, id));

		expect(retry.items).toHaveLength(1);
	});
});

describe('GetResponse webhooks: batches', () => {
	test('a batch of 1,000 events becomes 1,000 items in one run', async () => {
		const trigger = getResponseWebhooksTrigger();
		const batch = Array.from({ length: 1000 }, (_, index) => ({
			...ADDED,
			contact: { ...(ADDED.contact as object), contactId: `c${index}` },
		}));

		const outcome = await trigger.deliver(delivery(batch));

		expect(outcome.status).toBe(200);
		expect(outcome.body).toEqual(OK);
		expect(outcome.items).toHaveLength(1000);
		expect(outcome.items?.[999]).toMatchObject({
			event: 'contact_added',
			contact: { contactId: 'c999' },
		});
	});

	test('a batch takes one place in the delivery-id memory, not one per event', async () => {
		const trigger = getResponseWebhooksTrigger();
		const before = recentDeliveries.size;

		await trigger.deliver(delivery(Array.from({ length: 1000 }, () => ADDED)));

		expect(recentDeliveries.size).toBe(Math.min(before + 1, DELIVERY_KEYS_REMEMBERED));
	});
});

describe('GetResponse webhooks: retries', () => {
	test('the same X-Webhook-ID twice starts one run; the retry gets 200 {"status":"OK"} and no items', async () => {
		const trigger = getResponseWebhooksTrigger();
		const id = randomUUID();

		const first = await trigger.deliver(delivery(OPENED, id));
		const retry = await trigger.deliver(delivery(OPENED, id));

		expect(first.items).toHaveLength(1);
		expect(retry.status).toBe(200);
		expect(retry.body).toEqual(OK);
		expect(retry.items).toBeUndefined();
	});

	test('a retried batch starts no second run', async () => {
		const trigger = getResponseWebhooksTrigger();
		const id = randomUUID();

		const first = await trigger.deliver(delivery([OPENED, ADDED], id));
		const retry = await trigger.deliver(delivery([OPENED, ADDED], id));

		expect(first.items).toHaveLength(2);
		expect(retry.items).toBeUndefined();
	});

	test('two deliveries with different X-Webhook-IDs both start a run', async () => {
		const trigger = getResponseWebhooksTrigger();

		const first = await trigger.deliver(delivery(OPENED));
		const second = await trigger.deliver(delivery(OPENED));

		expect(first.items).toHaveLength(1);
		expect(second.items).toHaveLength(1);
	});

	test('without X-Webhook-ID, the same delivery sent again is known by its events: one run', async () => {
		const trigger = getResponseWebhooksTrigger();
		const bare = () => ({ ...delivery([OPENED, ADDED]), headers: {} });

		const first = await trigger.deliver(bare());
		const retry = await trigger.deliver(bare());

		expect([first.items?.length, retry.items]).toEqual([2, undefined]);
	});

	test('without X-Webhook-ID, two events that differ only by when they occurred start two runs', async () => {
		const trigger = getResponseWebhooksTrigger();
		const at = (occurredAt: string) => ({
			...delivery({ ...OPENED, event: { occurredAt } }),
			headers: {},
		});

		const first = await trigger.deliver(at('2026-11-23T10:00:00+00:00'));
		const second = await trigger.deliver(at('2026-11-23T10:00:01+00:00'));

		expect([first.items?.length, second.items?.length]).toEqual([1, 1]);
	});
});

describe('GetResponse webhooks: the answer', () => {
	test('an accepted delivery is answered 200 {"status":"OK"}', async () => {
		const trigger = getResponseWebhooksTrigger();

		const outcome = await trigger.deliver(delivery(OPENED));

		expect(outcome.items).toHaveLength(1);
		expect(outcome.status).toBe(200);
		expect(outcome.body).toEqual(OK);
	});

	test('a filtered-out delivery is answered 200 {"status":"OK"}', async () => {
		const trigger = getResponseWebhooksTrigger({ events: ['contact_added'] });

		const outcome = await trigger.deliver(delivery(OPENED));

		expect(outcome.items).toBeUndefined();
		expect(outcome.status).toBe(200);
		expect(outcome.body).toEqual(OK);
	});

	test('a duplicate delivery is answered 200 {"status":"OK"}', async () => {
		const trigger = getResponseWebhooksTrigger();
		const id = randomUUID();
		await trigger.deliver(delivery(OPENED, id));

		const outcome = await trigger.deliver(delivery(OPENED, id));

		expect(outcome.items).toBeUndefined();
		expect(outcome.status).toBe(200);
		expect(outcome.body).toEqual(OK);
	});

	test("the webhook lets n8n answer with webhook()'s body rather than a responseData text", () => {
		const [webhook] = new GetResponseWebhooksTrigger().description.webhooks ?? [];

		expect(webhook).toMatchObject({ responseMode: 'onReceived', responseData: '' });
	});
});

describe('GetResponse webhooks: items', () => {
	test("the payload's own event object is kept as providerEvent and its occurredAt lifted to the top", async () => {
		const trigger = getResponseWebhooksTrigger();

		const { items } = await trigger.deliver(delivery(OPENED, 'wh-5f2e'));

		expect(items).toEqual([
			{
				event: 'contact_opened_message',
				receivedAt: expect.any(String),
				deliveryId: 'wh-5f2e',
				type: 'contact_opened_message',
				contact: OPENED.contact,
				message: OPENED.message,
				account: { accountId: 'def456' },
				providerEvent: { occurredAt: '2021-04-27T12:56:00+00:00' },
				occurredAt: '2021-04-27T12:56:00+00:00',
			},
		]);
	});

	test('every item of a batch carries the X-Webhook-ID, for deduplication across n8n processes', async () => {
		const trigger = getResponseWebhooksTrigger();

		const { items } = await trigger.deliver(delivery([OPENED, OPENED], 'wh-batch-1'));

		expect(items?.map((item) => item.deliveryId)).toEqual(['wh-batch-1', 'wh-batch-1']);
	});

	test("a payload's own deliveryId field is kept as providerDeliveryId", async () => {
		const trigger = getResponseWebhooksTrigger();

		const { items } = await trigger.deliver(delivery({ ...OPENED, deliveryId: 'theirs' }, 'ours'));

		expect(items?.[0]).toMatchObject({ deliveryId: 'ours', providerDeliveryId: 'theirs' });
	});
});
