import { NodeOperationError } from 'n8n-workflow';

import { refusalLogPolicy, resetRefusalLog } from '../../nodes/shared/refusals';
import { efidemPayload, efidemTrigger, EFIDEM_SECRET } from '../harness/efidem';
import { getResponseWebhooksTrigger, URL_SECRET } from '../harness/getresponse';
import { signBody, signedRequest } from '../harness/signing';
import { queryOf } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import { webhookRequest } from '../simulators/getresponse';
import { WeavySimulator } from '../simulators/weavy';

/*
 * A refused delivery is told to the user: in the editor's test mode the test run ends with the
 * reason (the sender still gets its 401, 400 or 200), in production n8n's log gets one warning per
 * refusal, at a bounded rate per node, with nothing secret in it.
 */
describe('refused deliveries in production', () => {
	const saved = { ...refusalLogPolicy };

	beforeEach(() => resetRefusalLog());

	afterEach(() => {
		Object.assign(refusalLogPolicy, saved);
		resetRefusalLog();
	});

	test('a refused delivery is logged once as a warning, with trigger, workflow, reason and hint', async () => {
		const trigger = efidemTrigger({ events: ['*'] });
		const body = JSON.stringify(efidemPayload('Clic'));
		const signature = signBody(body, EFIDEM_SECRET, { algorithm: 'sha1' });

		const outcome = await trigger.deliver({ headers: { 'x-signature': signature }, body });

		expect(outcome).toMatchObject({ status: 401, items: undefined });
		expect(outcome.error).toBeUndefined();
		expect(trigger.logged).toEqual([
			{
				level: 'warn',
				message:
					'Efidem SnapShoot trigger "Efidem SnapShoot Trigger" of workflow wf-1 refused a delivery (HTTP 401): the delivery is signed with the right secret, but as HMAC-SHA1, hex, in X-Signature, not HMAC-SHA256, auto (hex or base64), in X-Signature. Set Options → Signature Algorithm to HMAC-SHA1.',
				meta: {
					workflowId: 'wf-1',
					nodeName: 'Efidem SnapShoot Trigger',
					status: 401,
					reason:
						'the delivery is signed with the right secret, but as HMAC-SHA1, hex, in X-Signature, not HMAC-SHA256, auto (hex or base64), in X-Signature',
					hint: 'Set Options → Signature Algorithm to HMAC-SHA1.',
				},
			},
		]);
		expect(JSON.stringify(trigger.logged)).not.toContain(signature);
		expect(JSON.stringify(trigger.logged)).not.toContain(EFIDEM_SECRET);
	});

	test('a flood of refusals logs at most the policy per node and window, then counts the rest', async () => {
		refusalLogPolicy.perWindow = 3;
		refusalLogPolicy.windowMs = 60_000;
		const trigger = getResponseWebhooksTrigger();

		for (let i = 0; i < 50; i++) {
			await trigger.deliver(webhookRequest({ type: 'contact_added' }, { secret: 'forged' }));
		}

		expect(trigger.logged).toHaveLength(3);
		refusalLogPolicy.windowMs = 0;
		await trigger.deliver(webhookRequest({ type: 'contact_added' }, { secret: 'forged' }));
		expect(trigger.logged).toHaveLength(4);
		expect(trigger.logged[3].message).toMatch(
			/\(47 earlier refusals of this trigger were not logged\)$/,
		);
	});

	test('a body the trigger cannot read is logged with the reason', async () => {
		const trigger = getResponseWebhooksTrigger();

		const outcome = await trigger.deliver(webhookRequest('{"type":', { secret: URL_SECRET }));

		expect(outcome.status).toBe(400);
		expect(trigger.logged[0].message).toMatch(
			/^GetResponse trigger "GetResponse Webhooks Trigger" of workflow wf-1 refused a delivery \(HTTP 400\): its body could not be read \(The request body is not valid JSON: .+\)\. A delivery must be a JSON object, or a JSON array of them where the trigger accepts batches\.$/,
		);
	});

	test('an accepted delivery of an event not chosen is not a refusal: nothing is logged', async () => {
		const trigger = getResponseWebhooksTrigger({ events: ['contact_added'] });

		const outcome = await trigger.deliver(
			webhookRequest({ type: 'contact_moved' }, { secret: URL_SECRET }),
		);

		expect(outcome).toMatchObject({ status: 200, items: undefined });
		expect(trigger.logged).toEqual([]);
	});
});

describe('refused deliveries in the editor’s test mode', () => {
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

	test('a body it cannot read ends the test with the reason; the sender gets 400', async () => {
		const trigger = efidemTrigger({ events: ['*'] });
		const request = signedRequest('{"Event":', EFIDEM_SECRET);

		const outcome = await trigger.deliver(request, 'manual');

		expect(outcome.status).toBe(400);
		expect(outcome.error?.message).toMatch(
			/^Efidem SnapShoot sent a test delivery that started no run \(HTTP 400\): its body could not be read \(The request body is not valid JSON: .+\)$/,
		);
	});

	describe('Divalto weavy, listening on its test URL', () => {
		let weavy: WeavySimulator;

		beforeEach(async () => {
			weavy = await new WeavySimulator().start();
		});

		afterEach(async () => {
			await weavy.stop();
		});

		test('a delivery with another URL secret ends the test with the reason; weavy gets 401', async () => {
			const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
			const testState = {};
			await trigger.create(trigger.hookContext('manual', 'manual', testState));
			const [subscription] = weavy.subscriptions.values();
			const query = { ...queryOf(subscription.hookUrl), secret: 'x'.repeat(32) };

			const outcome = await trigger.deliver(
				{ query, body: { result: { codecustomer: 'C1' } } },
				'manual',
				testState,
			);

			expect(outcome).toMatchObject({
				status: 401,
				body: { message: 'This delivery could not be authenticated.' },
			});
			expect(outcome.error?.message).toBe(
				"Divalto weavy sent a test delivery that started no run (HTTP 401): the URL's secret is not the one the trigger subscribed with",
			);
			expect((outcome.error as NodeOperationError).description).toBe(
				'Deliveries must come to the URL the trigger subscribed in Divalto weavy, with its secret. Unpublish and publish the workflow again to renew the subscription.',
			);
		});
	});
});
