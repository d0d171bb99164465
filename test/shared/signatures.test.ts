import {
	computeHmac,
	GITHUB_SIGNATURE,
	isFresh,
	signingSecretProblem,
	standardWebhooksKey,
	verifySignature,
	verifyStandardWebhook,
	verifyStripeSignature,
	type HmacAlgorithm,
	type HmacCheck,
} from '../../nodes/shared/signatures';

/*
 * Known-answer vectors, computed outside this code base with OpenSSL 3.0:
 *
 *   BODY='{"Event":"Délivré","Destination":"test@efidem.com"}'; KEY='kv-secret-2025'
 *   printf '%s' "$BODY" | openssl dgst -<algorithm> -hmac "$KEY" -r        # hex
 *   printf '%s' "$BODY" | openssl dgst -<algorithm> -hmac "$KEY" -binary | base64 -w0   # base64
 *   ... | base64 -w0 | tr '+/' '-_' | tr -d '='                          # base64url (sha256)
 *
 * The body holds "é" as UTF-8 (0xC3 0xA9): the HMAC is over the raw bytes, not a re-encoding.
 */
const BODY = Buffer.from('{"Event":"Délivré","Destination":"test@efidem.com"}', 'utf8');
const KEY = 'kv-secret-2025';

const VECTORS: Record<HmacAlgorithm, { hex: string; base64: string }> = {
	sha1: {
		hex: 'ef5d7811b206d9706a09daaabc3527efb172d3d6',
		base64: '7114EbIG2XBqCdqqvDUn77Fy09Y=',
	},
	sha256: {
		hex: 'e232527ad1aaacfd212d118c7c3c381cf8b7c863279eab1a16a054403087301f',
		base64: '4jJSetGqrP0hLRGMfDw4HPi3yGMnnqsaFqBUQDCHMB8=',
	},
	sha512: {
		hex: '60f0ac5029800b2bea43743e603825b23e0c9be49944f8be31d84cd2b28b97bfc51a90770becb3b1b15e354a2f7f1123915667d93b6e359325837f83e50ee1bf',
		base64:
			'YPCsUCmACyvqQ3Q+YDglsj4Mm+SZRPi+MdhM0rKLl7/FGpB3C+yzsbFeNUovfxEjkVZn2TtuNZMlg3+D5Q7hvw==',
	},
};
const SHA256_BASE64URL = '4jJSetGqrP0hLRGMfDw4HPi3yGMnnqsaFqBUQDCHMB8';

function check(algorithm: HmacAlgorithm, extra: Partial<HmacCheck> = {}): HmacCheck {
	return { algorithm, encoding: 'auto', secrets: [KEY], ...extra };
}

const ALGORITHMS: HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];

describe('verifySignature known-answer vectors (OpenSSL)', () => {
	test.each(ALGORITHMS)('computeHmac %s gives the OpenSSL digest', (algorithm) => {
		expect(computeHmac(algorithm, KEY, BODY).toString('hex')).toBe(VECTORS[algorithm].hex);
	});

	test.each(ALGORITHMS)('a %s hex vector is accepted with encoding "hex"', (algorithm) => {
		expect(
			verifySignature(BODY, VECTORS[algorithm].hex, check(algorithm, { encoding: 'hex' })),
		).toBe(true);
	});

	test.each(ALGORITHMS)('a %s base64 vector is accepted with encoding "base64"', (algorithm) => {
		expect(
			verifySignature(BODY, VECTORS[algorithm].base64, check(algorithm, { encoding: 'base64' })),
		).toBe(true);
	});

	test.each(ALGORITHMS)('a %s hex vector is accepted with encoding "auto"', (algorithm) => {
		expect(verifySignature(BODY, VECTORS[algorithm].hex, check(algorithm))).toBe(true);
	});

	test.each(ALGORITHMS)('a %s base64 vector is accepted with encoding "auto"', (algorithm) => {
		expect(verifySignature(BODY, VECTORS[algorithm].base64, check(algorithm))).toBe(true);
	});

	test('an upper-case hex vector is accepted', () => {
		expect(verifySignature(BODY, VECTORS.sha256.hex.toUpperCase(), check('sha256'))).toBe(true);
	});

	test('an unpadded base64url vector is accepted with encoding "auto"', () => {
		expect(verifySignature(BODY, SHA256_BASE64URL, check('sha256'))).toBe(true);
	});

	test('a prefixed hex vector is accepted when the prefix is configured', () => {
		expect(
			verifySignature(BODY, `sha256=${VECTORS.sha256.hex}`, check('sha256', { prefix: 'sha256=' })),
		).toBe(true);
	});

	test('a prefixed base64 vector is accepted when the prefix is configured', () => {
		expect(
			verifySignature(BODY, `v1,${VECTORS.sha512.base64}`, check('sha512', { prefix: 'v1,' })),
		).toBe(true);
	});

	test('the prefix is compared without regard to case', () => {
		expect(
			verifySignature(BODY, `SHA256=${VECTORS.sha256.hex}`, check('sha256', { prefix: 'sha256=' })),
		).toBe(true);
	});

	test('a signature without the configured prefix is refused', () => {
		expect(verifySignature(BODY, VECTORS.sha256.hex, check('sha256', { prefix: 'sha256=' }))).toBe(
			false,
		);
	});

	test('a prefixed signature is refused when no prefix is configured', () => {
		expect(verifySignature(BODY, `sha256=${VECTORS.sha256.hex}`, check('sha256'))).toBe(false);
	});

	test('a base64 vector is refused when the encoding is "hex"', () => {
		expect(verifySignature(BODY, VECTORS.sha256.base64, check('sha256', { encoding: 'hex' }))).toBe(
			false,
		);
	});

	test('a vector of another algorithm is refused', () => {
		expect(verifySignature(BODY, VECTORS.sha1.hex, check('sha256'))).toBe(false);
	});

	test('a vector is refused when one hex digit differs', () => {
		const last = VECTORS.sha256.hex.slice(-1) === '0' ? '1' : '0';
		expect(
			verifySignature(BODY, `${VECTORS.sha256.hex.slice(0, -1)}${last}`, check('sha256')),
		).toBe(false);
	});

	test('a vector is refused for the same body re-encoded as Latin-1', () => {
		const latin1 = Buffer.from(BODY.toString('utf8'), 'latin1');
		expect(verifySignature(latin1, VECTORS.sha256.hex, check('sha256'))).toBe(false);
	});

	test('a vector is accepted when its key is the second of several secrets', () => {
		expect(
			verifySignature(BODY, VECTORS.sha256.hex, check('sha256', { secrets: ['new-key', KEY] })),
		).toBe(true);
	});

	test('empty secrets never validate anything', () => {
		const emptyKeyHex = computeHmac('sha256', '', BODY).toString('hex');
		expect(verifySignature(BODY, emptyKeyHex, check('sha256', { secrets: [''] }))).toBe(false);
	});
});

/*
 * Standard Webhooks known-answer vector: the reference JavaScript library's "sign function
 * works" test, standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts
 * (https://github.com/standard-webhooks/standard-webhooks): secret
 * whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, id msg_p5jXN8AQM9LWM0D4loKWxJek, timestamp 1614265330,
 * payload {"test": 2432232314} -> v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
 * (also checked here with OpenSSL: HMAC-SHA256 keyed by the base64-decoded secret over
 * `${id}.${timestamp}.${payload}`).
 */
const STANDARD = {
	secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
	id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
	timestamp: '1614265330',
	payload: '{"test": 2432232314}',
	signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_STANDARD = Number(STANDARD.timestamp);

function standardHeaders(overrides: Record<string, string> = {}): Record<string, string> {
	return {
		'webhook-id': STANDARD.id,
		'webhook-timestamp': STANDARD.timestamp,
		'webhook-signature': STANDARD.signature,
		...overrides,
	};
}

/*
 * Stripe-style: the computation Stripe documents in "Verify the signature manually"
 * (https://docs.stripe.com/webhooks#verify-manually): signed_payload = `${t}.${raw body}`,
 * HMAC-SHA256 keyed by the endpoint secret, hex, compared with each v1 of
 * `Stripe-Signature: t=…,v1=…`. Stripe publishes no secret with its example header, so the
 * expected value was computed outside this code base with OpenSSL 3.0:
 *   printf '%s' '1492774577.{"id":"evt_1","type":"invoice.paid"}' \
 *     | openssl dgst -sha256 -hmac whsec_test_secret -r
 */
const STRIPE = {
	secret: 'whsec_test_secret',
	timestamp: 1492774577,
	payload: '{"id":"evt_1","type":"invoice.paid"}',
	v1: 'f7a632a9ffdbb1ced2fc48e44c374ec2cb4292469db292862c06ae703e2befbd',
};

/*
 * GitHub-style: the example of GitHub's "Validating webhook deliveries" page
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation):
 * secret "It's a Secret to Everybody", payload "Hello, World!" ->
 * X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17
 */
const GITHUB = {
	secret: "It's a Secret to Everybody",
	payload: 'Hello, World!',
	header: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
};

describe('Standard Webhooks verification', () => {
	const check = { secrets: [STANDARD.secret], nowSeconds: AT_STANDARD };

	test('the reference vector of the Standard Webhooks library is accepted', () => {
		expect(verifyStandardWebhook(STANDARD.payload, standardHeaders(), check)).toBe(true);
	});

	test('the secret works without its whsec_ prefix too', () => {
		const bare = { ...check, secrets: ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] };
		expect(verifyStandardWebhook(STANDARD.payload, standardHeaders(), bare)).toBe(true);
	});

	test('the key is the base64-decoded secret, not its text', () => {
		expect(standardWebhooksKey(STANDARD.secret)?.length).toBe(24);
	});

	test('one valid entry among several space-separated signatures is enough', () => {
		const signature = [
			'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
			'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
			STANDARD.signature,
		].join(' ');
		expect(
			verifyStandardWebhook(
				STANDARD.payload,
				standardHeaders({ 'webhook-signature': signature }),
				check,
			),
		).toBe(true);
	});

	test('a changed byte of the body is refused', () => {
		expect(verifyStandardWebhook('{"test": 2432232315}', standardHeaders(), check)).toBe(false);
	});

	test('a changed webhook-id is refused, since the id is signed', () => {
		expect(
			verifyStandardWebhook(
				STANDARD.payload,
				standardHeaders({ 'webhook-id': 'msg_other' }),
				check,
			),
		).toBe(false);
	});

	test('a timestamp older than the tolerance is refused even with a valid signature', () => {
		const later = { ...check, nowSeconds: AT_STANDARD + 301 };
		expect(verifyStandardWebhook(STANDARD.payload, standardHeaders(), later)).toBe(false);
	});

	test('a timestamp from the future beyond the tolerance is refused', () => {
		const earlier = { ...check, nowSeconds: AT_STANDARD - 301 };
		expect(verifyStandardWebhook(STANDARD.payload, standardHeaders(), earlier)).toBe(false);
	});

	test('a larger tolerance accepts an older delivery', () => {
		const later = { ...check, nowSeconds: AT_STANDARD + 3000, toleranceSeconds: 3600 };
		expect(verifyStandardWebhook(STANDARD.payload, standardHeaders(), later)).toBe(true);
	});

	test('a previous secret still verifies while the sender rotates', () => {
		const rotating = { ...check, secrets: ['whsec_c2VjcmV0LW9mLWFub3RoZXI=', STANDARD.secret] };
		expect(verifyStandardWebhook(STANDARD.payload, standardHeaders(), rotating)).toBe(true);
	});

	test.each([
		['a missing webhook-id', { 'webhook-id': '' }],
		['a non-numeric timestamp', { 'webhook-timestamp': 'hello' }],
		['a truncated signature', { 'webhook-signature': 'v1,' }],
		['a signature that is not base64', { 'webhook-signature': 'v1,dawfeoifkpqwoekfpqoekf!' }],
	])('%s is refused without throwing', (_name, overrides) => {
		expect(verifyStandardWebhook(STANDARD.payload, standardHeaders(overrides), check)).toBe(false);
	});

	test('a secret that is not base64 is refused without throwing', () => {
		const broken = { ...check, secrets: ['whsec_not base64!'] };
		expect(verifyStandardWebhook(STANDARD.payload, standardHeaders(), broken)).toBe(false);
	});
});

describe('Stripe-style verification', () => {
	const check = { secrets: [STRIPE.secret], nowSeconds: STRIPE.timestamp };
	const header = `t=${STRIPE.timestamp},v1=${STRIPE.v1}`;

	test('the documented computation over t and the raw body is accepted', () => {
		expect(verifyStripeSignature(STRIPE.payload, header, check)).toBe(true);
	});

	test('one valid v1 among several, with a v0, is enough', () => {
		const several = `t=${STRIPE.timestamp},v1=${'0'.repeat(64)},v1=${STRIPE.v1},v0=${'1'.repeat(64)}`;
		expect(verifyStripeSignature(STRIPE.payload, several, check)).toBe(true);
	});

	test('a signature outside the tolerance is refused (replay)', () => {
		expect(
			verifyStripeSignature(STRIPE.payload, header, {
				...check,
				nowSeconds: STRIPE.timestamp + 301,
			}),
		).toBe(false);
	});

	test('a signature under another timestamp is refused', () => {
		const moved = `t=${STRIPE.timestamp + 1},v1=${STRIPE.v1}`;
		const now = { ...check, nowSeconds: STRIPE.timestamp + 1 };
		expect(verifyStripeSignature(STRIPE.payload, moved, now)).toBe(false);
	});

	test.each([
		['no header', undefined],
		['no timestamp', `v1=${STRIPE.v1}`],
		['no v1', `t=${STRIPE.timestamp},v0=${STRIPE.v1}`],
		['a short v1', `t=${STRIPE.timestamp},v1=abc`],
	])('%s is refused without throwing', (_name, value) => {
		expect(verifyStripeSignature(STRIPE.payload, value, check)).toBe(false);
	});
});

/** GitHub-style: the HMAC check with GitHub's preset (header, hex, `sha256=`). */
function verifyGitHub(payload: string, header: string, secrets: string[]): boolean {
	const { algorithm, encoding, prefix } = GITHUB_SIGNATURE;
	return verifySignature(payload, header, { algorithm, encoding, prefix, secrets });
}

describe('GitHub-style verification', () => {
	test("GitHub's documented example is accepted", () => {
		expect(verifyGitHub(GITHUB.payload, GITHUB.header, [GITHUB.secret])).toBe(true);
	});

	test('the same digest without its sha256= prefix is refused', () => {
		expect(verifyGitHub(GITHUB.payload, GITHUB.header.slice(7), [GITHUB.secret])).toBe(false);
	});

	test('another secret is refused', () => {
		expect(verifyGitHub(GITHUB.payload, GITHUB.header, ['another'])).toBe(false);
	});
});

describe('isFresh', () => {
	test('the boundary of the tolerance is still fresh', () => {
		expect(isFresh('1000', { secrets: [], nowSeconds: 1300 })).toBe(true);
	});

	test('a timestamp with a fraction is not a timestamp', () => {
		expect(isFresh('1000.5', { secrets: [], nowSeconds: 1000 })).toBe(false);
	});
});

describe('signingSecretProblem', () => {
	test('a generated-looking key is fine', () => {
		expect(signingSecretProblem('9f2c8a1e-4b7d-4e0a-a3c5-7d1f0b2e6c84')).toBeUndefined();
	});

	test('an empty key is reported', () => {
		expect(signingSecretProblem('')).toBe('it is empty');
	});

	test('a key pasted with a trailing line break is reported', () => {
		expect(signingSecretProblem('abcdef\n')).toBe('it starts or ends with a space or line break');
	});

	test('a key with a control character inside is reported', () => {
		expect(signingSecretProblem('abc\tdef')).toBe('it contains a line break or control character');
	});
});
