import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { Provider, Sample } from '../shared/types';
import { callbacksApi, GETRESPONSE, getResponseCredentialType } from './callbacks';
import { CALLBACK_EVENTS, WEBHOOK_EVENTS } from './events';
import { CALLBACK_SAMPLES, WEBHOOK_SAMPLES } from './samples';
import { nodeParameter } from '../shared/nodeReads';

export type GetResponseSource = 'webhooks' | 'callbacks';

export function sourceOf(context: IHookFunctions | IWebhookFunctions): GetResponseSource {
	return nodeParameter(context, 'source', 'webhooks') === 'callbacks' ? 'callbacks' : 'webhooks';
}

/** Only the legacy callbacks use the API; webhooks are made in GetResponse's UI. */
function credentialsInUse(context: IHookFunctions | IWebhookFunctions): boolean {
	return sourceOf(context) === 'callbacks';
}

/** GetResponse's answer to every accepted webhook: anything else makes it retry. */
export const WEBHOOK_ACCEPTED = { status: 'OK' };

export const getResponse: Provider = {
	displayName: GETRESPONSE,
	credentialType: getResponseCredentialType,
	credentialSecretFields: ['apiKey', 'clientSecret'],
	credentialsInUse,

	events: (context) => (sourceOf(context) === 'callbacks' ? CALLBACK_EVENTS : WEBHOOK_EVENTS),

	subscriptionApi: (context) => (sourceOf(context) === 'callbacks' ? callbacksApi : undefined),

	deliveryAuth: (context) => ({
		scheme: sourceOf(context) === 'callbacks' ? 'hookUrlSecret' : 'pastedUrlSecret',
	}),

	deliveryShape: (context) =>
		sourceOf(context) === 'callbacks'
			? // Callbacks are never retried: each one is a delivery of its own.
				{ source: 'query', eventField: 'action', identity: { neverRetried: true } }
			: {
					source: 'body',
					batch: true,
					eventField: 'type',
					// Same for the first request and its retries (apidocs.getresponse.com/v3/payloads);
					// a delivery without it is known by its events, each dated (`event.occurredAt`).
					identity: { header: 'X-Webhook-ID' },
					answer: { body: WEBHOOK_ACCEPTED },
					// The payload's `event` object becomes `providerEvent` (the core owns `event`):
					// its one documented field is lifted to the top for convenience.
					enrich: (payload) => {
						const occurredAt = (payload.event as IDataObject | undefined)?.occurredAt;
						return typeof occurredAt === 'string' ? { occurredAt } : {};
					},
				},

	async samples(context, events): Promise<Sample[]> {
		const table = sourceOf(context) === 'callbacks' ? CALLBACK_SAMPLES : WEBHOOK_SAMPLES;
		return events
			.filter((event) => table[event] !== undefined)
			.map((event) => ({ event, body: table[event] }));
	},
};
