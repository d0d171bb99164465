import { deliveryToEvents } from '../../nodes/shared/deliveries';
import type { DeliveryShape } from '../../nodes/shared/types';

const shape: DeliveryShape = { source: 'body', eventField: ['type', 'kind'] };

describe('event field given as a list', () => {
	test('the first listed field holding a string names the event', () => {
		const events = deliveryToEvents({ type: 'open', kind: 'OPEN' }, shape, {});

		expect(events).toEqual([{ wireEvent: 'open', payload: { type: 'open', kind: 'OPEN' } }]);
	});

	test('a later field names the event when the earlier ones are absent', () => {
		const events = deliveryToEvents({ kind: 'UNSUBSCRIBE' }, shape, {});

		expect(events).toEqual([{ wireEvent: 'UNSUBSCRIBE', payload: { kind: 'UNSUBSCRIBE' } }]);
	});

	test('a field that is not a string is skipped for the next one', () => {
		const events = deliveryToEvents({ type: 42, kind: 'HIT' }, shape, {});

		expect(events).toEqual([{ wireEvent: 'HIT', payload: { type: 42, kind: 'HIT' } }]);
	});

	test('no listed field present leaves the event unnamed', () => {
		const events = deliveryToEvents({ email: 'user@email.com' }, shape, {});

		expect(events).toEqual([{ wireEvent: undefined, payload: { email: 'user@email.com' } }]);
	});

	test('a single field name still works as before', () => {
		const events = deliveryToEvents(
			{ data: { type: 'contact_added' } },
			{ source: 'body', eventField: 'data.type' },
			{},
		);

		expect(events).toEqual([
			{ wireEvent: 'contact_added', payload: { data: { type: 'contact_added' } } },
		]);
	});
});
