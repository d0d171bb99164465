import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { RestHookApiSimulator } from '../simulators/resthook';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';
import { hooksApiParameters } from '../harness/resthook';
import { standardWebhooksHeaders } from '../harness/signing';
import { HOOKS_API_KEY } from '../simulators/resthook';
import {
	accountEvents,
	eventId,
	EVENT_ID_PATTERN,
	statusesOf,
	type Accounted,
	type Holder,
} from './harness/accounting';
import { waitFor, type Workflow, type WorkflowNode } from './harness/api';
import { triggerItems } from './harness/triggers';
import { PACKAGE_NAME, REPO_ROOT } from './harness/paths';
import { Recorder, Sender, type RetryPolicy } from './harness/senders';
import { credentialData, makeCredential } from './harness/suite';
import { startTopology, type Topology } from './harness/topology';

/*
 * "One event, one run, nothing lost" where n8n is scaled out and its processes die: n8n's queue
 * mode with two webhook processes behind nginx and two workers (harness/topology.ts), four
 * triggers each fed by a sender that retries as its provider does, and one fault per scenario
 * while the load runs. Every workflow ends in an HTTP Request node that posts the event's id to
 * a recorder; those with a delivery id pass n8n's Remove Duplicates on `deliveryId` first.
 *
 * Every event is accounted for by identity (harness/accounting.ts): ran, refused at the door,
 * accepted and never run (held by an execution in n8n's database), or fired while the provider
 * held no subscription. The faults run twice: in the setup n8n's docs show (Redis without
 * persistence, nginx passing no POST twice), then hardened (Redis with an append-only file, nginx
 * passing a POST a dying process never answered to the other one and routing every copy of a
 * delivery to one webhook process, upgrades as rolling SIGTERM restarts). After each setup, the recovery users import (examples/n8n-recover-lost-executions.json)
 * runs again what n8n accepted and lost, and nothing else.
 *
 * SCALE_EVENTS: the events of the whole run (default 10,000), shared by the scenarios. The report
 * goes to test-artifacts/scale/scale.md; `npm run docs:scale` copies it to docs/scale.md.
 */
const TOTAL_EVENTS = Number(process.env.SCALE_EVENTS ?? 10_000);
const RATE_PER_SECOND = Number(process.env.SCALE_RATE ?? 30);
/** How long n8n may take to finish what it accepted once the senders settled. */
const DRAIN_MS = Number(process.env.SCALE_DRAIN_SECONDS ?? 120) * 1000;
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const FORGED_WHSEC = 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=';
const GR_SECRET = 'scale-url-secret-0123456789abcdef';
const REPORT = path.join(REPO_ROOT, 'test-artifacts', 'scale', 'scale.md');
const RECOVERY_WORKFLOW = path.join(REPO_ROOT, 'examples', 'n8n-recover-lost-executions.json');

/** The two setups every fault runs in. */
type Setup = 'default' | 'hardened';
const SETUPS: Record<Setup, string> = {
	default: "as n8n's docs show it: Redis without persistence, nginx passing no POST twice",
	hardened:
		'hardened: Redis with an append-only file, nginx passing a POST a dying process never answered to the other one and routing every copy of a delivery to one webhook process',
};

/** The providers' retry policies, compressed in time (seconds for their minutes and hours). */
const POLICIES: Record<string, RetryPolicy> = {
	// weavy documents no retry: the README's assumption.
	weavy: { delaysMs: [] },
	// Sarbacane: "retries a failed delivery 10 times"; the interval is not documented. A delivery
	// whose answer was lost (a timeout) is sent again too: same bytes, no delivery id.
	sarbacane: { delaysMs: Array(10).fill(1_000), redeliver: { every: 10, afterMs: 5_000 } },
	// GetResponse retries what does not answer 2xx, and never a 4xx.
	// It also delivers an event again when its answer came too late: same X-Webhook-ID.
	getresponse: {
		delaysMs: [1_000, 2_000, 4_000, 8_000],
		retries: (status) => status === undefined || status >= 500,
		redeliver: { every: 10, afterMs: 5_000 },
	},
	// Standard Webhooks: exponential (5 s, 5 min, 30 min, 2 h… in the spec), at least once.
	resthook: {
		delaysMs: [500, 1_000, 2_000, 4_000, 8_000],
		redeliver: { every: 10, afterMs: 5_000 },
	},
	// The baseline's sender: never retries (as weavy's), delivers again as the at-least-once ones do.
	baseline: { delaysMs: [], redeliver: { every: 10, afterMs: 5_000 } },
};

/** n8n's own Webhook node, side by side with the package's triggers: what n8n loses anyway. */
const WEBHOOK_NODE = 'n8n Webhook node';

interface TriggerUnderLoad {
	name: string;
	sender: Sender;
	/** Whether it checks who sent a delivery (the Webhook node here does not: no forged deliveries). */
	authenticates: boolean;
	workflow: Workflow;
	/** Whether n8n's Remove Duplicates runs on its delivery id (the event's id for the baseline). */
	deduped: boolean;
	/** The provider's subscriptions to the trigger's URL now (undefined: pasted by the user). */
	subscriptions?: () => number;
}

interface Outcome {
	setup: Setup;
	scenario: string;
	/** The fault, the same words in both setups (the rows they are compared by). */
	fault: string;
	trigger: string;
	fired: number;
	undeliverable: number;
	accepted: number;
	retried: number;
	/** Accepted events delivered again with the same delivery id (at-least-once providers). */
	redelivered: number;
	/** Of those, the ones the trigger started a second execution for (its memory missed the copy). */
	redeliveredExecutedTwice: number;
	/** Of those, the ones that ran twice to the workflow's end (past Remove Duplicates, if any). */
	redeliveredRanTwice: number;
	/** The answers other than 2xx to the real (not forged) deliveries, by status (0: none). */
	answers: string;
	lost: number;
	/** Of those, the ones whose last answer was n8n's 404 (a process that did not serve the path yet). */
	lostTo404: number;
	/** Accepted (2xx), held by an execution in n8n's database, never run past the workflow's end. */
	neverRun: number;
	/** n8n's statuses of those executions. */
	neverRunStatuses: string;
	/** Of those, the ones whose execution never started on a worker: what the recovery retries. */
	neverStarted: number;
	/** Still never run once the recovery ran ('…' until it did). */
	afterRecovery: number | '…';
	executions: number;
	/** Executions not successful at the end: n8n's `new`, `running`, `crashed` or `error`. */
	unfinished: number;
	recorded: number;
	missing: number;
	doubled: number;
	/** Events recorded twice though the sender delivered them once: never n8n's Remove Duplicates. */
	doubledFromOneDelivery: number;
	/**
	 * Values that passed Remove Duplicates but are not in the list n8n keeps for it at the end:
	 * n8n's lost writes (it reads, changes and writes that list without a lock).
	 */
	lostWrites: number | '—';
	unauthenticated: number;
	orphans: number | '—';
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('queue mode behind a load balancer, while processes die', () => {
	let topology: Topology | undefined;
	let weavy: WeavySimulator | undefined;
	let sarbacane: SarbacaneSimulator | undefined;
	let hooks: RestHookApiSimulator | undefined;
	let recorder: Recorder | undefined;
	const triggers: TriggerUnderLoad[] = [];
	const outcomes: Outcome[] = [];
	/** Why n8n's unsuccessful executions ended as they did, as n8n recorded it. */
	const reasons: string[] = [];
	/** Every real event's fate, per setup, for the recovery that follows the setup's scenarios. */
	const ledger: Array<{ setup: Setup; row: Outcome; event: Accounted }> = [];
	const recoveries: string[] = [];
	let firedSoFar = 0;

	/** The newest subscription's URL, as a provider delivers a new event to what it holds now. */
	const hookUrl = (urls: string[]): string | undefined => urls[urls.length - 1];

	beforeAll(async () => {
		[weavy, sarbacane, hooks, recorder] = await Promise.all([
			new WeavySimulator().start(),
			new SarbacaneSimulator().start(),
			new RestHookApiSimulator().start(),
			new Recorder().start(),
		]);
		topology = await startTopology({
			N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
			// n8n prunes executions beyond 10,000 by default; a full run makes more, and every one is
			// needed to account for its event.
			EXECUTIONS_DATA_PRUNE_MAX_COUNT: '100000',
			// n8n's queue recovery marks at most this many lost executions per pass, and the next
			// pass comes half an interval later (90 minutes by default): the recovery's procedure
			// raises it (docs/operations.md).
			N8N_EXECUTIONS_QUEUE_RECOVERY_BATCH: '10000',
		});
		const api = topology.api;
		const [weavyCredential, sarbacaneCredential, hooksCredential] = await Promise.all([
			makeCredential(api, 'divaltoWeavyApi', 'weavy scale', credentialData.weavy(weavy)),
			makeCredential(api, 'sarbacaneApi', 'sarbacane scale', credentialData.sarbacane(sarbacane)),
			makeCredential(api, 'restHookSigningSecretApi', 'hooks scale', {
				apiAuthentication: 'header',
				headerName: 'X-API-Key',
				headerSecret: HOOKS_API_KEY,
				signingSecret: WHSEC,
			}),
		]);
		const webhookNodePath = `scale-${randomUUID()}`;
		const specs: Array<{
			name: string;
			type: string;
			typeVersion?: number;
			parameters: Record<string, unknown>;
			credential?: { type: string; id: string; name: string };
			/** What n8n's Remove Duplicates dedupes on (none: no Remove Duplicates). */
			dedupeOn?: string;
			/** Where the event's id is in the trigger's item. */
			eventId?: string;
		}> = [
			{
				name: 'weavy',
				type: 'divaltoWeavyTrigger',
				parameters: { events: ['NewCustomer'] },
				credential: weavyCredential,
			},
			{
				name: 'sarbacane',
				type: 'sarbacaneTrigger',
				parameters: { source: 'api', events: ['OPEN'] },
				credential: sarbacaneCredential,
			},
			{
				name: 'getresponse',
				type: 'getResponseWebhooksTrigger',
				parameters: { source: 'webhooks', urlSecret: GR_SECRET, events: ['*'] },
				dedupeOn: '$json.deliveryId',
			},
			{
				name: 'resthook',
				type: 'restHookTrigger',
				parameters: hooksApiParameters(hooks, {
					customEvents: 'contact.created',
					incomingAuthentication: 'standardWebhooks',
					sampleEndpoint: { method: 'GET', url: `${hooks.url}/hooks/sample?event={{event}}` },
				}),
				credential: hooksCredential,
				dedupeOn: '$json.deliveryId',
			},
			// The baseline: n8n's Webhook node 2.1 fed by a sender that never retries, like weavy's,
			// and delivers one event in 10 again; Remove Duplicates on the event's id.
			{
				name: WEBHOOK_NODE,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				parameters: {
					httpMethod: 'POST',
					path: webhookNodePath,
					responseMode: 'onReceived',
					options: {},
				},
				dedupeOn: '$json.body.eventId',
				eventId: '$json.body.eventId',
			},
		];
		for (const spec of specs) {
			const webhookId = randomUUID();
			const trigger = 'Trigger';
			const nodes: Workflow['nodes'] = [
				{
					name: trigger,
					type: spec.type.includes('.') ? spec.type : `${PACKAGE_NAME}.${spec.type}`,
					typeVersion: spec.typeVersion ?? 2,
					position: [0, 0],
					webhookId,
					parameters: spec.parameters,
					...(spec.credential
						? {
								credentials: {
									[spec.credential.type]: { id: spec.credential.id, name: spec.credential.name },
								},
							}
						: {}),
				},
				...(spec.dedupeOn
					? [
							{
								name: 'Remove Duplicates',
								type: 'n8n-nodes-base.removeDuplicates',
								typeVersion: 2,
								position: [220, 0] as [number, number],
								parameters: {
									operation: 'removeItemsSeenInPreviousExecutions',
									logic: 'removeItemsWithAlreadySeenKeyValues',
									dedupeValue: `={{ ${spec.dedupeOn} }}`,
								},
							},
						]
					: []),
				{
					name: 'Record',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [440, 0],
					parameters: {
						method: 'POST',
						url: recorder.url,
						sendBody: true,
						specifyBody: 'json',
						jsonBody: `={{ JSON.stringify({ id: ${spec.eventId ?? '$json.eventId'}, trigger: "${spec.name}", execution: $execution.id${spec.dedupeOn ? `, key: ${spec.dedupeOn}` : ''} }) }}`,
						options: {},
					},
				},
			];
			const chain = nodes.map((node) => node.name);
			const connections = Object.fromEntries(
				chain
					.slice(0, -1)
					.map((name, index) => [
						name,
						{ main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] },
					]),
			);
			const workflow = await api.createWorkflow({ name: `scale ${spec.name}`, nodes, connections });
			await api.publish(workflow.id);
			const productionUrl =
				spec.name === WEBHOOK_NODE
					? `${topology.webhookBaseUrl}/webhook/${webhookNodePath}`
					: `${topology.webhookBaseUrl}/webhook/${webhookId}/webhook`;
			triggers.push({
				name: spec.name,
				authenticates: spec.name !== WEBHOOK_NODE,
				workflow,
				deduped: spec.dedupeOn !== undefined,
				subscriptions: {
					weavy: () => weavy!.subscriptions.size,
					sarbacane: () => sarbacane!.webhooks.size,
					getresponse: undefined,
					resthook: () => hooks!.subscriptions.size,
				}[spec.name],
				sender: sender(spec.name, productionUrl),
			});
		}
		// One event each before the load: n8n's Remove Duplicates inserts its first row without a
		// lock, and two first executions at once fail on its primary key (measured; see
		// docs/operations.md). After that first row, it updates.
		for (const trigger of triggers) trigger.sender.send(`warm-up-${trigger.name}`);
		await Promise.all(triggers.map(async (trigger) => await trigger.sender.settle()));
		await waitFor(async () => recorder!.records.length >= triggers.length, {
			timeoutMs: 120_000,
			description: 'the warm-up event of every trigger recorded',
		});
	}, 900_000);

	afterAll(async () => {
		if (outcomes.length > 0) writeOutcomes(outcomes, reasons, recoveries, firedSoFar);
		await topology?.stop();
		await Promise.all([weavy?.stop(), sarbacane?.stop(), hooks?.stop(), recorder?.stop()]);
	}, 300_000);

	/** The sender of a provider, delivering through nginx to what the provider holds now. */
	function sender(name: string, productionUrl: string): Sender {
		const json = (value: unknown) => JSON.stringify(value);
		const forge = (url: string) => url.replace(/secret=[^&]+/, 'secret=forged-secret-value-000000');
		switch (name) {
			case 'weavy':
				return new Sender(
					name,
					(id, forged, retry) => {
						const url =
							retry ?? hookUrl([...weavy!.subscriptions.values()].map((sub) => sub.hookUrl));
						if (!url) return undefined;
						return {
							url: forged ? forge(url) : url,
							headers: {},
							body: json({ result: { codecustomer: id, name: 'Scale', eventId: id } }),
						};
					},
					POLICIES.weavy,
				);
			case 'sarbacane':
				return new Sender(
					name,
					(id, forged, retry) => {
						const url = retry ?? hookUrl([...sarbacane!.webhooks.values()].map((hook) => hook.url));
						if (!url) return undefined;
						// Sarbacane's fields, the same bytes in every copy: the date from the event's number.
						const date = new Date(Date.UTC(2026, 11, 7) + (Number(id.slice(-6)) || 0));
						return {
							url: forged ? forge(url) : url,
							headers: {},
							body: json({
								kind: 'OPEN',
								type: 'open',
								email: `${id}@example.com`,
								campaignId: 'scale',
								sendId: 'scale-a',
								date: date.toISOString(),
								eventId: id,
							}),
						};
					},
					POLICIES.sarbacane,
				);
			case WEBHOOK_NODE:
				return new Sender(
					name,
					(id) => ({ url: productionUrl, headers: {}, body: json({ eventId: id }) }),
					POLICIES.baseline,
				);
			case 'getresponse':
				return new Sender(
					name,
					(id, forged) => ({
						url: `${productionUrl}?secret=${forged ? 'forged-secret-value-000000' : GR_SECRET}`,
						headers: { 'x-webhook-id': `gr-${id}`, 'x-webhook-type': 'contact_opened_message' },
						body: json({
							type: 'contact_opened_message',
							eventId: id,
							contact: { contactId: id, email: `${id}@example.com` },
							account: { accountId: 'scale' },
							event: { occurredAt: new Date().toISOString() },
						}),
					}),
					POLICIES.getresponse,
				);
			default: {
				return new Sender(
					name,
					(id, forged, retry) => {
						const url =
							retry ?? hookUrl([...hooks!.subscriptions.values()].map((sub) => sub.target_url));
						if (!url) return undefined;
						const body = json({ type: 'contact.created', eventId: id, data: { id } });
						return {
							url,
							headers: standardWebhooksHeaders(body, forged ? FORGED_WHSEC : WHSEC, {
								id: `msg_${id}`,
							}),
							body,
						};
					},
					POLICIES.resthook,
				);
			}
		}
	}

	/**
	 * Fires `count` events across the triggers (steady, a burst of 30 every 90 events, one forged
	 * delivery per 49 events, so every trigger gets some), runs `fault` a third of the way in, then
	 * waits until every sender settled and n8n finished what it could; then accounts for every event.
	 */
	async function underLoad(
		setup: Setup,
		scenario: string,
		fault: string,
		inject: () => Promise<void>,
	): Promise<Outcome[]> {
		const count = Math.max(40, Math.floor(TOTAL_EVENTS / SCENARIOS));
		const [[firstExecution]] = await topology!.sql(
			'select coalesce(max(id), 0) from execution_entity',
		);
		const recordedBefore = recorder!.records.length;
		const sentBefore = triggers.map((trigger) => trigger.sender.sent.length);
		let faultDone: Promise<void> | undefined;
		let faultOver = false;
		const started = Date.now();
		const fire = (index: number) => {
			const trigger = triggers[index % triggers.length];
			const id = eventId(++firedSoFar);
			trigger.sender.send(id);
			if (index % 49 === 0 && trigger.authenticates) trigger.sender.send(`forged-${id}`, true);
		};
		let index = 0;
		for (; index < count; index++) {
			fire(index);
			if (index === Math.floor(count / 3)) {
				faultDone = inject().finally(() => (faultOver = true));
			}
			// Every 90 events, the last 30 go out at once: a burst.
			if (index % 90 < 60) {
				const due = started + ((index + 1) * 1000) / RATE_PER_SECOND;
				await sleep(Math.max(0, due - Date.now()));
			}
		}
		// A fault that outlasts the load (a rolling restart) stays under load, at a third of the rate.
		for (; !faultOver; index++) {
			fire(index);
			await sleep((3 * 1000) / RATE_PER_SECOND);
		}
		await faultDone;
		await Promise.all(triggers.map(async (trigger) => await trigger.sender.settle()));
		// n8n finishes what it accepted: no execution left new or running and the recorder still —
		// or nothing moving for 10 s (an execution whose job n8n lost stays new for good).
		let last = '';
		let stillFor = 0;
		await waitFor(
			async () => {
				const [[open]] = await topology!.sql(
					`select count(*) from execution_entity where id > ${firstExecution} and status in ('new', 'running')`,
				);
				const now = `${recorder!.records.length}/${open}`;
				stillFor = now === last ? stillFor + 1 : 0;
				last = now;
				return (open === '0' && stillFor >= 1) || stillFor >= 5;
			},
			{
				timeoutMs: DRAIN_MS,
				intervalMs: 2_000,
				description: `${scenario}: n8n finishing its executions`,
			},
		).catch(() => undefined);
		const executions = new Map<string, { total: number; unfinished: number }>();
		for (const [workflowId, status, total] of await topology!.sql(
			`select "workflowId", status, count(*) from execution_entity where id > ${firstExecution} group by 1, 2`,
		)) {
			const entry = executions.get(workflowId) ?? { total: 0, unfinished: 0 };
			entry.total += Number(total);
			if (status !== 'success') entry.unfinished += Number(total);
			executions.set(workflowId, entry);
		}
		const failed = await topology!.sql(
			`select id, "workflowId", status from execution_entity where id > ${firstExecution} and status <> 'success' order by id limit 40`,
		);
		for (const [id, workflowId, status] of failed) {
			const name = triggers.find((trigger) => trigger.workflow.id === workflowId)?.name;
			const execution = await topology!.api.getExecution(id).catch(() => undefined);
			const error = (execution?.data?.resultData as { error?: { message?: string } } | undefined)
				?.error?.message;
			reasons.push(
				`${setup}: ${scenario} | ${name} | ${status} | ${error ?? '(no error recorded)'}`,
			);
		}
		const holders = await eventsHeldSince(firstExecution);
		// Executions that hold no event at all: n8n replaced their data with an error (a job that
		// failed in its queue), the trigger's items with it.
		const erasedBy = new Map<string, number>();
		for (const [workflowId, count] of await topology!.sql(
			`select e."workflowId", count(*) from execution_entity e join execution_data d on d."executionId" = e.id
			where e.id > ${firstExecution} and d.data !~ '${EVENT_ID_PATTERN}' group by 1`,
		)) {
			erasedBy.set(workflowId, Number(count));
		}
		const records = recorder!.records.slice(recordedBefore);
		const lostWrites = new Map<string, number>();
		for (const trigger of triggers.filter((each) => each.deduped)) {
			const [row] = await topology!.sql(
				`select value from processed_data where "workflowId" = '${trigger.workflow.id}'`,
			);
			const kept = new Set(row ? (JSON.parse(row[0]) as { data: string[] }).data : []);
			const passed = new Set(
				records.filter((record) => record.trigger === trigger.name).map((record) => record.key),
			);
			// n8n keeps each value as the base64 MD5 of its text (deduplication-helper.js).
			const hash = (key: string) => createHash('md5').update(key).digest('base64');
			lostWrites.set(
				trigger.name,
				[...passed].filter((key) => key === undefined || !kept.has(hash(key))).length,
			);
		}
		return triggers.map((trigger, index) => {
			const sent = trigger.sender.sent.slice(sentBefore[index]);
			const real = sent.filter((event) => !event.forged);
			const ids = new Set(real.map((event) => event.id));
			const mine = records.filter((record) => record.trigger === trigger.name);
			const times = new Map<string, number>();
			for (const record of mine) times.set(record.id, (times.get(record.id) ?? 0) + 1);
			const accepted = real.filter((event) => event.accepted);
			const held = trigger.subscriptions?.();
			const accounting = accountEvents(sent, mine, holders, erasedBy.get(trigger.workflow.id) ?? 0);
			const redeliveredIds = new Set(
				real.filter((event) => event.redelivered.length > 0).map((event) => event.id),
			);
			const neverRun = accounting.events.filter((event) => event.fate === 'accepted, never run');
			const row: Outcome = {
				setup,
				scenario,
				fault,
				trigger: trigger.name,
				fired: real.length,
				undeliverable: real.filter((event) => event.undeliverable).length,
				accepted: accepted.length,
				retried: real.reduce((sum, event) => sum + Math.max(0, event.statuses.length - 1), 0),
				redelivered: real.filter((event) => event.redelivered.length > 0).length,
				redeliveredExecutedTwice: accounting.events.filter(
					(event) => redeliveredIds.has(event.id) && event.holders.length > 1,
				).length,
				redeliveredRanTwice: accounting.events.filter(
					(event) => redeliveredIds.has(event.id) && event.runs > 1,
				).length,
				answers: answersOtherThan2xx(real),
				lost: accounting.events.filter((event) => event.fate === 'refused at the door').length,
				lostTo404: accounting.events.filter(
					(event) => event.fate === 'refused at the door' && event.statuses.at(-1) === 404,
				).length,
				neverRun: neverRun.length,
				neverRunStatuses: statusesOf(neverRun),
				neverStarted: neverRun.filter(
					(event) => event.holders.length > 0 && event.holders.every((holder) => !holder.started),
				).length,
				afterRecovery: '…',
				executions: executions.get(trigger.workflow.id)?.total ?? 0,
				unfinished: executions.get(trigger.workflow.id)?.unfinished ?? 0,
				recorded: mine.length,
				missing: accepted.filter((event) => !times.has(event.id)).length,
				doubled: [...times.values()].filter((n) => n > 1).length,
				doubledFromOneDelivery: accounting.events.filter(
					(event) => event.runs > 1 && event.deliveries === 1,
				).length,
				lostWrites: lostWrites.get(trigger.name) ?? '—',
				unauthenticated: mine.filter((record) => !ids.has(record.id)).length,
				orphans: held === undefined ? '—' : held - 1,
			};
			for (const event of accounting.events) ledger.push({ setup, row, event });
			violations.push(...accounting.violations.map((line) => `${trigger.name}: ${line}`));
			return row;
		});
	}

	/** Which executions since `after` hold which event ids, with n8n's status and start. */
	async function eventsHeldSince(after: string): Promise<Map<string, Holder[]>> {
		const holders = new Map<string, Holder[]>();
		const rows = await topology!.sql(
			`select e.id, e.status, e."startedAt" is not null, m[1]
			from execution_entity e join execution_data d on d."executionId" = e.id,
			lateral regexp_matches(d.data, '${EVENT_ID_PATTERN}', 'g') m
			where e.id > ${after}`,
		);
		for (const [execution, status, started, id] of rows) {
			const list = holders.get(id) ?? [];
			if (!list.some((holder) => holder.execution === execution)) {
				list.push({ execution, status, started: started === 't' });
			}
			holders.set(id, list);
		}
		return holders;
	}

	/** What broke the accounting in the scenario under way (reset by each scenario). */
	let violations: string[] = [];

	/** The scenarios of both setups (they share the run's events). */
	const SCENARIOS = 14;

	/** The first execution id of each setup, and when it began: what its recovery looks at. */
	const setupStart: Partial<Record<Setup, { execution: string; at: Date }>> = {};

	const scenario = (
		setup: Setup,
		name: string,
		fault: string,
		inject: () => Promise<void>,
		expectations: (rows: Outcome[]) => void,
		{ measureDoubles = false }: { measureDoubles?: boolean } = {},
	) =>
		test(`${setup} setup: ${name}`, async () => {
			if (!setupStart[setup]) {
				const [[execution]] = await topology!.sql(
					'select coalesce(max(id), 0) from execution_entity',
				);
				setupStart[setup] = { execution, at: new Date() };
			}
			violations = [];
			const rows = await underLoad(setup, name, fault, inject);
			outcomes.push(...rows);
			console.log(
				`${table(rows)}\n${reasons.filter((line) => line.startsWith(`${setup}: ${name} |`)).join('\n')}`,
			);
			// Every event in exactly one category, every accepted one held by an execution in
			// n8n's database, every run by an execution that holds its event. Where a setting is
			// measured for the doubles it makes, an event run twice from one delivery is counted.
			expect(
				violations.filter(
					(line) => !(measureDoubles && / delivered once, ran \d+ times$/.test(line)),
				),
			).toEqual([]);
			for (const row of rows) {
				// Never a run without valid authentication, whatever n8n does.
				expect(row.unauthenticated).toBe(0);
			}
			expectations(rows);
		}, 900_000);

	/** The Redis fault of each setup, compared in one row: a restart, and with the file a kill -9. */
	const REDIS_FAULT = "Redis: restart (docs' setup), kill -9 with fsync every second (hardened)";

	const packageRows = (rows: Outcome[]) => rows.filter((each) => each.trigger !== WEBHOOK_NODE);

	scenario(
		'default',
		'steady load and bursts, no fault',
		'no fault',
		async () => {},
		(rows) => {
			// n8n's Webhook node is measured, not held to the package's promise.
			for (const row of packageRows(rows)) {
				expect(row).toMatchObject({ lost: 0, neverRun: 0, missing: 0, doubledFromOneDelivery: 0 });
				// An event delivered once runs once. One delivered again (at least once) can pass
				// n8n's Remove Duplicates twice when n8n lost its write (lostWrites): measured, as
				// for n8n's own Webhook node beside them.
				if (row.redelivered === 0) {
					expect(row.doubled).toBe(0);
					expect(row.recorded).toBe(row.accepted);
				}
			}
		},
	);

	const killWebhookProcess = async () => {
		await topology!.webhooks[0].crash();
		await sleep(3_000);
		await topology!.webhooks[0].start();
	};
	const killWorker = async () => {
		await topology!.workers[0].crash();
		await sleep(3_000);
		await topology!.workers[0].start();
	};

	scenario(
		'default',
		'kill -9 one webhook process, then start it again',
		'kill -9 a webhook process',
		killWebhookProcess,
		(rows) => expectRetryingSendersLoseNothing(rows),
	);

	scenario(
		'default',
		'kill -9 one worker while it runs executions, then start it again',
		'kill -9 a worker',
		killWorker,
		(rows) => expectRetryingSendersLoseNothing(rows),
	);

	scenario(
		'default',
		'restart Redis',
		REDIS_FAULT,
		async () => await topology!.redis.restart(),
		(rows) => expectRetryingSendersLoseNothing(rows),
	);

	scenario(
		'default',
		'restart PostgreSQL',
		'restart PostgreSQL',
		async () => await topology!.postgres.restart(),
		(rows) => expectRetryingSendersLoseNothing(rows),
	);

	scenario(
		'default',
		'restart the main process',
		'restart the main process',
		async () => await topology!.main.restart(),
		(rows) => expectRetryingSendersLoseNothing(rows),
	);

	scenario(
		'default',
		'publish a changed trigger',
		'publish a changed trigger',
		async () => {
			const target = triggers.find((trigger) => trigger.name === 'sarbacane')!;
			const current = await topology!.api.getWorkflow(target.workflow.id);
			const nodes = current.nodes.map((node) =>
				node.name === 'Trigger'
					? { ...node, parameters: { ...node.parameters, events: ['OPEN', 'HIT'] } }
					: node,
			);
			await topology!.api.updateWorkflow(target.workflow.id, {
				name: current.name,
				nodes,
				connections: current.connections,
			});
			await topology!.api.publish(target.workflow.id);
		},
		(rows) => expectRetryingSendersLoseNothing(rows),
	);

	test('default setup, recovery: the executions n8n accepted and never started run once; the others are listed, not retried', async () => {
		await recoverAndCheck('default');
	}, 900_000);

	test('hardened setup: Redis keeps an append-only file, nginx passes an unanswered POST to the other webhook process and routes every copy of a delivery to one', async () => {
		await topology!.redis.persist('appendfsync everysec');
		await topology!.nginx.configure({ nonIdempotent: true, hashRouting: true });
		const [, appendonly] = (await topology!.redisCli('CONFIG', 'GET', 'appendonly')).split('\n');
		expect(appendonly).toBe('yes');
	}, 120_000);

	scenario(
		'hardened',
		'steady load and bursts, no fault: every copy of a delivery reaches the process that received it',
		'no fault',
		async () => {},
		(rows) => {
			for (const row of packageRows(rows)) {
				expect(row).toMatchObject({ lost: 0, neverRun: 0, missing: 0, doubledFromOneDelivery: 0 });
				// The process that answered a delivery remembers it: its copy starts no execution.
				expect(row).toMatchObject({ redeliveredExecutedTwice: 0, redeliveredRanTwice: 0 });
			}
		},
	);

	scenario(
		'hardened',
		'kill -9 one webhook process, nginx passing its unanswered deliveries on',
		'kill -9 a webhook process',
		killWebhookProcess,
		(rows) => {
			// What nginx passing unanswered POSTs on changes (502s, doubles) is measured, not held:
			// in one run of four, 502s still reached the senders (cause not established).
			expectRetryingSendersLoseNothing(rows, { measureDoubles: true });
		},
		{ measureDoubles: true },
	);

	scenario(
		'hardened',
		'kill -9 one worker while it runs executions, then start it again',
		'kill -9 a worker',
		killWorker,
		(rows) => {
			expectRetryingSendersLoseNothing(rows);
			// The webhook processes lived on: each copy reached the one that remembers it.
			for (const row of packageRows(rows)) expect(row.redeliveredExecutedTwice).toBe(0);
		},
	);

	scenario(
		'hardened',
		'kill -9 Redis (append-only file, fsync every second), then start it again',
		REDIS_FAULT,
		async () => await topology!.redis.crashAndStart(),
		(rows) => expectRedisKeptItsJobs(rows),
		{ measureDoubles: true },
	);

	scenario(
		'hardened',
		'kill -9 Redis (append-only file, fsync always), then start it again',
		'kill -9 Redis, fsync always',
		async () => {
			await topology!.redis.persist('appendfsync always');
			await topology!.redis.crashAndStart();
		},
		(rows) => expectRedisKeptItsJobs(rows),
		{ measureDoubles: true },
	);

	scenario(
		'hardened',
		'restart PostgreSQL',
		'restart PostgreSQL',
		async () => await topology!.postgres.restart(),
		(rows) => expectRetryingSendersLoseNothing(rows),
	);

	scenario(
		'hardened',
		'rolling restart: SIGTERM each webhook process and worker in turn, as an upgrade does',
		'rolling restart (SIGTERM, one process at a time)',
		async () => {
			// A webhook process leaves the load balancer before it stops: n8n's webhook process
			// answers 500 to deliveries that reach it over kept-alive connections while it shuts
			// down (measured: 25 of 415 weavy deliveries lost without this step).
			for (const webhook of topology!.webhooks) {
				const options = topology!.nginx.options;
				await topology!.nginx.configure({ ...options, down: [webhook.port] });
				await sleep(2_000);
				await webhook.restart();
				await topology!.nginx.configure({ ...options, down: [] });
			}
			// A worker finishes its executions on SIGTERM (N8N_GRACEFUL_SHUTDOWN_TIMEOUT).
			for (const worker of topology!.workers) await worker.restart();
		},
		(rows) => {
			expectRetryingSendersLoseNothing(rows);
			for (const row of packageRows(rows)) {
				// No delivery met a stopping webhook process (its 500s): it had left nginx first.
				expect(row.answers).not.toMatch(/\b500\b/);
				expect(row).toMatchObject({ neverRun: 0, doubledFromOneDelivery: 0 });
			}
		},
	);

	test('hardened setup, recovery: the executions n8n accepted and never started run once; the others are listed, not retried', async () => {
		await recoverAndCheck('hardened');
	}, 900_000);

	/**
	 * After a setup's scenarios: restart the main process (n8n's queue recovery marks what it lost
	 * `crashed`), run the recovery workflow users import, and check that every event accepted and
	 * never started now ran once, that nothing else ran again, and that executions a worker had
	 * started are listed, not retried.
	 */
	async function recoverAndCheck(setup: Setup): Promise<void> {
		const start = setupStart[setup]!;
		const api = topology!.api;
		await topology!.main.restart();
		const open = async () =>
			(
				await topology!.sql(
					`select count(*) from execution_entity where id > ${start.execution} and status in ('new', 'running')`,
				)
			)[0][0];
		await waitFor(async () => (await open()) === '0', {
			timeoutMs: 240_000,
			intervalMs: 3_000,
			description: `${setup}: n8n's queue recovery marking what it lost`,
		}).catch(() => undefined);
		const stillOpen = await open();

		// What n8n still holds of each event now, before the recovery runs: a job whose worker died
		// ends in error with its execution data replaced by the error (the trigger's items gone).
		const heldNow = await eventsHeldSince(start.execution);
		const [[lastBefore]] = await topology!.sql('select coalesce(max(id), 0) from execution_entity');
		const recordedBefore = recorder!.records.length;
		const recovery = await runRecovery(start.at);
		let quiet = -1;
		await waitFor(
			async () => {
				const now = recorder!.records.length;
				const still = now === quiet;
				quiet = now;
				return still;
			},
			{
				timeoutMs: 120_000,
				intervalMs: 3_000,
				description: `${setup}: the recovery's runs recorded`,
			},
		);
		const rerun = new Map<string, number>();
		for (const record of recorder!.records.slice(recordedBefore)) {
			rerun.set(record.id, (rerun.get(record.id) ?? 0) + 1);
		}

		const mine = ledger.filter((entry) => entry.setup === setup);
		const neverRun = mine.filter((entry) => entry.event.fate === 'accepted, never run');
		const holdersNow = (entry: (typeof mine)[number]) =>
			(heldNow.get(entry.event.id) ?? []).filter(
				(holder) => Number(holder.execution) <= Number(lastBefore),
			);
		// Retryable: an execution still holds the event and never started on a worker.
		const retryable = neverRun.filter((entry) =>
			holdersNow(entry).some((holder) => !holder.started && holder.status !== 'success'),
		);
		const erased = neverRun.filter((entry) => holdersNow(entry).length === 0);
		const started = neverRun.filter(
			(entry) => !retryable.includes(entry) && !erased.includes(entry),
		);
		const recovered = retryable.filter((entry) => rerun.get(entry.event.id) === 1);
		for (const entry of neverRun) {
			if (!rerun.has(entry.event.id)) {
				entry.row.afterRecovery =
					(entry.row.afterRecovery === '…' ? 0 : entry.row.afterRecovery) + 1;
			}
		}
		for (const entry of mine) if (entry.row.afterRecovery === '…') entry.row.afterRecovery = 0;
		const listed = new Set(recovery.listed);
		const summary = [
			`${setup} setup: ${neverRun.length} events accepted and never run;`,
			`${retryable.length} held by an execution that never started: ${recovered.length} recovered and run once;`,
			`${started.length} held by an execution a worker had started: listed (${started.filter((entry) => holdersNow(entry).some((holder) => listed.has(holder.execution))).length}), not retried;`,
			`${erased.length} no longer held by any execution (n8n replaced the data of a job whose worker died with its error): not recoverable from n8n;`,
			`${recovery.retried.length} executions retried (${recovery.failures.length} retries failed${recovery.failures.length ? `: ${recovery.failures.join('; ')}` : ''}), ${recovery.listed.length} listed;`,
			`events delivered twice that ran again through a retried second execution: ${[...rerun.keys()].filter((id) => !retryable.some((entry) => entry.event.id === id)).length};`,
			`executions still new or running after n8n's queue recovery: ${stillOpen}.`,
		].join(' ');
		recoveries.push(summary);
		console.log(summary);
		const describe = (entries: typeof mine) =>
			entries.map(
				(entry) =>
					`${entry.event.id} (${entry.row.scenario}; then ${JSON.stringify(entry.event.holders)}, now ${JSON.stringify(holdersNow(entry))}, ran again ${rerun.get(entry.event.id) ?? 0})`,
			);

		// Every event still held by an execution that never started ran once...
		expect(describe(retryable.filter((entry) => rerun.get(entry.event.id) !== 1))).toEqual([]);
		// ...and nothing else ran again: no event that had run, none whose execution had started —
		// but an event delivered twice whose second execution n8n lost: the recovery runs it, and
		// the workflow's Remove Duplicates lets it through when n8n lost its write (measured).
		const allowed = new Set(retryable.map((entry) => entry.event.id));
		const deliveredTwice = new Set(
			mine.filter((entry) => entry.event.deliveries > 1).map((entry) => entry.event.id),
		);
		const again = [...rerun.keys()].filter((id) => !allowed.has(id));
		expect(again.filter((id) => !deliveredTwice.has(id))).toEqual([]);
		// The recovery retried only executions that never started, and listed those that had.
		if (recovery.retried.length > 0) {
			const startedRetried = await topology!.sql(
				`select id from execution_entity where id in (${recovery.retried.join(',')}) and "startedAt" is not null`,
			);
			expect(startedRetried).toEqual([]);
		}
		expect(
			describe(
				started.filter(
					(entry) => !holdersNow(entry).some((holder) => listed.has(holder.execution)),
				),
			),
		).toEqual([]);
		await api.deleteWorkflow(recovery.workflowId).catch(() => undefined);
	}

	/** Imports examples/n8n-recover-lost-executions.json as a user does, and runs it once. */
	async function runRecovery(stoppedAfter: Date): Promise<{
		workflowId: string;
		retried: string[];
		listed: string[];
		failures: string[];
	}> {
		const api = topology!.api;
		const baseUrl = `${topology!.main.baseUrl}/api/v1`;
		const credential = await makeCredential(api, 'n8nApi', `n8n API ${Date.now()}`, {
			apiKey: topology!.main.apiKey,
			baseUrl,
		});
		const workflow = JSON.parse(readFileSync(RECOVERY_WORKFLOW, 'utf8')) as {
			name: string;
			nodes: WorkflowNode[];
			connections: Record<string, unknown>;
			settings: Record<string, unknown>;
		};
		for (const node of workflow.nodes) {
			if (node.type === 'n8n-nodes-base.httpRequest') {
				node.credentials = { n8nApi: { id: credential.id, name: credential.name } };
			}
			if (node.name === 'Settings') {
				const assignments = (
					node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
				).assignments;
				assignments.find((each) => each.name === 'apiUrl')!.value = baseUrl;
				assignments.find((each) => each.name === 'stoppedAfter')!.value =
					stoppedAfter.toISOString();
			}
		}
		const made = await api.createWorkflow(workflow);
		await api.executeFromTrigger(made.id, 'Run the recovery');
		const [execution] = await waitFor(
			async () => {
				const done = (await api.listExecutions(made.id)).filter((run) => run.stoppedAt);
				return done.length > 0 ? done : undefined;
			},
			{ timeoutMs: 600_000, intervalMs: 2_000, description: 'the recovery workflow finishing' },
		);
		expect(execution.status).toBe('success');
		const [toRetry, retriedItems, listedItems] = await Promise.all([
			triggerItems(api, execution, 'Never started?'),
			triggerItems(api, execution, 'Retry'),
			triggerItems(api, execution, 'Started: check by hand'),
		]);
		return {
			workflowId: made.id,
			retried: retriedItems.filter((item) => item.retryOf).map((item) => String(item.retryOf)),
			listed: listedItems.map((item) => String(item.executionId)),
			// The Retry node goes on after a failed request: its item carries the error.
			failures: retriedItems.flatMap((item, index) =>
				item.retryOf
					? []
					: [
							`${String(toRetry[index]?.executionId)} (${String(toRetry[index]?.status)}): ${JSON.stringify(item.error).slice(0, 300)}`,
						],
			),
		};
	}

	test('the editor in this topology: "Listen for test event" shows samples for every trigger (test webhooks reach the main process through nginx) and leaves no test subscription', async () => {
		const api = topology!.api;
		for (const trigger of triggers.filter((each) => each.name !== WEBHOOK_NODE)) {
			const held = trigger.subscriptions?.();
			const [before] = await topology!.sql(
				`select coalesce(max(id), 0) from execution_entity where "workflowId" = '${trigger.workflow.id}'`,
			);

			await expect(api.listenForTestEvent(trigger.workflow.id, 'Trigger')).resolves.toMatchObject({
				waitingForWebhook: true,
			});

			const [execution] = await waitFor(
				async () => {
					const manual = (await api.listExecutions(trigger.workflow.id)).filter(
						(run) => run.mode === 'manual' && run.stoppedAt && Number(run.id) > Number(before[0]),
					);
					return manual.length > 0 ? manual : undefined;
				},
				{ timeoutMs: 60_000, description: `${trigger.name}: the test event's execution` },
			);
			const items = await triggerItems(api, execution, 'Trigger');
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) expect(item).toHaveProperty('event');
			if (held !== undefined) {
				await waitFor(async () => trigger.subscriptions!() === held, {
					timeoutMs: 30_000,
					description: `${trigger.name}: no test subscription left`,
				});
			}
		}
	});

	test('at the end, unpublishing leaves no subscription at any provider', async () => {
		for (const trigger of triggers) await topology!.api.unpublish(trigger.workflow.id);

		expect({
			weavy: weavy!.subscriptions.size,
			sarbacane: sarbacane!.webhooks.size,
			resthook: hooks!.subscriptions.size,
		}).toEqual({ weavy: 0, sarbacane: 0, resthook: 0 });
	});
});

/**
 * A sender that retries gets every event accepted, and no event delivered once is recorded twice.
 * (What n8n itself loses after accepting is measured in `missing`; what its Remove Duplicates lets
 * through twice, in `doubled` and `lostWrites`.)
 */
function expectRetryingSendersLoseNothing(
	rows: Outcome[],
	{ measureDoubles = false }: { measureDoubles?: boolean } = {},
): void {
	for (const row of rows.filter((each) => each.trigger !== WEBHOOK_NODE)) {
		// Except what n8n answered 404 (a webhook process just started, before it serves the
		// path), which GetResponse does not retry: n8n's, counted.
		if (row.trigger !== 'weavy') expect(row.lost - row.lostTo404).toBe(0);
		if (!measureDoubles) expect(row.doubledFromOneDelivery).toBe(0);
	}
}

/**
 * With an append-only file Redis keeps its waiting jobs across a crash: without one, about a fifth
 * of what was accepted around a restart never ran. At most the job a worker was being handed when
 * Redis died (the reply lost with the connection) may still be lost, across all five workflows.
 */
function expectRedisKeptItsJobs(rows: Outcome[]): void {
	// A Redis killed while a job completes can have it run again (once measured): counted.
	expectRetryingSendersLoseNothing(rows, { measureDoubles: true });
	expect(rows.reduce((total, row) => total + row.neverRun, 0)).toBeLessThanOrEqual(2);
}

function answersOtherThan2xx(events: Array<{ statuses: number[] }>): string {
	const counts = new Map<number, number>();
	for (const status of events.flatMap((event) => event.statuses)) {
		if (status < 200 || status >= 300) counts.set(status, (counts.get(status) ?? 0) + 1);
	}
	return counts.size === 0
		? '—'
		: [...counts]
				.sort(([a], [b]) => a - b)
				.map(([status, count]) => `${status} × ${count}`)
				.join(', ');
}

const COLUMNS: Array<[keyof Outcome, string]> = [
	['setup', 'Setup'],
	['scenario', 'Scenario'],
	['trigger', 'Trigger'],
	['fired', 'Fired'],
	['undeliverable', 'Fired while the provider held no subscription'],
	['accepted', 'Accepted (2xx)'],
	['retried', 'Retries sent'],
	['redelivered', 'Delivered again after 2xx (same delivery id)'],
	['redeliveredExecutedTwice', 'Of those, a second execution started'],
	['redeliveredRanTwice', 'Of those, ran twice'],
	['answers', 'Answers other than 2xx (status × count; 0: none)'],
	['lost', 'Refused at the door (never accepted)'],
	['neverRun', 'Accepted, never run'],
	['neverRunStatuses', "Their executions: n8n's status × count"],
	['neverStarted', 'Of which never started (retried by the recovery)'],
	['afterRecovery', 'Still never run after the recovery'],
	['executions', 'Executions'],
	['unfinished', 'Not successful (new, running, crashed, error)'],
	['recorded', 'Past Remove Duplicates'],
	['doubled', 'Recorded twice'],
	['doubledFromOneDelivery', 'Recorded twice, delivered once'],
	['lostWrites', "Remove Duplicates: passed, missing from n8n's list"],
	['unauthenticated', 'Runs without valid authentication'],
	['orphans', 'Orphan subscriptions'],
];

function table(rows: Outcome[]): string {
	return [
		`| ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
		`| ${COLUMNS.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${COLUMNS.map(([key]) => String(row[key])).join(' | ')} |`),
	].join('\n');
}

/** n8n's unsuccessful executions per scenario, by the status and error n8n recorded. */
function reasonTable(reasons: string[]): string {
	const counts = new Map<string, number>();
	for (const line of reasons) {
		const [scenario, , status, error] = line.split(' | ');
		const key = [scenario, status, error].join(' | ');
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [
		"| Scenario | n8n's status | n8n's error | Executions |",
		'| --- | --- | --- | --- |',
		...[...counts].map(([key, count]) => `| ${key} | ${count} |`),
	].join('\n');
}

/**
 * Per fault, the package's four triggers against n8n's Webhook node: refused at the door (lost by
 * a sender that never retries: weavy, and the Webhook node's) and accepted but never run, in the
 * default setup, the hardened one, and once the recovery ran.
 */
function threeColumns(rows: Outcome[]): string {
	const sum = (
		list: Outcome[],
		key: 'fired' | 'accepted' | 'lost' | 'neverRun' | 'afterRecovery',
	) =>
		list.reduce(
			(total, row) => total + (typeof row[key] === 'number' ? (row[key] as number) : 0),
			0,
		);
	const cell = (list: Outcome[]) => {
		if (list.length === 0) return '—';
		const never = sum(list, 'neverRun');
		const accepted = sum(list, 'accepted');
		const share = accepted === 0 ? '' : ` (${((100 * never) / accepted).toFixed(1)} %)`;
		return `${sum(list, 'lost')} / ${never} of ${accepted}${share}`;
	};
	const after = (list: Outcome[]) =>
		list.length === 0 ? '—' : `${sum(list, 'afterRecovery')} of ${sum(list, 'accepted')}`;
	const faults = [...new Set(rows.map((row) => row.fault))];
	const pick = (fault: string, setup: Setup, baseline: boolean) =>
		rows.filter(
			(row) =>
				row.fault === fault && row.setup === setup && (row.trigger === WEBHOOK_NODE) === baseline,
		);
	return [
		'| Fault | Default: 4 triggers | Default: n8n Webhook node | Hardened: 4 triggers | Hardened: n8n Webhook node | After recovery, default → hardened: 4 triggers | After recovery: n8n Webhook node |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...faults.map(
			(fault) =>
				`| ${fault} | ${cell(pick(fault, 'default', false))} | ${cell(pick(fault, 'default', true))} | ${cell(pick(fault, 'hardened', false))} | ${cell(pick(fault, 'hardened', true))} | ${after(pick(fault, 'default', false))} → ${after(pick(fault, 'hardened', false))} | ${after(pick(fault, 'default', true))} → ${after(pick(fault, 'hardened', true))} |`,
		),
	].join('\n');
}

function writeOutcomes(
	rows: Outcome[],
	reasons: string[],
	recoveries: string[],
	fired: number,
): void {
	const text = `# Scale: queue mode behind a load balancer, while processes die

Written by \`npm run test:scale\` (\`test/e2e/queue.scale.test.ts\`) on ${new Date().toISOString().slice(0, 10)}, and copied here by
\`npm run docs:scale\`: ${fired.toLocaleString('en')} events (SCALE_EVENTS=${TOTAL_EVENTS}, and more at a third of the rate while a fault outlasted the load) at about ${RATE_PER_SECOND} per second with bursts, across four triggers and n8n's
own Webhook node 2.1 (the baseline), in n8n's queue mode (main, two webhook processes behind nginx, two workers,
PostgreSQL, Redis), one fault per scenario, in two setups: ${SETUPS.default}; and ${SETUPS.hardened}.
How to read it and what n8n does under each fault: [operations.md](operations.md#scaled-out-queue-mode-under-faults).

[Back to the README](../README.md)

Per fault: refused at the door / accepted and never run, of the events accepted. "After recovery": still never run
once [the recovery](operations.md#recovering-what-n8n-accepted-and-lost) ran.

${threeColumns(rows)}

The recovery, per setup:

${recoveries.map((line) => `- ${line}`).join('\n')}

Every scenario, every trigger:

${table(rows)}

What n8n recorded for the executions that did not succeed (the first 40 per scenario):

${reasonTable(reasons)}
`;
	mkdirSync(path.dirname(REPORT), { recursive: true });
	writeFileSync(REPORT, text);
}
