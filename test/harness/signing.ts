import { createHmac, randomUUID } from 'crypto';

/**
 * Signs request bodies the way webhook senders do, independently of the core's verifier (plain
 * node:crypto, nothing from nodes/shared), so a test proves the verifier against a sender rather
 * than against itself.
 */
export type SigningAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SigningEncoding = 'hex' | 'base64' | 'base64url';

export interface SigningOptions {
	/** HMAC hash function; sha256 unless told. */
	algorithm?: SigningAlgorithm;
	/** How the digest is written; hex unless told. */
	encoding?: SigningEncoding;
	/** Text written before the digest, e.g. `sha256=`. */
	prefix?: string;
}

/** The header value a sender would put on `body`: `<prefix><HMAC(secret, raw body)>`. */
export function signBody(
	body: string | Buffer,
	secret: string,
	{ algorithm = 'sha256', encoding = 'hex', prefix = '' }: SigningOptions = {},
): string {
	const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	return `${prefix}${createHmac(algorithm, secret).update(raw).digest(encoding)}`;
}

export interface SignedRequest {
	headers: Record<string, string>;
	/** The exact bytes that were signed: send these, not a re-serialisation. */
	body: string;
}

/**
 * A request carrying `payload` as JSON with its signature in `header` (X-Signature unless told),
 * ready for TriggerHarness.deliver().
 */
export function signedRequest(
	payload: unknown,
	secret: string,
	{ header = 'X-Signature', ...options }: SigningOptions & { header?: string } = {},
): SignedRequest {
	const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
	return {
		headers: { 'content-type': 'application/json', [header]: signBody(body, secret, options) },
		body,
	};
}

/**
 * Headers a Standard Webhooks sender puts on `body` (standardwebhooks.com spec), signed here with
 * plain node:crypto, independently of the core's verifier.
 */
export function standardWebhooksHeaders(
	body: string,
	secret: string,
	{ id = `msg_${randomUUID()}`, timestamp = Math.floor(Date.now() / 1000) } = {},
): Record<string, string> {
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
	return {
		'webhook-id': id,
		'webhook-timestamp': String(timestamp),
		'webhook-signature': `v1,${signature}`,
	};
}

/** A Stripe-style `t=…,v1=…` header value for `body`, signed with plain node:crypto. */
export function stripeStyleHeader(
	body: string,
	secret: string,
	timestamp = Math.floor(Date.now() / 1000),
): string {
	const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
	return `t=${timestamp},v1=${v1}`;
}
