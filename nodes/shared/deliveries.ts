import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { isSelected, type EventSelection } from './events';
import type { DeliveryShape } from './types';

/**
 * Fields the core adds to items (`deliveryId` only where the provider sends one); a payload
 * field of the same name moves to `provider<Name>`.
 */
const ITEM_FIELDS = ['event', 'receivedAt'];
const ITEM_FIELDS_WITH_ID = [...ITEM_FIELDS, 'deliveryId'];

/** A delivery the trigger could not read, with a message fit for the sender (answered with 400). */
export interface Malformed {
	malformed: string;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Parsed {
	body: unknown;
}

/**
 * Bounds on what a delivery may be, the same for every trigger (a provider may lower or raise
 * the body size in its DeliveryShape). Mutable so tests can lower them, as `retryPolicy`.
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

/** The value at a dotted path, e.g. `result.id`; undefined when any step is missing. */
export function readPath(value: IDataObject, path: string): unknown {
	let current: unknown = value;
	for (const key of path.split('.')) {
		if (!isObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

export interface DeliveredEvent {
	/** The event as named on the wire (mapped to a provider value later); undefined when unnamed. */
	wireEvent: string | undefined;
	payload: IDataObject;
}

/**
 * Splits a parsed delivery into its events: a batch array becomes one event per element, an
 * envelope is unwrapped, and each event's name is read from its field or the hook URL.
 */
export function deliveryToEvents(
	body: unknown,
	shape: DeliveryShape,
	query: IDataObject,
): DeliveredEvent[] | Malformed {
	let elements: unknown[];
	if (Array.isArray(body)) {
		if (!shape.batch) return { malformed: 'Expected one JSON object, received an array.' };
		elements = body;
	} else {
		elements = [body];
	}
	const fromQuery = shape.eventQueryParameter ? query[shape.eventQueryParameter] : undefined;
	const events: DeliveredEvent[] = [];
	for (const element of elements) {
		if (!isObject(element)) {
			return { malformed: 'Expected each event to be a JSON object.' };
		}
		const named = eventName(element, shape.eventField);
		const wireEvent = named ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
		for (const payload of unwrap(element, shape.unwrap)) events.push({ wireEvent, payload });
	}
	return events;
}

/** The first of the event fields that holds a string. */
function eventName(element: IDataObject, field: DeliveryShape['eventField']): string | undefined {
	for (const path of Array.isArray(field) ? field : field ? [field] : []) {
		const value = readPath(element, path);
		if (typeof value === 'string') return value;
	}
	return undefined;
}

/** `{"result": {...}}` gives its object, `{"result": [...]}` each element; no envelope, the event itself. */
function unwrap(element: IDataObject, path: string | undefined): IDataObject[] {
	if (!path) return [element];
	const inner = readPath(element, path);
	if (Array.isArray(inner)) return inner.filter(isObject);
	if (isObject(inner)) return [inner];
	return [element];
}

export interface ItemsOptions {
	selection: EventSelection;
	/** Maps a wire name to the provider value shown to the user. */
	matchEvent: (wireName: string) => string;
	receivedAt: string;
	/** The provider's id of this delivery, the same in its retries; in every item when known. */
	deliveryId?: string;
	enrich?: DeliveryShape['enrich'];
}

/** Filters events by the user's selection and turns the rest into items, one per event. */
export function eventsToItems(
	events: DeliveredEvent[],
	options: ItemsOptions,
): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	const { deliveryId } = options;
	const reserved = deliveryId === undefined ? ITEM_FIELDS : ITEM_FIELDS_WITH_ID;
	for (const { wireEvent, payload } of events) {
		const event = wireEvent === undefined ? undefined : options.matchEvent(wireEvent);
		if (event === undefined ? !options.selection.all : !isSelected(options.selection, event)) {
			continue;
		}
		const json: IDataObject = { event: event ?? null, receivedAt: options.receivedAt };
		if (deliveryId !== undefined) json.deliveryId = deliveryId;
		// Object.keys, not Object.entries: no [key, value] array per field of every event of a batch.
		for (const key of Object.keys(payload)) {
			setField(json, reserved.includes(key) ? providerField(key) : key, payload[key]);
		}
		if (options.enrich) Object.assign(json, options.enrich(payload));
		items.push({ json });
	}
	return items;
}

/**
 * Sets a field as an own property, whatever its name: a payload's `__proto__` key (JSON.parse
 * keeps it as a field) must stay data, not become the item's prototype.
 */
function setField(target: IDataObject, key: string, value: unknown): void {
	if (key === '__proto__') {
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	} else {
		target[key] = value as IDataObject[string];
	}
}

function providerField(key: string): string {
	return `provider${key[0].toUpperCase()}${key.slice(1)}`;
}
