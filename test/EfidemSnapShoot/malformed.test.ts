import { EFIDEM_SECRET, efidemTrigger } from '../harness/efidem';
import { signedRequest } from '../harness/signing';

describe('Efidem SnapShoot malformed deliveries', () => {
	test('a signed body that is not JSON is refused with 400 and a clear message, no run', async () => {
		const outcome = await efidemTrigger().deliver(
			signedRequest('{"Event": "Clic",', EFIDEM_SECRET),
		);

		expect(outcome.status).toBe(400);
		expect(outcome.body).toEqual({
			message: expect.stringMatching(/^The request body is not valid JSON: /),
		});
		expect(outcome.items).toBeUndefined();
	});

	test('a signed empty body is refused with 400, no run', async () => {
		const outcome = await efidemTrigger().deliver(signedRequest('', EFIDEM_SECRET));

		expect(outcome.status).toBe(400);
		expect(outcome.body).toEqual({ message: 'The request body is empty; expected JSON.' });
		expect(outcome.items).toBeUndefined();
	});

	test('a signed JSON value that is not an object is refused with 400, no run', async () => {
		const outcome = await efidemTrigger().deliver(signedRequest('"Délivré"', EFIDEM_SECRET));

		expect(outcome.status).toBe(400);
		expect(outcome.body).toEqual({ message: 'Expected each event to be a JSON object.' });
		expect(outcome.items).toBeUndefined();
	});

	test('an array holding something else than objects is refused with 400, no run', async () => {
		const outcome = await efidemTrigger().deliver(
			signedRequest([{ Event: 'Clic' }, 42], EFIDEM_SECRET),
		);

		expect(outcome.status).toBe(400);
		expect(outcome.items).toBeUndefined();
	});

	test('an unsigned malformed body gets 401, telling an unknown sender nothing of the parser', async () => {
		const outcome = await efidemTrigger().deliver({ body: 'not json' });

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('without authentication a malformed body is refused with 400, no run', async () => {
		const outcome = await efidemTrigger({ authentication: 'none' }).deliver({ body: '<xml/>' });

		expect(outcome.status).toBe(400);
		expect(outcome.body).toEqual({
			message: expect.stringMatching(/^The request body is not valid JSON: /),
		});
		expect(outcome.items).toBeUndefined();
	});
});
