import type { IDataObject } from 'n8n-workflow';

import { forgetInFlight } from '../../nodes/shared/inFlight';
import { fastRetries, N8N_URL, queryOf, WEBHOOK_ID } from '../harness/trigger';
import { publishWithLostAnswer, weavyTrigger } from '../harness/weavy';
import { WeavySimulator } from '../simulators/weavy';

/*
 * n8n stores the static data create() writes only once the whole activation is over, while the
 * provider delivers through a new subscription as soon as it exists. Within the n8n process that
 * runs create(), a delivery in between is recognised from the publication in flight: it runs if
 * its subscription was answered (or its subscribe call is still running), and gets 410 if its
 * subscribe answer was lost. The static data such a delivery sees is the one stored before.
 */
const RECORD = { codecustomer: 'CUS1', name: 'Martin' };
const PRODUCTION_URL = `${N8N_URL}/webhook/${WEBHOOK_ID}/webhook`;

fastRetries();

describe('deliveries before n8n stored what create() wrote', () => {
	let weavy: WeavySimulator;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
	});

	afterEach(async () => {
		forgetInFlight(PRODUCTION_URL);
		await weavy.stop();
	});

	const urlOf = (event: string) => weavy.hookUrlOf(event);

	test('a delivery through a subscription just made runs, though the stored static data predates it', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		const stored = JSON.parse(JSON.stringify(trigger.staticData)) as IDataObject;

		await trigger.publish();
		const outcome = await trigger.deliver(
			{ query: queryOf(urlOf('NewCustomer')), body: { result: RECORD } },
			'webhook',
			stored,
		);

		expect(outcome.status).toBe(200);
		expect(outcome.items).toHaveLength(1);
	});

	test('after a republish, a delivery through the new subscription runs before n8n stored the new static data', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		await trigger.delete(trigger.hookContext('internal', 'update'));
		// What n8n stored after the teardown, before the new version's activation.
		const stored = JSON.parse(JSON.stringify(trigger.staticData)) as IDataObject;
		trigger.setParameters({ events: ['NewCustomer', 'NewDeal'] });
		await trigger.publish('update');

		const outcome = await trigger.deliver(
			{ query: queryOf(urlOf('NewDeal')), body: { result: RECORD } },
			'webhook',
			stored,
		);

		expect(outcome.items).toHaveLength(1);
	});

	test('a delivery through a subscription whose subscribe call is still running runs', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		const stored = JSON.parse(JSON.stringify(trigger.staticData)) as IDataObject;
		let release!: () => void;
		weavy.inject({
			match: (request) => request.query.c === 'EPT_WebhookSubscribe',
			afterSaving: true,
			holdUntil: new Promise<void>((resolve) => (release = resolve)),
		});

		const publishing = trigger.publish();
		while (![...weavy.subscriptions.values()].some((made) => made.event === 'NewCustomer')) {
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		const outcome = await trigger.deliver(
			{ query: queryOf(urlOf('NewCustomer')), body: { result: RECORD } },
			'webhook',
			stored,
		);
		release();
		await publishing;

		expect(outcome.items).toHaveLength(1);
	});

	test('a delivery through a subscription whose answer was lost gets 410, though the stored static data predates it', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		const stored = JSON.parse(JSON.stringify(trigger.staticData)) as IDataObject;

		const lost = await publishWithLostAnswer(trigger, weavy);
		const outcome = await trigger.deliver(
			{ query: queryOf(lost), body: { result: RECORD } },
			'webhook',
			stored,
		);

		expect(outcome).toMatchObject({ status: 410, items: undefined });
	});

	test('in another n8n process (queue mode), which did not run create(), such a delivery gets 401 until n8n stored the static data', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		const stored = JSON.parse(JSON.stringify(trigger.staticData)) as IDataObject;
		await trigger.publish();
		forgetInFlight(PRODUCTION_URL);

		const before = await trigger.deliver(
			{ query: queryOf(urlOf('NewCustomer')), body: { result: RECORD } },
			'webhook',
			stored,
		);
		const after = await trigger.deliver({
			query: queryOf(urlOf('NewCustomer')),
			body: { result: RECORD },
		});

		expect(before.status).toBe(401);
		expect(after.items).toHaveLength(1);
	});
});
