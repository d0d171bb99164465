/**
 * The REST Hook Trigger's parameters, each name declared once: the description
 * (RestHookTriggerDescription.ts) and the runtime (provider.ts, api.ts) both read them here, and
 * so do the labels its refusal hints quote.
 */
export const PARAMETER = {
	events: 'events',
	customEvents: 'customEvents',
	subscribeMethod: 'subscribeMethod',
	subscribeUrl: 'subscribeUrl',
	subscribeBody: 'subscribeBody',
	subscriptionIdPath: 'subscriptionIdPath',
	scope: 'scope',
	eventInHookUrl: 'eventInHookUrl',
	unsubscribeMethod: 'unsubscribeMethod',
	unsubscribeUrl: 'unsubscribeUrl',
	unsubscribeBody: 'unsubscribeBody',
	incomingAuthentication: 'incomingAuthentication',
	signedNotice: 'signedNotice',
	notice: 'notice',
	listSubscriptions: 'listSubscriptions',
	sampleEndpoint: 'sampleEndpoint',
	options: 'options',
} as const;

/** Entries of the Options collection, by name. */
export const OPTIONS = {
	batch: 'batch',
	deliveryIdHeader: 'deliveryIdHeader',
	deliveryKeyFields: 'deliveryKeyFields',
	unwrap: 'unwrap',
	eventField: 'eventField',
	responseBody: 'responseBody',
	responseStatus: 'responseStatus',
	stripeHeader: 'stripeHeader',
	toleranceSeconds: 'toleranceSeconds',
} as const;

/** Entries of the List Subscriptions collection, by name. */
export const LIST = {
	idField: 'idField',
	itemsPath: 'itemsPath',
	method: 'method',
	removeOrphans: 'removeOrphans',
	url: 'url',
	urlField: 'urlField',
} as const;

/** Entries of the Sample Endpoint collection, by name. */
export const SAMPLE = {
	body: 'body',
	itemsPath: 'itemsPath',
	method: 'method',
	url: 'url',
} as const;

/** Defaults the description shows and the runtime falls back to (Zapier's conventions). */
export const DEFAULT = {
	subscribeMethod: 'POST',
	subscriptionIdPath: 'id',
	scope: 'perEvent' as const satisfies SubscriptionApi['scope'],
	unsubscribeMethod: 'DELETE',
	listMethod: 'GET',
	listIdField: 'id',
	listUrlField: 'target_url',
	sampleMethod: 'GET',
	eventField: 'type',
	responseStatus: 200,
} as const;

/** Options entries as paths `getNodeParameter` reads. */
export const OPTION = {
	stripeHeader: `${PARAMETER.options}.${OPTIONS.stripeHeader}`,
	toleranceSeconds: `${PARAMETER.options}.${OPTIONS.toleranceSeconds}`,
} as const;

/** The last part of an option path: its name inside the collection. */
export const optionName = (path: string): string => path.slice(path.lastIndexOf('.') + 1);

/** How deliveries prove they come from the API: the values of Delivery Authentication. */
export const INCOMING_AUTHENTICATION = {
	none: 'none',
	urlSecret: 'urlSecret',
	hmac: 'hmac',
	standardWebhooks: 'standardWebhooks',
	stripe: 'stripe',
	github: 'github',
} as const;

import type { SettingLabel, SubscriptionApi } from '../shared/types';

/** Display names the description shows and the refusal hints quote. */
export const LABEL = {
	incomingAuthentication: 'Delivery Authentication',
	hmac: 'HMAC Signature Header',
	listSubscriptions: 'List Subscriptions',
	stripeHeader: 'Signature Header (Stripe-Style)',
	toleranceSeconds: 'Timestamp Tolerance (Seconds)',
} as const;

/** The list endpoint's address: the trigger's notice says n8n 1.x checks subscriptions with it. */
export const LIST_URL: Required<SettingLabel> = {
	parameter: LABEL.listSubscriptions,
	option: 'URL',
};
