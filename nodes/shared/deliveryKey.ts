import { hash, randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { DeliveryIdentity, IncomingDelivery } from './types';
import type { DeliveredEvent } from './coreTypes';
import { first } from './util';
import { readPath } from '../../credentials/common/json';

/**
 * A delivery's key: the same in every retry of one delivery, different for two real events. The
 * provider's delivery id where it sends one; otherwise derived from what makes its events unique
 * (`DeliveryIdentity.fields`), or from the whole of each event. The core remembers it
 * (dedupe.ts) and every item carries it as `deliveryId`.
 */
export function deliveryKey(
	identity: DeliveryIdentity,
	headers: IncomingDelivery['headers'],
	events: DeliveredEvent[],
): string {
	const sent = identity.header ? first(headers[identity.header.toLowerCase()]) : undefined;
	if (sent) return sent;
	// Each delivery of a provider that never retries is its own: nothing to recognise again.
	if (identity.neverRetried) return randomUUID();
	const parts = events.map(({ wireEvent, payload }) => [
		wireEvent ?? null,
		eventIdentity(identity, payload),
	]);
	// 132 bits of SHA-256 as 22 base64url characters.
	return hash('sha256', canonicalJson(parts), 'base64url').slice(0, 22);
}

/** What tells an event from every other: its identifying fields when all required are there. */
function eventIdentity({ fields, requires }: DeliveryIdentity, payload: IDataObject): unknown {
	if (!fields || (requires ?? []).some((path) => readPath(payload, path) === undefined)) {
		return payload;
	}
	return fields.map((path) => readPath(payload, path) ?? null);
}

/** JSON with object keys sorted: the same text for the same data, however it was serialised. */
export function canonicalJson(value: unknown): string {
	// Without an object anywhere (identifying fields are mostly strings), there is no key to sort.
	if (!holdsObject(value)) return JSON.stringify(value);
	return JSON.stringify(value, (_key, inner: unknown) => {
		if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
		// No prototype: a payload's `__proto__` key stays a field.
		const sorted = Object.create(null) as Record<string, unknown>;
		for (const key of Object.keys(inner).sort())
			sorted[key] = (inner as Record<string, unknown>)[key];
		return sorted;
	});
}

/** Whether a JSON value holds an object (not an array) at any depth. */
function holdsObject(value: unknown): boolean {
	if (value === null || typeof value !== 'object') return false;
	if (!Array.isArray(value)) return true;
	return value.some(holdsObject);
}
