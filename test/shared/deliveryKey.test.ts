import type { IDataObject } from 'n8n-workflow';

import { deliveryKey } from '../../nodes/shared/deliveryKey';

const event = (payload: IDataObject, wireEvent = 'opened') => ({ wireEvent, payload });

describe('the key of a delivery', () => {
	test("the provider's delivery id header is the key when sent", () => {
		expect(deliveryKey({ header: 'X-Webhook-ID' }, { 'x-webhook-id': 'wh-1' }, [event({})])).toBe(
			'wh-1',
		);
	});

	test('without the header, the key is derived from the events, the same each time', () => {
		const key = () => deliveryKey({ header: 'X-Webhook-ID' }, {}, [event({ id: 1 })]);

		expect(key()).toMatch(/^[\w-]{22}$/);
		expect(key()).toBe(key());
	});

	test("the event's name is part of the key", () => {
		expect(deliveryKey({}, {}, [event({ id: 1 }, 'opened')])).not.toBe(
			deliveryKey({}, {}, [event({ id: 1 }, 'clicked')]),
		);
	});

	test('a provider that never retries gives every delivery a key of its own', () => {
		const identity = { neverRetried: true };

		expect(deliveryKey(identity, {}, [event({ id: 1 })])).not.toBe(
			deliveryKey(identity, {}, [event({ id: 1 })]),
		);
	});

	test('a "__proto__" field counts as data in a whole-event key', () => {
		const withField = JSON.parse('{"__proto__": {"a": 1}, "id": 1}') as IDataObject;
		const otherField = JSON.parse('{"__proto__": {"a": 2}, "id": 1}') as IDataObject;

		expect(deliveryKey({}, {}, [event(withField)])).not.toBe(
			deliveryKey({}, {}, [event(otherField)]),
		);
	});
});
