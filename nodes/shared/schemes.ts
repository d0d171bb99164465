import { timingSafeEqual } from 'crypto';

import { computeHmac, verifySignature, type HmacCheck } from './verify';

/**
 * Verifiers of the signature schemes that many senders share: Standard Webhooks (Svix and those
 * following standardwebhooks.com), Stripe-style `t=…,v1=…` headers and GitHub-style
 * `sha256=<hex>` headers. Pure functions: constant-time comparisons, a boolean answer, never a
 * throw — a malformed header or secret is simply not a valid signature.
 */

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

function sameBytes(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

function first(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
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
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The HMAC key of a Standard Webhooks secret: the base64 after `whsec_` (the prefix is optional,
 * as in the reference libraries). Undefined when it is not base64.
 */
export function standardWebhooksKey(secret: string): Buffer | undefined {
	const encoded = secret.trim().startsWith(STANDARD_PREFIX)
		? secret.trim().slice(STANDARD_PREFIX.length)
		: secret.trim();
	if (!BASE64.test(encoded)) return undefined;
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
		.filter((value) => BASE64.test(value))
		.map((value) => Buffer.from(value, 'base64'));
	if (received.length === 0) return false;
	const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), Buffer.from(payload)]);
	let valid = false;
	for (const secret of check.secrets) {
		const key = secret ? standardWebhooksKey(secret) : undefined;
		if (!key) continue;
		const expected = computeHmac('sha256', key, signed);
		// Every entry and secret is compared, so the time taken does not tell which one matched.
		for (const signature of received) if (sameBytes(signature, expected)) valid = true;
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
		for (const signature of received) if (sameBytes(signature, expected)) valid = true;
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

/** True when a GitHub-style signature header is valid for the payload under one of the secrets. */
export function verifyGitHubSignature(
	payload: Buffer | string,
	header: string | string[] | undefined,
	secrets: string[],
): boolean {
	const { algorithm, encoding, prefix } = GITHUB_SIGNATURE;
	return verifySignature(payload, first(header), { algorithm, encoding, prefix, secrets });
}
