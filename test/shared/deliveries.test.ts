import { deliveryToEvents, eventsToItems, parseJsonBody } from '../../nodes/shared/deliveries';

const all = { all: true, values: [] };
const options = {
	selection: all,
	matchEvent: (name: string) => name,
	receivedAt: '2026-01-01T00:00:00.000Z',
};

describe('turning a delivery into items', () => {
	test('a JSON body parses', () => {
		expect(parseJsonBody(Buffer.from('{"a":1}'))).toEqual({ body: { a: 1 } });
	});

	test("a body that is not JSON is reported as malformed with the parser's reason", () => {
		expect(parseJsonBody('{"a":')).toEqual({
			malformed: expect.stringMatching(/^The request body is not valid JSON: /),
		});
	});

	test('an array is refused where the provider sends one event per request', () => {
		expect(deliveryToEvents([{ a: 1 }], { source: 'body' }, {})).toEqual({
			malformed: 'Expected one JSON object, received an array.',
		});
	});

	test('a batch becomes one event per element, each named by its field', () => {
		const events = deliveryToEvents(
			[{ type: 'a' }, { type: 'b' }],
			{ source: 'body', batch: true, eventField: 'type' },
			{},
		);
		expect(events).toEqual([
			{ wireEvent: 'a', payload: { type: 'a' } },
			{ wireEvent: 'b', payload: { type: 'b' } },
		]);
	});

	test('a scalar in a batch is malformed', () => {
		expect(deliveryToEvents([1], { source: 'body', batch: true }, {})).toEqual({
			malformed: 'Expected each event to be a JSON object.',
		});
	});

	test('the event name comes from the hook URL when the body does not say it', () => {
		const events = deliveryToEvents(
			{ result: { id: 1 } },
			{ source: 'body', unwrap: 'result', eventQueryParameter: 'event' },
			{ event: 'NewDeal' },
		);
		expect(events).toEqual([{ wireEvent: 'NewDeal', payload: { id: 1 } }]);
	});

	test('an envelope without the expected field is kept whole', () => {
		expect(deliveryToEvents({ other: 1 }, { source: 'body', unwrap: 'result' }, {})).toEqual([
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
