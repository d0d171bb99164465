import { credentialCachePolicy } from '../../nodes/shared/credentialCache';
import { efidemPayload, efidemTrigger, EFIDEM_SECRET } from '../harness/efidem';
import { signedRequest } from '../harness/signing';
import type { TriggerHarness } from '../harness/trigger';

/*
 * Signing secrets are read from the credential once and kept in memory for deliveries that
 * follow, so a signed delivery does not pay n8n's credential read (an expression isolate with
 * n8n's default settings) each time. What must not change: a new secret works at once, a forged
 * delivery costs one read as before, nothing lands in static data.
 */
const NEW_SECRET = 'sk_live_after_rotation_9d2c7e1a4b';
const payload = efidemPayload('Clic');
/** Another event (a later click): a delivery of its own, not a retry of the first. */
const later = efidemPayload('Clic', { DateEvent: '2025-04-28T17:40:01.1234567+02:00' });

describe('signing secrets kept between deliveries', () => {
	const saved = { ...credentialCachePolicy };
	let trigger: TriggerHarness;

	beforeEach(() => {
		trigger = efidemTrigger({ events: ['*'] });
	});

	afterEach(() => {
		Object.assign(credentialCachePolicy, saved);
	});

	const rotateTo = (secretKey: string) =>
		trigger.credentialsHelper.set('efidemSnapShootApi', { secretKey });

	test('a second signed delivery reads no credential', async () => {
		await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));
		const reads = trigger.credentialsHelper.decrypts;

		const outcome = await trigger.deliver(signedRequest(later, EFIDEM_SECRET));

		expect(outcome.items).toHaveLength(1);
		expect(trigger.credentialsHelper.decrypts).toBe(reads);
	});

	test('a new secret is honoured on the very next delivery', async () => {
		await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));
		rotateTo(NEW_SECRET);

		const outcome = await trigger.deliver(signedRequest(later, NEW_SECRET));

		expect(outcome.status).toBe(200);
		expect(outcome.items).toHaveLength(1);
	});

	test('a forged delivery costs one credential read, as without the cache', async () => {
		await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));
		const reads = trigger.credentialsHelper.decrypts;

		const outcome = await trigger.deliver(signedRequest(payload, 'a-forger-guess'));

		expect(outcome.status).toBe(401);
		expect(trigger.credentialsHelper.decrypts).toBe(reads + 1);
	});

	test('after a failed check the fresh secrets are kept: the next authentic delivery reads nothing', async () => {
		await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));
		rotateTo(NEW_SECRET);
		await trigger.deliver(signedRequest(payload, NEW_SECRET));
		const reads = trigger.credentialsHelper.decrypts;

		await trigger.deliver(signedRequest(payload, NEW_SECRET));

		expect(trigger.credentialsHelper.decrypts).toBe(reads);
	});

	test('a secret removed from the credential stops verifying once the kept copy is older than maxAgeMs', async () => {
		credentialCachePolicy.maxAgeMs = 30;
		await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));
		rotateTo(NEW_SECRET);
		await new Promise((resolve) => setTimeout(resolve, 40));

		const outcome = await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));

		expect(outcome.status).toBe(401);
	});

	test('within maxAgeMs a removed secret may still verify: the documented window', async () => {
		credentialCachePolicy.maxAgeMs = 60_000;
		await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));
		rotateTo(NEW_SECRET);

		const outcome = await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));

		expect(outcome.status).toBe(200);
	});

	test('no secret is written to the static data', async () => {
		await trigger.deliver(signedRequest(payload, EFIDEM_SECRET));

		expect(JSON.stringify(trigger.staticData)).not.toContain(EFIDEM_SECRET);
	});
});
