import { NodeOperationError } from 'n8n-workflow';

import { getResponseWebhooksTrigger, URL_SECRET } from '../harness/getresponse';
import { webhookRequest } from '../simulators/getresponse';

describe('GetResponse deliveries refused in the editor’s test mode', () => {
	test('an event not chosen ends the test with the event to add; GetResponse still gets its {"status":"OK"}', async () => {
		const trigger = getResponseWebhooksTrigger({ events: ['contact_added'] });

		const outcome = await trigger.deliver(
			webhookRequest({ type: 'contact_moved' }, { secret: URL_SECRET }),
			'manual',
		);

		expect(outcome).toMatchObject({ status: 200, body: { status: 'OK' }, items: undefined });
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toBe(
			'GetResponse sent a test delivery that started no run (HTTP 200): its event "contact_moved" is not among the trigger\'s events',
		);
		expect((outcome.error as NodeOperationError).description).toBe(
			'Add the event to Events (or choose All Events), then listen for a test event again.',
		);
	});
});
