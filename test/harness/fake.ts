import type {
	ICredentialType,
	ICredentialDataDecryptedObject,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { hmacAuth } from '../../nodes/shared/authentication';
import { deliveryCredentials } from '../../nodes/shared/credentialCache';
import { receiveDelivery } from '../../nodes/shared/delivery';
import {
	deliveryWebhook,
	eventsProperty,
	pastedUrlProperties,
	signatureOptions,
	TRIGGER_NODE,
} from '../../nodes/shared/descriptions';
import { samplesOption } from '../../nodes/shared/options';
import { subscriptionLifecycle } from '../../nodes/shared/subscriptions';
import type { DeliveryShape, Provider, ProviderEvent } from '../../nodes/shared/types';
import { TriggerHarness } from './trigger';

/*
 * A provider that is none of the real ones, for the core's own tests: what it does is set by the
 * test (how deliveries authenticate and are shaped), so a core test does not change when a real
 * provider does. Deliveries are pasted-URL ones (no subscription API), authenticated by a URL
 * secret in the node or an HMAC from the signature options.
 */

export const FAKE_CREDENTIAL = 'fakeProviderApi';
export const FAKE_SIGNING_SECRET = 'fake-signing-secret-5b1d9e3c7a';
export const FAKE_URL_SECRET = 'fake-url-secret-7c2e9a4f1b8d3';

const FAKE_EVENTS: ProviderEvent[] = [
	{ value: 'created', name: 'Created', description: 'Something was created' },
	{ value: 'deleted', name: 'Deleted', description: 'Something was deleted' },
];

class FakeProviderApi implements ICredentialType {
	name = FAKE_CREDENTIAL;

	displayName = 'Fake Provider API';

	properties = [
		{ displayName: 'Signing Secret', name: 'signingSecret', type: 'string' as const, default: '' },
	];
}

/** The fake provider: `auth` 'hmac' (signature options) or 'urlSecret' (pasted URL secret). */
export function fakeProvider(shape: Partial<DeliveryShape> = {}): Provider {
	return {
		displayName: 'Fake provider',
		credentialType: FAKE_CREDENTIAL,
		credentialSecretFields: ['signingSecret'],
		events: () => FAKE_EVENTS,
		subscriptionApi: () => undefined,
		deliveryAuth: async (context: IWebhookFunctions) => {
			if (context.getNodeParameter('auth', 'hmac') === 'urlSecret') {
				return { scheme: 'pastedUrlSecret' };
			}
			const credentials = await deliveryCredentials(context, FAKE_CREDENTIAL);
			return hmacAuth(context, [credentials.signingSecret as string | undefined]);
		},
		deliveryShape: () => ({ source: 'body', eventField: 'type', ...shape }),
		samples: async (_context, events) =>
			events.map((event) => ({ event, body: { type: event, id: `sample-${event}` } })),
	};
}

/** A trigger node on the fake provider, described with the core's shared parameters. */
export class FakeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fake Trigger',
		name: 'fakeTrigger',
		icon: 'file:fake.svg',
		...TRIGGER_NODE,
		subtitle: '',
		description: 'A provider for the core tests',
		defaults: { name: 'Fake Trigger' },
		credentials: [{ name: FAKE_CREDENTIAL, required: true }],
		webhooks: deliveryWebhook(),
		properties: [
			{
				displayName: 'Auth',
				name: 'auth',
				type: 'options',
				default: 'hmac',
				options: [
					{ name: 'HMAC', value: 'hmac' },
					{ name: 'URL Secret', value: 'urlSecret' },
				],
			},
			eventsProperty(FAKE_EVENTS),
			...pastedUrlProperties('the fake provider', { show: { auth: ['urlSecret'] } }),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [samplesOption, ...signatureOptions()],
			},
		],
	};

	webhookMethods: INodeType['webhookMethods'];

	constructor(provider: Provider) {
		this.webhookMethods = subscriptionLifecycle(provider);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this, FAKE.provider);
	}
}

/** The provider the FakeTrigger in use delivers through (one at a time, as tests run in a file). */
const FAKE: { provider: Provider } = { provider: fakeProvider() };

/**
 * A FakeTrigger in the harness: HMAC-signed with FAKE_SIGNING_SECRET unless the parameters say
 * `auth: 'urlSecret'` (then `urlSecret` is FAKE_URL_SECRET unless given).
 */
export function fakeTrigger(
	parameters: INodeParameters = {},
	shape: Partial<DeliveryShape> = {},
	credentials: ICredentialDataDecryptedObject = { signingSecret: FAKE_SIGNING_SECRET },
): TriggerHarness {
	FAKE.provider = fakeProvider(shape);
	return new TriggerHarness({
		nodeType: new FakeTrigger(FAKE.provider),
		parameters: { events: ['*'], urlSecret: FAKE_URL_SECRET, ...parameters },
		credentialType: new FakeProviderApi(),
		credentials,
	});
}
