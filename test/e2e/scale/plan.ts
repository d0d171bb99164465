import path from 'node:path';

import type { Accounted } from '../harness/accounting';
import type { Workflow } from '../harness/api';
import { REPO_ROOT } from '../harness/paths';
import type { Recorder, RetryPolicy, Sender } from '../harness/senders';
import type { Topology } from '../harness/topology';
import type { RestHookApiSimulator } from '../../simulators/resthook';
import type { SarbacaneSimulator } from '../../simulators/sarbacane';
import type { WeavySimulator } from '../../simulators/weavy';

/*
 * The scale suite's plan (test/e2e/queue.scale.test.ts): its size, setups, the providers' retry
 * policies, what a trigger under load is and what a scenario measures of it, and the state a run
 * shares between its scenarios.
 */
export const TOTAL_EVENTS = Number(process.env.SCALE_EVENTS ?? 10_000);
export const RATE_PER_SECOND = Number(process.env.SCALE_RATE ?? 30);
/** How long n8n may take to finish what it accepted once the senders settled. */
export const DRAIN_MS = Number(process.env.SCALE_DRAIN_SECONDS ?? 120) * 1000;
export const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const FORGED_WHSEC = 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=';
export const GR_SECRET = 'scale-url-secret-0123456789abcdef';
export const REPORT = path.join(REPO_ROOT, 'test-artifacts', 'scale', 'scale.md');
export const RECOVERY_WORKFLOW = path.join(
	REPO_ROOT,
	'examples',
	'n8n-recover-lost-executions.json',
);

/** The two setups every fault runs in. */
export type Setup = 'default' | 'hardened';
export const SETUPS: Record<Setup, string> = {
	default: "as n8n's docs show it: Redis without persistence, nginx passing no POST twice",
	hardened:
		'hardened: Redis with an append-only file, nginx passing a POST a dying process never answered to the other one and routing every copy of a delivery to one webhook process',
};

/** The providers' retry policies, compressed in time (seconds for their minutes and hours). */
export const POLICIES: Record<string, RetryPolicy> = {
	// weavy documents no retry: the README's assumption.
	weavy: { delaysMs: [] },
	// Sarbacane: "retries a failed delivery 10 times"; the interval is not documented. A delivery
	// whose answer was lost (a timeout) is sent again too: same bytes, no delivery id.
	// Spaced 3 s apart: a copy that meets its first copy still unanswered (n8n stalled on its
	// database) gets the trigger's 503 at once, and 10 retries 1 s apart ran out during a
	// PostgreSQL restart (5 events lost in one CI run).
	sarbacane: { delaysMs: Array(10).fill(3_000), redeliver: { every: 10, afterMs: 5_000 } },
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
export const WEBHOOK_NODE = 'n8n Webhook node';

export interface TriggerUnderLoad {
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

export interface Outcome {
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

export const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** The state the scenarios of one run share. */
export interface ScaleRun {
	topology: Topology;
	weavy: WeavySimulator;
	sarbacane: SarbacaneSimulator;
	hooks: RestHookApiSimulator;
	recorder: Recorder;
	triggers: TriggerUnderLoad[];
	outcomes: Outcome[];
	/** Why n8n's unsuccessful executions ended as they did, as n8n recorded it. */
	reasons: string[];
	/** Every real event's fate, per setup, for the recovery that follows the setup's scenarios. */
	ledger: Array<{ setup: Setup; row: Outcome; event: Accounted }>;
	recoveries: string[];
	firedSoFar: number;
	/** What broke the accounting in the scenario under way (reset by each scenario). */
	violations: string[];
	/** The first execution id of each setup, and when it began: what its recovery looks at. */
	setupStart: Partial<Record<Setup, { execution: string; at: Date }>>;
}

/** The scenarios of both setups (they share the run's events). */
export const SCENARIOS = 14;
