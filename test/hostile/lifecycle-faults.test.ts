import { requestPolicy } from '../../credentials/common/http';
import { retryPolicy } from '../../nodes/shared/transport';
import { getResponseCallbacksTrigger } from '../harness/getresponse';
import { HOOKS_HEADER_CREDENTIAL, hooksApiParameters, restHookTrigger } from '../harness/resthook';
import { sarbacaneTrigger } from '../harness/sarbacane';
import type { TriggerHarness } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import { GetResponseSimulator } from '../simulators/getresponse';
import type { Fault, LoopbackServer } from '../simulators/http';
import { RestHookApiSimulator } from '../simulators/resthook';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';

/*
 * Every provider call of publish (create) and unpublish (delete) of weavy, Sarbacane (API),
 * GetResponse (callbacks) and the REST Hook Trigger (one subscription, orphans swept) fails in
 * turn with 401, 404, 410, 429, 500 and a timeout, against the loopback simulators. After each scenario: no
 * subscription left on the provider that the trigger does not remember, an error naming the
 * provider, what it was doing, the status and the provider's own message, and a later publish
 * and unpublish that work and leave nothing behind.
 */

type Match = Fault['match'];
type Status = 401 | 404 | 410 | 429 | 500 | 'timeout';

const STATUSES: Status[] = [401, 404, 410, 429, 500, 'timeout'];
const TIMEOUT_MS = 150;

interface ProviderCall {
	name: string;
	phase: 'create' | 'delete';
	match: Match;
	/** What the error says the trigger could not do. */
	action: string;
	/** A 429 or 5xx is retried (by the transport or the core) before publish fails. */
	retried: boolean;
	/** Statuses that are not a failure of this call (e.g. 404 meaning "nothing there"). */
	harmless?: Status[];
}

interface Running {
	simulator: LoopbackServer;
	trigger: TriggerHarness;
	/** Subscriptions the provider holds. */
	held(): number;
	/** The provider loses every subscription (deleted in its UI): a later 404 is the truth. */
	forgetAll(): void;
}

interface FaultSubject {
	provider: string;
	calls: ProviderCall[];
	start(): Promise<Running>;
}

const weavyEntry =
	(entryPoint: string, event?: string): Match =>
	(request) =>
		request.query.c === entryPoint &&
		(event === undefined || (request.body as { event?: string } | undefined)?.event === event);

const SUBJECTS: FaultSubject[] = [
	{
		provider: 'Divalto weavy',
		calls: [
			{
				name: 'POST /v1/Authenticate (token for the credential)',
				phase: 'create',
				match: (request) => request.path === '/v1/Authenticate',
				action: 'subscribe to event "New',
				retried: true,
			},
			{
				name: 'EPT_WebhookSubscribe of the second event (the first is rolled back)',
				phase: 'create',
				match: weavyEntry('EPT_WebhookSubscribe', 'NewDeal'),
				action: 'subscribe to event "NewDeal"',
				retried: true,
			},
			{
				name: 'EPT_WebhookUnsubscribe',
				phase: 'delete',
				match: weavyEntry('EPT_WebhookUnsubscribe'),
				action: 'unsubscribe "SUB',
				retried: true,
			},
		],
		async start() {
			const simulator = await new WeavySimulator().start();
			return {
				simulator,
				trigger: weavyTrigger(simulator, { events: ['NewCustomer', 'NewDeal'] }),
				held: () => simulator.subscriptions.size,
				forgetAll: () => simulator.subscriptions.clear(),
			};
		},
	},
	{
		provider: 'Sarbacane',
		calls: [
			{
				name: 'GET /webhooks (orphan sweep)',
				phase: 'create',
				match: (request) => request.method === 'GET' && request.path === '/v1/webhooks',
				action: 'list webhooks',
				retried: true,
			},
			{
				name: 'POST /webhooks',
				phase: 'create',
				match: (request) => request.method === 'POST' && request.path === '/v1/webhooks',
				action: 'create a webhook for OPEN, HIT',
				retried: true,
			},
			{
				name: 'DELETE /webhooks/:id',
				phase: 'delete',
				match: (request) => request.method === 'DELETE',
				action: 'delete webhook "wh_',
				retried: true,
			},
		],
		async start() {
			const simulator = await new SarbacaneSimulator().start();
			return {
				simulator,
				trigger: sarbacaneTrigger(simulator, { source: 'api', events: ['OPEN', 'HIT'] }),
				held: () => simulator.webhooks.size,
				forgetAll: () => simulator.webhooks.clear(),
			};
		},
	},
	{
		provider: 'GetResponse',
		calls: [
			{
				name: 'GET /accounts/callbacks (is another callback there?)',
				phase: 'create',
				match: (request) => request.method === 'GET',
				action: 'read the callback settings',
				retried: true,
				// GetResponse answers 404 when callbacks are off (410 read the same): nothing to replace.
				harmless: [404, 410],
			},
			{
				name: 'POST /accounts/callbacks',
				phase: 'create',
				match: (request) => request.method === 'POST',
				action: 'turn callbacks on',
				retried: true,
			},
			{
				name: 'GET /accounts/callbacks (is the callback still ours?)',
				phase: 'delete',
				match: (request) => request.method === 'GET',
				action: 'read the callback settings',
				retried: true,
			},
			{
				name: 'DELETE /accounts/callbacks',
				phase: 'delete',
				match: (request) => request.method === 'DELETE',
				action: 'turn callbacks off',
				retried: true,
			},
		],
		async start() {
			const simulator = await new GetResponseSimulator().start();
			return {
				simulator,
				trigger: getResponseCallbacksTrigger(simulator, { events: ['open', 'click'] }),
				held: () => (simulator.callback ? 1 : 0),
				forgetAll: () => {
					simulator.callback = undefined;
				},
			};
		},
	},
	{
		provider: 'REST hook API',
		calls: [
			{
				name: 'GET /hooks (orphan sweep)',
				phase: 'create',
				match: (request) => request.method === 'GET' && request.path === '/hooks',
				action: 'list the subscriptions',
				retried: true,
			},
			{
				name: 'POST /hooks',
				phase: 'create',
				match: (request) => request.method === 'POST' && request.path === '/hooks',
				action: 'subscribe to the events',
				retried: true,
			},
			{
				name: 'DELETE /hooks/:id',
				phase: 'delete',
				match: (request) => request.method === 'DELETE',
				action: 'unsubscribe "',
				retried: true,
			},
		],
		async start() {
			const simulator = await new RestHookApiSimulator().start();
			// One subscription for every event, orphans swept: the configuration a create may be retried in.
			const parameters = hooksApiParameters(simulator, {
				scope: 'allEvents',
				subscribeBody: '{"target_url": "{{targetUrl}}", "events": {{events}}}',
				listSubscriptions: {
					url: `${simulator.url}/hooks`,
					itemsPath: 'data',
					removeOrphans: true,
				},
			});
			return {
				simulator,
				trigger: restHookTrigger(parameters, HOOKS_HEADER_CREDENTIAL),
				held: () => simulator.subscriptions.size,
				forgetAll: () => simulator.subscriptions.clear(),
			};
		},
	},
];

function injectFault(simulator: LoopbackServer, match: Match, status: Status, times = 10): string {
	const message = `simulated ${status} from the provider`;
	if (status === 'timeout') {
		// Answered long after the trigger gave up: the request was never processed.
		simulator.inject({ match, status: 504, body: { message }, delayMs: TIMEOUT_MS * 4, times });
	} else {
		simulator.inject({ match, status, body: { message }, times });
	}
	return message;
}

/** The error text a user sees: provider, action, status and the provider's words. */
function expectedMessage(provider: string, call: ProviderCall, status: Status, said: string) {
	if (status === 'timeout') {
		return new RegExp(`^${provider} could not ${escape(call.action)}.* \\(no HTTP answer\\): .+`);
	}
	return new RegExp(
		`^${provider} could not ${escape(call.action)}.* \\(HTTP ${status}\\): .*${said}`,
	);
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	return await promise.then(
		() => {
			throw new Error('expected the call to fail');
		},
		(error: Error & { description?: string }) => error,
	);
}

describe.each(SUBJECTS.map((subject) => [subject.provider, subject] as const))(
	'%s lifecycle under provider faults',
	(provider, subject) => {
		let running: Running;
		const savedDelays = retryPolicy.delaysMs;
		const savedTimeout = requestPolicy.timeoutMs;

		beforeEach(async () => {
			retryPolicy.delaysMs = [5, 10];
			requestPolicy.timeoutMs = TIMEOUT_MS;
			running = await subject.start();
		});

		afterEach(async () => {
			retryPolicy.delaysMs = savedDelays;
			requestPolicy.timeoutMs = savedTimeout;
			await running.simulator.stop();
		});

		/** Publish and unpublish that work, and leave the provider with nothing. */
		async function laterPublishWorks(): Promise<void> {
			running.simulator.clearFaults();
			await running.trigger.publish();
			expect(running.held()).toBeGreaterThan(0);
			await running.trigger.delete();
			expect(running.held()).toBe(0);
		}

		const createCases = subject.calls
			.filter((call) => call.phase === 'create')
			.flatMap((call) => STATUSES.map((status) => [call.name, status, call] as const));

		test.each(createCases)(
			'publish while %s fails with %s: an actionable error, no orphan, a later publish works',
			async (_name, status, call) => {
				const said = injectFault(running.simulator, call.match, status);

				if (call.harmless?.includes(status)) {
					await running.trigger.publish();
					running.simulator.clearFaults();
					await running.trigger.delete();
				} else {
					const error = await failure(running.trigger.publish());
					expect(error.message).toMatch(expectedMessage(provider, call, status, said));
					expect(error.description).toEqual(expect.any(String));
				}
				expect(running.held()).toBe(0);

				await laterPublishWorks();
			},
		);

		const deleteCases = subject.calls
			.filter((call) => call.phase === 'delete')
			.flatMap((call) => STATUSES.map((status) => [call.name, status, call] as const));

		test.each(deleteCases)(
			'unpublish while %s fails with %s: an actionable error or "already gone", nothing forgotten, a later publish works',
			async (_name, status, call) => {
				await running.trigger.publish();
				const gone = status === 404 || status === 410;
				if (gone) running.forgetAll();
				const said = injectFault(running.simulator, call.match, status);

				if (gone) {
					await running.trigger.delete();
				} else {
					const error = await failure(running.trigger.delete());
					expect(error.message).toMatch(expectedMessage(provider, call, status, said));
					// Still remembered, so n8n's retry of delete removes it.
					expect(running.trigger.nodeStaticData().subscriptions).not.toHaveLength(0);
					running.simulator.clearFaults();
					await running.trigger.delete();
				}
				expect(running.held()).toBe(0);

				await laterPublishWorks();
			},
		);

		const retriedCreates = subject.calls
			.filter((call) => call.phase === 'create' && call.retried)
			.flatMap((call) => ([429, 500] as const).map((status) => [call.name, status, call] as const));

		test.each(retriedCreates)(
			'publish while %s answers %s once is retried after a pause and succeeds',
			async (_name, status, call) => {
				injectFault(running.simulator, call.match, status, 1);

				await running.trigger.publish();

				const calls = running.simulator.log.filter((entry) => call.match(entry));
				expect(calls[0].status).toBe(status);
				expect(calls.length).toBeGreaterThanOrEqual(2);
				expect(running.held()).toBeGreaterThan(0);
				await running.trigger.delete();
				expect(running.held()).toBe(0);
			},
		);
	},
);
