import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { pastedUrlAuth, SECRET_PARAMETER } from '../shared/lifecycle';
import {
	describeFailure,
	isAlreadyGone,
	providerError,
	providerRequest,
} from '../shared/transport';
import type {
	ListedSubscription,
	ProviderEvent,
	RestHookProvider,
	Sample,
	SubscriptionApi,
} from '../shared/types';

export const GETRESPONSE_CREDENTIAL = 'getResponseWebhooksApi';
const PROVIDER = 'GetResponse';

/** The API address the credentials point at, without a trailing slash. */
export function getResponseBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const chosen = credentials.baseUrl === 'custom' ? credentials.customBaseUrl : credentials.baseUrl;
	return String(chosen || 'https://api.getresponse.com/v3').replace(/\/+$/, '');
}

export type GetResponseSource = 'webhooks' | 'callbacks';

/**
 * Webhooks (JSON POST, made in GetResponse's UI): the `type` values of
 * apidocs.getresponse.com/v3/payloads. Wire forms are the labels GetResponse's UI shows, in
 * English (apidocs.getresponse.com/v3/webhooks) and French (the seed help page), so a filter
 * typed from the UI still matches.
 */
export const WEBHOOK_EVENTS: ProviderEvent[] = [
	{
		value: 'contact_opened_message',
		name: 'Message Opened',
		description: 'A contact opened an email',
		wireForms: ['Message opened', 'Message ouvert'],
	},
	{
		value: 'contact_clicked_message_link',
		name: 'Link Clicked',
		description: 'A contact clicked a link in an email',
		wireForms: ['Link clicked', 'Lien cliqué'],
	},
	{
		value: 'contact_added',
		name: 'Contact Subscribed',
		description: 'A contact was added to a list (not fired by imports)',
		wireForms: ['Contact subscribed', 'Contact inscrit'],
	},
	{
		value: 'contact_removed_link',
		name: 'Contact Unsubscribed',
		description: 'A contact unsubscribed through the unsubscribe link of an email',
		wireForms: ['Contact unsubscribed', 'Contact désinscrit'],
	},
	{
		value: 'contact_copied',
		name: 'Contact Copied',
		description: 'A contact was copied from one list to another',
		wireForms: ['Contact copié'],
	},
	{
		value: 'contact_moved',
		name: 'Contact Moved',
		description: 'A contact was moved from one list to another',
		wireForms: ['Contact déplacé'],
	},
	{
		value: 'contact_clicked_sms_link',
		name: 'SMS Link Clicked',
		description: 'A contact clicked a link in a text message (GetResponse MAX only)',
		wireForms: ['SMS link clicked', 'Lien SMS cliqué'],
	},
	{
		value: 'contact_custom_field_changed',
		name: 'Custom Field Value Changed',
		description:
			'A custom field of an existing contact was assigned, unassigned or updated (not fired by imports)',
		wireForms: ['Custom field value changed', 'La valeur du champ personnalisé a été modifiée'],
	},
	{
		value: 'contacts_import_finished',
		name: 'Import Finished',
		description: 'A contact import finished, successfully or not',
		wireForms: ['Import finished', 'Importation terminée'],
	},
	{
		value: 'contact_removed_bounce',
		name: 'Contact Removed After Bounce',
		description: 'A contact was removed because messages to it bounced',
		wireForms: ['Contact bounce removed'],
	},
	{
		value: 'contact_email_changed',
		name: 'Contact Email Changed',
		description: "A contact's email address changed",
		wireForms: ["Contact's email changed"],
	},
	{
		value: 'contact_rejected',
		name: 'Contact Rejected',
		description: 'GetResponse rejected a contact',
	},
	{
		value: 'custom_reports_file_status_changed',
		name: 'Custom Report File Status Changed',
		description: 'The file of a custom report changed status',
	},
];

/**
 * Legacy callbacks (GET with a query string, managed through /accounts/callbacks): the
 * `action` values of apidocs.getresponse.com/article/callbacks.
 */
export const CALLBACK_EVENTS: ProviderEvent[] = [
	{ value: 'open', name: 'Email Opened', description: 'A contact opened an email' },
	{
		value: 'click',
		name: 'Email Link Clicked',
		description: 'A contact clicked a link in an email',
	},
	{ value: 'goal', name: 'Goal Reached', description: 'A contact reached a goal' },
	{
		value: 'subscribe',
		name: 'Contact Subscribed',
		description: 'A contact subscribed to a list',
	},
	{
		value: 'unsubscribe',
		name: 'Contact Unsubscribed',
		description: 'A contact unsubscribed from a list',
	},
	{ value: 'survey', name: 'Survey Submitted', description: 'A contact submitted a survey' },
];

export function sourceOf(context: IHookFunctions | IWebhookFunctions): GetResponseSource {
	return context.getNodeParameter('source', 'webhooks') === 'callbacks' ? 'callbacks' : 'webhooks';
}

/** Only the legacy callbacks use the API; webhooks are made in GetResponse's UI. */
function credentialsInUse(context: IHookFunctions | IWebhookFunctions): boolean {
	return sourceOf(context) === 'callbacks';
}

// ---------------------------------------------------------------------------------------------
// Legacy callbacks: one per account, managed through GET/POST/DELETE /accounts/callbacks.

interface CallbackConfiguration {
	url: string;
	actions: Record<string, boolean>;
}

function withoutQuery(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.search = '';
		return parsed.toString();
	} catch {
		return url;
	}
}

/** Host and path of a URL, never its query: another system's URL may carry its own secret. */
function describeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return 'an address that is not a valid URL';
	}
}

async function callbacksRequest<T>(
	context: IHookFunctions,
	method: 'GET' | 'POST' | 'DELETE',
	action: string,
	body?: IDataObject,
): Promise<T> {
	const credentials = await context.getCredentials(GETRESPONSE_CREDENTIAL);
	return await providerRequest<T>(
		context,
		{ provider: PROVIDER, credentialType: GETRESPONSE_CREDENTIAL, action },
		{ method, url: `${getResponseBaseUrl(credentials)}/accounts/callbacks`, body },
	);
}

/**
 * The callback GetResponse sends to now, or undefined when callbacks are off. How GetResponse
 * answers "off" is not documented: a 404 (what n8n's built-in trigger expects) and an answer
 * without a URL both count.
 */
async function currentCallback(
	context: IHookFunctions,
): Promise<CallbackConfiguration | undefined> {
	const action = 'read the callback settings';
	let answer: IDataObject | undefined;
	try {
		answer = await callbacksRequest<IDataObject>(context, 'GET', action);
	} catch (error) {
		const failure = describeFailure(error);
		if (isAlreadyGone(failure)) return undefined;
		throw providerError(context.getNode(), PROVIDER, action, failure);
	}
	if (typeof answer?.url !== 'string' || answer.url === '') return undefined;
	const actions = (answer.actions ?? {}) as IDataObject;
	return {
		url: answer.url,
		actions: Object.fromEntries(
			Object.entries(actions).map(([action, enabled]) => [action, enabled === true]),
		),
	};
}

/** A configuration choice for the user to make, not a failure of GetResponse. */
function conflictError(context: IHookFunctions, otherUrl: string): NodeOperationError {
	const message = `GetResponse already sends its callbacks to ${describeUrl(otherUrl)}, and it allows only one callback URL per account`;
	return new NodeOperationError(context.getNode(), message, {
		description:
			'Turn on "Replace Existing Callback" to point GetResponse\'s callbacks at this workflow instead (the other address then stops receiving them), remove the callback in GetResponse, or use Source "Webhooks", which allows several URLs. If it is this workflow\'s own published URL, unpublish the workflow before testing it.',
	});
}

const callbacksApi: SubscriptionApi = {
	// GetResponse has one callback configuration per account, carrying every chosen action.
	scope: 'allEvents',

	async beforeSubscribe(context, hookUrl) {
		const current = await currentCallback(context);
		if (!current || withoutQuery(current.url) === withoutQuery(hookUrl)) return;
		if (context.getNodeParameter('replaceExisting', false) as boolean) {
			context.logger.info(
				`GetResponse: replacing the callback to ${describeUrl(current.url)} with this workflow's`,
			);
			return;
		}
		throw conflictError(context, current.url);
	},

	async subscribe(context, { events, url }) {
		const chosen = new Set(events);
		const actions = Object.fromEntries(
			CALLBACK_EVENTS.map(({ value }) => [value, chosen.has(value)]),
		);
		await callbacksRequest(context, 'POST', 'turn callbacks on', { url, actions });
		// No id in GetResponse's answer: the one configuration is known by the URL it points at.
		return withoutQuery(url);
	},

	async unsubscribe(context, id) {
		const current = await currentCallback(context);
		// The account's callback now belongs to someone else: DELETE is account-wide, so leave it.
		if (!current || withoutQuery(current.url) !== id) return;
		await callbacksRequest(context, 'DELETE', 'turn callbacks off');
	},

	async list(context): Promise<ListedSubscription[]> {
		const current = await currentCallback(context);
		if (!current) return [];
		const known = new Set(CALLBACK_EVENTS.map(({ value }) => value));
		return [
			{
				id: withoutQuery(current.url),
				url: current.url,
				events: Object.keys(current.actions).filter(
					(action) => current.actions[action] && known.has(action),
				),
			},
		];
	},
};

// ---------------------------------------------------------------------------------------------
// Samples. Webhook bodies follow apidocs.getresponse.com/v3/payloads: contact_opened_message is
// its documented example; every other type keeps that example's common fields (type, contact,
// account, event), plus `message` for message events and `clickTrack` ({name, url}, as seen in
// public GetResponse webhook consumers) for clicks. Per-type fields we could not read in the docs
// are left out rather than guessed. Callback queries follow the documented example of
// apidocs.getresponse.com/article/callbacks.

const API = 'https://api.getresponse.com/v3';
const ACCOUNT = { accountId: 'def456' };
const OCCURRED = { occurredAt: '2021-04-27T12:56:00+00:00' };
const CAMPAIGN = {
	campaignId: 'bcd234',
	name: 'my_first_campaign',
	href: `${API}/campaigns/bcd234`,
};
const CONTACT = {
	contactId: 'abc123',
	email: 'example@example.com',
	name: 'Friend',
	campaign: CAMPAIGN,
	href: `${API}/contacts/abc123`,
};
const MESSAGE = {
	resourceType: 'autoresponders',
	resourceId: 'cde345',
	name: 'my_first_newsletter',
	subject: 'My First Newsletter',
	href: `${API}/autoresponders/cde345`,
};
const CLICK = { name: 'Pricing', url: 'https://example.com/pricing' };

function webhookSample(type: string, fields: IDataObject = { contact: CONTACT }): IDataObject {
	return { type, ...fields, account: ACCOUNT, event: OCCURRED };
}

export const WEBHOOK_SAMPLES: Record<string, IDataObject> = {
	contact_opened_message: webhookSample('contact_opened_message', {
		contact: CONTACT,
		message: MESSAGE,
	}),
	contact_clicked_message_link: webhookSample('contact_clicked_message_link', {
		contact: CONTACT,
		message: MESSAGE,
		clickTrack: CLICK,
	}),
	contact_added: webhookSample('contact_added'),
	contact_removed_link: webhookSample('contact_removed_link', {
		contact: CONTACT,
		message: MESSAGE,
	}),
	contact_copied: webhookSample('contact_copied'),
	contact_moved: webhookSample('contact_moved'),
	contact_clicked_sms_link: webhookSample('contact_clicked_sms_link', {
		contact: CONTACT,
		clickTrack: CLICK,
	}),
	contact_custom_field_changed: webhookSample('contact_custom_field_changed'),
	contacts_import_finished: webhookSample('contacts_import_finished', {}),
	contact_removed_bounce: webhookSample('contact_removed_bounce'),
	contact_email_changed: webhookSample('contact_email_changed'),
	contact_rejected: webhookSample('contact_rejected'),
	custom_reports_file_status_changed: webhookSample('custom_reports_file_status_changed', {}),
};

const CALLBACK_COMMON = {
	ACCOUNT_ID: 'A1',
	account_login: 'myaccount',
	CAMPAIGN_ID: 'C1',
	campaign_name: 'mycampaign',
	CONTACT_ID: 'C1',
	contact_name: 'Friend',
	contact_email: 'friend@example.com',
};
const CALLBACK_MESSAGE = {
	MESSAGE_ID: 'M1',
	message_name: 'My message',
	message_subject: 'Some subject',
};

export const CALLBACK_SAMPLES: Record<string, IDataObject> = {
	open: { action: 'open', ...CALLBACK_COMMON, ...CALLBACK_MESSAGE },
	click: { action: 'click', ...CALLBACK_COMMON, ...CALLBACK_MESSAGE },
	goal: { action: 'goal', ...CALLBACK_COMMON },
	subscribe: { action: 'subscribe', ...CALLBACK_COMMON },
	unsubscribe: { action: 'unsubscribe', ...CALLBACK_COMMON },
	survey: { action: 'survey', ...CALLBACK_COMMON },
};

// ---------------------------------------------------------------------------------------------

/** GetResponse's answer to every accepted webhook: anything else makes it retry. */
export const WEBHOOK_ACCEPTED = { status: 'OK' };

export const getResponse: RestHookProvider = {
	displayName: PROVIDER,
	credentialType: GETRESPONSE_CREDENTIAL,
	credentialSecretFields: ['apiKey'],
	credentialsInUse,

	events: (context) => (sourceOf(context) === 'callbacks' ? CALLBACK_EVENTS : WEBHOOK_EVENTS),

	subscriptionApi: (context) => (sourceOf(context) === 'callbacks' ? callbacksApi : undefined),

	deliveryAuth: (context, storedSecret) =>
		sourceOf(context) === 'callbacks'
			? { scheme: 'urlSecret', parameter: SECRET_PARAMETER, secrets: [storedSecret] }
			: pastedUrlAuth(context),

	deliveryShape: (context) =>
		sourceOf(context) === 'callbacks'
			? { source: 'query', eventField: 'action' }
			: {
					source: 'body',
					batch: true,
					eventField: 'type',
					// Same for the first request and its retries (apidocs.getresponse.com/v3/payloads).
					deliveryIdHeader: 'X-Webhook-ID',
					acceptedResponse: WEBHOOK_ACCEPTED,
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
