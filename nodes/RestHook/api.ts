import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { chosenCredentialType } from '../shared/descriptions';
import { missingIdError } from '../shared/providerErrors';
import { providerRequest } from '../shared/transport';
import type { ListedSubscription, SubscriptionApi } from '../shared/types';
import {
	fillBody,
	fillUrl,
	parameter,
	templateParameter,
	templateText,
	valueAt,
	type TemplateValues,
} from './templates';
import { DEFAULT, LIST, PARAMETER } from './parameters';

/** The credential types: the REST Hook API one (key, token, login…) or the OAuth2 one (connected: by consent or client credentials). */
export const RESTHOOK_CREDENTIAL = 'restHookSigningSecretApi';
export const RESTHOOK_CONSENT_CREDENTIAL = 'restHookOAuth2Api';
/** The name used in messages: "REST hook API could not subscribe …". */
export const REST_HOOK_API = 'REST hook API';

/** The credential the node's Authentication parameter chooses. */
export function restHookCredentialType(context: IHookFunctions | IWebhookFunctions): string {
	return chosenCredentialType(context, {
		oAuth2: RESTHOOK_CONSENT_CREDENTIAL,
		other: RESTHOOK_CREDENTIAL,
	});
}

/** The subscribe, unsubscribe, list and sample endpoints the user described in the trigger. */

export interface EndpointSettings {
	method: IHttpRequestMethods;
	url: string;
	body?: unknown;
}

/** Calls one of the API endpoints the user described, with the credential's authentication. */
export async function callEndpoint(
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
		{ provider: REST_HOOK_API, credentialType: restHookCredentialType(context), action },
		options,
	);
}

export function subscriptionApi(context: IHookFunctions): SubscriptionApi | undefined {
	const subscribeUrl = templateText(context, PARAMETER.subscribeUrl);
	if (!subscribeUrl) return undefined;
	const scope =
		parameter<string>(context, PARAMETER.scope, DEFAULT.scope) === 'allEvents'
			? 'allEvents'
			: 'perEvent';
	const idPath = parameter(context, PARAMETER.subscriptionIdPath, DEFAULT.subscriptionIdPath);
	const unsubscribe: EndpointSettings = {
		method: parameter<IHttpRequestMethods>(
			context,
			PARAMETER.unsubscribeMethod,
			DEFAULT.unsubscribeMethod,
		),
		url: templateText(context, PARAMETER.unsubscribeUrl),
		body: templateParameter(context, PARAMETER.unsubscribeBody, ''),
	};
	const list = parameter<IDataObject>(context, PARAMETER.listSubscriptions, {});
	const listUrl = templateText(context, `${PARAMETER.listSubscriptions}.${LIST.url}`);
	const api: SubscriptionApi = {
		scope,
		sweepOrphans: listUrl !== '' && list[LIST.removeOrphans] === true,
		address: async () => subscribeUrl,

		async subscribe(hook, { events, url }) {
			const action =
				events.length === 1 ? `subscribe to event "${events[0]}"` : 'subscribe to the events';
			const answer = await callEndpoint(
				hook,
				{
					method: parameter<IHttpRequestMethods>(
						hook,
						PARAMETER.subscribeMethod,
						DEFAULT.subscribeMethod,
					),
					url: subscribeUrl,
					body: templateParameter(hook, PARAMETER.subscribeBody, ''),
				},
				{ targetUrl: url, event: events.join(','), events },
				action,
			);
			const id = valueAt(answer, idPath);
			if ((typeof id !== 'string' || !id) && typeof id !== 'number') {
				throw missingIdError(
					hook.getNode(),
					REST_HOOK_API,
					action,
					`subscription id at "${idPath}"`,
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
				{ method: (list[LIST.method] as IHttpRequestMethods) || DEFAULT.listMethod, url: listUrl },
				{},
				'list the subscriptions',
			);
			const entries = valueAt(answer, String(list[LIST.itemsPath] ?? ''));
			if (!Array.isArray(entries)) return [];
			const idField = String(list[LIST.idField] || DEFAULT.listIdField);
			const urlField = String(list[LIST.urlField] || DEFAULT.listUrlField);
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
