import { createHmac, timingSafeEqual } from 'crypto';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64' | 'auto';

/** Compares two strings in time that depends only on their lengths, never on where they differ. */
export function safeEqual(received: string, expected: string): boolean {
	const a = Buffer.from(received, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	if (a.length !== b.length || a.length === 0) return false;
	return timingSafeEqual(a, b);
}

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
