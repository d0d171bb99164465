import {
	EFIDEM_PREVIOUS_SECRET,
	EFIDEM_SECRET,
	efidemPayload,
	efidemTrigger,
} from '../harness/efidem';
import { signBody, signedRequest } from '../harness/signing';

const DELIVERED = efidemPayload('Délivré', { Destination: 'jeanne@example.fr' });
const REFUSED = { message: 'This delivery could not be authenticated.' };

describe('Efidem SnapShoot signature (default: HMAC-SHA256 in X-Signature, hex or base64)', () => {
	test('a delivery signed in hex with the SecretKey starts a run', async () => {
		const outcome = await efidemTrigger().deliver(signedRequest(DELIVERED, EFIDEM_SECRET));

		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([
			expect.objectContaining({ event: 'delivered', Destination: 'jeanne@example.fr' }),
		]);
	});

	test('a delivery signed in base64 with the SecretKey starts a run', async () => {
		const outcome = await efidemTrigger().deliver(
			signedRequest(DELIVERED, EFIDEM_SECRET, { encoding: 'base64' }),
		);

		expect(outcome.items).toHaveLength(1);
	});

	test('a delivery signed with the previous SecretKey starts a run during rotation', async () => {
		const trigger = efidemTrigger(
			{},
			{
				secretKey: EFIDEM_SECRET,
				previousSecretKey: EFIDEM_PREVIOUS_SECRET,
			},
		);

		const outcome = await trigger.deliver(signedRequest(DELIVERED, EFIDEM_PREVIOUS_SECRET));

		expect(outcome.items).toHaveLength(1);
	});

	test('the signature is checked over the exact bytes received, spacing and accents included', async () => {
		const body = '{\n  "Event" : "Délivré",\n  "Destination" : "élodie@example.fr"\n}';

		const outcome = await efidemTrigger().deliver({
			headers: { 'X-Signature': signBody(body, EFIDEM_SECRET) },
			body,
		});

		expect(outcome.items).toEqual([
			expect.objectContaining({ event: 'delivered', Destination: 'élodie@example.fr' }),
		]);
	});

	describe('refused with 401 and no run', () => {
		const hex = signBody(JSON.stringify(DELIVERED), EFIDEM_SECRET);
		const cases: Array<[string, Record<string, string>]> = [
			['a delivery without X-Signature', {}],
			['a delivery with an empty X-Signature', { 'X-Signature': '' }],
			[
				'a signature made with another key',
				{ 'X-Signature': signBody(JSON.stringify(DELIVERED), 'not-the-key') },
			],
			['a truncated signature', { 'X-Signature': hex.slice(0, 40) }],
			[
				'a signature of another length (HMAC-SHA512)',
				{
					'X-Signature': signBody(JSON.stringify(DELIVERED), EFIDEM_SECRET, {
						algorithm: 'sha512',
					}),
				},
			],
			[
				'a signature over a different body',
				{ 'X-Signature': signBody(JSON.stringify(efidemPayload('Clic')), EFIDEM_SECRET) },
			],
			['non-hex garbage of the right length', { 'X-Signature': 'z'.repeat(64) }],
			['a signature with a prefix nobody configured', { 'X-Signature': `sha256=${hex}` }],
		];

		test.each(cases)('%s', async (_name, headers) => {
			const outcome = await efidemTrigger(
				{},
				{
					secretKey: EFIDEM_SECRET,
					previousSecretKey: EFIDEM_PREVIOUS_SECRET,
				},
			).deliver({ headers, body: JSON.stringify(DELIVERED) });

			expect(outcome.status).toBe(401);
			expect(outcome.body).toEqual(REFUSED);
			expect(outcome.items).toBeUndefined();
		});

		test('a signature made with the SecretKey once it is no longer the current or previous one', async () => {
			const trigger = efidemTrigger({}, { secretKey: 'sk_new_key_after_two_rotations' });

			const outcome = await trigger.deliver(signedRequest(DELIVERED, EFIDEM_SECRET));

			expect(outcome.status).toBe(401);
			expect(outcome.items).toBeUndefined();
		});

		test('any delivery when the credential holds no SecretKey', async () => {
			const outcome = await efidemTrigger({}, { secretKey: '' }).deliver(
				signedRequest(DELIVERED, ''),
			);

			expect(outcome.status).toBe(401);
			expect(outcome.items).toBeUndefined();
		});
	});
});

describe('Efidem SnapShoot signature options', () => {
	test('a custom header name is where the signature is read', async () => {
		const trigger = efidemTrigger({ options: { signatureHeader: 'X-Efidem-Signature' } });

		const outcome = await trigger.deliver(
			signedRequest(DELIVERED, EFIDEM_SECRET, { header: 'x-efidem-signature' }),
		);

		expect(outcome.items).toHaveLength(1);
	});

	test('with a custom header name a signature in X-Signature is ignored', async () => {
		const trigger = efidemTrigger({ options: { signatureHeader: 'X-Efidem-Signature' } });

		const outcome = await trigger.deliver(signedRequest(DELIVERED, EFIDEM_SECRET));

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('HMAC-SHA512 is accepted when chosen as the algorithm', async () => {
		const trigger = efidemTrigger({ options: { signatureAlgorithm: 'sha512' } });

		const outcome = await trigger.deliver(
			signedRequest(DELIVERED, EFIDEM_SECRET, { algorithm: 'sha512', encoding: 'base64' }),
		);

		expect(outcome.items).toHaveLength(1);
	});

	test('HMAC-SHA1 is accepted when chosen as the algorithm', async () => {
		const trigger = efidemTrigger({ options: { signatureAlgorithm: 'sha1' } });

		const outcome = await trigger.deliver(
			signedRequest(DELIVERED, EFIDEM_SECRET, { algorithm: 'sha1' }),
		);

		expect(outcome.items).toHaveLength(1);
	});

	test('an HMAC-SHA256 signature is refused once HMAC-SHA512 is chosen', async () => {
		const trigger = efidemTrigger({ options: { signatureAlgorithm: 'sha512' } });

		const outcome = await trigger.deliver(signedRequest(DELIVERED, EFIDEM_SECRET));

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a base64 signature is refused when the encoding is set to hex', async () => {
		const trigger = efidemTrigger({ options: { signatureEncoding: 'hex' } });

		const outcome = await trigger.deliver(
			signedRequest(DELIVERED, EFIDEM_SECRET, { encoding: 'base64' }),
		);

		expect(outcome.status).toBe(401);
	});

	test('a hex signature is refused when the encoding is set to base64', async () => {
		const trigger = efidemTrigger({ options: { signatureEncoding: 'base64' } });

		const outcome = await trigger.deliver(signedRequest(DELIVERED, EFIDEM_SECRET));

		expect(outcome.status).toBe(401);
	});

	test('a configured prefix is expected before the signature', async () => {
		const trigger = efidemTrigger({ options: { signaturePrefix: 'sha256=' } });

		const accepted = await trigger.deliver(
			signedRequest(DELIVERED, EFIDEM_SECRET, { prefix: 'sha256=' }),
		);
		const withoutPrefix = await trigger.deliver(signedRequest(DELIVERED, EFIDEM_SECRET));

		expect(accepted.items).toHaveLength(1);
		expect(withoutPrefix.status).toBe(401);
	});
});
