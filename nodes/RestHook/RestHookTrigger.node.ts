import {
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	AUTHENTICATION_PARAMETER,
	deliveryWebhook,
	OAUTH2_AUTHENTICATION,
	TRIGGER_NODE,
} from '../shared/descriptions';
import { deletedSubscriptionComesBack, N8N } from '../shared/n8nWords';
import { subscriptionLifecycle } from '../shared/subscriptions';
import { receiveDelivery } from '../shared/delivery';
import { checkCredential } from './credentialTest';
import {
	eventProperties,
	incomingProperties,
	listProperty,
	optionsProperty,
	sampleProperty,
	subscribeProperties,
} from './RestHookTriggerDescription';
import { LIST_URL, PARAMETER } from './parameters';
import { restHook } from './provider';

export class RestHookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'REST Hook Trigger',
		name: 'restHookTrigger',
		icon: { light: 'file:resthook.svg', dark: 'file:resthook.dark.svg' },
		...TRIGGER_NODE,
		subtitle: '={{$parameter["customEvents"]}}',
		description: `Starts the workflow on events of any API with REST hooks: subscribes on ${N8N.publish}, verifies each delivery, unsubscribes on ${N8N.unpublish}`,
		defaults: {
			name: 'REST Hook Trigger',
		},
		credentials: [
			{
				name: 'restHookSigningSecretApi',
				required: true,
				testedBy: 'restHookApi',
				displayOptions: { show: { authentication: ['restHookApi'] } },
			},
			{
				name: 'restHookOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: [OAUTH2_AUTHENTICATION] } },
			},
		],
		webhooks: deliveryWebhook(),
		properties: [
			{
				displayName: `${N8N.Publishing} the workflow subscribes through the API described below; ${N8N.unpublishing} unsubscribes. Authentication to the API is set in the credential. If a subscription is deleted in the API, ${deletedSubscriptionComesBack({ onlyWhenSet: `${LIST_URL.parameter} → ${LIST_URL.option}` })}`,
				name: PARAMETER.notice,
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: AUTHENTICATION_PARAMETER,
				type: 'options',
				default: 'restHookApi',
				description:
					'How the trigger proves who it is to the API when it subscribes and unsubscribes',
				options: [
					{
						name: 'REST Hook API (Key, Token, Basic, Login)',
						value: 'restHookApi',
						description: 'A bearer token, header, basic auth, query parameter or login',
					},
					{
						name: 'OAuth2',
						value: OAUTH2_AUTHENTICATION,
						description: "The API's OAuth2: n8n connects your account and refreshes the tokens",
					},
				],
			},
			...eventProperties,
			...subscribeProperties,
			...incomingProperties,
			listProperty,
			sampleProperty,
			optionsProperty,
		],
	};

	methods = {
		credentialTest: {
			async restHookApi(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return checkCredential(credential.data ?? {});
			},
		},
	};

	webhookMethods = subscriptionLifecycle(restHook);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this, restHook);
	}
}
