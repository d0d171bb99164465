import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { GetResponseWebhooksApi } from '../../credentials/GetResponseWebhooksApi.credentials';
import { GetResponseWebhooksTrigger } from '../../nodes/GetResponse/GetResponseWebhooksTrigger.node';
import { GETRESPONSE_KEY, type GetResponseSimulator } from '../simulators/getresponse';
import { TriggerHarness } from './trigger';

/** The URL secret the webhooks tests paste in GetResponse. */
export const URL_SECRET = 'k3Jq9vXw2LmP8sT4zR6yB1nC';

/** A GetResponse trigger with Source = Webhooks (the default): no API, a pasted URL secret. */
export function getResponseWebhooksTrigger(parameters: INodeParameters = {}): TriggerHarness {
	return new TriggerHarness({
		nodeType: new GetResponseWebhooksTrigger(),
		parameters: { source: 'webhooks', urlSecret: URL_SECRET, ...parameters },
		credentialType: new GetResponseWebhooksApi(),
		credentials: { apiKey: 'unused', baseUrl: 'custom', customBaseUrl: 'http://127.0.0.1:9/v3' },
	});
}

/** A GetResponse trigger with Source = Callbacks, its credentials pointing at the simulator. */
export function getResponseCallbacksTrigger(
	simulator: GetResponseSimulator,
	parameters: INodeParameters = {},
	credentials: ICredentialDataDecryptedObject = {},
): TriggerHarness {
	return new TriggerHarness({
		nodeType: new GetResponseWebhooksTrigger(),
		parameters: { source: 'callbacks', events: ['open', 'click'], ...parameters },
		credentialType: new GetResponseWebhooksApi(),
		credentials: {
			apiKey: GETRESPONSE_KEY,
			baseUrl: 'custom',
			customBaseUrl: simulator.apiUrl,
			domain: '',
			...credentials,
		},
	});
}
