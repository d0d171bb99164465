import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { ProviderEvent } from './types';
import { splitList } from './util';
import { nodeParameter } from './nodeReads';

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

/** Reads the shared `events` and optional `customEvents` parameters. */
export function chosenEvents(
	context: IHookFunctions | IWebhookFunctions,
	offered: ProviderEvent[],
): EventSelection {
	const picked = (nodeParameter(context, 'events', []) as string[]) ?? [];
	const custom = splitList(nodeParameter(context, 'customEvents', ''));
	const all = picked.includes(ALL_EVENTS);
	const values = all ? offered.map((event) => event.value) : picked.slice();
	for (const name of custom) values.push(name);
	return { all, values: Array.from(new Set(values)) };
}

/** Distinct wire names a matcher remembers the answer for; a batch repeats a few names. */
const MATCHER_MEMORY = 256;

const matchers = new WeakMap<ProviderEvent[], (wireName: string) => string>();

/**
 * Maps what a delivery calls its event to the provider value the user picked from, matching the
 * value, the display name and every wire form tolerantly. Unknown names come back unchanged.
 * Built once per list of events (providers keep theirs in a constant): normalizing every name
 * on each delivery cost more than checking its signature.
 */
export function createEventMatcher(offered: ProviderEvent[]): (wireName: string) => string {
	const known = matchers.get(offered);
	if (known) return known;
	const byName = new Map<string, string>();
	for (const event of offered) {
		for (const name of [event.value, event.name, ...(event.wireForms ?? [])]) {
			const key = normalizeEventName(name);
			if (!byName.has(key)) byName.set(key, event.value);
		}
	}
	const answers = new Map<string, string>();
	const matcher = (wireName: string): string => {
		let answer = answers.get(wireName);
		if (answer === undefined) {
			answer = byName.get(normalizeEventName(wireName)) ?? wireName;
			// Bounded: names are chosen by whoever sends deliveries.
			if (answers.size >= MATCHER_MEMORY) answers.clear();
			answers.set(wireName, answer);
		}
		return answer;
	};
	matchers.set(offered, matcher);
	return matcher;
}

const selectedKeys = new WeakMap<EventSelection, Set<string>>();

/** True when an event (already mapped to a provider value) passes the user's selection. */
export function isSelected(selection: EventSelection, event: string): boolean {
	if (selection.all) return true;
	// Normalized once per selection, not once per event of a batch.
	let keys = selectedKeys.get(selection);
	if (!keys) {
		keys = new Set(selection.values.map(normalizeEventName));
		selectedKeys.set(selection, keys);
	}
	return keys.has(normalizeEventName(event));
}
