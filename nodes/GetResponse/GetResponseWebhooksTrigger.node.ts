import {
	type IWebhookFunctions,
	type IWebhookResponseData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	AUTHENTICATION_PARAMETER,
	deliveryWebhook,
	eventsProperty,
	pastedUrlProperties,
	OAUTH2_AUTHENTICATION,
	TRIGGER_NODE,
} from '../shared/descriptions';
import { deliveryWindowOption, gracePeriodOption, samplesOption } from '../shared/options';
import { deletedSubscriptionComesBack, N8N } from '../shared/n8nWords';
import { ALL_EVENTS } from '../shared/events';
import { subscriptionLifecycle } from '../shared/subscriptions';
import { receiveDelivery } from '../shared/delivery';
import { CALLBACK_EVENTS, WEBHOOK_EVENTS } from './events';
import { getResponse } from './provider';

const WEBHOOKS = { show: { source: ['webhooks'] } };
const CALLBACKS = { show: { source: ['callbacks'] } };

export class GetResponseWebhooksTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GetResponse Webhooks Trigger',
		name: 'getResponseWebhooksTrigger',
		icon: { light: 'file:getresponse.svg', dark: 'file:getresponse.dark.svg' },
		...TRIGGER_NODE,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when contacts open, click, subscribe, unsubscribe or change in GetResponse',
		defaults: {
			name: 'GetResponse Webhooks Trigger',
		},
		credentials: [
			// Webhooks are made in GetResponse's UI: only the legacy callbacks use the API.
			{
				name: 'getResponseWebhooksApi',
				required: true,
				displayOptions: { show: { source: ['callbacks'], authentication: ['apiKey'] } },
			},
			{
				name: 'getResponseWebhooksOAuth2Api',
				required: true,
				displayOptions: {
					show: { source: ['callbacks'], authentication: [OAUTH2_AUTHENTICATION] },
				},
			},
		],
		// GetResponse posts webhooks as JSON but calls legacy callbacks with a GET query string.
		webhooks: deliveryWebhook({
			template: '={{$parameter["source"] === "callbacks" ? "GET" : "POST"}}',
			resolve: (parameters) => (parameters.source === 'callbacks' ? 'GET' : 'POST'),
		}),
		properties: [
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				default: 'webhooks',
				options: [
					{
						name: 'Webhooks (Recommended)',
						value: 'webhooks',
						description:
							'Created in GetResponse under Integrations and API > Webhooks: JSON, batches, retried when n8n does not answer',
					},
					{
						name: 'Callbacks (Legacy)',
						value: 'callbacks',
						description: `Set up automatically through the API when the workflow is ${N8N.published}; one per account, never retried`,
					},
				],
			},
			...pastedUrlProperties(
				'GetResponse (Tools > Integrations and API > Webhooks > Create webhook), with the same events as below',
				WEBHOOKS,
			),
			{
				displayName: 'Authentication',
				name: AUTHENTICATION_PARAMETER,
				type: 'options',
				default: 'apiKey',
				options: [
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'OAuth2', value: OAUTH2_AUTHENTICATION },
				],
				// n8n's editor moves this field into the credential modal and hides from the node panel
				// every parameter named in its displayOptions.show: `hide` keeps "Source" in the panel.
				displayOptions: { hide: { source: ['webhooks'] } },
			},
			{
				displayName: `${N8N.Publishing} the workflow points the GetResponse account's callbacks at this trigger; ${N8N.unpublishing} turns them off. GetResponse allows one callback URL per account. If the callback is changed in GetResponse, ${deletedSubscriptionComesBack('always')}`,
				name: 'callbacksNotice',
				type: 'notice',
				default: '',
				displayOptions: CALLBACKS,
			},
			eventsProperty(WEBHOOK_EVENTS, {
				default: [ALL_EVENTS],
				description:
					'The events that start the workflow. GetResponse sends only those chosen in its webhook, so "All Events" usually fits.',
				displayOptions: WEBHOOKS,
			}),
			eventsProperty(CALLBACK_EVENTS, {
				description: 'The actions GetResponse calls back for, and that start the workflow',
				displayOptions: CALLBACKS,
			}),
			{
				displayName: 'Replace Existing Callback',
				name: 'replaceExisting',
				type: 'boolean',
				default: false,
				description:
					"Whether to take over the account's callback when GetResponse already sends it to another URL; that URL then stops receiving callbacks",
				displayOptions: CALLBACKS,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					gracePeriodOption({ show: { '/source': ['callbacks'] } }),
					// Callbacks are never retried: nothing to remember.
					deliveryWindowOption({ show: { '/source': ['webhooks'] } }),
					samplesOption,
				],
			},
		],
	};

	webhookMethods = subscriptionLifecycle(getResponse);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this, getResponse);
	}
}
