import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { standardWebhooksHeaders } from '../harness/signing';
import { HOOKS_HEADER_CREDENTIAL, hooksApiParameters, restHookTrigger } from '../harness/resthook';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { fastRetries, queryOf } from '../harness/trigger';
import { publishWithLostAnswer, weavyTrigger } from '../harness/weavy';
import { RestHookApiSimulator } from '../simulators/resthook';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';

/*
 * A subscription the trigger held and removed with the provider's confirmation — replaced when a
 * changed trigger is published again, or removed by unpublishing — is no longer live: every
 * delivery still arriving through it is of an event that happened while it was, and of no other
 * subscription. It runs (authenticated by that subscription's secret and token, filtered by the
 * current selection, deduplicated) for the grace period, then gets 410. Whatever could double a
 * run keeps 410: a subscription never held (lost answer), one whose removal failed.
 */
const RECORD = { codecustomer: 'CUS1', name: 'Martin' };
const GONE_STATUS = 410;
const MINUTE = 60_000;

/** Moves the clock `ms` ahead of now for everything the trigger reads from here on. */
function later(ms: number): void {
	const now = Date.now() + ms;
	jest.spyOn(Date, 'now').mockReturnValue(now);
}

fastRetries();
afterEach(() => {
	jest.restoreAllMocks();
});

describe('deliveries through a replaced weavy subscription (URL secret)', () => {
	let weavy: WeavySimulator;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
	});

	afterEach(async () => {
		await weavy.stop();
	});

	const urlOf = (event: string) => weavy.hookUrlOf(event);

	test('a delivery on its way through a subscription replaced by a republish runs once', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const old = urlOf('NewCustomer');

		await trigger.republish({ events: ['NewCustomer', 'NewDeal'] });
		const outcome = await trigger.deliver({ query: queryOf(old), body: { result: RECORD } });

		expect(urlOf('NewCustomer')).not.toBe(old);
		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([
			{
				event: 'NewCustomer',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				...RECORD,
			},
		]);
	});

	test('a replaced subscription still runs just before the grace period ends', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const old = urlOf('NewCustomer');
		await trigger.republish({ events: ['NewCustomer', 'NewDeal'] });

		later(10 * MINUTE - 1_000);
		const outcome = await trigger.deliver({ query: queryOf(old), body: { result: RECORD } });

		expect(outcome.items).toHaveLength(1);
	});

	test('a replaced subscription gets 410 once the grace period set in Options has passed', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const old = urlOf('NewCustomer');
		await trigger.republish({ events: ['NewCustomer'], options: { replacedGraceMinutes: 2 } });

		later(2 * MINUTE + 1_000);
		const outcome = await trigger.deliver({ query: queryOf(old), body: { result: RECORD } });

		expect(outcome).toMatchObject({ status: GONE_STATUS, items: undefined });
	});

	test('a grace period of 0 renews at once: the replaced URL gets 410 right after publishing', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const leaked = urlOf('NewCustomer');

		await trigger.republish({ events: ['NewCustomer'], options: { replacedGraceMinutes: 0 } });
		later(1);
		const outcome = await trigger.deliver({ query: queryOf(leaked), body: { result: RECORD } });

		expect(outcome).toMatchObject({ status: GONE_STATUS, items: undefined });
	});

	test('a delivery of an event no longer selected is answered 200 and starts no run', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const old = urlOf('NewCustomer');

		await trigger.republish({ events: ['NewDeal'] });
		const outcome = await trigger.deliver({ query: queryOf(old), body: { result: RECORD } });

		expect(outcome).toMatchObject({ status: 200, items: undefined });
	});

	test('a delivery through a subscription removed by unpublishing runs when it arrives after publishing again', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const old = urlOf('NewCustomer');
		await trigger.delete();
		await trigger.publish();

		const outcome = await trigger.deliver({ query: queryOf(old), body: { result: RECORD } });

		expect(outcome.items).toHaveLength(1);
	});

	test("a replaced subscription's secret with a token of no subscription gets 410", async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const old = queryOf(urlOf('NewCustomer'));
		await trigger.republish({ events: ['NewCustomer', 'NewDeal'] });

		const outcome = await trigger.deliver({
			query: { ...old, subscription: 'AAAAAAAAAAAAAAAA' },
			body: { result: RECORD },
		});

		expect(outcome).toMatchObject({ status: GONE_STATUS, items: undefined });
	});

	test("a replaced subscription's token with a guessed secret gets 401", async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const old = queryOf(urlOf('NewCustomer'));
		await trigger.republish({ events: ['NewCustomer', 'NewDeal'] });

		const outcome = await trigger.deliver({
			query: { ...old, secret: 'x'.repeat(32) },
			body: { result: RECORD },
		});

		expect(outcome).toMatchObject({ status: 401, items: undefined });
	});

	test('a subscription whose removal failed keeps getting 410 after a later removal succeeded: it was live beside the new one', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const old = urlOf('NewCustomer');
		weavy.inject({
			match: (request) => request.query.c === 'EPT_WebhookUnsubscribe',
			status: 400,
			body: { message: 'Service temporarily refusing' },
		});

		await expect(trigger.republish({ events: ['NewCustomer'] })).rejects.toThrow();
		// n8n activates the new version all the same: create() removes the leftover first.
		await trigger.publish('update');
		const outcome = await trigger.deliver({ query: queryOf(old), body: { result: RECORD } });

		expect(weavy.subscriptions.size).toBe(1);
		expect(outcome).toMatchObject({ status: GONE_STATUS, items: undefined });
	});

	test('a subscription whose subscribe answer was lost never runs, even after a republish', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		const lost = await publishWithLostAnswer(trigger, weavy);

		await trigger.republish({ events: ['NewCustomer', 'NewDeal'] });
		const outcome = await trigger.deliver({ query: queryOf(lost), body: { result: RECORD } });

		expect(outcome).toMatchObject({ status: GONE_STATUS, items: undefined });
	});

	test('at most 100 replaced subscriptions are remembered, the newest', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer', 'NewDeal', 'NewProspect'] });
		await trigger.publish();
		for (let republish = 0; republish < 40; republish++) {
			await trigger.republish({ events: ['NewCustomer', 'NewDeal', 'NewProspect'] });
		}
		const newest = urlOf('NewCustomer');
		await trigger.republish({ events: ['NewCustomer', 'NewDeal', 'NewProspect'] });

		expect(trigger.nodeStaticData().replaced).toHaveLength(100);
		const outcome = await trigger.deliver({ query: queryOf(newest), body: { result: RECORD } });
		expect(outcome.items).toHaveLength(1);
	});
});

describe('deliveries through a replaced Sarbacane webhook', () => {
	let sarbacane: SarbacaneSimulator;

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
	});

	afterEach(async () => {
		await sarbacane.stop();
	});

	test('a delivery on its way through the webhook a republish replaced runs once', async () => {
		const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: ['OPEN'] });
		await trigger.publish();
		const [old] = [...sarbacane.webhooks.values()];

		await trigger.republish({ source: 'api', events: ['OPEN', 'HIT'] });
		const outcome = await trigger.deliver({
			query: queryOf(old.url),
			body: SARBACANE_SAMPLES.OPEN,
		});

		expect(sarbacane.webhooks.has(old.id)).toBe(false);
		expect(outcome.status).toBe(200);
		expect(outcome.items).toHaveLength(1);
	});
});

describe('deliveries through a replaced REST hook (Standard Webhooks signatures)', () => {
	const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
	const body = JSON.stringify({ type: 'contact.created', data: { id: 'c_1' } });
	let api: RestHookApiSimulator;

	beforeEach(async () => {
		api = await new RestHookApiSimulator().start();
	});

	afterEach(async () => {
		await api.stop();
	});

	const parameters = (events: string) =>
		hooksApiParameters(api, { incomingAuthentication: 'standardWebhooks', customEvents: events });

	test('a retry of a delivery through a replaced hook, with the same webhook-id, starts no second run', async () => {
		const trigger = restHookTrigger(parameters('contact.created'), {
			...HOOKS_HEADER_CREDENTIAL,
			signingSecret: SECRET,
		});
		await trigger.publish();
		const [old] = [...api.subscriptions.values()];
		await trigger.republish(parameters('contact.created, deal.won'));
		const headers = standardWebhooksHeaders(body, SECRET, { id: 'msg_replaced_1' });

		const first = await trigger.deliver({ query: queryOf(old.target_url), headers, body });
		const retry = await trigger.deliver({ query: queryOf(old.target_url), headers, body });

		expect(first.items).toHaveLength(1);
		expect(retry).toMatchObject({ status: 200, items: undefined });
	});

	test('a badly signed delivery through a replaced hook stays 401', async () => {
		const trigger = restHookTrigger(parameters('contact.created'), {
			...HOOKS_HEADER_CREDENTIAL,
			signingSecret: SECRET,
		});
		await trigger.publish();
		const [old] = [...api.subscriptions.values()];
		await trigger.republish(parameters('contact.created, deal.won'));

		const outcome = await trigger.deliver({
			query: queryOf(old.target_url),
			headers: standardWebhooksHeaders(body, 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ='),
			body,
		});

		expect(outcome).toMatchObject({ status: 401, items: undefined });
	});
});
