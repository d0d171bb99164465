import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IWebhookFunctions,
} from 'n8n-workflow';

import { hmacAuth } from '../shared/authentication';
import { deliveryCredentials } from '../shared/credentialCache';
import {
	DEFAULT_TOLERANCE_SECONDS,
	GITHUB_SIGNATURE,
	STRIPE_SIGNATURE_HEADER,
} from '../shared/signatures';
import type { DeliveryAuth, DeliveryShape, ProviderEvent, Provider, Sample } from '../shared/types';
import { splitList } from '../shared/util';
import {
	API_AUTHENTICATION,
	SESSION_TOKEN,
} from '../../credentials/common/restHookApiAuthentication';
import {
	callEndpoint,
	REST_HOOK_API,
	RESTHOOK_CREDENTIAL,
	restHookCredentialType,
	subscriptionApi,
	type EndpointSettings,
} from './api';
import {
	DEFAULT,
	INCOMING_AUTHENTICATION,
	LABEL,
	OPTION,
	OPTIONS,
	PARAMETER,
	SAMPLE,
} from './parameters';
import { parameter, templateParameter, templateText, valueAt } from './templates';

export { RESTHOOK_CREDENTIAL } from './api';

/** Delivery-id headers of the schemes that define one: a retry carries the same id. */
const SCHEME_DELIVERY_ID: Record<string, string> = {
	[INCOMING_AUTHENTICATION.standardWebhooks]: 'webhook-id',
	[INCOMING_AUTHENTICATION.github]: 'X-GitHub-Delivery',
};

/** The events the user listed; the API's own names, matched tolerantly in deliveries. */
function listedEvents(context: IHookFunctions | IWebhookFunctions): ProviderEvent[] {
	return splitList(parameter(context, PARAMETER.customEvents, '')).map((value) => ({
		value,
		name: value,
		description: `The "${value}" event`,
	}));
}

async function signingSecrets(context: IWebhookFunctions): Promise<string[]> {
	const credentials = await deliveryCredentials(context, restHookCredentialType(context));
	return [credentials.signingSecret, credentials.previousSigningSecret].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
}

function toleranceSeconds(context: IWebhookFunctions): number {
	const value = parameter<unknown>(context, OPTION.toleranceSeconds, DEFAULT_TOLERANCE_SECONDS);
	return typeof value === 'number' && value > 0 ? value : DEFAULT_TOLERANCE_SECONDS;
}

async function deliveryAuth(context: IWebhookFunctions): Promise<DeliveryAuth> {
	const scheme = parameter<string>(
		context,
		PARAMETER.incomingAuthentication,
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
					parameter(context, OPTION.stripeHeader, STRIPE_SIGNATURE_HEADER).trim() || undefined,
				secrets: await signingSecrets(context),
				toleranceSeconds: toleranceSeconds(context),
			};
		case INCOMING_AUTHENTICATION.github:
			return { scheme: 'hmac', ...GITHUB_SIGNATURE, secrets: await signingSecrets(context) };
		default:
			// The secret the trigger put in the URL it subscribed: unknown to anyone else.
			return { scheme: 'hookUrlSecret' };
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

function deliveryShape(context: IHookFunctions | IWebhookFunctions): DeliveryShape {
	const options = parameter<IDataObject>(context, PARAMETER.options, {});
	const scheme = parameter<string>(
		context,
		PARAMETER.incomingAuthentication,
		INCOMING_AUTHENTICATION.urlSecret,
	);
	const eventFields = splitList(options[OPTIONS.eventField] ?? DEFAULT.eventField);
	const deliveryIdHeader =
		typeof options[OPTIONS.deliveryIdHeader] === 'string' &&
		String(options[OPTIONS.deliveryIdHeader]).trim()
			? String(options[OPTIONS.deliveryIdHeader]).trim()
			: SCHEME_DELIVERY_ID[scheme];
	// Without the header: the listed fields, when every one is in the event; else the whole event.
	const keyFields = splitList(options[OPTIONS.deliveryKeyFields] ?? '');
	const status = Number(options[OPTIONS.responseStatus] ?? DEFAULT.responseStatus);
	return {
		source: 'body',
		batch: options[OPTIONS.batch] === true,
		eventField: eventFields.length ? eventFields : undefined,
		// Applies where there is one subscription per event (the core decides: subscriptions.ts).
		eventInUrl: parameter(context, PARAMETER.eventInHookUrl, false),
		unwrap:
			typeof options[OPTIONS.unwrap] === 'string' && String(options[OPTIONS.unwrap]).trim()
				? String(options[OPTIONS.unwrap]).trim()
				: undefined,
		identity: {
			header: deliveryIdHeader,
			...(keyFields.length ? { fields: keyFields, requires: keyFields } : {}),
		},
		answer: {
			status: Number.isInteger(status) && status >= 200 && status < 300 ? status : undefined,
			body: responseBody(options[OPTIONS.responseBody]),
		},
	};
}

async function samples(context: IHookFunctions, events: string[]): Promise<Sample[]> {
	const settings = parameter<IDataObject>(context, PARAMETER.sampleEndpoint, {});
	const url = templateText(context, `${PARAMETER.sampleEndpoint}.${SAMPLE.url}`);
	if (!url) return [];
	const endpoint: EndpointSettings = {
		method: (settings[SAMPLE.method] as IHttpRequestMethods) || DEFAULT.sampleMethod,
		url,
		body: templateParameter(context, `${PARAMETER.sampleEndpoint}.${SAMPLE.body}`, ''),
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
			const found = valueAt(answer, String(settings[SAMPLE.itemsPath] ?? ''));
			const bodies = Array.isArray(found) ? found : found === undefined ? [] : [found];
			return bodies.map((body) => ({ event: perEvent ? event : (events[0] ?? ''), body }));
		}),
	);
	return lists.flat();
}

export const restHook: Provider = {
	displayName: REST_HOOK_API,
	credentialType: restHookCredentialType,
	// Whatever authenticates the API or signs deliveries keys the editor's sample token.
	credentialSecretFields: [
		'headerSecret',
		'token',
		'password',
		'querySecret',
		'loginPassword',
		'signingSecret',
		'previousSigningSecret',
		// OAuth2
		'clientSecret',
	],
	events: listedEvents,
	// "Login" fetches a session token on the first call, OAuth2 client credentials an access token.
	loginPending: async (context) => {
		const type = restHookCredentialType(context);
		const credentials = await context.getCredentials(type);
		if (type !== RESTHOOK_CREDENTIAL) {
			const token = (credentials.oauthTokenData as { access_token?: unknown } | undefined)
				?.access_token;
			return credentials.grantType === 'clientCredentials' && !token;
		}
		return (
			credentials.apiAuthentication === API_AUTHENTICATION.login && !credentials[SESSION_TOKEN]
		);
	},
	subscriptionApi,
	settingLabels: {
		scheme: { parameter: LABEL.incomingAuthentication },
		configurableHmac: { parameter: LABEL.incomingAuthentication, option: LABEL.hmac },
		tolerance: { parameter: LABEL.toleranceSeconds },
		stripeHeader: { parameter: LABEL.stripeHeader },
	},
	deliveryAuth,
	deliveryShape,
	samples,
};
