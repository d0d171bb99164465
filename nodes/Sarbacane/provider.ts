import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { pastedUrlAuth, SECRET_PARAMETER } from '../shared/lifecycle';
import { providerError, providerRequest } from '../shared/transport';
import type {
	ListedSubscription,
	ProviderEvent,
	RestHookProvider,
	Sample,
	SubscriptionApi,
} from '../shared/types';

export const SARBACANE_CREDENTIAL = 'sarbacaneApi';
const PROVIDER = 'Sarbacane';

/** `api`: the trigger registers its webhook through the API; `manual`: pasted in the extension. */
export type SarbacaneSource = 'api' | 'manual';

/**
 * The webhook kinds of Sarbacane's API. The legacy Webhook extension sends the first five with
 * a lower-case `type` instead (the seed's envelopes): those are their wire forms.
 */
export const SARBACANE_EVENTS: ProviderEvent[] = [
	{
		value: 'SUCCESSFUL',
		name: 'Delivered',
		description: 'An email reached the recipient\'s mail server (legacy type "delivered")',
		wireForms: ['delivered'],
	},
	{
		value: 'OPEN',
		name: 'Opened',
		description: 'A recipient opened an email; every open is one event (legacy type "open")',
		wireForms: ['open'],
	},
	{
		value: 'HIT',
		name: 'Clicked',
		description: 'A recipient clicked a link in an email (legacy type "click")',
		wireForms: ['click'],
	},
	{
		value: 'SOFT_BOUNCE',
		name: 'Soft Bounce',
		description: 'An email was temporarily refused (legacy type "soft_bounce")',
		wireForms: ['soft_bounce'],
	},
	{
		value: 'HARD_BOUNCE',
		name: 'Hard Bounce',
		description: 'An email was permanently refused (legacy type "hard_bounce")',
		wireForms: ['hard_bounce'],
	},
	{
		value: 'UNSUBSCRIBE',
		name: 'Unsubscribed',
		description: 'A recipient unsubscribed',
		wireForms: ['unsubscribed'],
	},
	{
		value: 'COMPLAINT',
		name: 'Spam Complaint',
		description: 'A recipient reported an email as spam',
	},
	{
		value: 'FORM_SUBMIT',
		name: 'Form Submitted',
		description: 'A Sarbacane form was submitted',
	},
	{
		value: 'CAPTCHA',
		name: 'Captcha',
		description: "Sarbacane's CAPTCHA webhook kind (for forms; its payload is undocumented)",
	},
];

const LEGACY_KINDS = ['SUCCESSFUL', 'OPEN', 'HIT', 'SOFT_BOUNCE', 'HARD_BOUNCE'];

/** What the Webhook extension sends (the seed documents only these five types). */
export const EXTENSION_EVENTS: ProviderEvent[] = SARBACANE_EVENTS.filter((event) =>
	LEGACY_KINDS.includes(event.value),
);

/**
 * Which field names the event. The extension's payloads say `type` (documented); those of the
 * API's kinds are undocumented and may say `kind`. `kind` is read first: a legacy payload has
 * no `kind`, while a new payload might carry a `type` that means something else.
 */
export const DEFAULT_EVENT_FIELDS = 'kind, type';

function fieldList(text: string): string[] {
	return String(text ?? '')
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field.length > 0);
}

/** The envelopes the seed documents, one per legacy type, as the extension sends them. */
export const SARBACANE_SAMPLES: Record<string, IDataObject> = {
	OPEN: {
		email: 'user@email.com',
		campaignId: 'vdsioBFBFDS15dsBSGSD',
		sendId: 'feizjfsVGVGRS55grgrs444',
		subject: 'Test Déploiement Manager',
		from: 'user@email.com',
		operatingSystem: 'LINUX',
		language: 'en-US,en;q=0.5',
		browser: 'FIREFOX4 48.0',
		webmail: 'Unknown',
		date: '2016-08-11 T 12:25:18.889Z',
		type: 'open',
	},
	HIT: {
		email: 'user@email.com',
		campaignId: 'vdsioBFBFDS15dsBSGSD',
		sendId: 'feizjfsVGVGRS55grgrs444',
		subject: 'Test Déploiement Manager',
		from: 'user@email.com',
		operatingSystem: 'LINUX',
		language: 'en-US,en;q=0.5',
		browser: 'FIREFOX4 48.0',
		webmail: 'Unknown',
		url: 'http://www.google.com',
		date: '2016-08-11 T 12:25:18.889Z',
		type: 'click',
	},
	SUCCESSFUL: {
		email: 'user@email.com',
		campaignId: 'vdsioBFBFDS15dsBSGSD',
		sendId: 'feizjfsVGVGRS55grgrs444',
		subject: 'Test Déploiement Manager',
		from: 'user@email.com',
		date: '2016-08-11 T 10:55:56.128Z',
		type: 'delivered',
	},
	SOFT_BOUNCE: {
		email: 'user@email.com',
		campaignId: 'vdsioBFBFDS15dsBSGSD',
		sendId: 'feizjfsVGVGRS55grgrs444',
		subject: 'Test Déploiement Manager',
		from: 'user@email.com',
		smtpDescription: 'Read timed out',
		category: 'DEFAULT_SOFTBOUNCE',
		returnCode: -1,
		date: '2016-08-11 T 10:52:31.072Z',
		type: 'soft_bounce',
	},
	HARD_BOUNCE: {
		email: 'user@email.com',
		campaignId: 'vdsioBFBFDS15dsBSGSD',
		sendId: 'feizjfsVGVGRS55grgrs444',
		subject: 'test',
		from: 'user@email.com',
		smtpDescription: '550 5.1.1 user unknown (UserSearch)',
		category: 'BAD_MAILBOX',
		returnCode: 550,
		date: '2016-08-11 T 12:25:18.889Z',
		type: 'hard_bounce',
	},
};

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

export function sarbacaneSource(context: IHookFunctions | IWebhookFunctions): SarbacaneSource {
	return context.getNodeParameter('source', 'api') as SarbacaneSource;
}

async function baseUrl(context: IHookFunctions): Promise<string> {
	const credentials = await context.getCredentials(SARBACANE_CREDENTIAL);
	return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
}

function webhookName(context: IHookFunctions): string {
	const workflow = context.getWorkflow();
	const name = `n8n: ${workflow.name ?? `workflow ${workflow.id}`} (${context.getNode().name})`;
	return name.length > 100 ? `${name.slice(0, 99)}…` : name;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The webhook id of a create answer; its exact shape is undocumented. */
function createdId(response: unknown): string | undefined {
	if (typeof response === 'string' && response.trim()) return response.trim();
	if (!isObject(response)) return undefined;
	for (const key of ['id', '_id', 'webhookId']) {
		const value = response[key];
		if ((typeof value === 'string' && value) || typeof value === 'number') return String(value);
	}
	return isObject(response.webhook) ? createdId(response.webhook) : undefined;
}

/** `GET /webhooks` entries; an array, or one inside `webhooks`, `data` or `items`. */
function listedWebhooks(response: unknown): ListedSubscription[] {
	const entries = Array.isArray(response)
		? response
		: isObject(response)
			? ([response.webhooks, response.data, response.items].find(Array.isArray) ?? [])
			: [];
	return (entries as unknown[]).filter(isObject).flatMap((entry) => {
		const id = createdId(entry);
		if (id === undefined) return [];
		return [
			{
				id,
				url: typeof entry.url === 'string' ? entry.url : undefined,
				events: Array.isArray(entry.kinds) ? entry.kinds.map(String) : undefined,
			},
		];
	});
}

const webhooksApi: SubscriptionApi = {
	// One webhook carries every chosen kind.
	scope: 'allEvents',
	// A create whose answer is lost (timeout, 5xx) may still have saved the webhook.
	sweepOrphans: true,
	async subscribe(context, { events, url }) {
		const action = `create a webhook for ${events.join(', ')}`;
		const response = await providerRequest(
			context,
			{ provider: PROVIDER, credentialType: SARBACANE_CREDENTIAL, action },
			{
				method: 'POST',
				url: `${await baseUrl(context)}/webhooks`,
				body: { url, displayName: webhookName(context), kinds: events },
			},
		);
		const id = createdId(response);
		if (id === undefined) {
			throw providerError(context.getNode(), PROVIDER, action, {
				status: 200,
				message: 'the answer carries no webhook id',
			});
		}
		return id;
	},
	async unsubscribe(context, id) {
		await providerRequest(
			context,
			{
				provider: PROVIDER,
				credentialType: SARBACANE_CREDENTIAL,
				action: `delete webhook "${id}"`,
			},
			{ method: 'DELETE', url: `${await baseUrl(context)}/webhooks/${encodeURIComponent(id)}` },
		);
	},
	async list(context) {
		const response = await providerRequest(
			context,
			{
				provider: PROVIDER,
				credentialType: SARBACANE_CREDENTIAL,
				action: 'list webhooks',
			},
			{ method: 'GET', url: `${await baseUrl(context)}/webhooks` },
		);
		return listedWebhooks(response);
	},
};

export const sarbacane: RestHookProvider = {
	displayName: PROVIDER,
	credentialType: SARBACANE_CREDENTIAL,
	credentialSecretFields: ['apiKey'],
	events: (context) =>
		sarbacaneSource(context) === 'manual' ? EXTENSION_EVENTS : SARBACANE_EVENTS,

	subscriptionApi: (context) => (sarbacaneSource(context) === 'manual' ? undefined : webhooksApi),

	// No signature is documented: the hook URL carries a random secret.
	deliveryAuth: (context, storedSecret) =>
		sarbacaneSource(context) === 'manual'
			? pastedUrlAuth(context)
			: { scheme: 'urlSecret', parameter: SECRET_PARAMETER, secrets: [storedSecret] },

	deliveryShape: (context) => {
		const fields = fieldList(
			context.getNodeParameter('options.eventFields', DEFAULT_EVENT_FIELDS) as string,
		);
		return {
			source: 'body',
			// One event per request is documented; an array costs nothing to accept.
			batch: true,
			eventField: fields.length ? fields : fieldList(DEFAULT_EVENT_FIELDS),
			enrich: (payload) => ({ dateIso: parseSarbacaneDate(payload.date) }),
		};
	},

	async samples(_context, events): Promise<Sample[]> {
		return events
			.filter((event) => event in SARBACANE_SAMPLES)
			.map((event) => ({ event, body: { ...SARBACANE_SAMPLES[event] } }));
	},
};
