import { createHmac, timingSafeEqual } from 'crypto';

import type { HmacAlgorithm, HmacCheck, SignatureEncoding, TimestampCheck } from './types';
import { first } from './util';

export type { HmacAlgorithm, HmacCheck, SignatureEncoding, TimestampCheck };

/**
 * The checks that prove who sent a delivery, as pure functions: constant-time comparisons, a
 * boolean answer, never a throw (a malformed header or secret is simply not a valid signature).
 * HMAC of the raw body in a header (hex or base64, with or without a prefix), a secret in the
 * URL, Standard Webhooks (Svix and those following standardwebhooks.com) and Stripe-style
 * `t=…,v1=…` headers. GitHub-style `sha256=<hex>` is an HMAC with a prefix (GITHUB_SIGNATURE).
 */

/** The HMAC algorithms the triggers check, and the bytes of each digest: the one table. */
export const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };
export const HMAC_ALGORITHMS = Object.keys(DIGEST_BYTES) as HmacAlgorithm[];
export const SIGNATURE_ENCODINGS: readonly SignatureEncoding[] = ['auto', 'hex', 'base64'];
/** How the node's options name each algorithm and encoding, for hints that name them. */
export const ALGORITHM_NAMES: Record<HmacAlgorithm, string> = {
	sha1: 'HMAC-SHA1',
	sha256: 'HMAC-SHA256',
	sha512: 'HMAC-SHA512',
};
export const ENCODING_NAMES: Record<SignatureEncoding, string> = {
	hex: 'Hex',
	base64: 'Base64',
	auto: 'Auto (Hex or Base64)',
};

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

/**
 * An HMAC header's value without its prefix (compared case-insensitively), trimmed; undefined
 * when the prefix is not there. The check and the explanation of a failure both read it so.
 */
export function withoutPrefix(signature: string, prefix: string | undefined): string | undefined {
	const value = signature.trim();
	if (!prefix) return value;
	if (value.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
	return value.slice(prefix.length);
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
	const value = withoutPrefix(signature, check.prefix);
	if (value === undefined) return false;
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

/** A Standard Webhooks delivery's headers as read: the check and the explanation share it. */
export interface StandardWebhookHeaders {
	id?: string;
	timestamp?: string;
	/** The `v1,` entries of webhook-signature, as sent. */
	v1: string[];
	/** Those that are base64, decoded. */
	received: Buffer[];
}

export function parseStandardWebhook(
	headers: Record<string, string | string[] | undefined>,
): StandardWebhookHeaders {
	const signatures = first(headers[STANDARD_WEBHOOKS_HEADERS.signature]) ?? '';
	const v1 = signatures
		.split(' ')
		.filter((entry) => entry.startsWith('v1,'))
		.map((entry) => entry.slice(3));
	return {
		id: first(headers[STANDARD_WEBHOOKS_HEADERS.id]) || undefined,
		timestamp: first(headers[STANDARD_WEBHOOKS_HEADERS.timestamp]) || undefined,
		v1,
		received: v1
			.filter((value) => STANDARD_BASE64.test(value))
			.map((value) => Buffer.from(value, 'base64')),
	};
}

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
	const { id, timestamp, v1, received } = parseStandardWebhook(headers);
	if (!id || !timestamp || v1.length === 0 || !isFresh(timestamp, check)) return false;
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

/** A Stripe-style header as read: the check and the explanation share it. */
export interface StripeHeader {
	timestamp?: string;
	/** The v1 entries, as sent. */
	v1: string[];
	/** Those that are an HMAC-SHA256 in hex (64 hex digits), decoded. */
	received: Buffer[];
}

export function parseStripeHeader(value: string): StripeHeader {
	let timestamp: string | undefined;
	const v1: string[] = [];
	for (const part of value.split(',')) {
		const [key, ...rest] = part.trim().split('=');
		const item = rest.join('=');
		if (key === 't') timestamp ??= item;
		if (key === 'v1') v1.push(item);
	}
	const hexLength = DIGEST_BYTES.sha256 * 2;
	const received = v1
		.filter((item) => item.length === hexLength && HEX.test(item))
		.map((item) => Buffer.from(item, 'hex'));
	return { timestamp, v1, received };
}

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
	const { timestamp, received } = parseStripeHeader(value);
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
