import { randomUUID } from 'crypto';

import { standardWebhooksHeaders, stripeStyleHeader, signBody } from '../harness/signing';
import { restHookTrigger } from '../harness/resthook';
import type { TriggerHarness } from '../harness/trigger';

/*
 * Deliveries from signed senders, through the trigger's webhook() as n8n runs it. The trigger
 * here subscribes nowhere (no publish): the signature alone authenticates a delivery.
 */
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OLD_STANDARD_SECRET = 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=';
const STRIPE_SECRET = 'whsec_stripe_style_0123456789';
const GITHUB_SECRET = "It's a Secret to Everybody";

function standardTrigger(options = {}, signingSecret = STANDARD_SECRET): TriggerHarness {
	return restHookTrigger(
		{
			customEvents: 'contact.created, deal.won',
			incomingAuthentication: 'standardWebhooks',
			options,
		},
		{ apiAuthentication: 'none', signingSecret, previousSigningSecret: OLD_STANDARD_SECRET },
	);
}

function contactCreated(id = 'c_1'): string {
	return JSON.stringify({
		type: 'contact.created',
		timestamp: '2026-11-23T10:00:00Z',
		data: { id, email: 'ada@example.com' },
	});
}

describe('REST Hook Trigger with Standard Webhooks deliveries', () => {
	test('a freshly signed delivery becomes an item named by its "type"', async () => {
		const body = contactCreated();

		const outcome = await standardTrigger().deliver({
			headers: standardWebhooksHeaders(body, STANDARD_SECRET, { id: 'msg_2Kq' }),
			body,
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([
			{
				event: 'contact.created',
				receivedAt: expect.any(String),
				deliveryId: 'msg_2Kq',
				type: 'contact.created',
				timestamp: '2026-11-23T10:00:00Z',
				data: { id: 'c_1', email: 'ada@example.com' },
			},
		]);
	});

	test("the spec's own test vector replayed today is refused (401): its timestamp is from 2021", async () => {
		const outcome = await restHookTrigger(
			{ customEvents: 'test', incomingAuthentication: 'standardWebhooks' },
			{ apiAuthentication: 'none', signingSecret: STANDARD_SECRET },
		).deliver({
			headers: {
				'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
				'webhook-timestamp': '1614265330',
				'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
			},
			body: '{"test": 2432232314}',
		});

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a delivery signed ten minutes ago is refused by the default 300 s tolerance', async () => {
		const body = contactCreated();
		const timestamp = Math.floor(Date.now() / 1000) - 600;

		const outcome = await standardTrigger().deliver({
			headers: standardWebhooksHeaders(body, STANDARD_SECRET, { timestamp }),
			body,
		});

		expect(outcome.status).toBe(401);
	});

	test('a larger configured tolerance accepts the same ten-minute-old delivery', async () => {
		const body = contactCreated();
		const timestamp = Math.floor(Date.now() / 1000) - 600;

		const outcome = await standardTrigger({ toleranceSeconds: 3600 }).deliver({
			headers: standardWebhooksHeaders(body, STANDARD_SECRET, { timestamp }),
			body,
		});

		expect(outcome.status).toBe(200);
	});

	test('a retry with the same webhook-id is answered 200 without a second run', async () => {
		const trigger = standardTrigger();
		const body = contactCreated();
		const id = `msg_${randomUUID()}`;

		const first = await trigger.deliver({
			headers: standardWebhooksHeaders(body, STANDARD_SECRET, { id }),
			body,
		});
		const retry = await trigger.deliver({
			headers: standardWebhooksHeaders(body, STANDARD_SECRET, { id }),
			body,
		});

		expect(first.items).toHaveLength(1);
		expect(retry.status).toBe(200);
		expect(retry.items).toBeUndefined();
		expect(retry.body).toEqual({ message: 'Delivery already received; no new run.' });
	});

	test('a retry of a delivery n8n could not store (it answered 500) starts the run', async () => {
		const trigger = standardTrigger();
		const body = contactCreated();
		const id = `msg_${randomUUID()}`;
		const send = async (n8nAnswers?: number) =>
			await trigger.deliver(
				{ headers: standardWebhooksHeaders(body, STANDARD_SECRET, { id }), body },
				'webhook',
				undefined,
				{ n8nAnswers },
			);

		const failed = await send(500);
		const retry = await send();

		expect(failed.status).toBe(500);
		expect(retry.status).toBe(200);
		expect(retry.items).toHaveLength(1);
	});

	test('a retry while n8n has not answered the first delivery yet gets 503 and starts no run', async () => {
		const trigger = standardTrigger();
		const body = contactCreated();
		const id = `msg_${randomUUID()}`;
		const headers = () => standardWebhooksHeaders(body, STANDARD_SECRET, { id });

		await trigger.deliver({ headers: headers(), body }, 'webhook', undefined, {
			n8nAnswers: 'later',
		});
		const retry = await trigger.deliver({ headers: headers(), body });

		expect(retry.status).toBe(503);
		expect(retry.items).toBeUndefined();
	});

	test('a delivery whose body was altered after signing is refused', async () => {
		const headers = standardWebhooksHeaders(contactCreated('c_1'), STANDARD_SECRET);

		const outcome = await standardTrigger().deliver({ headers, body: contactCreated('c_2') });

		expect(outcome.status).toBe(401);
	});

	test('a delivery signed with the previous signing secret is accepted while the API rotates', async () => {
		const body = contactCreated();

		const outcome = await standardTrigger().deliver({
			headers: standardWebhooksHeaders(body, OLD_STANDARD_SECRET),
			body,
		});

		expect(outcome.status).toBe(200);
	});

	test('without a signing secret in the credential every delivery is refused', async () => {
		const body = contactCreated();

		const outcome = await standardTrigger({}, '').deliver({
			headers: standardWebhooksHeaders(body, STANDARD_SECRET),
			body,
		});

		expect(outcome.status).toBe(401);
	});

	test('an event not listed is answered 200 without a run', async () => {
		const body = JSON.stringify({ type: 'invoice.paid', data: {} });

		const outcome = await standardTrigger().deliver({
			headers: standardWebhooksHeaders(body, STANDARD_SECRET),
			body,
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items).toBeUndefined();
	});
});

describe('REST Hook Trigger with Stripe-style deliveries', () => {
	const trigger = (options = {}) =>
		restHookTrigger(
			{ customEvents: 'invoice.paid', incomingAuthentication: 'stripe', options },
			{ apiAuthentication: 'none', signingSecret: STRIPE_SECRET },
		);
	const body = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { amount: 42 } });

	test('a fresh t=…,v1=… signature is accepted', async () => {
		const outcome = await trigger().deliver({
			headers: { 'Stripe-Signature': stripeStyleHeader(body, STRIPE_SECRET) },
			body,
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items?.[0]).toMatchObject({ event: 'invoice.paid', id: 'evt_1' });
	});

	test('a signature older than the tolerance is refused as a replay', async () => {
		const old = Math.floor(Date.now() / 1000) - 301;

		const outcome = await trigger().deliver({
			headers: { 'Stripe-Signature': stripeStyleHeader(body, STRIPE_SECRET, old) },
			body,
		});

		expect(outcome.status).toBe(401);
	});

	test('a sender that renamed the header is verified from that header', async () => {
		const outcome = await trigger({ stripeHeader: 'X-Acme-Signature' }).deliver({
			headers: { 'X-Acme-Signature': stripeStyleHeader(body, STRIPE_SECRET) },
			body,
		});

		expect(outcome.status).toBe(200);
	});
});

describe('REST Hook Trigger with GitHub-style deliveries', () => {
	const trigger = () =>
		restHookTrigger(
			{ customEvents: 'push', incomingAuthentication: 'github', options: { eventField: 'action' } },
			{ apiAuthentication: 'none', signingSecret: GITHUB_SECRET },
		);
	const sign = (body: string) => signBody(body, GITHUB_SECRET, { prefix: 'sha256=' });

	test("GitHub's documented example passes the signature check (then 400: it is not JSON)", async () => {
		const outcome = await trigger().deliver({
			headers: {
				'X-Hub-Signature-256':
					'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
			},
			body: 'Hello, World!',
		});

		expect(outcome.status).toBe(400);
	});

	test('a wrong signature is refused with 401', async () => {
		const outcome = await trigger().deliver({
			headers: { 'X-Hub-Signature-256': `sha256=${'0'.repeat(64)}` },
			body: 'Hello, World!',
		});

		expect(outcome.status).toBe(401);
	});

	test('a redelivery with the same X-GitHub-Delivery starts no second run', async () => {
		const body = JSON.stringify({ action: 'push', ref: 'refs/heads/main' });
		const headers = { 'X-Hub-Signature-256': sign(body), 'X-GitHub-Delivery': randomUUID() };
		const harness = trigger();

		const first = await harness.deliver({ headers, body });
		const again = await harness.deliver({ headers, body });

		expect(first.items).toHaveLength(1);
		expect(again.items).toBeUndefined();
	});
});

describe('REST Hook Trigger with an HMAC signature header', () => {
	test('the header, algorithm and prefix set in Options are the ones checked', async () => {
		const body = JSON.stringify({ type: 'deal.won', id: 'd_1' });
		const signature = signBody(body, 'hmac-secret', { algorithm: 'sha512', encoding: 'base64' });

		const outcome = await restHookTrigger(
			{
				customEvents: 'deal.won',
				incomingAuthentication: 'hmac',
				options: {
					signatureHeader: 'X-Acme-Signature',
					signatureAlgorithm: 'sha512',
					signaturePrefix: 'sha512=',
				},
			},
			{ apiAuthentication: 'none', signingSecret: 'hmac-secret' },
		).deliver({ headers: { 'X-Acme-Signature': `sha512=${signature}` }, body });

		expect(outcome.status).toBe(200);
	});

	test('a configured delivery-id header dedupes retries for any scheme', async () => {
		const harness = restHookTrigger(
			{
				customEvents: 'deal.won',
				incomingAuthentication: 'none',
				options: { deliveryIdHeader: 'X-Request-ID' },
			},
			{ apiAuthentication: 'none' },
		);
		const request = {
			headers: { 'X-Request-ID': randomUUID() },
			body: { type: 'deal.won', id: 'd_1' },
		};

		const first = await harness.deliver(request);
		const again = await harness.deliver(request);

		expect(first.items).toHaveLength(1);
		expect(again.items).toBeUndefined();
	});
});
