import type { IDataObject } from 'n8n-workflow';

import { deliveryToEvents, eventsToItems } from '../../nodes/shared/items';
import type { DeliveryShape } from '../../nodes/shared/types';

const all = { all: true, values: [] };
const options = {
	selection: all,
	matchEvent: (name: string) => name,
	receivedAt: '2026-01-01T00:00:00.000Z',
	deliveryId: 'delivery-key',
};

describe('turning a delivery into items', () => {
	test('an array is refused where the provider sends one event per request', () => {
		expect(deliveryToEvents([{ a: 1 }], { source: 'body' })).toEqual({
			malformed: 'Expected one JSON object, received an array.',
		});
	});

	test('a batch becomes one event per element, each named by its field', () => {
		const events = deliveryToEvents([{ type: 'a' }, { type: 'b' }], {
			source: 'body',
			batch: true,
			eventField: 'type',
		});
		expect(events).toEqual([
			{ wireEvent: 'a', payload: { type: 'a' } },
			{ wireEvent: 'b', payload: { type: 'b' } },
		]);
	});

	test('a scalar in a batch is malformed', () => {
		expect(deliveryToEvents([1], { source: 'body', batch: true })).toEqual({
			malformed: 'Expected each event to be a JSON object.',
		});
	});

	test('the event name comes from the hook URL when the body does not say it', () => {
		const events = deliveryToEvents(
			{ result: { id: 1 } },
			{ source: 'body', unwrap: 'result', eventInUrl: true },
			'NewDeal',
		);
		expect(events).toEqual([{ wireEvent: 'NewDeal', payload: { id: 1 } }]);
	});

	test('an envelope without the expected field is kept whole', () => {
		expect(deliveryToEvents({ other: 1 }, { source: 'body', unwrap: 'result' })).toEqual([
			{ wireEvent: undefined, payload: { other: 1 } },
		]);
	});

	test('a payload field named event is kept as providerEvent', () => {
		const [item] = eventsToItems(
			[{ wireEvent: 'x', payload: { event: { occurredAt: 't' }, a: 1 } }],
			options,
		);
		expect(item.json).toEqual({
			event: 'x',
			receivedAt: options.receivedAt,
			deliveryId: options.deliveryId,
			providerEvent: { occurredAt: 't' },
			a: 1,
		});
	});

	test('an unnamed event passes only when all events are selected', () => {
		const events = [{ wireEvent: undefined, payload: { a: 1 } }];
		expect(eventsToItems(events, options)).toHaveLength(1);
		expect(
			eventsToItems(events, { ...options, selection: { all: false, values: ['x'] } }),
		).toHaveLength(0);
	});

	test("the provider's enrich hook adds fields to each item", () => {
		const [item] = eventsToItems([{ wireEvent: 'x', payload: { n: 2 } }], {
			...options,
			enrich: (p) => ({ double: Number(p.n) * 2 }),
		});
		expect(item.json.double).toBe(4);
	});
});

describe('event field given as a list', () => {
	const shape: DeliveryShape = { source: 'body', eventField: ['type', 'kind'] };

	test('the first listed field holding a string names the event', () => {
		const events = deliveryToEvents({ type: 'open', kind: 'OPEN' }, shape);

		expect(events).toEqual([{ wireEvent: 'open', payload: { type: 'open', kind: 'OPEN' } }]);
	});

	test('a later field names the event when the earlier ones are absent', () => {
		const events = deliveryToEvents({ kind: 'UNSUBSCRIBE' }, shape);

		expect(events).toEqual([{ wireEvent: 'UNSUBSCRIBE', payload: { kind: 'UNSUBSCRIBE' } }]);
	});

	test('a field that is not a string is skipped for the next one', () => {
		const events = deliveryToEvents({ type: 42, kind: 'HIT' }, shape);

		expect(events).toEqual([{ wireEvent: 'HIT', payload: { type: 42, kind: 'HIT' } }]);
	});

	test('no listed field present leaves the event unnamed', () => {
		const events = deliveryToEvents({ email: 'user@email.com' }, shape);

		expect(events).toEqual([{ wireEvent: undefined, payload: { email: 'user@email.com' } }]);
	});

	test('a single field name still works as before', () => {
		const events = deliveryToEvents(
			{ data: { type: 'contact_added' } },
			{ source: 'body', eventField: 'data.type' },
		);

		expect(events).toEqual([
			{ wireEvent: 'contact_added', payload: { data: { type: 'contact_added' } } },
		]);
	});
});

describe('payload field names', () => {
	test('a "__proto__" field of a delivery stays a field of the item, not its prototype', () => {
		const payload = JSON.parse('{"__proto__": {"polluted": true}, "id": 7}') as IDataObject;
		const [item] = eventsToItems([{ wireEvent: 'x', payload }], {
			selection: { all: true, values: [] },
			matchEvent: (name) => name,
			receivedAt: 'now',
			deliveryId: 'key',
		});
		expect(Object.getPrototypeOf(item.json)).toBe(Object.prototype);
		expect(Object.keys(item.json)).toEqual([
			'event',
			'receivedAt',
			'deliveryId',
			'__proto__',
			'id',
		]);
		expect((item.json as { polluted?: unknown }).polluted).toBeUndefined();
	});
});
