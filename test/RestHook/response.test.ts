import type { INodeParameters } from 'n8n-workflow';

import { restHookTrigger } from '../harness/resthook';

/** Some senders retry unless they get a given status or body (GetResponse wants {"status":"OK"}). */
function trigger(options: INodeParameters) {
	return restHookTrigger(
		{ customEvents: 'deal.won', incomingAuthentication: 'none', options },
		{ apiAuthentication: 'none' },
	);
}
const DEAL = { type: 'deal.won', id: 'd_1' };

describe('REST Hook Trigger answers to accepted deliveries', () => {
	test('by default n8n answers 200 and the run starts', async () => {
		const outcome = await trigger({}).deliver({ body: DEAL });

		expect(outcome.status).toBe(200);
		expect(outcome.items).toHaveLength(1);
	});

	test('a configured response body is what the sender gets, with the run started', async () => {
		const outcome = await trigger({ responseBody: '{"status": "OK"}' }).deliver({ body: DEAL });

		expect(outcome.status).toBe(200);
		expect(outcome.body).toEqual({ status: 'OK' });
		expect(outcome.items).toHaveLength(1);
	});

	test('a configured 202 is answered with the body while the run still starts', async () => {
		const outcome = await trigger({
			responseStatus: 202,
			responseBody: '{"received": true}',
		}).deliver({ body: DEAL });

		expect(outcome.status).toBe(202);
		expect(outcome.body).toEqual({ received: true });
		expect(outcome.items).toHaveLength(1);
	});

	test('a configured 204 is answered without a body', async () => {
		const outcome = await trigger({ responseStatus: 204 }).deliver({ body: DEAL });

		expect(outcome.status).toBe(204);
		expect(outcome.body).toBeUndefined();
		expect(outcome.items).toHaveLength(1);
	});

	test('a filtered-out event gets the same configured status and body, without a run', async () => {
		const outcome = await trigger({
			responseStatus: 202,
			responseBody: '{"status": "OK"}',
		}).deliver({ body: { type: 'deal.lost' } });

		expect(outcome.status).toBe(202);
		expect(outcome.body).toEqual({ status: 'OK' });
		expect(outcome.items).toBeUndefined();
	});

	test('a refused delivery is still answered 401, whatever the configured status', async () => {
		const outcome = await restHookTrigger(
			{ customEvents: 'deal.won', options: { responseStatus: 202 } },
			{ apiAuthentication: 'none' },
		).deliver({ body: DEAL });

		expect(outcome.status).toBe(401);
	});

	test('a malformed body is still answered 400', async () => {
		const outcome = await trigger({ responseStatus: 202 }).deliver({ body: '{not json' });

		expect(outcome.status).toBe(400);
	});
});

describe('REST Hook Trigger delivery shape options', () => {
	test('an envelope path unwraps the event and a batch becomes one item per element', async () => {
		const outcome = await restHookTrigger(
			{
				customEvents: 'deal.won',
				incomingAuthentication: 'none',
				options: { batch: true, unwrap: 'data', eventField: 'event.name' },
			},
			{ apiAuthentication: 'none' },
		).deliver({
			body: [
				{ event: { name: 'deal.won' }, data: { id: 'd_1' } },
				{ event: { name: 'deal.won' }, data: { id: 'd_2' } },
			],
		});

		expect(outcome.items).toEqual([
			{
				event: 'deal.won',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				id: 'd_1',
			},
			{
				event: 'deal.won',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				id: 'd_2',
			},
		]);
	});

	test('"Accept Every Event" lets through deliveries that name no event', async () => {
		const outcome = await restHookTrigger(
			{
				customEvents: 'deal.won',
				events: ['*'],
				incomingAuthentication: 'none',
				options: { eventField: '' },
			},
			{ apiAuthentication: 'none' },
		).deliver({ body: { id: 'x' } });

		expect(outcome.items).toEqual([
			{ event: null, receivedAt: expect.any(String), deliveryId: expect.any(String), id: 'x' },
		]);
	});

	test('without "Accept Every Event" a delivery naming no event starts no run', async () => {
		const outcome = await restHookTrigger(
			{ customEvents: 'deal.won', incomingAuthentication: 'none', options: { eventField: '' } },
			{ apiAuthentication: 'none' },
		).deliver({ body: { id: 'x' } });

		expect(outcome.status).toBe(200);
		expect(outcome.items).toBeUndefined();
	});

	test('event names match tolerantly: case and punctuation do not matter', async () => {
		const outcome = await restHookTrigger(
			{ customEvents: 'deal.won', incomingAuthentication: 'none' },
			{ apiAuthentication: 'none' },
		).deliver({ body: { type: 'DEAL_WON' } });

		expect(outcome.items?.[0].event).toBe('deal.won');
	});
});
