import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { sarbacaneTrigger } from '../harness/sarbacane';
import type { TriggerHarness } from '../harness/trigger';
import { SarbacaneSimulator } from '../simulators/sarbacane';

/*
 * Sarbacane sends no delivery id and retries a delivery 10 times when it gets no 2xx: a delivery
 * that ran but whose answer was lost would run once per retry. The trigger knows a delivery again
 * by its key: type, recipient, campaign, send, link and date to the millisecond.
 */
const URL_SECRET = 'pasted-secret-7f3k9Qp2vX8mL4sT1wZ6';
const OPEN = SARBACANE_SAMPLES.OPEN;
const HIT = SARBACANE_SAMPLES.HIT;

describe('Sarbacane deliveries sent again', () => {
	let sarbacane: SarbacaneSimulator;
	let trigger: TriggerHarness;

	const deliver = async (body: object) =>
		await trigger.deliver({ query: { secret: URL_SECRET }, body });

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
		trigger = sarbacaneTrigger(sarbacane, {
			source: 'manual',
			urlSecret: URL_SECRET,
			events: ['OPEN', 'HIT'],
		});
		await trigger.publish();
	});

	afterEach(async () => {
		await sarbacane.stop();
	});

	test('the same delivery sent again starts no second run and is answered 200', async () => {
		const first = await deliver(OPEN);
		const again = await deliver(OPEN);

		expect(first.items).toHaveLength(1);
		expect([again.status, again.items]).toEqual([200, undefined]);
	});

	test('a delivery Sarbacane retries 10 times after its answers were lost starts one run', async () => {
		const runs: number[] = [];
		for (let attempt = 0; attempt <= 10; attempt++) {
			runs.push((await deliver(OPEN)).items?.length ?? 0);
		}

		expect(runs).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
	});

	test('two opens of one email that differ only by their date start two runs', async () => {
		const first = await deliver({ ...OPEN, date: '2016-08-11 T 12:25:18.889Z' });
		const second = await deliver({ ...OPEN, date: '2016-08-11 T 12:25:18.890Z' });

		expect([first.items?.length, second.items?.length]).toEqual([1, 1]);
	});

	test('two clicks at the same millisecond on two links start two runs', async () => {
		const first = await deliver({ ...HIT, url: 'https://example.com/a' });
		const second = await deliver({ ...HIT, url: 'https://example.com/b' });

		expect([first.items?.length, second.items?.length]).toEqual([1, 1]);
	});

	test('the same event with its fields in another order is the same delivery', async () => {
		await deliver(OPEN);
		const reordered = Object.fromEntries(Object.entries(OPEN).reverse());

		expect((await deliver(reordered)).items).toBeUndefined();
	});

	test('an event without a date is known by all of its fields: a copy starts no run, another event does', async () => {
		const submitted = { kind: 'FORM_SUBMIT', email: 'ada@example.com', answer: 'yes' };
		trigger.setParameters({ source: 'manual', urlSecret: URL_SECRET, events: ['*'] });

		const runs = [
			await deliver(submitted),
			await deliver(submitted),
			await deliver({ ...submitted, answer: 'no' }),
		].map((outcome) => outcome.items?.length ?? 0);

		expect(runs).toEqual([1, 0, 1]);
	});

	test('every item carries the delivery key as deliveryId, the same for the same event', async () => {
		const first = await deliver(OPEN);
		const other = sarbacaneTrigger(sarbacane, {
			source: 'manual',
			urlSecret: URL_SECRET,
			events: ['OPEN'],
		});
		const elsewhere = await other.deliver({ query: { secret: URL_SECRET }, body: OPEN });

		expect(first.items?.[0].deliveryId).toMatch(/^[\w-]{22}$/);
		expect(elsewhere.items?.[0].deliveryId).toBe(first.items?.[0].deliveryId);
	});

	test('with Remember Deliveries For set to 0, every delivery runs', async () => {
		trigger.setParameters({
			source: 'manual',
			urlSecret: URL_SECRET,
			events: ['OPEN'],
			options: { deliveryWindowMinutes: 0 },
		});

		const runs = [await deliver(OPEN), await deliver(OPEN)].map((o) => o.items?.length);

		expect(runs).toEqual([1, 1]);
	});
});

describe('Sarbacane deliveries to the test URL and the production URL', () => {
	let sarbacane: SarbacaneSimulator;
	let trigger: TriggerHarness;
	const request = { query: { secret: URL_SECRET }, body: OPEN };

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
		trigger = sarbacaneTrigger(sarbacane, {
			source: 'manual',
			urlSecret: URL_SECRET,
			events: ['OPEN'],
		});
	});

	afterEach(async () => {
		await sarbacane.stop();
	});

	test('one event sent to both (two subscriptions while the editor listens) runs in both', async () => {
		const test = await trigger.deliver(request, 'manual');
		const production = await trigger.deliver(request, 'webhook');

		expect([test.items?.length, production.items?.length]).toEqual([1, 1]);
	});

	test('the same payload sent twice to the test URL (a replayed curl while listening) runs each time', async () => {
		const first = await trigger.deliver(request, 'manual', {});
		const again = await trigger.deliver(request, 'manual', {});

		expect([first.items?.length, again.items?.length]).toEqual([1, 1]);
	});
});
