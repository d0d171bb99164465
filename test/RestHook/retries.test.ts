import { restHookTrigger } from '../harness/resthook';
import type { TriggerHarness } from '../harness/trigger';

/*
 * An API that sends no delivery ID header: a delivery is known again by its whole body, or by the
 * fields the user names in Options > Delivery Key Fields.
 */
const CREATED = { type: 'contact.created', timestamp: '2026-11-23T10:00:00Z', data: { id: 'c_1' } };

function trigger(options = {}): TriggerHarness {
	return restHookTrigger({
		customEvents: 'contact.created',
		incomingAuthentication: 'none',
		options,
	});
}

const runs = async (node: TriggerHarness, ...bodies: object[]) => {
	const counts: number[] = [];
	for (const body of bodies) counts.push((await node.deliver({ body })).items?.length ?? 0);
	return counts;
};

describe('REST Hook Trigger deliveries sent again without a delivery ID header', () => {
	test('by default the same body sent again starts no second run', async () => {
		expect(await runs(trigger(), CREATED, CREATED)).toEqual([1, 0]);
	});

	test('by default two bodies that differ only by their timestamp start two runs', async () => {
		const later = { ...CREATED, timestamp: '2026-11-23T10:00:01Z' };

		expect(await runs(trigger(), CREATED, later)).toEqual([1, 1]);
	});

	test('with Delivery Key Fields, a copy whose other fields changed is the same delivery', async () => {
		const resent = { ...CREATED, timestamp: '2026-11-23T10:05:00Z' };

		expect(await runs(trigger({ deliveryKeyFields: 'data.id' }), CREATED, resent)).toEqual([1, 0]);
	});

	test('with Delivery Key Fields, two events with different keys start two runs', async () => {
		const other = { ...CREATED, data: { id: 'c_2' } };

		expect(await runs(trigger({ deliveryKeyFields: 'data.id' }), CREATED, other)).toEqual([1, 1]);
	});

	test('an event missing a Delivery Key Field is known by its whole body, never merged with others', async () => {
		const first = { type: 'contact.created', data: { email: 'a@example.com' } };
		const second = { type: 'contact.created', data: { email: 'b@example.com' } };

		expect(await runs(trigger({ deliveryKeyFields: 'data.id' }), first, second, first)).toEqual([
			1, 1, 0,
		]);
	});

	test('a Delivery ID Header, when sent, is the key: the same header with another body is a retry', async () => {
		const node = trigger({ deliveryIdHeader: 'X-Request-ID' });
		const send = async (body: object) =>
			(await node.deliver({ headers: { 'x-request-id': 'req-1' }, body })).items?.length ?? 0;

		expect([await send(CREATED), await send({ ...CREATED, timestamp: 'later' })]).toEqual([1, 0]);
	});
});
