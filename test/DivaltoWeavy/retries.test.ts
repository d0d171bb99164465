import { weavyTrigger } from '../harness/weavy';
import { queryOf, type TriggerHarness } from '../harness/trigger';
import { WeavySimulator } from '../simulators/weavy';

/*
 * weavy sends no delivery id and documents no retry; a record is created once, so a delivery is
 * known again by its whole record under the event of its hook URL.
 */
const CUSTOMER = { codecustomer: 'CUS1', name: 'Boulangerie Martin', city: 'Lille' };

describe('Divalto weavy deliveries sent again', () => {
	let weavy: WeavySimulator;
	let trigger: TriggerHarness;

	const deliver = async (event: string, record: object) => {
		const held = [...weavy.subscriptions.values()].find((each) => each.event === event)!;
		return await trigger.deliver({ query: queryOf(held.hookUrl), body: { result: record } });
	};

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
		trigger = weavyTrigger(weavy, { events: ['NewCustomer', 'NewProspect'] });
		await trigger.publish();
	});

	afterEach(async () => {
		await weavy.stop();
	});

	test('the same delivery sent again starts no second run and is answered 200', async () => {
		const first = await deliver('NewCustomer', CUSTOMER);
		const again = await deliver('NewCustomer', CUSTOMER);

		expect(first.items).toHaveLength(1);
		expect([again.status, again.items]).toEqual([200, undefined]);
	});

	test('two records that differ in one field start two runs', async () => {
		const first = await deliver('NewCustomer', CUSTOMER);
		const second = await deliver('NewCustomer', { ...CUSTOMER, codecustomer: 'CUS2' });

		expect([first.items?.length, second.items?.length]).toEqual([1, 1]);
	});

	test('the same record delivered for two events starts a run for each', async () => {
		const customer = await deliver('NewCustomer', CUSTOMER);
		const prospect = await deliver('NewProspect', CUSTOMER);

		expect([customer.items?.length, prospect.items?.length]).toEqual([1, 1]);
	});
});
