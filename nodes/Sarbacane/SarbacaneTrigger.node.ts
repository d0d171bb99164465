import {
	type IWebhookFunctions,
	type IWebhookResponseData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	deliveryWebhook,
	eventsProperty,
	pastedUrlProperties,
	TRIGGER_NODE,
} from '../shared/descriptions';
import { deliveryWindowOption, gracePeriodOption, samplesOption } from '../shared/options';
import { deletedSubscriptionComesBack, N8N } from '../shared/n8nWords';
import { subscriptionLifecycle } from '../shared/subscriptions';
import { receiveDelivery } from '../shared/delivery';
import { DEFAULT_EVENT_FIELDS, EXTENSION_EVENTS, SARBACANE_EVENTS } from './events';
import { sarbacane } from './provider';
import { SARBACANE_CREDENTIAL } from './webhooks';

const API = { show: { source: ['api'] } };
const MANUAL = { show: { source: ['manual'] } };

export class SarbacaneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sarbacane Trigger',
		name: 'sarbacaneTrigger',
		icon: { light: 'file:sarbacane.svg', dark: 'file:sarbacane.dark.svg' },
		...TRIGGER_NODE,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a Sarbacane email is delivered, opened, clicked or bounces, or a form is submitted',
		defaults: {
			name: 'Sarbacane Trigger',
		},
		credentials: [
			{
				name: SARBACANE_CREDENTIAL,
				required: true,
				displayOptions: API,
			},
		],
		webhooks: deliveryWebhook(),
		properties: [
			{
				displayName: 'Webhook Setup',
				name: 'source',
				type: 'options',
				default: 'api',
				options: [
					{
						name: 'Automatically, Through the Sarbacane API',
						value: 'api',
						description: `${N8N.Publishing} the workflow creates one webhook in Sarbacane; ${N8N.unpublishing} deletes it`,
					},
					{
						name: 'By Me, in the Sarbacane Webhook Extension',
						value: 'manual',
						description:
							'For accounts without API webhooks: you paste the URL in the extension yourself; no API call, no credential',
					},
				],
			},
			{
				displayName: `${N8N.Publishing} the workflow creates one Sarbacane webhook for the chosen events; ${N8N.unpublishing} deletes it. Each delivery must carry the secret the trigger puts in its URL. If the webhook is deleted in Sarbacane, ${deletedSubscriptionComesBack('always')}`,
				name: 'notice',
				type: 'notice',
				default: '',
				displayOptions: API,
			},
			...pastedUrlProperties(
				'the Sarbacane Webhook extension (sarbacane.com/extensions/webhook)',
				MANUAL,
			),
			eventsProperty(SARBACANE_EVENTS, { displayOptions: API }),
			eventsProperty(EXTENSION_EVENTS, {
				displayOptions: MANUAL,
				description:
					'The events that start the workflow; the extension may send others, which are answered 200 without a run',
			}),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Event Fields',
						name: 'eventFields',
						type: 'string',
						default: DEFAULT_EVENT_FIELDS,
						description:
							'Payload fields naming the event, tried in order, separated by commas. Legacy deliveries say "type"; the payloads of the API\'s newer kinds are undocumented and may say "kind".',
					},
					gracePeriodOption({ show: { '/source': ['api'] } }),
					deliveryWindowOption(),
					samplesOption,
				],
			},
		],
	};

	webhookMethods = subscriptionLifecycle(sarbacane);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this, sarbacane);
	}
}
