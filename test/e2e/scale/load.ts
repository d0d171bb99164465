import { createHash } from 'node:crypto';

import {
	accountEvents,
	eventId,
	EVENT_ID_PATTERN,
	statusesOf,
	type Holder,
} from '../harness/accounting';
import { waitFor } from '../harness/api';
import { answersOtherThan2xx } from './report';
import {
	DRAIN_MS,
	RATE_PER_SECOND,
	SCENARIOS,
	sleep,
	TOTAL_EVENTS,
	type Outcome,
	type ScaleRun,
	type Setup,
} from './plan';

/**
 * Fires `count` events across the triggers (steady, a burst of 30 every 90 events, one forged
 * delivery per 49 events, so every trigger gets some), runs `fault` a third of the way in, then
 * waits until every sender settled and n8n finished what it could; then accounts for every event.
 */
export async function underLoad(
	run: ScaleRun,
	setup: Setup,
	scenario: string,
	fault: string,
	inject: () => Promise<void>,
): Promise<Outcome[]> {
	const count = Math.max(40, Math.floor(TOTAL_EVENTS / SCENARIOS));
	const [[firstExecution]] = await run.topology.sql(
		'select coalesce(max(id), 0) from execution_entity',
	);
	const recordedBefore = run.recorder.records.length;
	const sentBefore = run.triggers.map((trigger) => trigger.sender.sent.length);
	let faultDone: Promise<void> | undefined;
	let faultOver = false;
	const started = Date.now();
	const fire = (index: number) => {
		const trigger = run.triggers[index % run.triggers.length];
		const id = eventId(++run.firedSoFar);
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
	await Promise.all(run.triggers.map(async (trigger) => await trigger.sender.settle()));
	// n8n finishes what it accepted: no execution left new or running and the recorder still —
	// or nothing moving for 10 s (an execution whose job n8n lost stays new for good).
	let last = '';
	let stillFor = 0;
	await waitFor(
		async () => {
			const [[open]] = await run.topology.sql(
				`select count(*) from execution_entity where id > ${firstExecution} and status in ('new', 'running')`,
			);
			const now = `${run.recorder.records.length}/${open}`;
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
	for (const [workflowId, status, total] of await run.topology.sql(
		`select "workflowId", status, count(*) from execution_entity where id > ${firstExecution} group by 1, 2`,
	)) {
		const entry = executions.get(workflowId) ?? { total: 0, unfinished: 0 };
		entry.total += Number(total);
		if (status !== 'success') entry.unfinished += Number(total);
		executions.set(workflowId, entry);
	}
	const failed = await run.topology.sql(
		`select id, "workflowId", status from execution_entity where id > ${firstExecution} and status <> 'success' order by id limit 40`,
	);
	for (const [id, workflowId, status] of failed) {
		const name = run.triggers.find((trigger) => trigger.workflow.id === workflowId)?.name;
		const execution = await run.topology.api.getExecution(id).catch(() => undefined);
		const error = (execution?.data?.resultData as { error?: { message?: string } } | undefined)
			?.error?.message;
		run.reasons.push(
			`${setup}: ${scenario} | ${name} | ${status} | ${error ?? '(no error recorded)'}`,
		);
	}
	const holders = await eventsHeldSince(run, firstExecution);
	// Executions that hold no event at all: n8n replaced their data with an error (a job that
	// failed in its queue), the trigger's items with it.
	const erasedBy = new Map<string, number>();
	for (const [workflowId, count] of await run.topology.sql(
		`select e."workflowId", count(*) from execution_entity e join execution_data d on d."executionId" = e.id
		where e.id > ${firstExecution} and d.data !~ '${EVENT_ID_PATTERN}' group by 1`,
	)) {
		erasedBy.set(workflowId, Number(count));
	}
	const records = run.recorder.records.slice(recordedBefore);
	const lostWrites = new Map<string, number>();
	for (const trigger of run.triggers.filter((each) => each.deduped)) {
		const [row] = await run.topology.sql(
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
	return run.triggers.map((trigger, index) => {
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
		for (const event of accounting.events) run.ledger.push({ setup, row, event });
		run.violations.push(...accounting.violations.map((line) => `${trigger.name}: ${line}`));
		return row;
	});
}

/** Which executions since `after` hold which event ids, with n8n's status and start. */
export async function eventsHeldSince(
	run: ScaleRun,
	after: string,
): Promise<Map<string, Holder[]>> {
	const holders = new Map<string, Holder[]>();
	const rows = await run.topology.sql(
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
