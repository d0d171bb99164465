import { NodeHelpers, resolveWebhookDescriptionField, type INodeParameters } from 'n8n-workflow';

import { GetResponseWebhooksTrigger } from '../../nodes/GetResponse/GetResponseWebhooksTrigger.node';
import { getResponseWebhooksTrigger } from '../harness/getresponse';

describe('GetResponse trigger: the HTTP method n8n registers', () => {
	test('with Source = Webhooks the webhook listens for POST', () => {
		const trigger = getResponseWebhooksTrigger();

		expect(trigger.registeredMethod()).toBe('POST');
	});

	test('with Source left at its default the webhook listens for POST', () => {
		const trigger = getResponseWebhooksTrigger();
		trigger.setParameters({ urlSecret: 'x' });

		expect(trigger.registeredMethod()).toBe('POST');
	});

	test('with Source = Callbacks the webhook listens for GET', () => {
		const trigger = getResponseWebhooksTrigger({ source: 'callbacks', events: ['open'] });

		expect(trigger.registeredMethod()).toBe('GET');
	});

	test('switching Source changes the registered method without another change', () => {
		const trigger = getResponseWebhooksTrigger();
		trigger.setParameters({ source: 'callbacks', events: ['open'] });

		expect(trigger.registeredMethod()).toBe('GET');
	});

	test.each(['webhooks', 'callbacks', undefined])(
		'n8n 2.41 resolves the method natively, without an expression, as the template says (source %s)',
		(source) => {
			const trigger = getResponseWebhooksTrigger(source === undefined ? {} : { source });
			if (source === undefined) trigger.setParameters({ urlSecret: 'x' });
			const { description } = new GetResponseWebhooksTrigger();
			const [webhook] = description.webhooks!;
			// The node as n8n's Workflow holds it: its parameters with their defaults.
			const parameters = NodeHelpers.getNodeParameters(
				description.properties,
				trigger.node.parameters,
				true,
				false,
				trigger.node,
				description,
			) as INodeParameters;

			const native = resolveWebhookDescriptionField(
				{ ...trigger.node, parameters },
				webhook,
				'httpMethod',
			);

			expect(native).toEqual({ resolved: true, value: trigger.registeredMethod() });
		},
	);
});
