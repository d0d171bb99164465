import { retryPolicy } from '../../nodes/shared/transport';
import { weavyTrigger } from '../harness/weavy';
import { WeavySimulator } from '../simulators/weavy';

const THREE_EVENTS = { events: ['NewCustomer', 'NewDeal', 'NewOpportunity'] };

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
});
