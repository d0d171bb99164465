import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { Provider, Sample } from '../shared/types';
import { splitList } from '../shared/util';
import { DEFAULT_EVENT_FIELDS, EXTENSION_EVENTS, SARBACANE_EVENTS } from './events';
import { SARBACANE_SAMPLES } from './samples';
import { SARBACANE, SARBACANE_CREDENTIAL, webhooksApi } from './webhooks';
import { nodeParameter } from '../shared/nodeReads';

/** `api`: the trigger registers its webhook through the API; `manual`: pasted in the extension. */
export type SarbacaneSource = 'api' | 'manual';

const ISO_LIKE =
	/^(\d{4}-\d{2}-\d{2})\s*[T ]\s*(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Sarbacane's `date` as an ISO 8601 UTC string, or null. The seed's dates look like
 * `2016-08-11 T 12:25:18.889Z` (spaces around the T); a date without a zone is UTC, as the
 * documentation says every date is; a number is taken as epoch milliseconds (seconds when small).
 */
export function parseSarbacaneDate(value: unknown): string | null {
	let time: number;
	if (typeof value === 'number') {
		time = Math.abs(value) < 1e11 ? value * 1000 : value;
	} else if (typeof value === 'string') {
		const match = ISO_LIKE.exec(value.trim());
		if (!match) return null;
		const zone = (match[3] ?? 'Z').toUpperCase();
		const offset =
			zone === 'Z' || zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
		time = Date.parse(`${match[1]}T${match[2]}${offset}`);
	} else {
		return null;
	}
	if (!Number.isFinite(time)) return null;
	const date = new Date(time);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * No delivery id: an event is its recipient, campaign, send, link (for a click) and date to the
 * millisecond, with its type (an email opened twice gives two dates). The payloads of the API's
 * newer kinds are undocumented: one without a date is known by all of its fields.
 */
export const SARBACANE_IDENTITY = {
	fields: ['email', 'campaignId', 'sendId', 'url', 'date'],
	requires: ['date'],
};

export function sarbacaneSource(context: IHookFunctions | IWebhookFunctions): SarbacaneSource {
	return nodeParameter(context, 'source', 'api') as SarbacaneSource;
}

export const sarbacane: Provider = {
	displayName: SARBACANE,
	credentialType: SARBACANE_CREDENTIAL,
	credentialSecretFields: ['apiKey'],
	// The extension mode makes no API call: no credential (one set before is left unused).
	credentialsInUse: (context) => sarbacaneSource(context) !== 'manual',
	events: (context) =>
		sarbacaneSource(context) === 'manual' ? EXTENSION_EVENTS : SARBACANE_EVENTS,

	subscriptionApi: (context) => (sarbacaneSource(context) === 'manual' ? undefined : webhooksApi),

	// No signature is documented: the hook URL carries a random secret.
	deliveryAuth: (context) => ({
		scheme: sarbacaneSource(context) === 'manual' ? 'pastedUrlSecret' : 'hookUrlSecret',
	}),

	deliveryShape: (context) => {
		const fields = splitList(nodeParameter(context, 'options.eventFields', DEFAULT_EVENT_FIELDS));
		return {
			source: 'body',
			// One event per request is documented; an array costs nothing to accept.
			batch: true,
			eventField: fields.length ? fields : splitList(DEFAULT_EVENT_FIELDS),
			enrich: (payload) => ({ dateIso: parseSarbacaneDate(payload.date) }),
			identity: SARBACANE_IDENTITY,
		};
	},

	async samples(_context, events): Promise<Sample[]> {
		return events
			.filter((event) => event in SARBACANE_SAMPLES)
			.map((event) => ({ event, body: { ...SARBACANE_SAMPLES[event] } }));
	},
};
