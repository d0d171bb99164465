import type { INodeProperties } from 'n8n-workflow';

import { signatureOptions } from '../shared/descriptions';
import { deliveryWindowOption, gracePeriodOption, samplesOption } from '../shared/options';
import { N8N } from '../shared/n8nWords';
import { ALL_EVENTS } from '../shared/events';
import {
	INCOMING_AUTHENTICATION,
	LABEL,
	LIST,
	OPTION,
	optionName,
	OPTIONS,
	PARAMETER,
	SAMPLE,
} from './parameters';

/** The REST Hook Trigger's parameters: what a user describes of the API and its deliveries. */

export const eventProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: PARAMETER.customEvents,
		type: 'string',
		default: '',
		placeholder: 'e.g. contact.created, deal.won',
		description:
			"The API's names of the events that start the workflow, separated by commas; each is {{event}} in the templates",
	},
	{
		displayName: 'Event Filter',
		name: PARAMETER.events,
		type: 'multiOptions',
		default: [],
		description:
			'Leave empty to start only on the events listed above; choose the option to start on every delivery, including other events and deliveries that name none',
		options: [
			{
				name: 'Accept Every Event',
				value: ALL_EVENTS,
				description: 'Deliveries of events not listed, or naming none, start the workflow too',
			},
		],
	},
];

const METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((method) => ({
	name: method,
	value: method,
}));

const SIGNED = [
	INCOMING_AUTHENTICATION.hmac,
	INCOMING_AUTHENTICATION.standardWebhooks,
	INCOMING_AUTHENTICATION.stripe,
	INCOMING_AUTHENTICATION.github,
];
const TIMESTAMPED = [INCOMING_AUTHENTICATION.standardWebhooks, INCOMING_AUTHENTICATION.stripe];

export const subscribeProperties: INodeProperties[] = [
	{
		displayName: 'Subscribe Method',
		name: PARAMETER.subscribeMethod,
		type: 'options',
		default: 'POST',
		options: METHODS,
		description: 'The HTTP method of the request that creates a subscription',
	},
	{
		displayName: 'Subscribe URL',
		name: PARAMETER.subscribeUrl,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://api.example.com/hooks',
		description:
			'The API address that creates a subscription; may hold {{event}}. Keep this field in Fixed mode, not Expression.',
	},
	{
		displayName: 'Subscribe Body',
		name: PARAMETER.subscribeBody,
		type: 'json',
		default: '{\n  "target_url": "{{targetUrl}}",\n  "event": "{{event}}"\n}',
		description:
			'The JSON the API expects to create a subscription; leave empty to send no body. Placeholders inside JSON strings: {{targetUrl}} (the URL the API must call), {{event}} (the event, or the events separated by commas), {{events}} (the events as a JSON array). Keep this field in Fixed mode, not Expression.',
	},
	{
		displayName: 'Subscription ID Path',
		name: PARAMETER.subscriptionIdPath,
		type: 'string',
		default: 'id',
		placeholder: 'e.g. result.codeWebhookSubscription',
		description: "Where the API's answer holds the new subscription's ID, as a dotted path",
	},
	{
		displayName: 'Subscriptions',
		name: PARAMETER.scope,
		type: 'options',
		default: 'perEvent',
		options: [
			{
				name: 'One per Event',
				value: 'perEvent',
				description: 'One subscribe request for each event (Zapier-style REST hooks)',
			},
			{
				name: 'One for All Events',
				value: 'allEvents',
				description: 'A single subscribe request carrying every event ({{events}})',
			},
		],
	},
	{
		displayName: 'Put Event in Hook URL',
		name: PARAMETER.eventInHookUrl,
		type: 'boolean',
		default: false,
		description:
			'Whether to add ?event=&lt;event&gt; to each subscribed URL, for APIs whose deliveries do not say which event they are for',
		displayOptions: { show: { [PARAMETER.scope]: ['perEvent'] } },
	},
	{
		displayName: 'Unsubscribe Method',
		name: PARAMETER.unsubscribeMethod,
		type: 'options',
		default: 'DELETE',
		options: METHODS,
		description: 'The HTTP method of the request that removes a subscription',
	},
	{
		displayName: 'Unsubscribe URL',
		name: PARAMETER.unsubscribeUrl,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://api.example.com/hooks/{{ID}}',
		description:
			'The API address that removes a subscription; {{ID}} is its ID. An answer 404 or 410 counts as already removed. Keep this field in Fixed mode.',
	},
	{
		displayName: 'Unsubscribe Body',
		name: PARAMETER.unsubscribeBody,
		type: 'json',
		default: '',
		description:
			'The JSON the API expects to remove a subscription, with {{ID}} where its ID goes; leave empty to send no body',
	},
];

export const incomingProperties: INodeProperties[] = [
	{
		displayName: LABEL.incomingAuthentication,
		name: PARAMETER.incomingAuthentication,
		type: 'options',
		default: 'urlSecret',
		description: 'How each delivery proves it comes from the API; the others are refused (401)',
		options: [
			{
				name: 'GitHub-Style Signature',
				value: INCOMING_AUTHENTICATION.github,
				description:
					'X-Hub-Signature-256: sha256=&lt;hex HMAC of the body&gt;, keyed by the signing secret',
			},
			{
				name: LABEL.hmac,
				value: INCOMING_AUTHENTICATION.hmac,
				description: 'An HMAC of the body in a header; header, algorithm and encoding in Options',
			},
			{
				name: 'None',
				value: INCOMING_AUTHENTICATION.none,
				description: 'Accept every request sent to the URL',
			},
			{
				name: 'Standard Webhooks',
				value: INCOMING_AUTHENTICATION.standardWebhooks,
				description:
					'Webhook-ID, webhook-timestamp and webhook-signature (v1,…) headers, whsec_ secret (Svix and standardwebhooks.com)',
			},
			{
				name: 'Stripe-Style Signature',
				value: INCOMING_AUTHENTICATION.stripe,
				description:
					'A t=&lt;timestamp&gt;,v1=&lt;hex&gt; header (Stripe-Signature unless set in Options)',
			},
			{
				name: 'URL Secret',
				value: INCOMING_AUTHENTICATION.urlSecret,
				description: 'A random secret the trigger adds to the URL it subscribes; nothing to set up',
			},
		],
	},
	{
		displayName:
			'Put the secret the API signs deliveries with in the credential\'s "Signing Secret" field.',
		name: PARAMETER.signedNotice,
		type: 'notice',
		default: '',
		displayOptions: { show: { incomingAuthentication: SIGNED } },
	},
];

export const listProperty: INodeProperties = {
	displayName: LABEL.listSubscriptions,
	name: PARAMETER.listSubscriptions,
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	description:
		"An API endpoint listing the account's subscriptions, so the trigger can see what the API holds (see Remove Leftover Subscriptions)",
	options: [
		{
			displayName: 'ID Field',
			name: LIST.idField,
			type: 'string',
			default: 'id',
			description: "Dotted path of each subscription's ID",
		},
		{
			displayName: 'Items Path',
			name: LIST.itemsPath,
			type: 'string',
			default: '',
			placeholder: 'e.g. data',
			description:
				'Dotted path of the array of subscriptions in the answer; empty when the answer is the array',
		},
		{
			displayName: 'Method',
			name: LIST.method,
			type: 'options',
			default: 'GET',
			options: METHODS,
		},
		{
			displayName: 'Remove Leftover Subscriptions',
			name: LIST.removeOrphans,
			type: 'boolean',
			default: false,
			description: `Whether to remove listed subscriptions to this trigger's URL that it does not hold (left by a subscribe whose answer was lost), when ${N8N.publishing}`,
		},
		{
			displayName: 'URL',
			name: LIST.url,
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.example.com/hooks',
		},
		{
			displayName: 'URL Field',
			name: LIST.urlField,
			type: 'string',
			default: 'target_url',
			description: "Dotted path of each subscription's target URL",
		},
	],
};

export const sampleProperty: INodeProperties = {
	displayName: 'Sample Endpoint',
	name: PARAMETER.sampleEndpoint,
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	description:
		'An API endpoint returning recent or example deliveries (Zapier\'s "performList"), shown while listening for a test event',
	options: [
		{
			displayName: 'Body',
			name: SAMPLE.body,
			type: 'json',
			default: '',
			description:
				'JSON to send, e.g. {"event": "{{event}}"}; with {{event}} here or in the URL, samples are asked once per event. Keep this field in Fixed mode.',
		},
		{
			displayName: 'Items Path',
			name: SAMPLE.itemsPath,
			type: 'string',
			default: '',
			placeholder: 'e.g. data',
			description:
				'Dotted path of the samples in the answer, each a body as a delivery would carry it; empty when the whole answer is one delivery (or an array of them)',
		},
		{
			displayName: 'Method',
			name: SAMPLE.method,
			type: 'options',
			default: 'GET',
			options: METHODS,
		},
		{
			displayName: 'URL',
			name: SAMPLE.url,
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.example.com/hooks/sample?event={{event}}',
		},
	],
};

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: PARAMETER.options,
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Batch Deliveries',
			name: OPTIONS.batch,
			type: 'boolean',
			default: false,
			description: 'Whether a delivery may be a JSON array of events, each becoming an item',
		},
		{
			displayName: 'Delivery ID Header',
			name: OPTIONS.deliveryIdHeader,
			type: 'string',
			default: '',
			placeholder: 'e.g. X-Request-ID',
			description:
				'A header that stays the same when the API retries a delivery: a retry starts no second run. Empty: webhook-ID for Standard Webhooks, X-GitHub-Delivery for GitHub-style, none otherwise.',
		},
		{
			displayName: 'Delivery Key Fields',
			name: OPTIONS.deliveryKeyFields,
			type: 'string',
			default: '',
			placeholder: 'e.g. data.uuid',
			description:
				'Where the API sends no delivery ID header: the fields that together tell one event from every other (dotted paths, separated by commas), e.g. its ID. A delivery whose events match one received within Remember Deliveries For starts no second run. Empty, or a field missing from an event: the whole event is compared.',
		},
		{
			displayName: 'Envelope Path',
			name: OPTIONS.unwrap,
			type: 'string',
			default: '',
			placeholder: 'e.g. data',
			description:
				'Dotted path of the event inside each delivery (an object, or an array of objects each becoming an item); empty to output the whole body',
		},
		{
			displayName: 'Event Field',
			name: OPTIONS.eventField,
			type: 'string',
			default: 'type',
			description:
				'Dotted path of the field naming the event in a delivery; several separated by commas are tried in order. Deliveries of events not listed are answered without a run. Empty when the body does not say (the event in the hook URL is used then).',
		},
		{
			displayName: 'Response Body',
			name: OPTIONS.responseBody,
			type: 'json',
			default: '',
			description:
				'The JSON object to answer accepted deliveries with, for APIs that retry unless they get a given body, e.g. {"status": "OK"}',
		},
		{
			displayName: 'Response Status',
			name: OPTIONS.responseStatus,
			type: 'number',
			default: 200,
			typeOptions: { minValue: 200, maxValue: 299 },
			description:
				'The HTTP status to answer accepted deliveries with. Keep 200 where the API accepts it: n8n sends 200 only once it has stored the run, while any other status is sent before, so a delivery n8n then fails to store (its database down) is not retried by the API.',
		},
		gracePeriodOption(),
		deliveryWindowOption(),
		samplesOption,
		...signatureOptions({
			show: { [`/${PARAMETER.incomingAuthentication}`]: [INCOMING_AUTHENTICATION.hmac] },
		}),
		{
			displayName: LABEL.stripeHeader,
			name: optionName(OPTION.stripeHeader),
			type: 'string',
			default: 'Stripe-Signature',
			description: 'The header carrying t=&lt;timestamp&gt;,v1=&lt;signature&gt;',
			displayOptions: {
				show: { [`/${PARAMETER.incomingAuthentication}`]: [INCOMING_AUTHENTICATION.stripe] },
			},
		},
		{
			displayName: LABEL.toleranceSeconds,
			name: optionName(OPTION.toleranceSeconds),
			type: 'number',
			default: 300,
			typeOptions: { minValue: 1 },
			description:
				'Signed deliveries whose timestamp is further from now are refused, so a captured delivery cannot be replayed',
			displayOptions: { show: { [`/${PARAMETER.incomingAuthentication}`]: TIMESTAMPED } },
		},
	],
};
