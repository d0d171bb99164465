import { NodeOperationError } from 'n8n-workflow';

import { WEAVY_EVENTS } from '../../nodes/DivaltoWeavy/provider';
import { retryPolicy } from '../../nodes/shared/transport';
import { weavyToken } from '../harness/resthook';
import { unpublishedState } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import { WeavySimulator } from '../simulators/weavy';

const THREE_EVENTS = { events: ['NewCustomer', 'NewDeal', 'NewOpportunity'] };
const entryPoint =
	(name: string, event?: string) => (request: { query: Record<string, string>; body: unknown }) =>
		request.query.c === name &&
		(event === undefined || (request.body as { event?: string })?.event === event);

describe('Divalto weavy trigger lifecycle', () => {
	let weavy: WeavySimulator;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
		retryPolicy.delaysMs = [10, 20];
	});

	afterEach(async () => {
		await weavy.stop();
	});

	test('publishing with three events makes three subscriptions pointing at the webhook URL', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);

		await trigger.publish();

		const subscriptions = [...weavy.subscriptions.values()];
		expect(subscriptions.map((s) => s.event).sort()).toEqual([
			'NewCustomer',
			'NewDeal',
			'NewOpportunity',
		]);
		for (const subscription of subscriptions) {
			const url = new URL(subscription.hookUrl);
			expect(`${url.origin}${url.pathname}`).toBe(
				'http://127.0.0.1:5678/webhook/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/webhook',
			);
			expect(url.searchParams.get('event')).toBe(subscription.event);
			expect(url.searchParams.get('secret')).toHaveLength(32);
		}
	});

	test('with a session token, the subscriptions of several events are requested concurrently', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS, { authToken: await weavyToken(weavy) });
		weavy.latencyMs = 100;

		await trigger.publish();

		expect(weavy.maxInFlight).toBe(3);
		expect(weavy.calls('EPT_WebhookSubscribe')).toBe(3);
	});

	test('without a session token yet, one subscribe logs in and the other events share its session', async () => {
		const trigger = weavyTrigger(weavy, { events: WEAVY_EVENTS.map((event) => event.value) });
		weavy.latencyMs = 50;

		await trigger.publish();

		// The floor for 6 events: one login, then one call per event.
		expect(weavy.log.map((entry) => entry.query.c ?? entry.path)).toEqual([
			'/v1/Authenticate',
			...Array(6).fill('EPT_WebhookSubscribe'),
		]);
		expect(weavy.maxInFlight).toBe(5);
		expect(weavy.subscriptions.size).toBe(6);
	});

	test('publishing stores the subscription codes, URL, events and secret in static data', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);

		await trigger.publish();

		expect(trigger.nodeStaticData()).toMatchObject({
			webhookUrl: 'http://127.0.0.1:5678/webhook/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/webhook',
			events: THREE_EVENTS.events,
			subscriptions: expect.arrayContaining([expect.objectContaining({ events: ['NewDeal'] })]),
		});
	});

	test('a failure on the third subscription leaves no subscription and names the event', async () => {
		weavy.inject({
			match: entryPoint('EPT_WebhookSubscribe', 'NewOpportunity'),
			status: 400,
			body: { message: 'Event NewOpportunity is not enabled for this project' },
		});
		const trigger = weavyTrigger(weavy, THREE_EVENTS);

		const error = await trigger.publish().catch((e: Error) => e);

		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe(
			'Divalto weavy could not subscribe to event "NewOpportunity" (HTTP 400): Event NewOpportunity is not enabled for this project',
		);
		expect(weavy.subscriptions.size).toBe(0);
		expect(weavy.calls('EPT_WebhookUnsubscribe')).toBe(2);
	});

	test('a publish retried by n8n after a failure subscribes each event exactly once', async () => {
		weavy.inject({ match: entryPoint('EPT_WebhookSubscribe', 'NewDeal'), status: 403, body: {} });
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await expect(trigger.publish()).rejects.toThrow(
			new Error(
				'Divalto weavy could not subscribe to event "NewDeal" (HTTP 403): Request failed with status code 403',
			),
		);

		await trigger.publish();

		expect([...weavy.subscriptions.values()].map((s) => s.event).sort()).toEqual(
			THREE_EVENTS.events.slice().sort(),
		);
	});

	test('a subscription that cannot be rolled back is removed by the next publish', async () => {
		weavy.inject({ match: entryPoint('EPT_WebhookSubscribe', 'NewDeal'), status: 400, body: {} });
		weavy.inject({ match: entryPoint('EPT_WebhookUnsubscribe'), status: 400, body: {}, times: 2 });
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await expect(trigger.publish()).rejects.toThrow(
			new Error(
				'Divalto weavy could not subscribe to event "NewDeal" (HTTP 400): Request failed with status code 400',
			),
		);
		expect(weavy.subscriptions.size).toBe(2);

		await trigger.publish();

		expect(weavy.subscriptions.size).toBe(3);
		expect(new Set([...weavy.subscriptions.values()].map((s) => s.event)).size).toBe(3);
	});

	test('a transient 503 on subscribe is retried and the publish succeeds', async () => {
		weavy.inject({ match: entryPoint('EPT_WebhookSubscribe'), status: 503, body: {} });
		const trigger = weavyTrigger(weavy);

		await trigger.publish();

		expect(weavy.subscriptions.size).toBe(1);
	});

	test('unpublishing removes every subscription and keeps only the retired secret and the removed subscriptions (for the grace period)', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await trigger.publish();

		await trigger.delete();

		expect(weavy.subscriptions.size).toBe(0);
		expect(trigger.nodeStaticData()).toEqual(unpublishedState(3));
	});

	test('deleting twice is harmless', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await trigger.publish();
		await trigger.delete();

		await expect(trigger.delete()).resolves.toBe(true);
		expect(weavy.calls('EPT_WebhookUnsubscribe')).toBe(3);
	});

	test('deleting after weavy already forgot the subscription succeeds', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await trigger.publish();
		weavy.subscriptions.clear();

		await expect(trigger.delete()).resolves.toBe(true);
	});

	test('a 410 Gone on unsubscribe counts as already removed', async () => {
		weavy.unknownCodeStatus = 410;
		const trigger = weavyTrigger(weavy);
		await trigger.publish();
		weavy.subscriptions.clear();

		await expect(trigger.delete()).resolves.toBe(true);
	});

	test('a failing unsubscribe keeps the subscription remembered so n8n can retry the delete', async () => {
		const trigger = weavyTrigger(weavy);
		await trigger.publish();
		weavy.inject({ match: entryPoint('EPT_WebhookUnsubscribe'), status: 500, body: {}, times: 3 });

		await expect(trigger.delete()).rejects.toThrow(
			new Error(
				'Divalto weavy could not unsubscribe "SUB00002" (HTTP 500): Request failed with status code 500',
			),
		);
		await trigger.delete();

		expect(weavy.subscriptions.size).toBe(0);
	});

	test('checkExists is true for the same URL and events', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await trigger.publish();

		await expect(trigger.checkExists()).resolves.toBe(true);
	});

	test('checkExists is false after the event set changes', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await trigger.publish();

		trigger.setParameters({ events: ['NewCustomer', 'NewDeal'] });

		await expect(trigger.checkExists()).resolves.toBe(false);
	});

	test('republishing with a changed event set replaces the old subscriptions', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await trigger.publish();
		trigger.setParameters({ events: ['NewProspect'] });

		await trigger.publish('update');

		expect([...weavy.subscriptions.values()].map((s) => s.event)).toEqual(['NewProspect']);
	});

	test('"All Events" subscribes to every standard event and custom names too', async () => {
		const trigger = weavyTrigger(weavy, { events: ['*'], customEvents: 'myEvent, otherEvent' });

		await trigger.publish();

		expect([...weavy.subscriptions.values()].map((s) => s.event).sort()).toEqual(
			[
				'NewCustomer',
				'NewDeal',
				'NewOpportunity',
				'NewProspect',
				'NewSubcontractor',
				'NewSuspect',
				'myEvent',
				'otherEvent',
			].sort(),
		);
	});

	test('publishing with no event chosen fails with a message saying what to do', async () => {
		const trigger = weavyTrigger(weavy, { events: [] });

		const error = await trigger.publish().catch((e: unknown) => e);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: 'No event is selected',
			description: 'Choose at least one event in the trigger, then publish the workflow again.',
		});
		expect(weavy.log).toEqual([]);
	});

	test('an expired token mid-create is renewed once and the create succeeds', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS);
		await trigger.publish();
		await trigger.delete();
		const loginsBefore = trigger.credentialsHelper.preAuthentications;
		weavy.expireTokens();

		await trigger.publish();

		expect(weavy.subscriptions.size).toBe(3);
		expect(trigger.credentialsHelper.preAuthentications).toBeGreaterThan(loginsBefore);
		expect(weavy.log.filter((entry) => entry.status === 401).length).toBeGreaterThan(0);
	});

	test('a wrong password fails with a message that names the problem', async () => {
		const trigger = weavyTrigger(weavy, THREE_EVENTS, { password: 'wrong' });

		await expect(trigger.publish()).rejects.toThrow(
			'Divalto weavy refused the login (HTTP 401: Invalid username or password). Check the base URL, project code, username and password.',
		);
		expect(weavy.subscriptions.size).toBe(0);
	});
});
