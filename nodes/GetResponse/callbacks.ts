import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { describeFailure, baseUrl } from '../../credentials/common/http';
import { isAlreadyGone, providerError } from '../shared/providerErrors';
import { providerRequest } from '../shared/transport';
import { chosenCredentialType } from '../shared/descriptions';
import { N8N } from '../shared/n8nWords';
import type { ListedSubscription, SubscriptionApi } from '../shared/types';
import { withoutQuery } from '../shared/util';
import { CALLBACK_EVENTS } from './events';

/**
 * GetResponse's legacy callbacks: one configuration per account (a URL and the actions it is
 * called for), managed through GET/POST/DELETE /accounts/callbacks. The only part of the trigger
 * that calls GetResponse's API.
 */

export const GETRESPONSE_CREDENTIAL = 'getResponseWebhooksApi';
/** OAuth2 instead of the API key (the name avoids the lint's secret heuristics). */
export const GETRESPONSE_CONSENT_CREDENTIAL = 'getResponseWebhooksOAuth2Api';

/** The credential the node's Authentication parameter chooses. */
export function getResponseCredentialType(context: IHookFunctions | IWebhookFunctions): string {
	return chosenCredentialType(context, {
		oAuth2: GETRESPONSE_CONSENT_CREDENTIAL,
		other: GETRESPONSE_CREDENTIAL,
	});
}
export const GETRESPONSE = 'GetResponse';
const PROVIDER = GETRESPONSE;

/** The API address the credentials point at, without a trailing slash. */
export function getResponseBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const chosen = credentials.baseUrl === 'custom' ? credentials.customBaseUrl : credentials.baseUrl;
	return baseUrl(chosen || 'https://api.getresponse.com/v3');
}

interface CallbackConfiguration {
	url: string;
	actions: Record<string, boolean>;
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
	const credentialType = getResponseCredentialType(context);
	const credentials = await context.getCredentials(credentialType);
	// With the API key the credential adds X-Domain itself; with OAuth2 n8n adds only the token.
	const domain = String(credentials.domain ?? '').trim();
	const headers =
		credentialType === GETRESPONSE_CONSENT_CREDENTIAL && domain ? { 'X-Domain': domain } : {};
	return await providerRequest<T>(
		context,
		{ provider: PROVIDER, credentialType, action },
		{ method, url: `${getResponseBaseUrl(credentials)}/accounts/callbacks`, body, headers },
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
		description: `Turn on "Replace Existing Callback" to point GetResponse's callbacks at this workflow instead (the other address then stops receiving them), remove the callback in GetResponse, or use Source "Webhooks", which allows several URLs. If it is this workflow's own production URL, ${N8N.unpublish} the workflow before testing it.`,
	});
}

export const callbacksApi: SubscriptionApi = {
	// GetResponse has one callback configuration per account, carrying every chosen action.
	scope: 'allEvents',

	address: async (context) =>
		getResponseBaseUrl(await context.getCredentials(getResponseCredentialType(context))),

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
