import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CALLBACK_EVENTS } from '../../nodes/GetResponse/events';
import { retryPolicy } from '../../nodes/shared/transport';
import { getResponseCallbacksTrigger } from '../harness/getresponse';
import { unpublishedState, type TriggerHarness } from '../harness/trigger';
import { GetResponseSimulator } from '../simulators/getresponse';

const WEBHOOK_URL = 'http://127.0.0.1:5678/webhook/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/webhook';
const OTHER_URL = 'https://crm.example.org/getresponse/callback?token=their-own-secret';
const ALL_OFF = { open: false, click: false, goal: false, subscribe: false, unsubscribe: false };

const callbacksPath = (request: { path: string }) => request.path === '/v3/accounts/callbacks';

describe('GetResponse callbacks lifecycle', () => {
	let getResponse: GetResponseSimulator;
	let trigger: TriggerHarness;

	beforeEach(async () => {
		getResponse = await new GetResponseSimulator().start();
		retryPolicy.delaysMs = [10, 20];
		trigger = getResponseCallbacksTrigger(getResponse);
	});

	afterEach(async () => {
		await getResponse.stop();
	});

	test('publishing points the account callback at the webhook URL with the chosen actions on', async () => {
		await trigger.publish();

		expect(getResponse.callback?.actions).toEqual({
			...ALL_OFF,
			survey: false,
			open: true,
			click: true,
		});
		const url = new URL(getResponse.callback!.url);
		expect(`${url.origin}${url.pathname}`).toBe(WEBHOOK_URL);
		expect(url.searchParams.get('secret')).toBe(trigger.nodeStaticData().secret);
		expect(url.searchParams.get('secret')).toHaveLength(32);
	});

	test('the API calls carry the API key and no X-Domain when no MAX domain is set', async () => {
		await trigger.publish();

		const post = getResponse.log.find((entry) => entry.method === 'POST')!;
		expect(post.headers['x-auth-token']).toBe(`api-key ${'gr-api-key-0123456789abcdef'}`);
		expect(post.headers['x-domain']).toBeUndefined();
	});

	test('with a GetResponse MAX domain every API call carries it as X-Domain', async () => {
		getResponse.requiredDomain = 'example.com';
		trigger = getResponseCallbacksTrigger(getResponse, {}, { domain: 'example.com' });

		await trigger.publish();

		expect(getResponse.callback).toBeDefined();
		expect(getResponse.log.every((entry) => entry.headers['x-domain'] === 'example.com')).toBe(
			true,
		);
	});

	test('"All Events" turns every callback action on', async () => {
		trigger = getResponseCallbacksTrigger(getResponse, { events: ['*'] });

		await trigger.publish();

		expect(Object.values(getResponse.callback!.actions)).toEqual(Array(6).fill(true));
	});

	test('checkExists is true after publishing', async () => {
		await trigger.publish();

		expect(await trigger.checkExists()).toBe(true);
	});

	test('checkExists is false when the callback was turned off in GetResponse', async () => {
		await trigger.publish();
		getResponse.callback = undefined;

		expect(await trigger.checkExists()).toBe(false);
	});

	test('checkExists is false when the callback now points somewhere else', async () => {
		await trigger.publish();
		getResponse.callback = { url: OTHER_URL, actions: { open: true, click: true } };

		expect(await trigger.checkExists()).toBe(false);
	});

	test('checkExists is false when the actions were changed in GetResponse', async () => {
		await trigger.publish();
		getResponse.callback!.actions.survey = true;

		expect(await trigger.checkExists()).toBe(false);
	});

	test('a republish with unchanged settings makes no new POST', async () => {
		await trigger.publish();
		await trigger.publish('update');

		expect(getResponse.calls('POST')).toBe(1);
	});

	test('unpublishing turns the account callback off', async () => {
		await trigger.publish();

		await trigger.delete();

		expect(getResponse.callback).toBeUndefined();
		expect(getResponse.calls('DELETE')).toBe(1);
		expect(trigger.nodeStaticData()).toEqual(unpublishedState(1));
	});

	test('unpublishing when GetResponse answers the DELETE with not-found counts as done', async () => {
		await trigger.publish();
		getResponse.inject({
			match: (request) => request.method === 'DELETE' && callbacksPath(request),
			status: 404,
			body: { httpStatus: 404, code: 1013, message: 'Callbacks are not enabled' },
		});

		await expect(trigger.delete()).resolves.toBe(true);
		expect(trigger.nodeStaticData()).toEqual(unpublishedState(1));
	});

	test('unpublishing when callbacks were already off sends no DELETE', async () => {
		await trigger.publish();
		getResponse.callback = undefined;

		await expect(trigger.delete()).resolves.toBe(true);
		expect(getResponse.calls('DELETE')).toBe(0);
	});

	test('unpublishing leaves alone a callback that another system registered since', async () => {
		await trigger.publish();
		getResponse.callback = { url: OTHER_URL, actions: { open: true } };

		await trigger.delete();

		expect(getResponse.callback).toEqual({ url: OTHER_URL, actions: { open: true } });
		expect(getResponse.calls('DELETE')).toBe(0);
	});

	test('a failing DELETE is thrown so n8n retries it, and the subscription is kept', async () => {
		await trigger.publish();
		getResponse.inject({
			match: (request) => request.method === 'DELETE' && callbacksPath(request),
			status: 500,
			body: { message: 'Internal error' },
			times: 3,
		});

		await expect(trigger.delete()).rejects.toThrow(
			new Error('GetResponse could not turn callbacks off (HTTP 500): Internal error'),
		);
		expect(trigger.nodeStaticData().subscriptions).toHaveLength(1);
	});

	test('a wrong API key fails the publish with an error saying to check the credentials', async () => {
		trigger = getResponseCallbacksTrigger(getResponse, {}, { apiKey: 'wrong' });

		const error = await trigger.publish().catch((e: NodeApiError) => e);

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/^GetResponse could not .* \(HTTP 401\)/);
		expect((error as NodeApiError).description).toMatch(/Check the GetResponse credentials/);
	});

	test('publishing with no event chosen fails with an error saying to choose one', async () => {
		trigger = getResponseCallbacksTrigger(getResponse, { events: [] });

		const error = await trigger.publish().catch((e: unknown) => e);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: 'No event is selected',
			description: 'Choose at least one event in the trigger, then publish the workflow again.',
		});
		expect(getResponse.callback).toBeUndefined();
	});
});

describe('GetResponse callbacks: one callback per account', () => {
	let getResponse: GetResponseSimulator;

	beforeEach(async () => {
		getResponse = await new GetResponseSimulator().start();
		getResponse.callback = { url: OTHER_URL, actions: { open: true } };
	});

	afterEach(async () => {
		await getResponse.stop();
	});

	test('publishing while another URL holds the callback fails with an error naming its host', async () => {
		const trigger = getResponseCallbacksTrigger(getResponse);

		const error = (await trigger.publish().catch((e: unknown) => e)) as NodeOperationError;

		// The user's choice to make, not GetResponse's failure.
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'GetResponse already sends its callbacks to https://crm.example.org/getresponse/callback, and it allows only one callback URL per account',
		);
		expect(error.description).toBe(
			'Turn on "Replace Existing Callback" to point GetResponse\'s callbacks at this workflow instead (the other address then stops receiving them), remove the callback in GetResponse, or use Source "Webhooks", which allows several URLs. If it is this workflow\'s own production URL, unpublish the workflow before testing it.',
		);
	});

	test("the conflict error does not reveal the other URL's query string", async () => {
		const trigger = getResponseCallbacksTrigger(getResponse);

		const error = (await trigger.publish().catch((e: unknown) => e)) as NodeApiError;

		expect(`${error.message} ${error.description}`).not.toContain('their-own-secret');
	});

	test('a refused publish leaves the other callback in place', async () => {
		const trigger = getResponseCallbacksTrigger(getResponse);

		await trigger.publish().catch(() => undefined);

		expect(getResponse.callback).toEqual({ url: OTHER_URL, actions: { open: true } });
		expect(getResponse.calls('POST')).toBe(0);
	});

	test('with "Replace Existing Callback" the callback is taken over', async () => {
		const trigger = getResponseCallbacksTrigger(getResponse, { replaceExisting: true });

		await trigger.publish();

		expect(getResponse.callback!.url.startsWith(`${WEBHOOK_URL}?secret=`)).toBe(true);
		expect(getResponse.callback!.actions).toMatchObject({ open: true, click: true });
	});

	test("the trigger's own earlier callback is no conflict", async () => {
		getResponse.callback = { url: `${WEBHOOK_URL}?secret=older`, actions: { open: true } };
		const trigger = getResponseCallbacksTrigger(getResponse);

		await trigger.publish();

		expect(getResponse.callback.url).not.toContain('older');
	});
});

describe('GetResponse callbacks: deliveries', () => {
	let getResponse: GetResponseSimulator;
	let trigger: TriggerHarness;

	beforeEach(async () => {
		getResponse = await new GetResponseSimulator().start();
		trigger = getResponseCallbacksTrigger(getResponse);
		await trigger.publish();
	});

	afterEach(async () => {
		await getResponse.stop();
	});

	test('a callback GET becomes one item named by its action', async () => {
		const request = getResponse.callbackRequest('open', {
			ACCOUNT_ID: 'A1',
			CAMPAIGN_ID: 'C1',
			MESSAGE_ID: 'M1',
			CONTACT_ID: 'C9',
			contact_email: 'friend@example.com',
		});

		const outcome = await trigger.deliver(request);

		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([
			{
				event: 'open',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				action: 'open',
				ACCOUNT_ID: 'A1',
				CAMPAIGN_ID: 'C1',
				MESSAGE_ID: 'M1',
				CONTACT_ID: 'C9',
				contact_email: 'friend@example.com',
			},
		]);
	});

	test('the same callback twice runs twice, each with a deliveryId of its own: GetResponse never retries a callback', async () => {
		const request = () =>
			getResponse.callbackRequest('open', { CONTACT_ID: 'C9', MESSAGE_ID: 'M1' });

		const first = await trigger.deliver(request());
		const second = await trigger.deliver(request());

		expect([first.items?.length, second.items?.length]).toEqual([1, 1]);
		expect(first.items?.[0].deliveryId).not.toBe(second.items?.[0].deliveryId);
	});

	test('the URL secret is not part of the item', async () => {
		const { items } = await trigger.deliver(getResponse.callbackRequest('click'));

		expect(items?.[0]).not.toHaveProperty('secret');
		expect(JSON.stringify(items)).not.toContain(String(trigger.nodeStaticData().secret));
	});

	test('a callback GET without the secret is refused with 401 and starts no run', async () => {
		const outcome = await trigger.deliver({ method: 'GET', query: { action: 'open' } });

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a callback for an action not chosen starts no run', async () => {
		const { query } = getResponse.callbackRequest('open');

		const outcome = await trigger.deliver({ method: 'GET', query: { ...query, action: 'survey' } });

		expect(outcome.status).toBe(200);
		expect(outcome.items).toBeUndefined();
	});
});

describe('GetResponse callbacks: event filter', () => {
	let getResponse: GetResponseSimulator;

	beforeEach(async () => {
		getResponse = await new GetResponseSimulator().start();
	});

	afterEach(async () => {
		await getResponse.stop();
	});

	for (const event of CALLBACK_EVENTS) {
		const other = CALLBACK_EVENTS.find((candidate) => candidate.value !== event.value)!.value;
		for (const wire of [event.value, event.name, ...(event.wireForms ?? [])]) {
			test(`action "${wire}" starts a run when "${event.value}" is chosen and none otherwise`, async () => {
				const chosen = getResponseCallbacksTrigger(getResponse, { events: [event.value] });
				await chosen.publish();
				const { query } = getResponse.callbackRequest(event.value);
				const request = { method: 'GET', query: { ...query, action: wire } };

				const started = await chosen.deliver(request);
				chosen.setParameters({ source: 'callbacks', events: [other] });
				const filtered = await chosen.deliver(request);

				expect(started.items).toEqual([expect.objectContaining({ event: event.value })]);
				expect(filtered.items).toBeUndefined();
			});
		}
	}
});
