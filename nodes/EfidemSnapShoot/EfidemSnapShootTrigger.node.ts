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
	deliveryWebhook,
	eventsProperty,
	signatureOptions,
	TRIGGER_NODE,
	REACHABLE_NOTICE,
} from '../shared/descriptions';
import { deliveryWindowOption, samplesOption } from '../shared/options';
import { N8N } from '../shared/n8nWords';
import { ALL_EVENTS } from '../shared/events';
import { subscriptionLifecycle } from '../shared/subscriptions';
import { receiveDelivery } from '../shared/delivery';
import {
	checkSecretKeys,
	EFIDEM_EVENTS,
	efidemSnapShoot,
	SIGNING,
	SIGNING_PARAMETER,
} from './provider';

const SIGNED = { show: { [SIGNING_PARAMETER]: [SIGNING.signature] } };
const UNSIGNED = { show: { [SIGNING_PARAMETER]: [SIGNING.none] } };

export class EfidemSnapShootTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Efidem SnapShoot Trigger',
		name: 'efidemSnapShootTrigger',
		icon: { light: 'file:efidem.svg', dark: 'file:efidem.dark.svg' },
		...TRIGGER_NODE,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when an email sent through Efidem is delivered, opened, clicked, cancelled or marked as spam',
		defaults: {
			name: 'Efidem SnapShoot Trigger',
		},
		credentials: [
			{
				name: 'efidemSnapShootApi',
				required: true,
				// SnapShoot has no API: the credential only holds the signature's SecretKey.
				testedBy: 'efidemSnapShootSecretKey',
				displayOptions: SIGNED,
			},
		],
		webhooks: deliveryWebhook(),
		properties: [
			{
				displayName: `Copy this node's Production URL (Webhook URLs, above) and paste it in SnapShoot > Développeur > Paramètres > WebHooks > URL (Developer > Settings > WebHooks), then click "Activer" (Enable). SnapShoot has no API: ${N8N.publishing} the workflow does not change SnapShoot's settings. ${REACHABLE_NOTICE}`,
				name: 'pastedUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: SIGNING_PARAMETER,
				type: 'options',
				default: 'signature',
				options: [
					{
						name: 'None',
						value: SIGNING.none,
						description: 'Accept every request sent to the URL',
					},
					{
						name: 'Signature (X-Signature Header)',
						value: SIGNING.signature,
						description:
							'Accept only requests signed with the SecretKey SnapShoot generates when "Activer la signature des WebHooks" (webhook signing) is on',
					},
				],
			},
			{
				displayName:
					'Turn on "Activer la signature des WebHooks" in SnapShoot (its webhook signing setting) and copy the generated SecretKey into the credential. Deliveries without a valid X-Signature are refused (HTTP 401).',
				name: 'signatureNotice',
				type: 'notice',
				default: '',
				displayOptions: SIGNED,
			},
			{
				displayName:
					'Deliveries are not authenticated: anyone who knows this URL can start the workflow with any data. Turn on "Activer la signature des WebHooks" in SnapShoot (its webhook signing setting) and choose Signature above.',
				name: 'unauthenticatedNotice',
				type: 'notice',
				default: '',
				displayOptions: UNSIGNED,
			},
			eventsProperty(EFIDEM_EVENTS, {
				default: [ALL_EVENTS],
				description:
					'The events that start the workflow; others are acknowledged without a run. SnapShoot sends those ticked in its settings, so "All Events" usually fits.',
			}),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					...signatureOptions({ show: { [`/${SIGNING_PARAMETER}`]: [SIGNING.signature] } }),
					deliveryWindowOption(),
					samplesOption,
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async efidemSnapShootSecretKey(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return checkSecretKeys(credential.data);
			},
		},
	};

	webhookMethods = subscriptionLifecycle(efidemSnapShoot);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this, efidemSnapShoot);
	}
}
