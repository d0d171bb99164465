import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { hmacAuth } from '../shared/auth';
import { API_AUTHENTICATION, SESSION_TOKEN } from './apiAuthentication';
import { readPath } from '../shared/deliveries';
import { splitCustomEvents } from '../shared/events';
import { EVENT_PARAMETER, SECRET_PARAMETER } from '../shared/lifecycle';
import {
	DEFAULT_TOLERANCE_SECONDS,
	GITHUB_SIGNATURE,
	STRIPE_SIGNATURE_HEADER,
} from '../shared/schemes';
import { providerError, providerRequest } from '../shared/transport';
import type {
	DeliveryAuth,
	DeliveryShape,
	ListedSubscription,
	ProviderEvent,
	RestHookProvider,
	Sample,
	SubscriptionApi,
} from '../shared/types';

export const RESTHOOK_CREDENTIAL = 'restHookSigningSecretApi';
/** Used in messages: "REST hook API could not subscribe to event …". */
const PROVIDER = 'REST hook API';

/** How deliveries prove they come from the API. */
export const INCOMING_AUTHENTICATION = {
	none: 'none',
	urlSecret: 'urlSecret',
	hmac: 'hmac',
	standardWebhooks: 'standardWebhooks',
	stripe: 'stripe',
	github: 'github',
} as const;

/** Delivery-id headers of the schemes that define one: a retry carries the same id. */
const SCHEME_DELIVERY_ID: Record<string, string> = {
	[INCOMING_AUTHENTICATION.standardWebhooks]: 'webhook-id',
	[INCOMING_AUTHENTICATION.github]: 'X-GitHub-Delivery',
};

/** What the templates may contain; anything else between braces is sent as written. */
export interface TemplateValues {
	targetUrl?: string;
	event?: string;
	events?: string[];
	id?: string;
}

/** Case does not matter: `{{ID}}` and `{{targetURL}}` work too. */
const PLACEHOLDER = /\{\{\s*(targetUrl|event|events|id)\s*\}\}/gi;
const EVENTS_ONLY = /^\{\{\s*events\s*\}\}$/i;

function placeholderText(values: TemplateValues, name: string): string | undefined {
	switch (name.toLowerCase()) {
		case 'events':
			return values.events?.join(',');
		case 'targeturl':
			return values.targetUrl;
		case 'event':
			return values.event;
		default:
			return values.id;
	}
}

/** A URL template with `{{targetUrl}}`, `{{event}}`, `{{events}}`, `{{id}}` filled in, URL-encoded. */
export function fillUrl(template: string, values: TemplateValues): string {
	return template.trim().replace(PLACEHOLDER, (all, name: string) => {
		const value = placeholderText(values, name);
		return value === undefined ? all : encodeURIComponent(value);
	});
}

function fillStrings(value: unknown, values: TemplateValues): unknown {
	if (typeof value === 'string') {
		if (EVENTS_ONLY.test(value) && values.events) return values.events;
		return value.replace(PLACEHOLDER, (all, name: string) => placeholderText(values, name) ?? all);
	}
	if (Array.isArray(value)) return value.map((element) => fillStrings(element, values));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value).map(([key, element]) => [key, fillStrings(element, values)]),
		);
	}
	return value;
}

/**
 * A JSON body template with the placeholders filled in. They sit inside JSON strings, e.g.
 * `{"url": "{{targetUrl}}"}`; `"{{events}}"` (quoted or not) becomes the array of events.
 * Undefined for an empty template; throws a SyntaxError for one that is not JSON.
 */
export function fillBody(template: unknown, values: TemplateValues): unknown {
	if (template === undefined || template === null) return undefined;
	if (typeof template !== 'string') return fillStrings(template, values);
	if (template.trim() === '') return undefined;
	const quoted = template.replace(/(^|[^"])\{\{\s*events\s*\}\}(?!")/gi, '$1"{{events}}"');
	return fillStrings(JSON.parse(quoted) as unknown, values);
}

/** The value at a dotted path of an answer; the answer itself for an empty path. */
export function valueAt(answer: unknown, path: string): unknown {
	if (path.trim() === '') return answer;
	if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
	return readPath(answer as IDataObject, path.trim());
}

function parameter<T>(context: IHookFunctions | IWebhookFunctions, name: string, fallback: T): T {
	const value = context.getNodeParameter(name, fallback) as T | undefined;
	return value ?? fallback;
}

const ONLY_PLACEHOLDERS = /^\{\{\s*(targetUrl|event|events|id)\s*\}\}$/i;

/**
 * A URL or body template as the user wrote it. n8n's editor switches a field to Expression mode
 * when one types "{{": such a field holding only our placeholders is still read as a template,
 * while a real n8n expression (e.g. {{ $vars.apiBase }}) is evaluated as n8n would.
 */
export function templateParameter(
	context: IHookFunctions,
	name: string,
	fallback: unknown,
): unknown {
	const raw = context.getNodeParameter(name, fallback, { rawExpressions: true }) as unknown;
	if (typeof raw !== 'string' || !raw.startsWith('=')) return raw ?? fallback;
	const braces = raw.match(/\{\{[^{}]*\}\}/g) ?? [];
	if (braces.length > 0 && braces.every((text) => ONLY_PLACEHOLDERS.test(text))) {
		return raw.slice(1);
	}
	return parameter<unknown>(context, name, fallback);
}

function templateText(context: IHookFunctions, name: string): string {
	const value = templateParameter(context, name, '');
	return typeof value === 'string' ? value.trim() : '';
}

interface EndpointSettings {
	method: IHttpRequestMethods;
	url: string;
	body?: unknown;
}

/** Calls one of the API endpoints the user described, with the credential's authentication. */
async function callEndpoint(
	context: IHookFunctions,
	{ method, url, body }: EndpointSettings,
	values: TemplateValues,
	action: string,
): Promise<unknown> {
	let filledBody: unknown;
	try {
		filledBody = fillBody(body, values);
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Could not ${action}: the body template is not valid JSON (${(error as Error).message})`,
			{
				description:
					'Fix the body template in the trigger: placeholders go inside JSON strings, e.g. {"url": "{{targetUrl}}"}.',
			},
		);
	}
	const options: IHttpRequestOptions = { method, url: fillUrl(url, values) };
	if (filledBody !== undefined) options.body = filledBody as IDataObject;
	return await providerRequest(
		context,
		{ provider: PROVIDER, credentialType: RESTHOOK_CREDENTIAL, action },
		options,
	);
}

/** The events the user listed; the API's own names, matched tolerantly in deliveries. */
function listedEvents(context: IHookFunctions | IWebhookFunctions): ProviderEvent[] {
	return splitCustomEvents(parameter(context, 'customEvents', '')).map((value) => ({
		value,
		name: value,
		description: `The "${value}" event`,
	}));
}

function subscriptionApi(context: IHookFunctions): SubscriptionApi | undefined {
	const subscribeUrl = templateText(context, 'subscribeUrl');
	if (!subscribeUrl) return undefined;
	const scope =
		parameter<string>(context, 'scope', 'perEvent') === 'allEvents' ? 'allEvents' : 'perEvent';
	const idPath = parameter(context, 'subscriptionIdPath', 'id');
	const unsubscribe: EndpointSettings = {
		method: parameter<IHttpRequestMethods>(context, 'unsubscribeMethod', 'DELETE'),
		url: templateText(context, 'unsubscribeUrl'),
		body: templateParameter(context, 'unsubscribeBody', ''),
	};
	const list = parameter<IDataObject>(context, 'listSubscriptions', {});
	const listUrl = templateText(context, 'listSubscriptions.url');
	const api: SubscriptionApi = {
		scope,
		eventInHookUrl: scope === 'perEvent' && parameter(context, 'eventInHookUrl', false),
		sweepOrphans: listUrl !== '' && list.removeOrphans === true,

		async subscribe(hook, { events, url }) {
			const action =
				events.length === 1 ? `subscribe to event "${events[0]}"` : 'subscribe to the events';
			const answer = await callEndpoint(
				hook,
				{
					method: parameter<IHttpRequestMethods>(hook, 'subscribeMethod', 'POST'),
					url: subscribeUrl,
					body: templateParameter(hook, 'subscribeBody', ''),
				},
				{ targetUrl: url, event: events.join(','), events },
				action,
			);
			const id = valueAt(answer, idPath);
			if ((typeof id !== 'string' || !id) && typeof id !== 'number') {
				throw providerError(
					hook.getNode(),
					PROVIDER,
					action,
					{ status: 200, message: `the answer has no subscription id at "${idPath}"` },
					'Set "Subscription ID Path" to where the answer holds the new subscription\'s id, e.g. "id" or "data.id".',
				);
			}
			return String(id);
		},

		async unsubscribe(hook, id) {
			if (!unsubscribe.url.trim()) return;
			await callEndpoint(hook, unsubscribe, { id }, `unsubscribe "${id}"`);
		},
	};
	if (listUrl) {
		api.list = async (hook): Promise<ListedSubscription[]> => {
			const answer = await callEndpoint(
				hook,
				{ method: (list.method as IHttpRequestMethods) || 'GET', url: listUrl },
				{},
				'list the subscriptions',
			);
			const entries = valueAt(answer, String(list.itemsPath ?? ''));
			if (!Array.isArray(entries)) return [];
			const idField = String(list.idField || 'id');
			const urlField = String(list.urlField || 'target_url');
			return entries.flatMap((entry) => {
				const id = valueAt(entry, idField);
				if (typeof id !== 'string' && typeof id !== 'number') return [];
				const target = valueAt(entry, urlField);
				return [{ id: String(id), url: typeof target === 'string' ? target : undefined }];
			});
		};
	}
	return api;
}

async function signingSecrets(context: IWebhookFunctions): Promise<string[]> {
	const credentials = await context.getCredentials(RESTHOOK_CREDENTIAL);
	return [credentials.signingSecret, credentials.previousSigningSecret].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
}

function toleranceSeconds(context: IWebhookFunctions): number {
	const value = parameter<unknown>(context, 'options.toleranceSeconds', DEFAULT_TOLERANCE_SECONDS);
	return typeof value === 'number' && value > 0 ? value : DEFAULT_TOLERANCE_SECONDS;
}

async function deliveryAuth(
	context: IWebhookFunctions,
	storedSecret: string | undefined,
): Promise<DeliveryAuth> {
	const scheme = parameter<string>(
		context,
		'incomingAuthentication',
		INCOMING_AUTHENTICATION.urlSecret,
	);
	switch (scheme) {
		case INCOMING_AUTHENTICATION.none:
			return { scheme: 'none' };
		case INCOMING_AUTHENTICATION.hmac:
			return hmacAuth(context, await signingSecrets(context));
		case INCOMING_AUTHENTICATION.standardWebhooks:
			return {
				scheme: 'standardWebhooks',
				secrets: await signingSecrets(context),
				toleranceSeconds: toleranceSeconds(context),
			};
		case INCOMING_AUTHENTICATION.stripe:
			return {
				scheme: 'stripe',
				header:
					parameter(context, 'options.stripeHeader', STRIPE_SIGNATURE_HEADER).trim() || undefined,
				secrets: await signingSecrets(context),
				toleranceSeconds: toleranceSeconds(context),
			};
		case INCOMING_AUTHENTICATION.github:
			return { scheme: 'hmac', ...GITHUB_SIGNATURE, secrets: await signingSecrets(context) };
		default:
			// The secret the trigger put in the URL it subscribed: unknown to anyone else.
			return { scheme: 'urlSecret', parameter: SECRET_PARAMETER, secrets: [storedSecret] };
	}
}

/** The response body the sender expects, when the user gave one that is a JSON object. */
export function responseBody(text: unknown): IDataObject | undefined {
	if (typeof text === 'object' && text !== null && !Array.isArray(text)) return text as IDataObject;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	try {
		const parsed = JSON.parse(text) as unknown;
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
			? (parsed as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

function deliveryShape(context: IWebhookFunctions): DeliveryShape {
	const options = parameter<IDataObject>(context, 'options', {});
	const scheme = parameter<string>(
		context,
		'incomingAuthentication',
		INCOMING_AUTHENTICATION.urlSecret,
	);
	const eventFields = String(options.eventField ?? 'type')
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	const deliveryIdHeader =
		typeof options.deliveryIdHeader === 'string' && options.deliveryIdHeader.trim()
			? options.deliveryIdHeader.trim()
			: SCHEME_DELIVERY_ID[scheme];
	const status = Number(options.responseStatus ?? 200);
	return {
		source: 'body',
		batch: options.batch === true,
		eventField: eventFields.length ? eventFields : undefined,
		eventQueryParameter: EVENT_PARAMETER,
		unwrap:
			typeof options.unwrap === 'string' && options.unwrap.trim()
				? options.unwrap.trim()
				: undefined,
		deliveryIdHeader,
		acceptedResponse: responseBody(options.responseBody),
		acceptedStatus:
			Number.isInteger(status) && status !== 200 && status >= 200 && status < 300
				? status
				: undefined,
	};
}

async function samples(context: IHookFunctions, events: string[]): Promise<Sample[]> {
	const settings = parameter<IDataObject>(context, 'sampleEndpoint', {});
	const url = templateText(context, 'sampleEndpoint.url');
	if (!url) return [];
	const endpoint: EndpointSettings = {
		method: (settings.method as IHttpRequestMethods) || 'GET',
		url,
		body: templateParameter(context, 'sampleEndpoint.body', ''),
	};
	const perEvent = /\{\{\s*event\s*\}\}/i.test(`${url} ${JSON.stringify(endpoint.body ?? '')}`);
	const askFor = perEvent ? events : [events.join(',')];
	const lists = await Promise.all(
		askFor.map(async (event) => {
			const answer = await callEndpoint(
				context,
				endpoint,
				{ event, events },
				`list samples of event "${event}"`,
			);
			const found = valueAt(answer, String(settings.itemsPath ?? ''));
			const bodies = Array.isArray(found) ? found : found === undefined ? [] : [found];
			return bodies.map((body) => ({ event: perEvent ? event : (events[0] ?? ''), body }));
		}),
	);
	return lists.flat();
}

export const restHook: RestHookProvider = {
	displayName: PROVIDER,
	credentialType: RESTHOOK_CREDENTIAL,
	// Whatever authenticates the API or signs deliveries keys the editor's sample token.
	credentialSecretFields: [
		'headerSecret',
		'token',
		'password',
		'querySecret',
		'loginPassword',
		'signingSecret',
		'previousSigningSecret',
	],
	events: listedEvents,
	// "Login": the credential fetches its session token on the first call.
	loginPending: async (context) => {
		const credentials = await context.getCredentials(RESTHOOK_CREDENTIAL);
		return (
			credentials.apiAuthentication === API_AUTHENTICATION.login && !credentials[SESSION_TOKEN]
		);
	},
	subscriptionApi,
	deliveryAuth,
	deliveryShape,
	samples,
};
