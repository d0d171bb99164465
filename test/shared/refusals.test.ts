import { refusalLogPolicy, resetRefusalLog } from '../../nodes/shared/refusals';
import { fakeTrigger, FAKE_SIGNING_SECRET, FAKE_URL_SECRET } from '../harness/fake';
import { signBody, signedRequest } from '../harness/signing';

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
		const trigger = fakeTrigger();
		const body = JSON.stringify({ type: 'created' });
		const signature = signBody(body, FAKE_SIGNING_SECRET, { algorithm: 'sha1' });

		const outcome = await trigger.deliver({ headers: { 'x-signature': signature }, body });

		expect(outcome).toMatchObject({ status: 401, items: undefined });
		expect(outcome.error).toBeUndefined();
		expect(trigger.logged).toEqual([
			{
				level: 'warn',
				message:
					'Fake provider trigger "Fake Trigger" of workflow wf-1 refused a delivery (HTTP 401): the delivery is signed with the right secret, but as HMAC-SHA1, hex, in X-Signature, not HMAC-SHA256, auto (hex or base64), in X-Signature. Set Options → Signature Algorithm to HMAC-SHA1.',
				meta: {
					workflowId: 'wf-1',
					nodeName: 'Fake Trigger',
					status: 401,
					reason:
						'the delivery is signed with the right secret, but as HMAC-SHA1, hex, in X-Signature, not HMAC-SHA256, auto (hex or base64), in X-Signature',
					hint: 'Set Options → Signature Algorithm to HMAC-SHA1.',
				},
			},
		]);
		expect(JSON.stringify(trigger.logged)).not.toContain(signature);
		expect(JSON.stringify(trigger.logged)).not.toContain(FAKE_SIGNING_SECRET);
	});

	test('a flood of refusals logs at most the policy per node and window, then counts the rest', async () => {
		refusalLogPolicy.perWindow = 3;
		refusalLogPolicy.windowMs = 60_000;
		const trigger = fakeTrigger({ auth: 'urlSecret' });
		const forged = { query: { secret: 'forged' }, body: { type: 'created' } };

		for (let i = 0; i < 50; i++) await trigger.deliver(forged);

		expect(trigger.logged).toHaveLength(3);
		refusalLogPolicy.windowMs = 0;
		await trigger.deliver(forged);
		expect(trigger.logged).toHaveLength(4);
		expect(trigger.logged[3].message).toMatch(
			/\(47 earlier refusals of this trigger were not logged\)$/,
		);
	});

	test('a body the trigger cannot read is logged with the reason', async () => {
		const trigger = fakeTrigger({ auth: 'urlSecret' });

		const outcome = await trigger.deliver({ query: { secret: FAKE_URL_SECRET }, body: '{"type":' });

		expect(outcome.status).toBe(400);
		expect(trigger.logged[0].message).toMatch(
			/^Fake provider trigger "Fake Trigger" of workflow wf-1 refused a delivery \(HTTP 400\): its body could not be read \(The request body is not valid JSON: .+\)\. A delivery must be a JSON object, or a JSON array of them where the trigger accepts batches\.$/,
		);
	});

	test('an accepted delivery of an event not chosen is not a refusal: nothing is logged', async () => {
		const trigger = fakeTrigger({ auth: 'urlSecret', events: ['created'] });

		const outcome = await trigger.deliver({
			query: { secret: FAKE_URL_SECRET },
			body: { type: 'deleted' },
		});

		expect(outcome).toMatchObject({ status: 200, items: undefined });
		expect(trigger.logged).toEqual([]);
	});
});

describe('refused deliveries in the editor’s test mode', () => {
	test('a body it cannot read ends the test with the reason; the sender gets 400', async () => {
		const trigger = fakeTrigger();
		const request = signedRequest('{"type":', FAKE_SIGNING_SECRET);

		const outcome = await trigger.deliver(request, 'manual');

		expect(outcome.status).toBe(400);
		expect(outcome.error?.message).toMatch(
			/^Fake provider sent a test delivery that started no run \(HTTP 400\): its body could not be read \(The request body is not valid JSON: .+\)$/,
		);
	});
});
