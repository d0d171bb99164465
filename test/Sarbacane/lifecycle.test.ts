import { retryPolicy } from '../../nodes/shared/transport';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { N8N_URL, unpublishedState, WEBHOOK_ID } from '../harness/trigger';
import { SARBACANE_ACCOUNT, SarbacaneSimulator } from '../simulators/sarbacane';

const PRODUCTION_URL = `${N8N_URL}/webhook/${WEBHOOK_ID}/webhook`;
const THREE_EVENTS = { source: 'api', events: ['OPEN', 'HIT', 'HARD_BOUNCE'] };

describe('Sarbacane trigger lifecycle', () => {
	let sarbacane: SarbacaneSimulator;

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
		retryPolicy.delaysMs = [10, 20];
	});

	afterEach(async () => {
		await sarbacane.stop();
	});

	test('publishing creates one webhook carrying every chosen kind, pointing at the production URL', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);

		await trigger.publish();

		const webhooks = [...sarbacane.webhooks.values()];
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0].kinds.sort()).toEqual(['HARD_BOUNCE', 'HIT', 'OPEN']);
		const url = new URL(webhooks[0].url);
		expect(`${url.origin}${url.pathname}`).toBe(PRODUCTION_URL);
		expect(url.searchParams.get('secret')).toHaveLength(32);
		expect(webhooks[0].displayName).toContain('Sarbacane Trigger');
		expect(sarbacane.calls('POST', '/webhooks')).toBe(1);
	});

	test('every API call carries the accountId and apiKey headers', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);

		await trigger.publish();
		await trigger.checkExists();
		await trigger.delete();

		expect(sarbacane.log.length).toBeGreaterThanOrEqual(4);
		for (const request of sarbacane.log) {
			expect(request.headers.accountid).toBe(SARBACANE_ACCOUNT.accountId);
			expect(request.headers.apikey).toBe(SARBACANE_ACCOUNT.apiKey);
		}
	});

	test('choosing All Events subscribes to every Sarbacane kind', async () => {
		const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: ['*'] });

		await trigger.publish();

		const [webhook] = sarbacane.webhooks.values();
		expect(webhook.kinds.sort()).toEqual(
			[
				'CAPTCHA',
				'COMPLAINT',
				'FORM_SUBMIT',
				'HARD_BOUNCE',
				'HIT',
				'OPEN',
				'SOFT_BOUNCE',
				'SUCCESSFUL',
				'UNSUBSCRIBE',
			].sort(),
		);
	});

	test('checkExists is true while Sarbacane lists the webhook with the same URL and kinds', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();
		const listsBefore = sarbacane.calls('GET', '/webhooks');

		expect(await trigger.checkExists()).toBe(true);
		expect(sarbacane.calls('GET', '/webhooks')).toBe(listsBefore + 1);
	});

	test('checkExists is false after the webhook was deleted on the Sarbacane side', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();

		sarbacane.webhooks.clear();

		expect(await trigger.checkExists()).toBe(false);
	});

	test('checkExists is false after the chosen events change', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();

		trigger.setParameters({ source: 'api', events: ['OPEN'] });

		expect(await trigger.checkExists()).toBe(false);
	});

	test('checkExists is false after somebody changed the kinds of the webhook in Sarbacane', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();

		const [webhook] = sarbacane.webhooks.values();
		webhook.kinds = ['OPEN'];

		expect(await trigger.checkExists()).toBe(false);
	});

	test('republishing with other events replaces the webhook: still exactly one, with the new kinds', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();
		const [first] = sarbacane.webhooks.keys();

		trigger.setParameters({ source: 'api', events: ['SUCCESSFUL'] });
		await trigger.publish('update');

		const webhooks = [...sarbacane.webhooks.values()];
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0].id).not.toBe(first);
		expect(webhooks[0].kinds).toEqual(['SUCCESSFUL']);
	});

	test('unpublishing deletes the webhook with DELETE /webhooks/{id}', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();
		const [id] = sarbacane.webhooks.keys();

		await trigger.delete();

		expect(sarbacane.webhooks.size).toBe(0);
		expect(sarbacane.calls('DELETE', `/webhooks/${id}`)).toBe(1);
		expect(trigger.nodeStaticData()).toEqual(unpublishedState(1));
	});

	test('a webhook already gone from Sarbacane (404 on delete) counts as deleted', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();
		sarbacane.webhooks.clear();

		await expect(trigger.delete()).resolves.toBe(true);

		expect(sarbacane.log.at(-1)?.status).toBe(404);
		expect(trigger.nodeStaticData()).toEqual(unpublishedState(1));
	});

	test('deleting twice is harmless: the second time makes no call', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();

		await trigger.delete();
		const calls = sarbacane.log.length;
		await expect(trigger.delete()).resolves.toBe(true);

		expect(sarbacane.log.length).toBe(calls);
	});

	test('a delete that fails with 500 throws and keeps the webhook remembered for the retry', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		await trigger.publish();
		sarbacane.inject({ match: (r) => r.method === 'DELETE', status: 500, times: 3 });

		await expect(trigger.delete()).rejects.toThrow(
			new Error(
				'Sarbacane could not delete webhook "wh_000001" (HTTP 500): Request failed with status code 500',
			),
		);
		expect(sarbacane.webhooks.size).toBe(1);

		await trigger.delete();
		expect(sarbacane.webhooks.size).toBe(0);
	});

	test('a create that fails with 500 leaves nothing, and the next publish makes exactly one webhook', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		sarbacane.inject({
			match: (r) => r.method === 'POST',
			status: 500,
			body: { message: 'Boom' },
			times: 3,
		});

		await expect(trigger.publish()).rejects.toThrow(
			'Sarbacane could not create a webhook for OPEN, HIT, HARD_BOUNCE (HTTP 500): Boom',
		);
		expect(sarbacane.webhooks.size).toBe(0);

		await trigger.publish();
		expect(sarbacane.webhooks.size).toBe(1);
	});

	test('a create that saved the webhook but answered 500 is retried after removing what it saved: one webhook, remembered', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		sarbacane.saveNextWebhookThenFail(500);

		await trigger.publish();

		const webhooks = [...sarbacane.webhooks.values()];
		expect(webhooks).toHaveLength(1);
		const remembered = trigger.nodeStaticData().subscriptions as Array<{ id: string }>;
		expect(remembered.map((subscription) => subscription.id)).toEqual([webhooks[0].id]);
	});

	test('the create call is retried only after sweeping what the failed one saved, so a 503 never makes two webhooks', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS);
		sarbacane.saveNextWebhookThenFail(503);

		await trigger.publish();

		expect(sarbacane.calls('POST', '/webhooks')).toBe(2);
		expect(sarbacane.webhooks.size).toBe(1);
	});

	test('publishing with a wrong API key fails with a message that points at the credentials', async () => {
		const trigger = sarbacaneTrigger(sarbacane, THREE_EVENTS, { apiKey: 'wrong' });

		const error = await trigger.publish().then(
			() => undefined,
			(thrown: Error & { description?: string }) => thrown,
		);

		expect(error?.message).toMatch(
			/^Sarbacane could not .+ \(HTTP 401\): Invalid accountId or apiKey$/,
		);
		expect(error?.description).toContain('Check the Sarbacane credentials');
		expect(sarbacane.webhooks.size).toBe(0);
	});

	test('publishing without any event fails before calling Sarbacane', async () => {
		const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: [] });

		await expect(trigger.publish()).rejects.toThrow(
			expect.objectContaining({
				message: 'No event is selected',
				description: 'Choose at least one event in the trigger, then publish the workflow again.',
			}),
		);
		expect(sarbacane.calls('POST', '/webhooks')).toBe(0);
	});
});
