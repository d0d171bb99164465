import type { INodeProperties } from 'n8n-workflow';

import { N8N } from './n8nWords';

/**
 * Entries every trigger's Options collection shares: samples in the editor, the grace period of
 * replaced subscriptions, how long deliveries are remembered. Each name and default once.
 */

/** Entry of a trigger's Options collection: samples in the editor's test mode. */
export const samplesOption: INodeProperties = {
	displayName: 'Show Samples When Testing',
	name: 'samples',
	type: 'boolean',
	default: true,
	description:
		'Whether "Listen for test event" shows sample events at once, without waiting for a real event',
};

/** Name of the Options entry `gracePeriodOption()` adds, its default and its bound in minutes (a week: longer than providers retry). */
export const GRACE_PERIOD_PARAMETER = 'replacedGraceMinutes';
export const DEFAULT_GRACE_MINUTES = 10;
export const MAX_GRACE_MINUTES = 7 * 24 * 60;

/**
 * Entry of the Options collection of a trigger that subscribes through the provider's API: how
 * long a replaced subscription's deliveries still run (see docs/operations.md).
 */
export function gracePeriodOption(
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Grace Period for Replaced Subscriptions (Minutes)',
		name: GRACE_PERIOD_PARAMETER,
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_GRACE_MINUTES },
		default: DEFAULT_GRACE_MINUTES,
		description: `When you change the trigger and ${N8N.publish} the workflow again, its subscriptions are replaced. Deliveries already sent through the old ones, and the provider's retries of them, still run for this many minutes, then get 410 Gone. Set 0 to make old hook URLs stop at once, e.g. when one leaked.`,
		displayOptions,
	};
}

/** Name of the Options entry `deliveryWindowOption()` adds, its default and its bound in minutes. */
export const DELIVERY_WINDOW_PARAMETER = 'deliveryWindowMinutes';
export const DEFAULT_DELIVERY_WINDOW_MINUTES = 60;
export const MAX_DELIVERY_WINDOW_MINUTES = 7 * 24 * 60;

/**
 * Entry of every trigger's Options collection: how long a delivery is remembered, so that the
 * provider's retry of it starts no second run (dedupe.ts, deliveryKey.ts).
 */
export function deliveryWindowOption(
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Remember Deliveries For (Minutes)',
		name: DELIVERY_WINDOW_PARAMETER,
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_DELIVERY_WINDOW_MINUTES },
		default: DEFAULT_DELIVERY_WINDOW_MINUTES,
		description:
			"How long a delivery is remembered: when the provider sends it again within this time (a retry after a lost answer), it is answered without a second run. Set it to the provider's retry horizon; 0 runs every delivery.",
		displayOptions,
	};
}
