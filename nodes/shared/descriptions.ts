import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeParameters,
	type INodeProperties,
	type INodeTypeDescription,
	type IWebhookDescription,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { ALL_EVENTS } from './events';
import { URL_SECRET_MIN_LENGTH } from './hookUrl';
import { REACHABLE_GUIDE } from './reachability';
import type { HmacAlgorithm, ProviderEvent, SignatureEncoding } from './types';
import { nodeParameter } from './nodeReads';

/** Names of the parameters `pastedUrlProperties()` adds: the secret the user appends to the URL. */
export const PASTED_URL_PARAMETERS = {
	secret: 'urlSecret',
	previousSecret: 'previousUrlSecret',
} as const;

/**
 * What every trigger's description shares: a trigger with no input and one output, in node
 * version 2 by default (n8n parses only the body types it knows and evaluates no expression per
 * request: docs/operations.md, throughput); version 1 stays for workflows made before.
 */
export const TRIGGER_NODE = {
	group: ['trigger'],
	version: [1, 2],
	defaultVersion: 2,
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
} satisfies Partial<INodeTypeDescription>;

/** The Authentication parameter of a node that offers an OAuth2 credential beside another one. */
export const AUTHENTICATION_PARAMETER = 'authentication';
export const OAUTH2_AUTHENTICATION = 'oAuth2';

/** The credential type the node's Authentication parameter chooses: decided here only. */
export function chosenCredentialType(
	context: IHookFunctions | IWebhookFunctions,
	types: { oAuth2: string; other: string },
): string {
	return nodeParameter(context, AUTHENTICATION_PARAMETER, '') === OAUTH2_AUTHENTICATION
		? types.oAuth2
		: types.other;
}

/** Names of the parameters `signatureOptions()` adds to a trigger's Options collection. */
export const SIGNATURE_PARAMETERS = {
	header: 'signatureHeader',
	algorithm: 'signatureAlgorithm',
	encoding: 'signatureEncoding',
	prefix: 'signaturePrefix',
} as const;

/** Display names of the `signatureOptions()` parameters, which refusal hints quote. */
export const SIGNATURE_LABELS = {
	header: 'Signature Header',
	algorithm: 'Signature Algorithm',
	encoding: 'Signature Encoding',
	prefix: 'Signature Prefix',
} as const;

/** Display names of the `pastedUrlProperties()` parameters, which refusal hints quote. */
export const PASTED_URL_LABELS = {
	secret: 'URL Secret',
	previousSecret: 'Previous URL Secret',
} as const;

/** How a sender signs its deliveries: what the `signatureOptions()` parameters describe. */
export interface SignatureSettings {
	/** Header carrying the signature; matched case-insensitively as HTTP headers are. */
	header: string;
	algorithm: HmacAlgorithm;
	/** 'auto' accepts hex or base64, whichever the sender used. */
	encoding: SignatureEncoding;
	/** Text before the signature itself, e.g. `sha256=`; empty when there is none. */
	prefix: string;
}

/** An HMAC-SHA256 of the raw body, hex or base64, in `X-Signature`: the most common convention. */
export const DEFAULT_SIGNATURE: SignatureSettings = {
	header: 'X-Signature',
	algorithm: 'sha256',
	encoding: 'auto',
	prefix: '',
};

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

/**
 * Said where the user copies a URL to paste in a provider: n8n writes it from WEBHOOK_URL, and one
 * on localhost or a private address cannot be called from the provider's servers.
 */
export const REACHABLE_NOTICE = `The provider calls this URL from its own servers: if it starts with http://localhost, 127.0.0.1 or a private address, set n8n's WEBHOOK_URL to a public address first (<a href="${REACHABLE_GUIDE}" target="_blank">how</a>).`;

/**
 * For providers where the user pastes the trigger's URL in the provider's own UI: the secret
 * they append to it, and the previous one while they rotate it.
 */
export function pastedUrlProperties(
	where: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties[] {
	return [
		{
			displayName: `Copy this node's Production URL (Webhook URLs, above), add <code>?secret=</code> followed by the URL Secret below, and paste the result in ${where}. Deliveries without the right secret are refused (HTTP 401). ${REACHABLE_NOTICE}`,
			name: 'pastedUrlNotice',
			type: 'notice',
			default: '',
			displayOptions,
		},
		{
			displayName: PASTED_URL_LABELS.secret,
			name: PASTED_URL_PARAMETERS.secret,
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. 7f3k9Qp2vX8mL4sT1wZ6',
			description: `A random string of ${URL_SECRET_MIN_LENGTH} characters or more (letters, digits, "-" and "_") that only you and the provider know; it is the only proof a delivery comes from the provider`,
			displayOptions,
		},
		{
			displayName: PASTED_URL_LABELS.previousSecret,
			name: PASTED_URL_PARAMETERS.previousSecret,
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While you change the URL Secret, deliveries carrying this older one are still accepted. Leave empty otherwise.',
			displayOptions,
		},
	];
}

/**
 * Entries of a trigger's Options collection describing how deliveries are signed, read by
 * `signatureSettings()` / `hmacAuth()`.
 */
export function signatureOptions(
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties[] {
	const { header, algorithm, encoding, prefix } = DEFAULT_SIGNATURE;
	return [
		{
			displayName: SIGNATURE_LABELS.algorithm,
			name: SIGNATURE_PARAMETERS.algorithm,
			type: 'options',
			default: algorithm,
			description: 'The hash function of the HMAC the sender computes over the raw request body',
			options: [
				{ name: 'HMAC-SHA1', value: 'sha1' },
				{ name: 'HMAC-SHA256', value: 'sha256' },
				{ name: 'HMAC-SHA512', value: 'sha512' },
			],
			displayOptions,
		},
		{
			displayName: SIGNATURE_LABELS.encoding,
			name: SIGNATURE_PARAMETERS.encoding,
			type: 'options',
			default: encoding,
			description: 'How the signature is written in the header',
			options: [
				{
					name: 'Auto (Hex or Base64)',
					value: 'auto',
					description: 'Accept whichever the sender uses',
				},
				{ name: 'Base64', value: 'base64' },
				{ name: 'Hex', value: 'hex' },
			],
			displayOptions,
		},
		{
			displayName: SIGNATURE_LABELS.header,
			name: SIGNATURE_PARAMETERS.header,
			type: 'string',
			default: header,
			placeholder: `e.g. ${DEFAULT_SIGNATURE.header}`,
			description: 'The request header that carries the signature (case does not matter)',
			displayOptions,
		},
		{
			displayName: SIGNATURE_LABELS.prefix,
			name: SIGNATURE_PARAMETERS.prefix,
			type: 'string',
			default: prefix,
			placeholder: 'e.g. sha256=',
			description:
				'Text the sender writes before the signature itself in the header; leave empty when there is none',
			displayOptions,
		},
	];
}

/**
 * Where n8n-workflow (2.41 on) looks for native resolvers of webhook-description fields: a field
 * carrying a resolver is resolved without the expression engine, so without an isolate per
 * request. A registered symbol, so nothing is imported that older n8n versions lack; they ignore
 * it and evaluate the template.
 */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

/** A webhook method that follows the node's parameters: the template and the same logic natively. */
export interface ParameterDependentMethod {
	/** The expression the editor and older n8n versions evaluate, e.g. `={{$parameter["x"] ? "GET" : "POST"}}`. */
	template: string;
	resolve(parameters: INodeParameters): string;
}

/**
 * The one webhook every trigger registers. `responseData` is empty on purpose: n8n answers an
 * accepted delivery with that text when it is set (its default is "firstEntryJson"), so empty
 * lets it answer with what webhook() returns, or {"message":"Workflow was started"}.
 */
export function deliveryWebhook(
	httpMethod: string | ParameterDependentMethod = 'POST',
): IWebhookDescription[] {
	const webhook: IWebhookDescription = {
		name: 'default',
		httpMethod: typeof httpMethod === 'string' ? httpMethod : httpMethod.template,
		responseMode: 'onReceived',
		responseData: '',
		path: 'webhook',
	};
	if (typeof httpMethod !== 'string') {
		Object.assign(webhook, { [WEBHOOK_RESOLVERS]: { httpMethod } });
	}
	return [webhook];
}
