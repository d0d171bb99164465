import {
	GITHUB_SIGNATURE,
	isFresh,
	standardWebhooksKey,
	verifyGitHubSignature,
	verifyStandardWebhook,
	verifyStripeSignature,
} from '../../nodes/shared/schemes';
import { isAuthentic } from '../../nodes/shared/webhook';

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

describe('GitHub-style verification', () => {
	test("GitHub's documented example is accepted", () => {
		expect(verifyGitHubSignature(GITHUB.payload, GITHUB.header, [GITHUB.secret])).toBe(true);
	});

	test('the same digest without its sha256= prefix is refused', () => {
		expect(verifyGitHubSignature(GITHUB.payload, GITHUB.header.slice(7), [GITHUB.secret])).toBe(
			false,
		);
	});

	test('another secret is refused', () => {
		expect(verifyGitHubSignature(GITHUB.payload, GITHUB.header, ['another'])).toBe(false);
	});

	test('the preset is the hmac scheme the core already checks', () => {
		const auth = { scheme: 'hmac' as const, ...GITHUB_SIGNATURE, secrets: [GITHUB.secret] };
		expect(
			isAuthentic(auth, Buffer.from(GITHUB.payload), { 'x-hub-signature-256': GITHUB.header }, {}),
		).toBe(true);
	});
});

describe('isAuthentic with the timestamped schemes', () => {
	test('standardWebhooks reads the three lower-cased headers', () => {
		const auth = { scheme: 'standardWebhooks' as const, secrets: [STANDARD.secret] };
		expect(
			isAuthentic(auth, Buffer.from(STANDARD.payload), standardHeaders(), {}, AT_STANDARD),
		).toBe(true);
	});

	test('stripe reads a renamed header when told', () => {
		const auth = {
			scheme: 'stripe' as const,
			header: 'X-Acme-Signature',
			secrets: [STRIPE.secret],
		};
		const headers = { 'x-acme-signature': `t=${STRIPE.timestamp},v1=${STRIPE.v1}` };
		expect(isAuthentic(auth, Buffer.from(STRIPE.payload), headers, {}, STRIPE.timestamp)).toBe(
			true,
		);
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
