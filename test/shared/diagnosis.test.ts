import { NodeOperationError } from 'n8n-workflow';

import { efidemPayload, efidemTrigger, EFIDEM_SECRET } from '../harness/efidem';
import { getResponseWebhooksTrigger, URL_SECRET } from '../harness/getresponse';
import { restHookTrigger } from '../harness/resthook';
import {
	signBody,
	signedRequest,
	type SigningOptions,
	standardWebhooksHeaders,
	stripeStyleHeader,
} from '../harness/signing';
import type { DeliveryOutcome, TriggerHarness } from '../harness/trigger';

/*
 * Why a signed delivery was refused, told to the user in the editor's test mode (the test run
 * ends with this error; the sender still gets its plain 401). Every combination of the settings
 * the node offers: a delivery signed one way and checked another names exactly the settings to
 * change; a forged one names none.
 */

type Algorithm = 'sha1' | 'sha256' | 'sha512';
interface Signing {
	algorithm: Algorithm;
	encoding: 'hex' | 'base64';
	prefix: string;
	header: string;
}

const ALGORITHM_NAMES: Record<Algorithm, string> = {
	sha1: 'HMAC-SHA1',
	sha256: 'HMAC-SHA256',
	sha512: 'HMAC-SHA512',
};

const VARIANTS: Signing[] = [];
for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
	for (const encoding of ['hex', 'base64'] as const) {
		for (const prefix of ['', 'sha256=']) {
			for (const header of ['X-Signature', 'X-Hub-Signature-256']) {
				VARIANTS.push({ algorithm, encoding, prefix, header });
			}
		}
	}
}

function configured(signing: Signing, encoding: Signing['encoding'] | 'auto' = signing.encoding) {
	return efidemTrigger({
		events: ['*'],
		options: {
			signatureAlgorithm: signing.algorithm,
			signatureEncoding: encoding,
			signaturePrefix: signing.prefix,
			signatureHeader: signing.header,
		},
	});
}

async function testDelivery(
	trigger: TriggerHarness,
	signing: Signing,
	secret = EFIDEM_SECRET,
): Promise<DeliveryOutcome> {
	const request = signedRequest(efidemPayload('Clic'), secret, signing as SigningOptions);
	return await trigger.deliver(request, 'manual');
}

/** The settings the hint must name, from what differs between how it was signed and checked. */
function expectedChanges(signed: Signing, checked: Signing, autoEncoding: boolean): string[] {
	const changes: string[] = [];
	if (signed.header !== checked.header)
		changes.push(`Signature Header to "${signed.header.toLowerCase()}"`);
	if (signed.algorithm !== checked.algorithm) {
		changes.push(`Signature Algorithm to ${ALGORITHM_NAMES[signed.algorithm]}`);
	}
	if (!autoEncoding && signed.encoding !== checked.encoding) {
		changes.push(`Signature Encoding to ${signed.encoding === 'hex' ? 'Hex' : 'Base64'}`);
	}
	if (signed.prefix !== checked.prefix) {
		changes.push(
			signed.prefix ? `Signature Prefix to "${signed.prefix}"` : 'Signature Prefix to empty',
		);
	}
	return changes;
}

const PAIRS = VARIANTS.flatMap((signed) =>
	VARIANTS.filter((checked) => checked !== signed).map((checked) => [signed, checked] as const),
);

describe('HMAC signature diagnosis in test mode', () => {
	test.each(
		PAIRS.map(([signed, checked]) => [
			`${signed.algorithm}/${signed.encoding}/${signed.prefix || 'no prefix'}/${signed.header}`,
			`${checked.algorithm}/${checked.encoding}/${checked.prefix || 'no prefix'}/${checked.header}`,
			signed,
			checked,
		]),
	)(
		'signed %s, checked as %s: 401, and the test ends naming the settings to change',
		async (_s, _c, signed, checked) => {
			const outcome = await testDelivery(configured(checked), signed);

			expect(outcome.status).toBe(401);
			expect(outcome.body).toEqual({ message: 'This delivery could not be authenticated.' });
			expect(outcome.items).toBeUndefined();
			expect(outcome.error).toBeInstanceOf(NodeOperationError);
			const changes = expectedChanges(signed, checked, false);
			expect((outcome.error as NodeOperationError).description).toBe(
				`Set Options → ${changes.join(', ')}.`,
			);
			expect(outcome.error?.message).toMatch(
				/^Efidem SnapShoot sent a test delivery that started no run \(HTTP 401\): the delivery is signed with the right secret, but as /,
			);
		},
	);

	test('with Auto encoding, the encoding is never a setting to change', async () => {
		const signed: Signing = {
			algorithm: 'sha1',
			encoding: 'base64',
			prefix: '',
			header: 'X-Signature',
		};
		const checked: Signing = { ...signed, algorithm: 'sha256' };

		const outcome = await testDelivery(configured(checked, 'auto'), signed);

		expect(outcome.error?.message).toBe(
			'Efidem SnapShoot sent a test delivery that started no run (HTTP 401): the delivery is signed with the right secret, but as HMAC-SHA1, base64, in X-Signature, not HMAC-SHA256, auto (hex or base64), in X-Signature',
		);
		expect((outcome.error as NodeOperationError).description).toBe(
			'Set Options → Signature Algorithm to HMAC-SHA1.',
		);
	});

	test('a delivery signed with another secret names no setting: the secret or the body is the cause', async () => {
		const signing: Signing = {
			algorithm: 'sha256',
			encoding: 'hex',
			prefix: '',
			header: 'X-Signature',
		};

		const outcome = await testDelivery(configured(signing), signing, 'an-attacker-guess');

		expect(outcome.status).toBe(401);
		expect(outcome.error?.message).toBe(
			'Efidem SnapShoot sent a test delivery that started no run (HTTP 401): the X-Signature header holds an HMAC-SHA256 that no secret of the credential gives for this body',
		);
		expect((outcome.error as NodeOperationError).description).toBe(
			'Copy the signing secret from Efidem SnapShoot into the credential again. If it is right, something between Efidem SnapShoot and n8n changed the body.',
		);
	});

	test.each(PAIRS.slice(0, 40).map(([signed, checked]) => [signed, checked]))(
		'a forged delivery (%o checked as %o) gets no setting hint',
		async (signed, checked) => {
			const outcome = await testDelivery(configured(checked), signed, 'another-secret');

			expect((outcome.error as NodeOperationError).description).not.toMatch(/Set Options/);
		},
	);

	test('a delivery without the header says so', async () => {
		const trigger = efidemTrigger({ events: ['*'] });

		const outcome = await trigger.deliver(
			{ body: JSON.stringify(efidemPayload('Clic')) },
			'manual',
		);

		expect(outcome.error?.message).toBe(
			'Efidem SnapShoot sent a test delivery that started no run (HTTP 401): the delivery has no X-Signature header',
		);
		expect((outcome.error as NodeOperationError).description).toBe(
			'Check that signing is turned on in Efidem SnapShoot, and that Signature Header names the header it signs in.',
		);
	});

	test('a header that is neither hex nor base64 of a digest says so, with its length only', async () => {
		const trigger = efidemTrigger({ events: ['*'] });

		const outcome = await trigger.deliver(
			{ headers: { 'x-signature': 'not*a*signature' }, body: '{}' },
			'manual',
		);

		expect(outcome.error?.message).toBe(
			'Efidem SnapShoot sent a test delivery that started no run (HTTP 401): the X-Signature header (15 characters) is not a hex or base64 HMAC',
		);
	});

	test('a prefix the header lacks is named', async () => {
		const trigger = efidemTrigger({ events: ['*'], options: { signaturePrefix: 'v1=' } });
		const body = JSON.stringify(efidemPayload('Clic'));

		const outcome = await trigger.deliver(
			{ headers: { 'x-signature': `v2=${signBody(body, 'another-secret')}` }, body },
			'manual',
		);

		expect(outcome.error?.message).toBe(
			'Efidem SnapShoot sent a test delivery that started no run (HTTP 401): the X-Signature header does not start with "v1="',
		);
	});

	test('no secret, signature or body appears in any message', async () => {
		const body = JSON.stringify(efidemPayload('Clic', { Info: 'private-body-marker' }));
		const signature = signBody(body, EFIDEM_SECRET, { algorithm: 'sha1' });
		const trigger = efidemTrigger({ events: ['*'] });

		const outcome = await trigger.deliver(
			{ headers: { 'x-signature': signature }, body },
			'manual',
		);

		const told = `${outcome.error?.message} ${(outcome.error as NodeOperationError).description} ${JSON.stringify(outcome.body)}`;
		expect(told).toContain('HMAC-SHA1');
		for (const secret of [EFIDEM_SECRET, signature, 'private-body-marker']) {
			expect(told).not.toContain(secret);
		}
	});

	test('the GitHub-style preset names the authentication to choose instead', async () => {
		const trigger = restHookTrigger(
			{ customEvents: 'push', incomingAuthentication: 'github', events: ['*'] },
			{ apiAuthentication: 'none', signingSecret: 'gh-secret' },
		);
		const body = '{"type":"push"}';
		const outcome = await trigger.deliver(
			{
				headers: {
					'x-hub-signature': signBody(body, 'gh-secret', { algorithm: 'sha1', prefix: 'sha1=' }),
				},
				body,
			},
			'manual',
		);

		expect((outcome.error as NodeOperationError).description).toBe(
			'Choose Delivery Authentication "HMAC Signature Header", which matches how REST hook API signs, with Options → Signature Header to "x-hub-signature", Signature Algorithm to HMAC-SHA1, Signature Prefix to "sha1=".',
		);
	});
});

describe('timestamped signature diagnosis in test mode', () => {
	const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
	const standard = () =>
		restHookTrigger(
			{ customEvents: 'ping', incomingAuthentication: 'standardWebhooks', events: ['*'] },
			{ apiAuthentication: 'none', signingSecret: WHSEC },
		);
	const body = '{"type":"ping"}';

	test('a missing Standard Webhooks header is named', async () => {
		const { 'webhook-id': _id, ...headers } = standardWebhooksHeaders(body, WHSEC);

		const outcome = await standard().deliver({ headers, body }, 'manual');

		expect(outcome.error?.message).toMatch(/the delivery has no webhook-id header$/);
	});

	test('a stale timestamp says how far it is from the clock', async () => {
		const old = Math.floor(Date.now() / 1000) - 3600;

		const outcome = await standard().deliver(
			{ headers: standardWebhooksHeaders(body, WHSEC, { timestamp: old }), body },
			'manual',
		);

		expect(outcome.error?.message).toMatch(
			/its webhook-timestamp is 360\d s away from this server's clock \(300 s allowed\)$/,
		);
		expect((outcome.error as NodeOperationError).description).toBe(
			'Check the clock of the n8n server, or raise Timestamp Tolerance (Seconds). A delivery replayed later is refused on purpose.',
		);
	});

	test('a signature under another secret blames the secret or the body', async () => {
		const outcome = await standard().deliver(
			{
				headers: standardWebhooksHeaders(body, 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ='),
				body,
			},
			'manual',
		);

		expect(outcome.error?.message).toMatch(
			/no v1 signature in webhook-signature matches the body under the credential’s secrets$/,
		);
	});

	test('a Stripe-style signature in another header names that header', async () => {
		const trigger = restHookTrigger(
			{ customEvents: 'ping', incomingAuthentication: 'stripe', events: ['*'] },
			{ apiAuthentication: 'none', signingSecret: 'whsec_stripe' },
		);

		const outcome = await trigger.deliver(
			{ headers: { 'x-acme-signature': stripeStyleHeader(body, 'whsec_stripe') }, body },
			'manual',
		);

		expect(outcome.error?.message).toMatch(
			/the delivery has no Stripe-Signature header; x-acme-signature looks like one$/,
		);
		expect((outcome.error as NodeOperationError).description).toBe(
			'Set Signature Header (Stripe-Style) to "x-acme-signature".',
		);
	});
});

describe('Stripe-style signatures that are not HMAC-SHA256 in hex', () => {
	test('a v1 that is not 64 hex digits is named, not blamed on the secret', async () => {
		const trigger = restHookTrigger(
			{ customEvents: 'ping', incomingAuthentication: 'stripe', events: ['*'] },
			{ apiAuthentication: 'none', signingSecret: 'whsec_stripe' },
		);
		const timestamp = Math.floor(Date.now() / 1000);
		const body = '{"type":"ping"}';

		const outcome = await trigger.deliver(
			{ headers: { 'stripe-signature': `t=${timestamp},v1=bm90LWhleC1hdC1hbGw=` }, body },
			'manual',
		);

		expect(outcome.error?.message).toMatch(
			/no v1 signature in Stripe-Signature is an HMAC-SHA256 in hex \(64 hex digits\)$/,
		);
		expect((outcome.error as NodeOperationError).description).not.toMatch(/secret/i);
	});
});

describe('URL secret diagnosis in test mode', () => {
	test('a pasted URL without ?secret= says what to paste', async () => {
		const outcome = await getResponseWebhooksTrigger().deliver(
			{ headers: { 'content-type': 'application/json' }, body: '{"type":"contact_added"}' },
			'manual',
		);

		expect(outcome.status).toBe(401);
		expect(outcome.error?.message).toBe(
			'GetResponse sent a test delivery that started no run (HTTP 401): the URL it was sent to has no ?secret= parameter',
		);
		expect((outcome.error as NodeOperationError).description).toBe(
			"In GetResponse, paste the node's URL followed by ?secret= and the node's URL Secret.",
		);
	});

	test('a pasted URL with another secret says the two must be the same, without showing either', async () => {
		const outcome = await getResponseWebhooksTrigger().deliver(
			{ query: { secret: 'typo-in-the-secret' }, body: '{"type":"contact_added"}' },
			'manual',
		);

		expect(outcome.error?.message).toBe(
			"GetResponse sent a test delivery that started no run (HTTP 401): the URL's secret is not the node's URL Secret (nor its Previous URL Secret)",
		);
		expect(
			`${outcome.error?.message} ${(outcome.error as NodeOperationError).description}`,
		).not.toMatch(new RegExp(`typo-in-the-secret|${URL_SECRET}`));
	});
});
