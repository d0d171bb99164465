import {
	type IWebhookFunctions,
	type IWebhookResponseData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	customEventsProperty,
	deliveryWebhook,
	eventsProperty,
	TRIGGER_NODE,
} from '../shared/descriptions';
import { deliveryWindowOption, gracePeriodOption, samplesOption } from '../shared/options';
import { deletedSubscriptionComesBack, N8N } from '../shared/n8nWords';
import { subscriptionLifecycle } from '../shared/subscriptions';
import { receiveDelivery } from '../shared/delivery';
import { divaltoWeavy, WEAVY_CREDENTIAL, WEAVY_EVENTS } from './provider';

export class DivaltoWeavyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Divalto Weavy Trigger',
		name: 'divaltoWeavyTrigger',
		icon: { light: 'file:weavy.svg', dark: 'file:weavy.dark.svg' },
		...TRIGGER_NODE,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a customer, prospect, deal or other record is created in Divalto weavy',
		defaults: {
			name: 'Divalto Weavy Trigger',
		},
		credentials: [
			{
				name: WEAVY_CREDENTIAL,
				required: true,
			},
		],
		webhooks: deliveryWebhook(),
		properties: [
			{
				displayName: `${N8N.Publishing} the workflow subscribes to the chosen events in weavy; ${N8N.unpublishing} unsubscribes. Each delivery must carry the secret the trigger puts in its URL. If a subscription is deleted in weavy, ${deletedSubscriptionComesBack('never')}`,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			eventsProperty(WEAVY_EVENTS),
			customEventsProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Keep Result Envelope',
						name: 'keepEnvelope',
						type: 'boolean',
						default: false,
						description:
							'Whether to output the delivery as weavy sends it, under "result", instead of the record\'s fields at the top level',
					},
					gracePeriodOption(),
					deliveryWindowOption(),
					samplesOption,
				],
			},
		],
	};

	webhookMethods = subscriptionLifecycle(divaltoWeavy);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this, divaltoWeavy);
	}
}
