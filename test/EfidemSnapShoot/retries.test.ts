import { efidemPayload, efidemTrigger, EFIDEM_SECRET } from '../harness/efidem';
import { signedRequest } from '../harness/signing';

/*
 * SnapShoot sends no delivery id: a delivery is known again by its message ID, recipient, event
 * and date (to 100 ns).
 */
const CLICK = efidemPayload('Clic', {
	ID: '6f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
	DateEvent: '2025-04-28T17:33:22.2725533+02:00',
});

describe('Efidem SnapShoot deliveries sent again', () => {
	test('the same delivery sent again starts no second run and is answered 200', async () => {
		const trigger = efidemTrigger({ events: ['*'] });

		const first = await trigger.deliver(signedRequest(CLICK, EFIDEM_SECRET));
		const again = await trigger.deliver(signedRequest(CLICK, EFIDEM_SECRET));

		expect(first.items).toHaveLength(1);
		expect([again.status, again.items]).toEqual([200, undefined]);
	});

	test('two events of one message that differ only by their date start two runs', async () => {
		const trigger = efidemTrigger({ events: ['*'] });
		const later = { ...CLICK, DateEvent: '2025-04-28T17:33:22.2725534+02:00' };

		const runs = [CLICK, later].map(
			async (payload) => await trigger.deliver(signedRequest(payload, EFIDEM_SECRET)),
		);

		expect((await Promise.all(runs)).map((outcome) => outcome.items?.length)).toEqual([1, 1]);
	});

	test('two events of one message at the same date but of two kinds start two runs', async () => {
		const trigger = efidemTrigger({ events: ['*'] });

		const first = await trigger.deliver(signedRequest(CLICK, EFIDEM_SECRET));
		const opened = await trigger.deliver(
			signedRequest({ ...CLICK, Event: 'Ouverture' }, EFIDEM_SECRET),
		);

		expect([first.items?.length, opened.items?.length]).toEqual([1, 1]);
	});
});
