import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { RestHookSigningSecretApi } from '../../credentials/RestHookSigningSecretApi.credentials';
import { RestHookTrigger } from '../../nodes/RestHook/RestHookTrigger.node';
import { HOOKS_API_KEY, type RestHookApiSimulator } from '../simulators/resthook';
import { WEAVY_USER, type WeavySimulator } from '../simulators/weavy';
import { TriggerHarness } from './trigger';

/** A REST Hook Trigger with the given parameters and credential. */
export function restHookTrigger(
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject = { apiAuthentication: 'none' },
): TriggerHarness {
	return new TriggerHarness({
		nodeType: new RestHookTrigger(),
		parameters,
		credentialType: new RestHookSigningSecretApi(),
		credentials,
	});
}

/** The simulator's Zapier-style hooks API as a REST Hook Trigger configuration. */
export function hooksApiParameters(
	api: RestHookApiSimulator,
	extra: INodeParameters = {},
): INodeParameters {
	return {
		customEvents: 'contact.created, deal.won',
		subscribeMethod: 'POST',
		subscribeUrl: `${api.url}/hooks`,
		subscribeBody: '{\n  "target_url": "{{targetUrl}}",\n  "event": "{{event}}"\n}',
		subscriptionIdPath: 'id',
		unsubscribeMethod: 'DELETE',
		unsubscribeUrl: `${api.url}/hooks/{{id}}`,
		...extra,
	};
}

export const HOOKS_HEADER_CREDENTIAL = {
	apiAuthentication: 'header',
	headerName: 'X-API-Key',
	headerSecret: HOOKS_API_KEY,
};

/** A weavy API token, as the user would get one from weavy's /v1/Authenticate. */
export async function weavyToken(weavy: WeavySimulator): Promise<string> {
	const response = await fetch(`${weavy.url}/v1/Authenticate`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...WEAVY_USER, scope: 'API' }),
	});
	return ((await response.json()) as { authToken: string }).authToken;
}

/**
 * Divalto weavy's REST hooks described to the generic trigger, nothing weavy-specific in code:
 * its EPT_Webhook* entry points as the subscribe, unsubscribe and sample endpoints, the event in
 * the hook URL (weavy deliveries do not name it), the record unwrapped from "result".
 */
export function weavyParameters(weavy: WeavySimulator, events: string): INodeParameters {
	const entryPoint = (name: string) =>
		`${weavy.url}/v1/EntryPoints/${WEAVY_USER.projectCode}/process/?c=${name}`;
	return {
		customEvents: events,
		subscribeMethod: 'POST',
		subscribeUrl: entryPoint('EPT_WebhookSubscribe'),
		subscribeBody: '{"event": "{{event}}", "hookUrl": "{{targetUrl}}"}',
		subscriptionIdPath: 'result.codeWebhookSubscription',
		scope: 'perEvent',
		eventInHookUrl: true,
		unsubscribeMethod: 'POST',
		unsubscribeUrl: entryPoint('EPT_WebhookUnsubscribe'),
		unsubscribeBody: '{"codeWebhookSubscription": "{{id}}"}',
		incomingAuthentication: 'urlSecret',
		sampleEndpoint: {
			method: 'POST',
			url: entryPoint('EPT_WebhookPerformList'),
			body: '{"event": "{{event}}"}',
		},
		options: { eventField: '', unwrap: 'result' },
	};
}
