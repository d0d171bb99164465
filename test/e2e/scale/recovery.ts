import { readFileSync } from 'node:fs';

import { waitFor, type WorkflowNode } from '../harness/api';
import { triggerItems } from '../harness/triggers';
import { makeCredential } from '../harness/suite';
import { eventsHeldSince } from './load';
import { RECOVERY_WORKFLOW, type ScaleRun, type Setup } from './plan';

/**
 * After a setup's scenarios: restart the main process (n8n's queue recovery marks what it lost
 * `crashed`), run the recovery workflow users import, and check that every event accepted and
 * never started now ran once, that nothing else ran again, and that executions a worker had
 * started are listed, not retried.
 */
export async function recoverAndCheck(run: ScaleRun, setup: Setup): Promise<void> {
	const start = run.setupStart[setup]!;
	const api = run.topology.api;
	await run.topology.main.restart();
	const open = async () =>
		(
			await run.topology.sql(
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
	const heldNow = await eventsHeldSince(run, start.execution);
	const [[lastBefore]] = await run.topology.sql(
		'select coalesce(max(id), 0) from execution_entity',
	);
	const recordedBefore = run.recorder.records.length;
	const recovery = await runRecovery(run, start.at);
	let quiet = -1;
	await waitFor(
		async () => {
			const now = run.recorder.records.length;
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
	for (const record of run.recorder.records.slice(recordedBefore)) {
		rerun.set(record.id, (rerun.get(record.id) ?? 0) + 1);
	}

	const mine = run.ledger.filter((entry) => entry.setup === setup);
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
	const started = neverRun.filter((entry) => !retryable.includes(entry) && !erased.includes(entry));
	const recovered = retryable.filter((entry) => rerun.get(entry.event.id) === 1);
	for (const entry of neverRun) {
		if (!rerun.has(entry.event.id)) {
			entry.row.afterRecovery = (entry.row.afterRecovery === '…' ? 0 : entry.row.afterRecovery) + 1;
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
	run.recoveries.push(summary);
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
		const startedRetried = await run.topology.sql(
			`select id from execution_entity where id in (${recovery.retried.join(',')}) and "startedAt" is not null`,
		);
		expect(startedRetried).toEqual([]);
	}
	expect(
		describe(
			started.filter((entry) => !holdersNow(entry).some((holder) => listed.has(holder.execution))),
		),
	).toEqual([]);
	await api.deleteWorkflow(recovery.workflowId).catch(() => undefined);
}

/** Imports examples/n8n-recover-lost-executions.json as a user does, and runs it once. */
async function runRecovery(
	run: ScaleRun,
	stoppedAfter: Date,
): Promise<{
	workflowId: string;
	retried: string[];
	listed: string[];
	failures: string[];
}> {
	const api = run.topology.api;
	const baseUrl = `${run.topology.main.baseUrl}/api/v1`;
	const credential = await makeCredential(api, 'n8nApi', `n8n API ${Date.now()}`, {
		apiKey: run.topology.main.apiKey,
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
			assignments.find((each) => each.name === 'stoppedAfter')!.value = stoppedAfter.toISOString();
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
