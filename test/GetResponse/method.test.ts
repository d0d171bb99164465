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
});
