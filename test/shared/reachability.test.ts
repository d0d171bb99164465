import { reachOf, REACHABLE_GUIDE, type Reach } from '../../nodes/shared/reachability';
import { sarbacaneTrigger } from '../harness/sarbacane';
import type { TriggerHarness } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';

/*
 * A provider subscribed to a URL it cannot open never calls, and nothing says so. The trigger
 * tells from the addresses alone: n8n's webhook URL (from WEBHOOK_URL) and the provider's API.
 */
describe('how far an address can be reached from', () => {
	test.each<[string, Reach]>([
		['http://localhost:5678/webhook/x', 'loopback'],
		['http://LOCALHOST.:5678/', 'loopback'],
		['http://n8n.localhost/', 'loopback'],
		['http://127.0.0.1:5678/', 'loopback'],
		['http://127.1/', 'loopback'],
		['http://0.0.0.0:5678/', 'loopback'],
		['http://[::1]:5678/', 'loopback'],
		['http://[::ffff:127.0.0.1]/', 'loopback'],
		['http://10.0.0.5:5678/', 'private'],
		['http://172.16.0.1/', 'private'],
		['http://172.31.255.255/', 'private'],
		['http://192.168.1.10/', 'private'],
		['http://169.254.10.1/', 'private'],
		['http://[fd12:3456::1]/', 'private'],
		['http://[fe80::1]/', 'private'],
		['http://[::ffff:192.168.0.2]/', 'private'],
		['http://n8n:5678/', 'private'],
		['http://nas.local/', 'private'],
		['http://host.docker.internal:5678/', 'private'],
		['http://172.32.0.1/', 'public'],
		['https://8.8.8.8/', 'public'],
		['https://n8n.example.com/webhook/x', 'public'],
		['https://[2001:db8::1]/', 'public'],
		['/relative/path', 'unknown'],
		['ftp://files.example.com/', 'unknown'],
	])('%s is %s', (url, reach) => {
		expect(reachOf(url)).toBe(reach);
	});
});

describe('publishing where the provider cannot reach n8n', () => {
	let weavy: WeavySimulator;
	let sarbacane: SarbacaneSimulator;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
		sarbacane = await new SarbacaneSimulator().start();
	});

	afterEach(async () => {
		await weavy.stop();
		await sarbacane.stop();
	});

	/** create() with n8n's request helpers spied on: the calls the trigger made to the provider. */
	async function createWatched(
		trigger: TriggerHarness,
		mode: 'trigger' | 'manual' = 'trigger',
	): Promise<{ result: Promise<boolean>; calls: jest.Mock }> {
		const context = trigger.hookContext(mode);
		const calls = jest.fn();
		const { helpers } = context;
		for (const name of ['httpRequestWithAuthentication', 'httpRequest'] as const) {
			const real = helpers[name].bind(helpers) as (...args: unknown[]) => Promise<unknown>;
			(helpers as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
				calls(...args);
				return await real(...args);
			};
		}
		return { result: trigger.create(context), calls };
	}

	test('a loopback n8n URL and a provider elsewhere: the publish fails naming WEBHOOK_URL, before any provider call', async () => {
		const trigger = weavyTrigger(weavy, undefined, { baseUrl: 'https://weavy.invalid' });
		trigger.n8nUrl = 'http://localhost:5678';

		const { result, calls } = await createWatched(trigger);

		await expect(result).rejects.toMatchObject({
			message:
				"Divalto weavy cannot reach n8n at http://localhost:5678 (this machine only): set n8n's WEBHOOK_URL to an address Divalto weavy can reach",
			description: expect.stringContaining(
				"Set WEBHOOK_URL to n8n's public address (e.g. https://n8n.example.com/), restart n8n",
			),
		});
		expect(calls).not.toHaveBeenCalled();
		expect(trigger.nodeStaticData().subscriptions).toBeUndefined();
	});

	test('the refusal links the guide and says nothing was created', async () => {
		const trigger = weavyTrigger(weavy, undefined, { baseUrl: 'https://weavy.invalid' });
		trigger.n8nUrl = 'http://127.0.0.1:5678';

		await expect(trigger.publish()).rejects.toMatchObject({
			description: expect.stringMatching(
				new RegExp(`Nothing was created at Divalto weavy\\. How: ${REACHABLE_GUIDE}$`),
			),
		});
	});

	test('"Execute step" is refused the same way, so no test subscription waits for nothing', async () => {
		const trigger = sarbacaneTrigger(sarbacane, undefined, {
			baseUrl: 'https://api.sarbacane.invalid/v1',
		});
		trigger.n8nUrl = 'http://[::1]:5678';

		const { result, calls } = await createWatched(trigger, 'manual');

		await expect(result).rejects.toThrow(/^Sarbacane cannot reach n8n at http:\/\/\[::1\]:5678/);
		expect(calls).not.toHaveBeenCalled();
	});

	test('n8n and the provider both on this machine: the publish goes on, with no warning', async () => {
		const trigger = weavyTrigger(weavy);
		trigger.n8nUrl = 'http://localhost:5678';

		await trigger.publish();

		expect(weavy.subscriptions.size).toBe(1);
		expect(trigger.logged.filter((line) => line.level === 'warn')).toEqual([]);
	});

	test('a private n8n URL and a provider elsewhere: the publish goes on, with a warning in the log', async () => {
		const trigger = weavyTrigger(weavy, undefined, { baseUrl: 'https://weavy.invalid' });
		trigger.n8nUrl = 'http://192.168.1.20:5678';
		const { result, calls } = await createWatched(trigger);

		await result.catch(() => undefined);

		// It went on to call weavy (which .invalid never reaches), having warned first.
		expect(calls).toHaveBeenCalled();
		expect(trigger.logged).toContainEqual({
			level: 'warn',
			message: `Divalto weavy trigger "Divalto Weavy Trigger": n8n's webhook URL http://192.168.1.20:5678 is on a private network; Divalto weavy can call it only from there. If it is on the internet, set WEBHOOK_URL to an address it can reach: ${REACHABLE_GUIDE}`,
			meta: undefined,
		});
	});

	test('a URL pasted in the provider: a loopback n8n URL publishes, with a warning in the log', async () => {
		const trigger = sarbacaneTrigger(sarbacane, {
			source: 'manual',
			urlSecret: 'a-long-url-secret-0123456789',
			events: ['open'],
		});
		trigger.n8nUrl = 'http://localhost:5678';

		await trigger.publish();

		expect(trigger.logged.map((line) => `${line.level} ${line.message}`)).toEqual([
			expect.stringMatching(
				/^warn Sarbacane trigger "Sarbacane Trigger": n8n's webhook URL http:\/\/localhost:5678 is on this machine only; .* set WEBHOOK_URL/,
			),
		]);
		expect(sarbacane.log).toEqual([]);
	});
});
