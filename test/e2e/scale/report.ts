import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	RATE_PER_SECOND,
	REPORT,
	SETUPS,
	TOTAL_EVENTS,
	WEBHOOK_NODE,
	type Outcome,
	type Setup,
} from './plan';

export function answersOtherThan2xx(events: Array<{ statuses: number[] }>): string {
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

export function table(rows: Outcome[]): string {
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

export function writeOutcomes(
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
