import type { LoggedRequest } from '../../simulators/http';
import type { WeavySimulator } from '../../simulators/weavy';
import { N8nApi, waitFor, type Workflow } from './api';
import { N8N_MAJOR } from './paths';
import { servedAt, triggerItems } from './triggers';

/** One event a provider fired: who it went to, and what each delivery was answered. */
export interface FiredEvent {
	id: string;
	/** When it happened (milliseconds since 1970). */
	at: number;
	/** The hook URLs subscribed to it when it happened: the provider delivers to these only. */
	targets: string[];
	/** The final HTTP status of each delivery, in the order of `targets`. */
	statuses: number[];
	/** Deliveries sent again: after n8n's own 503 "Database is not ready!", or the provider's retries. */
	resent: number;
	/** Deliveries n8n itself answered 404 "not registered" at least once (no trigger code ran). */
	notRegistered: number;
}

export interface LaggedProviderOptions {
	/** The hook URLs the provider holds for the event now. */
	targets: () => string[];
	/** The body of the event with this id, as the provider posts it. */
	body: (id: string) => unknown;
	/** One event every this many milliseconds. */
	everyMs: number;
	/** Each event is delivered this long after it happened, as REST-hook providers queue them. */
	lagMs: number;
	/**
	 * The provider's own retries of a delivery answered anything but 2xx (Sarbacane: 10); none
	 * where its documentation says nothing (weavy).
	 */
	retries?: { times: number; delayMs: number };
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** The most times n8n's own 503 "Database is not ready!" is resent, 1 s apart. */
const N8N_NOT_READY_RETRIES = 10;

/**
 * A provider firing events continuously, each delivered `lagMs` after it happened to the hook URLs
 * subscribed to it at that moment — a subscription made later never gets it, one removed since
 * still does (the provider had queued it). Every answer is final, except n8n's own 503 "Database
 * is not ready!" (given before any trigger code runs), which is resent like Sarbacane or
 * GetResponse would.
 */
export class LaggedProvider {
	readonly fired: FiredEvent[] = [];

	private timer?: NodeJS.Timeout;

	private readonly pending = new Set<Promise<void>>();

	private count = 0;

	constructor(
		private readonly prefix: string,
		private readonly options: LaggedProviderOptions,
	) {}

	start(): void {
		this.timer = setInterval(() => this.fire(), this.options.everyMs);
	}

	/** Stops firing and waits until every queued delivery was answered. */
	async stop(): Promise<FiredEvent[]> {
		clearInterval(this.timer);
		while (this.pending.size > 0) await Promise.all([...this.pending]);
		return this.fired;
	}

	private fire(): void {
		const event: FiredEvent = {
			id: `${this.prefix}-${String(++this.count).padStart(5, '0')}`,
			at: Date.now(),
			targets: this.options.targets(),
			statuses: [],
			resent: 0,
			notRegistered: 0,
		};
		this.fired.push(event);
		const delivery = (async () => {
			await sleep(this.options.lagMs);
			event.statuses = await Promise.all(
				event.targets.map(async (url) => await this.deliver(event, url)),
			);
		})();
		this.pending.add(delivery);
		void delivery.finally(() => this.pending.delete(delivery));
	}

	private async deliver(event: FiredEvent, url: string): Promise<number> {
		const retries = this.options.retries ?? { times: 0, delayMs: 0 };
		let providerRetries = 0;
		let notReady = 0;
		let notRegistered = false;
		try {
			for (;;) {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(this.options.body(event.id)),
				});
				const text = await response.text();
				if (response.status >= 200 && response.status < 300) return response.status;
				notRegistered ||= isNotRegistered(response.status, text);
				if (response.status === 503 && text.includes('Database is not ready')) {
					if (notReady++ === N8N_NOT_READY_RETRIES) return response.status;
					event.resent++;
					await sleep(1000);
					continue;
				}
				if (providerRetries++ === retries.times) return response.status;
				event.resent++;
				await sleep(retries.delayMs);
			}
		} finally {
			if (notRegistered) event.notRegistered++;
		}
	}
}

/** n8n's own 404 for a path it serves no webhook at (no trigger code ran). */
function isNotRegistered(status: number, body: string): boolean {
	return status === 404 && body.includes('is not registered');
}

/**
 * Edits the published workflow's trigger parameters and publishes it again, as a user does in the
 * editor: n8n 2.x saves the new version (PUT) and publishes it; n8n 1.x saves the active workflow,
 * which deactivates and activates it. Waits until the new subscriptions are served.
 */
export async function editAndPublish(
	api: N8nApi,
	made: Workflow,
	nodeName: string,
	parameters: Record<string, unknown>,
	productionUrl: string,
): Promise<void> {
	const stored = await api.getWorkflow(made.id);
	const nodes = stored.nodes.map((node) =>
		node.name === nodeName ? { ...node, parameters } : node,
	);
	await api.updateWorkflow(made.id, { name: stored.name, nodes, connections: stored.connections });
	if (N8N_MAJOR >= 2) await api.publish(made.id);
	await servedAt(productionUrl);
}

/** What a run under republishes shows: counted end to end, from the provider to n8n's executions. */
export interface RepublishOutcome {
	/** Events that happened while the provider held a subscription: each must run once. */
	delivered: number;
	/** Events that happened while the provider held none (no delivery was ever made). */
	unsubscribed: number;
	/**
	 * Delivered events whose delivery n8n itself answered 404 "not registered" at least once: it
	 * arrived while n8n had the trigger's webhook unregistered (between its teardown and its
	 * activation). Lost unless the provider retries.
	 */
	notRegistered: number;
	/** Events whose last answer was not 2xx: lost (the provider sends them no more). */
	lost: Array<{ id: string; statuses: number[] }>;
	/** Of those, the ones the trigger itself refused (anything but n8n's own 404 and 503). */
	refusedByTrigger: Array<{ id: string; statuses: number[] }>;
	/** Event ids that ran more than once, and delivered ids that never ran although accepted. */
	doubled: string[];
	missing: string[];
	executions: number;
	/** Deliveries sent again (n8n's own 503, or the provider's retries). */
	resent: number;
}

const isAccepted = (status: number) => status >= 200 && status < 300;

/**
 * Waits until n8n ran every accepted event (then 3 s more, so a double would show), and counts
 * the trigger's items per event id (`idOf` reads it from an item).
 */
export async function countRuns(
	api: N8nApi,
	made: Workflow,
	nodeName: string,
	fired: FiredEvent[],
	idOf: (item: Record<string, unknown>) => unknown,
): Promise<RepublishOutcome> {
	const delivered = fired.filter((event) => event.targets.length > 0);
	const accepted = delivered.filter((event) => event.statuses.some(isAccepted));
	await waitFor(
		async () => {
			const done = (await api.allExecutions(made.id)).filter((e) => e.stoppedAt !== null);
			return done.length >= accepted.length ? true : undefined;
		},
		{ timeoutMs: 180_000, intervalMs: 1000, description: `${accepted.length} executions` },
	);
	await sleep(3000);
	const executions = await api.allExecutions(made.id);
	const runs = new Map<string, number>();
	for (const execution of executions) {
		for (const item of await triggerItems(api, execution, nodeName)) {
			const id = String(idOf(item));
			runs.set(id, (runs.get(id) ?? 0) + 1);
		}
	}
	const lost = delivered
		.filter((event) => !event.statuses.some(isAccepted))
		.map(({ id, statuses }) => ({ id, statuses }));
	return {
		delivered: delivered.length,
		unsubscribed: fired.length - delivered.length,
		notRegistered: delivered.filter((event) => event.notRegistered > 0).length,
		lost,
		refusedByTrigger: lost.filter(({ statuses }) =>
			statuses.some((status) => !isAccepted(status) && status !== 404 && status !== 503),
		),
		doubled: [...runs].filter(([, count]) => count > 1).map(([id]) => id),
		missing: accepted.map(({ id }) => id).filter((id) => !runs.has(id)),
		executions: executions.length,
		resent: fired.reduce((sum, event) => sum + event.resent, 0),
	};
}

/**
 * The provider-side window of each republish, from the simulator's log: from the first removal of
 * a subscription to the first new subscription (`isRemoval`, `isSubscribe` read the log), split
 * into the trigger's share (its own removals, and its create() up to the subscribe) and n8n's
 * (between the last removal and the first call of create()).
 */
export function providerWindows(
	log: LoggedRequest[],
	isRemoval: (entry: LoggedRequest) => boolean,
	isSubscribe: (entry: LoggedRequest) => boolean,
): Array<{ windowMs: number; triggerMs: number; n8nMs: number }> {
	const windows: Array<{ windowMs: number; triggerMs: number; n8nMs: number }> = [];
	for (let index = 0; index < log.length; index++) {
		if (!isRemoval(log[index])) continue;
		const start = log[index].at;
		let end = index;
		while (end + 1 < log.length && isRemoval(log[end + 1])) end++;
		const next = log.slice(end + 1);
		const subscribe = next.find(isSubscribe);
		if (!subscribe || next.length === 0) break;
		const createStart = next[0].at;
		windows.push({
			windowMs: subscribe.at - start,
			triggerMs: log[end].at - start + (subscribe.at - createStart),
			n8nMs: createStart - log[end].at,
		});
		index = log.indexOf(subscribe);
	}
	return windows;
}

/**
 * Fires events continuously while the trigger is edited and published again once per entry of
 * `edits` (`pauseMs` apart, and before the first and after the last), waits until every queued
 * delivery was answered and n8n ran what it accepted, and counts it all (`idOf` reads an event's
 * id from an item), with the provider-side windows read from its request log.
 */
export async function republishUnderLoad({
	api,
	made,
	nodeName,
	productionUrl,
	provider,
	edits,
	pauseMs = 1500,
	log,
	isRemoval,
	isSubscribe,
	idOf,
	name,
}: {
	api: N8nApi;
	made: Workflow;
	nodeName: string;
	productionUrl: string;
	provider: LaggedProvider;
	edits: Array<Record<string, unknown>>;
	pauseMs?: number;
	/** The provider simulator's request log. */
	log: () => LoggedRequest[];
	isRemoval: (entry: LoggedRequest) => boolean;
	isSubscribe: (entry: LoggedRequest) => boolean;
	idOf: (item: Record<string, unknown>) => unknown;
	/** Names the run in the test log. */
	name: string;
}): Promise<{ outcome: RepublishOutcome; windows: ReturnType<typeof providerWindows> }> {
	const logStart = log().length;
	provider.start();
	try {
		await sleep(pauseMs);
		for (const parameters of edits) {
			await editAndPublish(api, made, nodeName, parameters, productionUrl);
			await sleep(pauseMs);
		}
	} finally {
		await provider.stop();
	}
	const outcome = await countRuns(api, made, nodeName, provider.fired, idOf);
	const windows = providerWindows(log().slice(logStart), isRemoval, isSubscribe);
	console.info(describeOutcome(name, outcome, windows));
	return { outcome, windows };
}

/**
 * One event, one run: no delivered event refused by the trigger, none doubled, every accepted one
 * run. A provider that retries (`retried`) loses nothing; one that does not loses only what n8n
 * itself answered 404 while it re-registered the trigger.
 */
export function expectOneRunPerDeliveredEvent(
	outcome: RepublishOutcome,
	{ retried }: { retried: boolean },
): void {
	expect(outcome.refusedByTrigger).toEqual([]);
	if (retried) expect(outcome.lost).toEqual([]);
	else expect(outcome.lost.length).toBe(outcome.notRegistered);
	expect(outcome.missing).toEqual([]);
	expect(outcome.doubled).toEqual([]);
}

/** One line for the test log: what the closing note and README quote. */
export function describeOutcome(name: string, outcome: RepublishOutcome, windows: unknown): string {
	const { delivered, unsubscribed, notRegistered, lost, refusedByTrigger } = outcome;
	return `${name}: ${delivered} events delivered through a subscription valid when they happened; ${notRegistered} met n8n's own 404 (webhook unregistered during the republish); ${lost.length} lost, ${refusedByTrigger.length} refused by the trigger, ${outcome.missing.length} accepted but never ran, ${outcome.doubled.length} doubled; ${outcome.executions} executions; ${unsubscribed} happened while the provider held no subscription; ${outcome.resent} deliveries resent; provider windows (ms) ${JSON.stringify(windows)}`;
}

/**
 * weavy's side of the scenario: NewCustomer fired (each event's id its `codecustomer`) to this
 * trigger's subscriptions, and three edits of the event selection, NewCustomer kept in each.
 */
export function weavyScenario(
	weavy: WeavySimulator,
	productionUrl: string,
	timing: { everyMs: number; lagMs: number },
) {
	return {
		provider: new LaggedProvider('CUS', {
			targets: () =>
				[...weavy.subscriptions.values()]
					.filter((sub) => sub.event === 'NewCustomer' && sub.hookUrl.startsWith(productionUrl))
					.map((sub) => sub.hookUrl),
			body: (id) => ({ result: { codecustomer: id, name: 'Republish' } }),
			...timing,
		}),
		edits: [
			{ events: ['NewCustomer', 'NewDeal'] },
			{ events: ['NewCustomer', 'NewDeal', 'NewProspect'] },
			{ events: ['NewCustomer', 'NewProspect'] },
		],
		log: () => weavy.log,
		isRemoval: (entry: LoggedRequest) => entry.query.c === 'EPT_WebhookUnsubscribe',
		isSubscribe: (entry: LoggedRequest) => entry.query.c === 'EPT_WebhookSubscribe',
		idOf: (item: Record<string, unknown>) => item.codecustomer,
	};
}
