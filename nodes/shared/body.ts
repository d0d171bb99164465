import type { IDataObject } from 'n8n-workflow';

import type { DeliveryShape } from './types';
import type { Malformed } from './coreTypes';

/**
 * Reading a delivery: its size is bounded before anything else, its body parsed as JSON (nested
 * no deeper than a limit), or its query string taken as the payload of a GET callback.
 */

/** A delivery's payload, parsed. */
export interface Parsed {
	body: unknown;
}

/**
 * Bounds on what a delivery may be, the same for every trigger. Mutable so tests can lower them,
 * as `retryPolicy`.
 */
export const deliveryLimits = {
	/**
	 * Larger bodies are answered 413 before anything else is done with them. 10 MiB: below n8n's
	 * own N8N_PAYLOAD_SIZE_MAX (16 MiB), so the sender gets a clear answer from the trigger, and
	 * a batch of 10,000 webhook events of about 600 bytes each (6 MiB) still fits.
	 */
	maxBodyBytes: 10 * 1024 * 1024,
	/**
	 * JSON nested deeper than this is answered 400. No webhook payload comes near it, and n8n
	 * copies items recursively: a body nested a few thousand levels deep would break the run.
	 */
	maxDepth: 256,
};

/** Index of the quote closing the string whose content starts at `from`; -1 when unclosed. */
function stringEnd(raw: Buffer, from: number): number {
	let quote = raw.indexOf(0x22, from);
	while (quote !== -1) {
		let backslashes = 0;
		while (quote - backslashes - 1 >= from && raw[quote - backslashes - 1] === 0x5c) backslashes++;
		if (backslashes % 2 === 0) return quote;
		quote = raw.indexOf(0x22, quote + 1);
	}
	return -1;
}

/**
 * True when `raw` holds at most `max` opening brackets (`[` and `{`, in strings too), counted
 * with a native search per bracket: then nothing in it can nest deeper than `max`.
 */
function fewBrackets(raw: Buffer, max: number): boolean {
	let count = 0;
	for (const bracket of [0x7b, 0x5b]) {
		for (let at = raw.indexOf(bracket); at !== -1; at = raw.indexOf(bracket, at + 1)) {
			if (++count > max) return false;
		}
	}
	return true;
}

/**
 * True when the JSON text nests arrays/objects deeper than `max`; strings are skipped. Runs on
 * every delivery before parsing. Most events hold fewer brackets than `max` in all, which a few
 * native searches tell; otherwise string contents (most of a payload's bytes) are jumped over
 * with a native search for their closing quote, not read byte by byte.
 */
export function nestsDeeperThan(raw: Buffer, max: number): boolean {
	if (fewBrackets(raw, max)) return false;
	let depth = 0;
	for (let index = 0; index < raw.length; index++) {
		const byte = raw[index];
		if (byte === 0x22) {
			index = stringEnd(raw, index + 1);
			if (index === -1) return false;
		} else if (byte === 0x5b || byte === 0x7b) {
			if (++depth > max) return true;
		} else if (byte === 0x5d || byte === 0x7d) {
			depth--;
		}
	}
	return false;
}

/** Parses a JSON delivery body (a leading byte order mark is ignored, as n8n does). */
export function parseJsonBody(
	rawBody: Buffer | string | undefined,
	maxDepth = deliveryLimits.maxDepth,
): Parsed | Malformed {
	const raw = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody ?? '');
	let text = raw.toString();
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.trim() === '') return { malformed: 'The request body is empty; expected JSON.' };
	if (nestsDeeperThan(raw, maxDepth)) {
		return { malformed: `The request body nests JSON deeper than ${maxDepth} levels.` };
	}
	try {
		return { body: JSON.parse(text) as unknown };
	} catch (error) {
		return { malformed: `The request body is not valid JSON: ${(error as Error).message}` };
	}
}

/** The payload of a delivery: its JSON body, or for GET callbacks its query string. */
export function parseDelivery(
	{ rawBody, payloadQuery }: { rawBody: Buffer; payloadQuery: IDataObject },
	shape: DeliveryShape,
): Parsed | Malformed {
	return shape.source === 'query' ? { body: payloadQuery } : parseJsonBody(rawBody);
}

/** A body size for messages: "10 MiB", "512 bytes". */
export function describeSize(count: number): string {
	const mib = count / (1024 * 1024);
	return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${count} bytes`;
}
