import { deliveryLimits } from '../../nodes/shared/body';
import { WEBHOOK_SAMPLES } from '../../nodes/GetResponse/samples';
import { getResponseWebhooksTrigger, URL_SECRET } from '../harness/getresponse';
import { webhookRequest } from '../simulators/getresponse';

describe('the body size limit and large batches', () => {
	test('a GetResponse batch of 10,000 click events fits under the default limit and gives 10,000 items', async () => {
		const batch = Array.from({ length: 10_000 }, (_, index) => ({
			...WEBHOOK_SAMPLES.contact_clicked_message_link,
			contact: { contactId: `c${index}`, email: `contact${index}@example.com` },
		}));
		const body = JSON.stringify(batch);
		expect(Buffer.byteLength(body)).toBeLessThan(deliveryLimits.maxBodyBytes);

		const outcome = await getResponseWebhooksTrigger({
			events: ['contact_clicked_message_link'],
		}).deliver(webhookRequest(body, { secret: URL_SECRET }));

		expect(outcome.status).toBe(200);
		expect(outcome.body).toEqual({ status: 'OK' });
		expect(outcome.items).toHaveLength(10_000);
		expect(outcome.items?.[9_999]).toMatchObject({
			event: 'contact_clicked_message_link',
			contact: { contactId: 'c9999' },
		});
	});
});
