import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { isSelected, type EventSelection } from './events';
import type { DeliveryShape } from './types';

/** Fields the core adds to every item; a payload field of the same name moves to `provider<Name>`. */
const ITEM_FIELDS = ['event', 'receivedAt'] as const;

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

/** Parses a JSON delivery body. */
export function parseJsonBody(rawBody: Buffer | string | undefined): Parsed | Malformed {
	const text = rawBody === undefined ? '' : rawBody.toString();
	if (text.trim() === '') return { malformed: 'The request body is empty; expected JSON.' };
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
	enrich?: DeliveryShape['enrich'];
}

/** Filters events by the user's selection and turns the rest into items, one per event. */
export function eventsToItems(
	events: DeliveredEvent[],
	options: ItemsOptions,
): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	for (const { wireEvent, payload } of events) {
		const event = wireEvent === undefined ? undefined : options.matchEvent(wireEvent);
		if (event === undefined ? !options.selection.all : !isSelected(options.selection, event)) {
			continue;
		}
		const json: IDataObject = { event: event ?? null, receivedAt: options.receivedAt };
		for (const [key, value] of Object.entries(payload)) {
			json[(ITEM_FIELDS as readonly string[]).includes(key) ? providerField(key) : key] = value;
		}
		if (options.enrich) Object.assign(json, options.enrich(payload));
		items.push({ json });
	}
	return items;
}

function providerField(key: string): string {
	return `provider${key[0].toUpperCase()}${key.slice(1)}`;
}
