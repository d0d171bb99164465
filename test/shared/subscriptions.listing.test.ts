import {
	NodeConnectionTypes,
	type ICredentialType,
	type IHookFunctions,
	type INodeType,
} from 'n8n-workflow';

import { eventsProperty } from '../../nodes/shared/descriptions';
import { subscriptionLifecycle } from '../../nodes/shared/subscriptions';
import type { ListedSubscription, Provider } from '../../nodes/shared/types';
import { TriggerHarness } from '../harness/trigger';

/** An in-memory provider API holding one hook per subscribe call, listed with URL and events. */
class MemoryApi {
	readonly hooks = new Map<string, ListedSubscription>();

	private counter = 0;

	/** The next subscribe saves the hook and then fails, as a lost answer would. */
	loseNextAnswer = false;

	subscribe(url: string, events: string[]): string {
		const id = `hook-${++this.counter}`;
		this.hooks.set(id, { id, url, events });
		if (this.loseNextAnswer) {
			this.loseNextAnswer = false;
			throw new Error('socket hang up');
		}
		return id;
	}
}

const events = [
	{ value: 'A', name: 'A', description: 'A' },
	{ value: 'B', name: 'B', description: 'B' },
];

function harnessFor(api: MemoryApi, sweepOrphans: boolean): TriggerHarness {
	const provider: Provider = {
		displayName: 'Memory',
		credentialType: 'memoryApi',
		credentialSecretFields: ['key'],
		events: () => events,
		subscriptionApi: () => ({
			scope: 'allEvents',
			sweepOrphans,
			subscribe: async (_context: IHookFunctions, { url, events }) => api.subscribe(url, events),
			unsubscribe: async (_context: IHookFunctions, id: string) => {
				if (!api.hooks.delete(id)) throw Object.assign(new Error('not found'), { httpCode: '404' });
			},
			list: async () => [...api.hooks.values()].map((hook) => ({ ...hook })),
		}),
		deliveryAuth: () => ({ scheme: 'none' }),
		deliveryShape: () => ({ source: 'body', eventField: 'type' }),
		samples: async () => [],
	};
	const nodeType: INodeType = {
		description: {
			displayName: 'Memory Trigger',
			name: 'memoryTrigger',
			group: ['trigger'],
			version: 1,
			description: 'test',
			defaults: { name: 'Memory Trigger' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			webhooks: [
				{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			],
			properties: [eventsProperty(events)],
		},
		webhookMethods: subscriptionLifecycle(provider),
	};
	const credentialType: ICredentialType = {
		name: 'memoryApi',
		displayName: 'Memory',
		properties: [],
	};
	return new TriggerHarness({
		nodeType,
		parameters: { events: ['A', 'B'] },
		credentialType,
		credentials: { key: 'k' },
	});
}

describe('lifecycle with a provider that lists its hooks', () => {
	test('checkExists is false when the listed hook no longer carries the remembered events', async () => {
		const api = new MemoryApi();
		const trigger = harnessFor(api, false);
		await trigger.publish();
		const [hook] = [...api.hooks.values()];

		hook.events = ['A'];

		expect(await trigger.checkExists()).toBe(false);
	});

	test('checkExists is true when the listed hook carries the remembered events in another order', async () => {
		const api = new MemoryApi();
		const trigger = harnessFor(api, false);
		await trigger.publish();
		const [hook] = [...api.hooks.values()];

		hook.events = ['B', 'A'];

		expect(await trigger.checkExists()).toBe(true);
	});

	test('sweeping orphans removes a hook saved by a subscribe whose answer was lost, as the publish fails', async () => {
		const api = new MemoryApi();
		const trigger = harnessFor(api, true);
		api.loseNextAnswer = true;

		await expect(trigger.publish()).rejects.toThrow('socket hang up');
		expect(api.hooks.size).toBe(0);

		await trigger.publish();
		expect([...api.hooks.keys()]).toEqual(['hook-2']);
	});

	test('sweeping orphans leaves hooks pointing at other URLs alone', async () => {
		const api = new MemoryApi();
		api.hooks.set('other', { id: 'other', url: 'https://elsewhere.example/hook', events: ['A'] });
		api.hooks.set('broken', { id: 'broken', url: 'not a url', events: ['A'] });
		const trigger = harnessFor(api, true);

		await trigger.publish();

		expect([...api.hooks.keys()].sort()).toEqual(['broken', 'hook-1', 'other']);
	});

	test('without sweeping, the orphan of a lost answer stays', async () => {
		const api = new MemoryApi();
		const trigger = harnessFor(api, false);
		api.loseNextAnswer = true;
		await expect(trigger.publish()).rejects.toThrow('socket hang up');

		await trigger.publish();

		expect(api.hooks.size).toBe(2);
	});
});
