import {
	computeHmac,
	verifySignature,
	type HmacAlgorithm,
	type HmacCheck,
} from '../../nodes/shared/verify';

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
