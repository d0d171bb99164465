import { efidemPayload, efidemTrigger, EFIDEM_SECRET } from '../harness/efidem';
import { getResponseWebhooksTrigger, URL_SECRET } from '../harness/getresponse';
import { signedRequest } from '../harness/signing';
import { webhookRequest } from '../simulators/getresponse';

/*
 * The request as webhook() reads it. From node version 2 on, n8n reads a body only for the
 * content types it parses itself (JSON, text, form, XML); the trigger reads any other one.
 */
describe('reading the request', () => {
	test('a signed body n8n did not read (no content type, node version 2) is read and verified', async () => {
		const { headers, body } = signedRequest(efidemPayload('Clic'), EFIDEM_SECRET);
		const { 'content-type': _type, ...withoutType } = headers;

		const outcome = await efidemTrigger({ events: ['*'] }).deliver({
			headers: withoutType,
			body,
			unread: true,
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([
			expect.objectContaining({ event: 'clicked', ID: expect.any(String) }),
		]);
	});

	test('a batch n8n did not read (application/octet-stream) becomes its items', async () => {
		const request = webhookRequest([{ type: 'contact_added' }, { type: 'contact_added' }], {
			secret: URL_SECRET,
		});

		const outcome = await getResponseWebhooksTrigger().deliver({
			...request,
			headers: { ...request.headers, 'content-type': 'application/octet-stream' },
			unread: true,
		});

		expect(outcome.items).toHaveLength(2);
	});
});
