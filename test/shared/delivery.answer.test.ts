import {
	NodeConnectionTypes,
	type ICredentialType,
	type INodeType,
	type IWebhookFunctions,
} from 'n8n-workflow';

import type { DeliveryShape, Provider } from '../../nodes/shared/types';
import { receiveDelivery } from '../../nodes/shared/delivery';
import { TriggerHarness } from '../harness/trigger';

/** A provider with no API whose sender expects a given answer: only `answer` varies. */
function triggerAnswering(shape: Partial<DeliveryShape>): TriggerHarness {
	const provider: Provider = {
		displayName: 'Sender',
		credentialType: 'senderApi',
		credentialSecretFields: [],
		events: () => [{ value: 'ping', name: 'Ping', description: 'A ping' }],
		subscriptionApi: () => undefined,
		deliveryAuth: () => ({ scheme: 'none' }),
		deliveryShape: () => ({ source: 'body', eventField: 'type', ...shape }),
		samples: async () => [],
	};
	const nodeType: INodeType = {
		description: {
			displayName: 'Sender Trigger',
			name: 'senderTrigger',
			group: ['trigger'],
			version: 1,
			description: 'test trigger',
			defaults: { name: 'Sender Trigger' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			webhooks: [
				{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			],
			// Declared, or n8n drops the parameter when it builds the workflow.
			properties: [
				{
					displayName: 'Events',
					name: 'events',
					type: 'multiOptions',
					default: [],
					options: [{ name: 'Ping', value: 'ping' }],
				},
			],
		},
		async webhook(this: IWebhookFunctions) {
			return await receiveDelivery.call(this, provider);
		},
	};
	const credentialType: ICredentialType = {
		name: 'senderApi',
		displayName: 'Sender',
		properties: [],
	};
	return new TriggerHarness({
		nodeType,
		parameters: { events: ['ping'] },
		credentialType,
		credentials: {},
	});
}

describe("a provider's answer to accepted deliveries", () => {
	test('an accepted delivery is answered with the status and body, and still starts a run', async () => {
		const outcome = await triggerAnswering({
			answer: { status: 202, body: { status: 'OK' } },
		}).deliver({ body: { type: 'ping' } });

		expect(outcome.status).toBe(202);
		expect(outcome.body).toEqual({ status: 'OK' });
		expect(outcome.result.noWebhookResponse).toBe(true);
		expect(outcome.items).toHaveLength(1);
	});

	test('without a body, the answer says why, as n8n would', async () => {
		const outcome = await triggerAnswering({ answer: { status: 202 } }).deliver({
			body: { type: 'other' },
		});

		expect(outcome.status).toBe(202);
		expect(outcome.body).toEqual({ message: 'No selected event in this delivery; no run.' });
		expect(outcome.items).toBeUndefined();
	});

	test('absent, n8n answers the accepted delivery itself', async () => {
		const outcome = await triggerAnswering({}).deliver({ body: { type: 'ping' } });

		expect(outcome.result.noWebhookResponse).toBeUndefined();
		expect(outcome.items).toHaveLength(1);
	});
});
