import { createHmac, timingSafeEqual } from 'crypto';

import { first } from './util';

/**
 * The checks that prove who sent a delivery, as pure functions: constant-time comparisons, a
 * boolean answer, never a throw (a malformed header or secret is simply not a valid signature).
 * HMAC of the raw body in a header (hex or base64, with or without a prefix), a secret in the
 * URL, Standard Webhooks (Svix and those following standardwebhooks.com) and Stripe-style
 * `t=…,v1=…` headers. GitHub-style `sha256=<hex>` is an HMAC with a prefix (GITHUB_SIGNATURE).
 */

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64' | 'auto';

/** Compares two strings in time that depends only on their lengths, never on where they differ. */
export function safeEqual(received: string, expected: string): boolean {
	const a = Buffer.from(received, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	if (a.length !== b.length || a.length === 0) return false;
	return timingSafeEqual(a, b);
}

/** Compares two byte strings in time that depends only on their lengths. */
function safeEqualBytes(received: Buffer, expected: Buffer): boolean {
	if (received.length !== expected.length || received.length === 0) return false;
	return timingSafeEqual(received, expected);
}

export function computeHmac(
	algorithm: HmacAlgorithm,
	secret: string | Buffer,
	payload: string | Buffer,
): Buffer {
	return createHmac(algorithm, secret).update(payload).digest();
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };

/**
 * Decodes a signature as sent on the wire; undefined when it is not valid in that encoding.
 * With 'auto', a value of exactly the digest's hex length made of hex digits is hex, anything
 * else is read as base64 (standard or URL-safe).
 */
export function decodeSignature(
	value: string,
	encoding: SignatureEncoding,
	algorithm: HmacAlgorithm,
): Buffer | undefined {
	const hexLength = DIGEST_BYTES[algorithm] * 2;
	const looksHex = value.length === hexLength && HEX.test(value);
	if (encoding === 'hex' || (encoding === 'auto' && looksHex)) {
		return looksHex ? Buffer.from(value, 'hex') : undefined;
	}
	if (!BASE64.test(value)) return undefined;
	return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export interface HmacCheck {
	algorithm: HmacAlgorithm;
	/** 'auto' accepts hex or base64, whichever the sender used. */
	encoding: SignatureEncoding;
	/** Text before the signature itself, e.g. `sha256=`; compared case-insensitively. */
	prefix?: string;
	/** Current secret first; a previous one keeps deliveries flowing while the sender rotates. */
	secrets: string[];
}

/**
 * True when `signature` is a valid HMAC of `payload` under one of the secrets.
 * Never throws: any malformed input is simply not a valid signature.
 */
export function verifySignature(
	payload: Buffer | string,
	signature: string | string[] | undefined,
	check: HmacCheck,
): boolean {
	if (typeof signature !== 'string') return false;
	let value = signature.trim();
	if (check.prefix) {
		if (value.slice(0, check.prefix.length).toLowerCase() !== check.prefix.toLowerCase()) {
			return false;
		}
		value = value.slice(check.prefix.length);
	}
	const received = decodeSignature(value, check.encoding, check.algorithm);
	if (!received) return false;
	let valid = false;
	for (const secret of check.secrets) {
		if (!secret) continue;
		// Every secret is tried so the time taken does not tell which one matched.
		if (safeEqualBytes(received, computeHmac(check.algorithm, secret, payload))) valid = true;
	}
	return valid;
}

/** True when `received` equals one of the non-empty secrets. */
export function verifySecret(received: unknown, secrets: Array<string | undefined>): boolean {
	if (typeof received !== 'string') return false;
	let valid = false;
	for (const secret of secrets) {
		if (secret && safeEqual(received, secret)) valid = true;
	}
	return valid;
}

// Standard Webhooks and Stripe-style signatures carry a timestamp.

/** Signatures older or newer than this are refused, as the Standard Webhooks spec and Stripe advise. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface TimestampCheck {
	/** Current secret first; a previous one keeps deliveries flowing while the sender rotates. */
	secrets: string[];
	/** How far the signed timestamp may be from now, either way; DEFAULT_TOLERANCE_SECONDS unless told. */
	toleranceSeconds?: number;
	/** Now, in seconds since the epoch; the clock unless told (tests). */
	nowSeconds?: number;
}

/** True when a decimal Unix timestamp is within the tolerance of now: replay protection. */
export function isFresh(
	timestamp: string,
	{ toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, nowSeconds }: TimestampCheck,
): boolean {
	if (!/^\d{1,12}$/.test(timestamp)) return false;
	const now = nowSeconds ?? Math.floor(Date.now() / 1000);
	return Math.abs(now - Number(timestamp)) <= toleranceSeconds;
}

const STANDARD_PREFIX = 'whsec_';
/** Standard base64, as Standard Webhooks secrets and signatures are written. */
const STANDARD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The HMAC key of a Standard Webhooks secret: the base64 after `whsec_` (the prefix is optional,
 * as in the reference libraries). Undefined when it is not base64.
 */
export function standardWebhooksKey(secret: string): Buffer | undefined {
	const encoded = secret.trim().startsWith(STANDARD_PREFIX)
		? secret.trim().slice(STANDARD_PREFIX.length)
		: secret.trim();
	if (!STANDARD_BASE64.test(encoded)) return undefined;
	const key = Buffer.from(encoded, 'base64');
	return key.length > 0 ? key : undefined;
}

/** The three headers of a Standard Webhooks delivery (names lower-cased, as n8n gives them). */
export const STANDARD_WEBHOOKS_HEADERS = {
	id: 'webhook-id',
	timestamp: 'webhook-timestamp',
	signature: 'webhook-signature',
} as const;

/**
 * Standard Webhooks: `webhook-signature` holds space-separated `v1,<base64>` entries, each an
 * HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${raw body}` keyed by the decoded secret;
 * one valid entry is enough. The timestamp must be within the tolerance.
 */
export function verifyStandardWebhook(
	payload: Buffer | string,
	headers: Record<string, string | string[] | undefined>,
	check: TimestampCheck,
): boolean {
	const id = first(headers[STANDARD_WEBHOOKS_HEADERS.id]);
	const timestamp = first(headers[STANDARD_WEBHOOKS_HEADERS.timestamp]);
	const signatures = first(headers[STANDARD_WEBHOOKS_HEADERS.signature]);
	if (!id || !timestamp || !signatures || !isFresh(timestamp, check)) return false;
	const received = signatures
		.split(' ')
		.filter((entry) => entry.startsWith('v1,'))
		.map((entry) => entry.slice(3))
		.filter((value) => STANDARD_BASE64.test(value))
		.map((value) => Buffer.from(value, 'base64'));
	if (received.length === 0) return false;
	const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), Buffer.from(payload)]);
	let valid = false;
	for (const secret of check.secrets) {
		const key = secret ? standardWebhooksKey(secret) : undefined;
		if (!key) continue;
		const expected = computeHmac('sha256', key, signed);
		// Every entry and secret is compared, so the time taken does not tell which one matched.
		for (const signature of received) if (safeEqualBytes(signature, expected)) valid = true;
	}
	return valid;
}

/** The header Stripe signs its deliveries in; senders copying the scheme often rename it. */
export const STRIPE_SIGNATURE_HEADER = 'Stripe-Signature';

/**
 * Stripe-style: `t=<timestamp>,v1=<hex>[,v1=<hex>…]`, each v1 an HMAC-SHA256 of
 * `${t}.${raw body}` keyed by the secret as written (`whsec_…` included). Other schemes (v0) are
 * ignored; one valid v1 is enough. The timestamp must be within the tolerance.
 */
export function verifyStripeSignature(
	payload: Buffer | string,
	header: string | string[] | undefined,
	check: TimestampCheck,
): boolean {
	const value = first(header);
	if (typeof value !== 'string') return false;
	let timestamp: string | undefined;
	const received: Buffer[] = [];
	for (const part of value.split(',')) {
		const [key, ...rest] = part.trim().split('=');
		const item = rest.join('=');
		if (key === 't') timestamp ??= item;
		if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(item)) received.push(Buffer.from(item, 'hex'));
	}
	if (timestamp === undefined || received.length === 0 || !isFresh(timestamp, check)) return false;
	const signed = Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), Buffer.from(payload)]);
	let valid = false;
	for (const secret of check.secrets) {
		if (!secret) continue;
		const expected = computeHmac('sha256', secret, signed);
		for (const signature of received) if (safeEqualBytes(signature, expected)) valid = true;
	}
	return valid;
}

/** GitHub-style: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
export const GITHUB_SIGNATURE = {
	header: 'X-Hub-Signature-256',
	algorithm: 'sha256',
	encoding: 'hex',
	prefix: 'sha256=',
} as const satisfies Omit<HmacCheck, 'secrets'> & { header: string };

/**
 * What is wrong with a signing secret as typed or pasted, or undefined when it looks usable.
 * Only its form can be checked: whether the sender uses the same secret shows on the first
 * signed delivery.
 */
export function signingSecretProblem(secret: unknown): string | undefined {
	if (typeof secret !== 'string' || secret === '') return 'it is empty';
	if (secret.trim() !== secret) return 'it starts or ends with a space or line break';
	for (const character of secret) {
		const code = character.charCodeAt(0);
		if (code < 0x20 || code === 0x7f) return 'it contains a line break or control character';
	}
	return undefined;
}
