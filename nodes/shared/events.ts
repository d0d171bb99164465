import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { ProviderEvent } from './types';

/** The dropdown value meaning "every event, including ones this package does not list". */
export const ALL_EVENTS = '*';

export interface EventSelection {
	/** True when the user chose all events: unknown wire events pass the filter too. */
	all: boolean;
	/** Provider values to subscribe to, "all" expanded, custom names added, no duplicates. */
	values: string[];
}

/** Case, accents, spaces and punctuation do not matter: "Déclaré comme SPAM" = "declare_comme_spam". */
export function normalizeEventName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

export function splitCustomEvents(text: string): string[] {
	return text
		.split(/[,\n]/)
		.map((name) => name.trim())
		.filter((name) => name.length > 0);
}

/** Reads the shared `events` and optional `customEvents` parameters. */
export function chosenEvents(
	context: IHookFunctions | IWebhookFunctions,
	offered: ProviderEvent[],
): EventSelection {
	const picked = (context.getNodeParameter('events', []) as string[]) ?? [];
	const custom = splitCustomEvents((context.getNodeParameter('customEvents', '') as string) ?? '');
	const all = picked.includes(ALL_EVENTS);
	const values = all ? offered.map((event) => event.value) : picked.slice();
	for (const name of custom) values.push(name);
	return { all, values: Array.from(new Set(values)) };
}

/**
 * Maps what a delivery calls its event to the provider value the user picked from, matching the
 * value, the display name and every wire form tolerantly. Unknown names come back unchanged.
 */
export function createEventMatcher(offered: ProviderEvent[]): (wireName: string) => string {
	const byName = new Map<string, string>();
	for (const event of offered) {
		for (const name of [event.value, event.name, ...(event.wireForms ?? [])]) {
			const key = normalizeEventName(name);
			if (!byName.has(key)) byName.set(key, event.value);
		}
	}
	return (wireName) => byName.get(normalizeEventName(wireName)) ?? wireName;
}

/** True when an event (already mapped to a provider value) passes the user's selection. */
export function isSelected(selection: EventSelection, event: string): boolean {
	if (selection.all) return true;
	const key = normalizeEventName(event);
	return selection.values.some((value) => normalizeEventName(value) === key);
}
