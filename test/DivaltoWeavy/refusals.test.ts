import { NodeOperationError } from 'n8n-workflow';

import { queryOf } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import { WeavySimulator } from '../simulators/weavy';

describe('weavy deliveries refused in the editor’s test mode', () => {
	describe('listening on its test URL', () => {
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
