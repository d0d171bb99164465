import type { INodeProperties } from 'n8n-workflow';

import { ALL_EVENTS } from './events';
import type { ProviderEvent } from './types';

/** The events dropdown every trigger shares; "All Events" also lets unknown events through. */
export function eventsProperty(
	events: ProviderEvent[],
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	const options = [...events]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(({ name, value, description }) => ({ name, value, description }));
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		description: 'The events that start the workflow',
		options: [
			{
				name: 'All Events',
				value: ALL_EVENTS,
				description: 'Every event, including ones not listed here',
			},
			...options,
		],
		...extra,
	};
}

/** Lets the user subscribe to events their account defines beyond the standard list. */
export const customEventsProperty: INodeProperties = {
	displayName: 'Custom Event Names',
	name: 'customEvents',
	type: 'string',
	default: '',
	placeholder: 'e.g. myEvent, otherEvent',
	description:
		'Events defined in your own project, separated by commas; subscribed to in addition to those chosen above',
};

/** Entry of a trigger's Options collection: samples in the editor's test mode. */
export const samplesOption: INodeProperties = {
	displayName: 'Show Samples When Testing',
	name: 'samples',
	type: 'boolean',
	default: true,
	description:
		'Whether "Listen for test event" shows sample events at once, without waiting for a real event',
};
