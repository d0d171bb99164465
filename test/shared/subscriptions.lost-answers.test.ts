import { requestPolicy } from '../../credentials/common/http';
import { retryPolicy } from '../../nodes/shared/transport';
import { getResponseCallbacksTrigger } from '../harness/getresponse';
import { N8nGateway } from '../harness/n8n-gateway';
import { HOOKS_HEADER_CREDENTIAL, hooksApiParameters, restHookTrigger } from '../harness/resthook';
import { sarbacaneTrigger } from '../harness/sarbacane';
import type { TriggerHarness } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import { callUrl, GetResponseSimulator } from '../simulators/getresponse';
import type { Fault, LoopbackServer } from '../simulators/http';
import { RestHookApiSimulator } from '../simulators/resthook';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';

/*
 * A subscribe call whose answer is lost after the provider saved it (a 500, or a timeout), for
 * every trigger that subscribes through an API. Publishing goes on as n8n does (the lifecycle's
 * retries, then n8n's retries of a failed activation); then one event is delivered by the
 * provider to every subscription it holds. One event must start exactly one run, and a delivery
 * through the lost subscription's URL must get 410 and start none.
 */

const TIMEOUT_MS = 150;

interface Answer {
	url: string;
	status: number;
}

interface Running {
	simulator: LoopbackServer;
	trigger: TriggerHarness;
	/** The provider delivers one event of a selected kind to every subscription it holds. */
	deliverEvent(): Promise<Answer[]>;
	/** A delivery of that event to `url`, as the provider would make it. */
	deliverTo(url: string): Promise<Answer>;
	/** Hook URLs of the subscriptions the provider holds. */
	held(): string[];
}

interface Subject {
	name: string;
	/** The subscribe call, and where its request body carries the hook URL. */
	subscribe: Fault['match'];
	hookUrlIn(body: unknown): string;
	/** Whether the provider lists subscriptions, so the trigger can remove the lost one. */
	lists: boolean;
	start(gateway: (trigger: TriggerHarness) => Promise<N8nGateway>): Promise<Running>;
}

async function post(url: string, body: unknown): Promise<Answer> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { url, status: response.status };
}

const field = (name: string) => (body: unknown) => String((body as Record<string, unknown>)[name]);

const hooksApi = (scope: 'perEvent' | 'allEvents', lists: boolean): Subject => ({
	name: `REST Hook Trigger (${scope === 'perEvent' ? 'one subscription per event' : 'one for all events'}${lists ? ', listed and swept' : ', no list endpoint'})`,
	subscribe: (request) => request.method === 'POST' && request.path === '/hooks',
	hookUrlIn: field('target_url'),
	lists,
	async start(gateway) {
		const simulator = await new RestHookApiSimulator().start();
		const trigger = restHookTrigger(
			hooksApiParameters(simulator, {
				scope,
				subscribeBody:
					scope === 'perEvent'
						? '{"target_url": "{{targetUrl}}", "event": "{{event}}"}'
						: '{"target_url": "{{targetUrl}}", "events": {{events}}}',
				...(lists
					? {
							listSubscriptions: {
								url: `${simulator.url}/hooks`,
								itemsPath: 'data',
								removeOrphans: true,
							},
						}
					: {}),
			}),
			HOOKS_HEADER_CREDENTIAL,
		);
		await gateway(trigger);
		const event = { type: 'contact.created', data: { id: 'c_1' } };
		return {
			simulator,
			trigger,
			deliverEvent: async () => await simulator.deliver('contact.created', event),
			deliverTo: async (url) => await post(url, event),
			held: () => [...simulator.subscriptions.values()].map((hook) => hook.target_url),
		};
	},
});

const SUBJECTS: Subject[] = [
	{
		name: 'Divalto weavy (one subscription per event, no list endpoint)',
		subscribe: (request) => request.query.c === 'EPT_WebhookSubscribe',
		hookUrlIn: field('hookUrl'),
		lists: false,
		async start(gateway) {
			const simulator = await new WeavySimulator().start();
			const trigger = weavyTrigger(simulator, { events: ['NewCustomer', 'NewDeal'] });
			await gateway(trigger);
			const record = { codecustomer: 'CUS1', name: 'Martin' };
			return {
				simulator,
				trigger,
				deliverEvent: async () => await simulator.deliver('NewCustomer', record),
				deliverTo: async (url) => await post(url, { result: record }),
				held: () => [...simulator.subscriptions.values()].map((sub) => sub.hookUrl),
			};
		},
	},
	{
		name: 'Sarbacane (one webhook for all kinds, listed and swept)',
		subscribe: (request) => request.method === 'POST' && request.path === '/v1/webhooks',
		hookUrlIn: field('url'),
		lists: true,
		async start(gateway) {
			const simulator = await new SarbacaneSimulator().start();
			const trigger = sarbacaneTrigger(simulator, { source: 'api', events: ['OPEN', 'HIT'] });
			await gateway(trigger);
			const event = { email: 'user@email.com', type: 'open' };
			return {
				simulator,
				trigger,
				deliverEvent: async () => await simulator.deliver('open', event),
				deliverTo: async (url) => await post(url, event),
				held: () => [...simulator.webhooks.values()].map((webhook) => webhook.url),
			};
		},
	},
	{
		name: 'GetResponse callbacks (one configuration per account, replaced by each POST)',
		subscribe: (request) => request.method === 'POST',
		hookUrlIn: field('url'),
		lists: true,
		async start(gateway) {
			const simulator = await new GetResponseSimulator().start();
			const trigger = getResponseCallbacksTrigger(simulator, { events: ['open', 'click'] });
			await gateway(trigger);
			const parameters = { CONTACT_ID: 'C1', contact_email: 'a@example.com' };
			return {
				simulator,
				trigger,
				deliverEvent: async () => await simulator.deliver('open', parameters),
				deliverTo: async (url) => await callUrl(url, { action: 'open', ...parameters }),
				held: () => (simulator.callback ? [simulator.callback.url] : []),
			};
		},
	},
	hooksApi('perEvent', false),
	hooksApi('allEvents', false),
	hooksApi('allEvents', true),
];

const FAULTS = [
	{ name: 'a 500 after saving', fault: { status: 500, body: { message: 'Internal error' } } },
	{
		name: 'a timeout after saving',
		fault: { status: 504, body: { message: 'late' }, delayMs: TIMEOUT_MS * 4 },
	},
];

/** What n8n 2.41 does with a trigger whose create() throws: it tries again, 5 times in all. */
async function publishLikeN8n(trigger: TriggerHarness): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await trigger.publish();
			return;
		} catch (error) {
			if (attempt === 5) throw error;
		}
	}
}

describe.each(SUBJECTS.map((subject) => [subject.name, subject] as const))(
	'%s: a subscribe whose answer was lost',
	(_name, subject) => {
		let running: Running;
		let gateway: N8nGateway;
		const saved = { delays: retryPolicy.delaysMs, timeout: requestPolicy.timeoutMs };

		beforeEach(async () => {
			retryPolicy.delaysMs = [5, 10];
			requestPolicy.timeoutMs = TIMEOUT_MS;
			running = await subject.start(async (trigger) => {
				gateway = await new N8nGateway(trigger).start();
				return gateway;
			});
		});

		afterEach(async () => {
			retryPolicy.delaysMs = saved.delays;
			requestPolicy.timeoutMs = saved.timeout;
			await gateway.stop();
			await running.simulator.stop();
		});

		const runs = () => gateway.deliveries.filter((delivery) => delivery.outcome.items).length;

		describe.each(FAULTS)('($name)', ({ fault }) => {
			/** Publishes through the lost answer; returns the hook URL of the lost subscription. */
			async function publishLosingFirstAnswer(): Promise<string> {
				let lost: unknown;
				running.simulator.inject({
					// The request the fault answers, seen as it arrives: a timed-out one is logged late.
					match: (request) => subject.subscribe(request) && ((lost = request.body), true),
					afterSaving: true,
					...fault,
				});
				await publishLikeN8n(running.trigger);
				return subject.hookUrlIn(lost);
			}

			test('one delivered event starts exactly one run', async () => {
				await publishLosingFirstAnswer();

				const answers = await running.deliverEvent();

				expect(runs()).toBe(1);
				expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
				// Whatever else the provider still holds for the event is told to go away.
				for (const answer of answers.filter((answer) => answer.status !== 200)) {
					expect(answer.status).toBe(410);
				}
			});

			test("a delivery through the lost subscription's URL gets 410 and starts no run", async () => {
				const lostUrl = await publishLosingFirstAnswer();

				const answer = await running.deliverTo(lostUrl);

				expect(answer.status).toBe(410);
				expect(runs()).toBe(0);
			});

			test('after unpublishing, the provider keeps at most the lost subscription, which gets 410', async () => {
				const lostUrl = await publishLosingFirstAnswer();

				await running.trigger.delete();

				expect(running.held()).toEqual(subject.lists ? [] : [lostUrl]);
				expect((await running.deliverTo(lostUrl)).status).toBe(410);
				expect(runs()).toBe(0);
			});
		});
	},
);
