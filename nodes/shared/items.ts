import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { chosenEvents, createEventMatcher, isSelected, type EventSelection } from './events';
import type { DeliveryShape, Provider } from './types';
import type { DeliveredEvent, Malformed } from './coreTypes';
import { isObject, readPath } from '../../credentials/common/json';

/**
 * From a parsed delivery to the run's items: batches split into events, envelopes unwrapped,
 * each event named (by its field or its hook URL), filtered by the user's selection and turned
 * into one item.
 */

/**
 * Fields the core adds to every item; a payload field of the same name moves to
 * `provider<Name>`.
 */
const ITEM_FIELDS = ['event', 'receivedAt', 'deliveryId'];

/**
 * Splits a parsed delivery into its events: a batch array becomes one event per element, an
 * envelope is unwrapped, and each event's name is read from its field or the hook URL.
 */
export function deliveryToEvents(
	body: unknown,
	shape: DeliveryShape,
	urlEvent?: string,
): DeliveredEvent[] | Malformed {
	let elements: unknown[];
	if (Array.isArray(body)) {
		if (!shape.batch) return { malformed: 'Expected one JSON object, received an array.' };
		elements = body;
	} else {
		elements = [body];
	}
	const fromUrl = shape.eventInUrl ? urlEvent : undefined;
	const events: DeliveredEvent[] = [];
	for (const element of elements) {
		if (!isObject(element)) {
			return { malformed: 'Expected each event to be a JSON object.' };
		}
		const named = eventName(element, shape.eventField);
		const wireEvent = named ?? fromUrl;
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
	/** The delivery's key (deliveryKey.ts), the same in its retries; in every item. */
	deliveryId: string;
	enrich?: DeliveryShape['enrich'];
}

/** How this node turns events into items: the user's selection, the event names, enrichments. */
export function itemsOptions(
	context: IWebhookFunctions,
	provider: Provider,
	shape: DeliveryShape,
): Omit<ItemsOptions, 'deliveryId'> {
	const offered = provider.events(context);
	return {
		selection: chosenEvents(context, offered),
		matchEvent: createEventMatcher(offered),
		receivedAt: new Date().toISOString(),
		enrich: shape.enrich,
	};
}

/** Filters events by the user's selection and turns the rest into items, one per event. */
export function eventsToItems(
	events: DeliveredEvent[],
	options: ItemsOptions,
): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	const { deliveryId } = options;
	for (const { wireEvent, payload } of events) {
		const event = wireEvent === undefined ? undefined : options.matchEvent(wireEvent);
		if (event === undefined ? !options.selection.all : !isSelected(options.selection, event)) {
			continue;
		}
		const json: IDataObject = { event: event ?? null, receivedAt: options.receivedAt, deliveryId };
		// Object.keys, not Object.entries: no [key, value] array per field of every event of a batch.
		for (const key of Object.keys(payload)) {
			setField(json, ITEM_FIELDS.includes(key) ? providerField(key) : key, payload[key]);
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
