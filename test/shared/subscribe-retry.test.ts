import type { INodeParameters } from 'n8n-workflow';

import { retryPolicy } from '../../nodes/shared/transport';
import { HOOKS_HEADER_CREDENTIAL, hooksApiParameters, restHookTrigger } from '../harness/resthook';
import { RestHookApiSimulator } from '../simulators/resthook';

/*
 * The core retries a failed subscribe (429, 5xx) only where that cannot leave a duplicate: one
 * subscription per URL, and orphans swept from the provider's list before each new attempt.
 */
describe('retrying a subscribe that failed transiently', () => {
	let api: RestHookApiSimulator;
	const savedDelays = retryPolicy.delaysMs;

	beforeEach(async () => {
		api = await new RestHookApiSimulator().start();
		retryPolicy.delaysMs = [5, 10];
	});

	afterEach(async () => {
		retryPolicy.delaysMs = savedDelays;
		await api.stop();
	});

	const oneHookSweeping = (): INodeParameters =>
		hooksApiParameters(api, {
			scope: 'allEvents',
			subscribeBody: '{"target_url": "{{targetUrl}}", "events": {{events}}}',
			listSubscriptions: { url: `${api.url}/hooks`, itemsPath: 'data', removeOrphans: true },
		});
	const postHooks = (request: { method: string; path: string }) =>
		request.method === 'POST' && request.path === '/hooks';

	test.each([429, 500, 503])(
		'a %i on subscribe is retried after a pause when the trigger sweeps orphans and makes one subscription',
		async (status) => {
			const trigger = restHookTrigger(oneHookSweeping(), HOOKS_HEADER_CREDENTIAL);
			api.inject({ match: postHooks, status, body: { error: 'try later' } });

			await trigger.publish();

			expect(api.log.filter(postHooks)).toHaveLength(2);
			expect(api.subscriptions.size).toBe(1);
		},
	);

	test('before each retry the subscriptions pointing at the trigger are swept (listed first)', async () => {
		const trigger = restHookTrigger(oneHookSweeping(), HOOKS_HEADER_CREDENTIAL);
		api.inject({ match: postHooks, status: 502, body: { error: 'bad gateway' } });

		await trigger.publish();

		const calls = api.log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
		expect(calls).toEqual([
			'GET /hooks 200',
			'POST /hooks 502',
			'GET /hooks 200',
			'POST /hooks 201',
		]);
	});

	test('a 401 on subscribe is not retried with backoff (n8n itself re-authenticates once)', async () => {
		const trigger = restHookTrigger(oneHookSweeping(), HOOKS_HEADER_CREDENTIAL);
		api.inject({ match: postHooks, status: 401, body: { error: 'Invalid API key' }, times: 5 });

		await expect(trigger.publish()).rejects.toThrow('(HTTP 401): Invalid API key');
		expect(api.log.filter(postHooks).length).toBeLessThanOrEqual(2);
	});

	test('a subscription per event without a sweep is not retried by the core: a retry could duplicate it', async () => {
		const trigger = restHookTrigger(hooksApiParameters(api), HOOKS_HEADER_CREDENTIAL);
		api.inject({ match: postHooks, status: 503, body: { error: 'try later' }, times: 1 });

		await expect(trigger.publish()).rejects.toThrow('(HTTP 503): try later');
		expect(api.subscriptions.size).toBe(0);
	});
});
