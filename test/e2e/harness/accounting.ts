import type { Recorded, SentEvent } from './senders';

/**
 * Every event fired, accounted for by identity: where it ended, from three sources that do not
 * know each other — the sender (what n8n answered), the recorder at the end of the workflow (what
 * ran) and n8n's database (which executions hold the event in their data).
 */

/** An execution of n8n's database holding an event's id in its data. */
export interface Holder {
	execution: string;
	/** n8n's status: new, running, success, error, crashed… */
	status: string;
	/** Whether a worker ever started it (n8n's `startedAt`). */
	started: boolean;
}

export type Fate =
	/** Recorded by the last node of the workflow (once; twice only when delivered twice). */
	| 'ran'
	/** Answered 2xx by n8n, held by an execution in its database, never recorded. */
	| 'accepted, never run'
	/** Never answered 2xx: n8n (or the load balancer) turned every attempt away. */
	| 'refused at the door'
	/** Fired while the provider held no subscription: delivered nowhere. */
	| 'fired while no subscription';

export interface Accounted {
	id: string;
	fate: Fate;
	/** How many times the recorder saw it. */
	runs: number;
	/** How many times the sender delivered it (attempts and deliveries again after 2xx). */
	deliveries: number;
	/** The executions holding it (for 'accepted, never run': n8n's statuses). */
	holders: Holder[];
	/** The statuses the sender got (0: no answer). */
	statuses: number[];
}

export interface Accounting {
	events: Accounted[];
	/** Every broken rule, one line each: an event in no category or in two, a run unaccounted for. */
	violations: string[];
}

/**
 * `erased`: the workflow's executions (of the same span) that hold no event: n8n replaces the data
 * of an execution whose job failed in its queue with the error, the trigger's items with it. An
 * accepted event that no execution holds is n8n's loss while such executions account for it, and
 * the package's beyond.
 */
export function accountEvents(
	sent: SentEvent[],
	records: Recorded[],
	holders: Map<string, Holder[]>,
	erased = 0,
): Accounting {
	const violations: string[] = [];
	const recordedBy = new Map<string, Recorded[]>();
	for (const record of records) {
		recordedBy.set(record.id, [...(recordedBy.get(record.id) ?? []), record]);
	}
	let unheld = 0;
	const events = sent
		.filter((event) => !event.forged)
		.map((event): Accounted => {
			const runs = recordedBy.get(event.id) ?? [];
			const held = holders.get(event.id) ?? [];
			const deliveries = event.statuses.length + event.redelivered.length;
			const fates: Fate[] = [];
			if (runs.length > 0) fates.push('ran');
			if (event.accepted && runs.length === 0) fates.push('accepted, never run');
			if (!event.accepted && !event.undeliverable && runs.length === 0) {
				fates.push('refused at the door');
			}
			if (event.undeliverable) fates.push('fired while no subscription');
			const accounted = {
				id: event.id,
				fate: fates[0],
				runs: runs.length,
				deliveries,
				holders: held,
				statuses: event.statuses,
			};
			if (fates.length !== 1) {
				violations.push(
					`${event.id}: ${fates.length === 0 ? 'in no category' : fates.join(' and ')}`,
				);
			}
			// n8n stores the execution, with the trigger's items, before it answers 2xx: an accepted
			// event that no execution holds was answered without a run, unless n8n erased its data.
			if (event.accepted && held.length === 0 && ++unheld > erased) {
				violations.push(
					`${event.id}: answered 2xx, but no execution in n8n holds it (${erased} executions whose data n8n erased)`,
				);
			}
			for (const run of runs) {
				if (!held.some((holder) => holder.execution === String(run.execution))) {
					violations.push(
						`${event.id}: recorded by execution ${run.execution}, which does not hold it`,
					);
				}
			}
			if (runs.length > 1 && deliveries === 1) {
				violations.push(`${event.id}: delivered once, ran ${runs.length} times`);
			}
			return accounted;
		});
	return { events, violations };
}

/** "crashed × 3, new × 50": the statuses n8n gave the executions of events that never ran. */
export function statusesOf(events: Accounted[]): string {
	const counts = new Map<string, number>();
	for (const event of events) {
		const status =
			event.holders.map((holder) => holder.status).join('+') || 'error, data erased by n8n';
		counts.set(status, (counts.get(status) ?? 0) + 1);
	}
	return counts.size === 0
		? '—'
		: [...counts]
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([status, count]) => `${status} × ${count}`)
				.join(', ');
}

/** A regular expression (PostgreSQL's) for the quoted event ids of the scale suite's events. */
export const EVENT_ID_PATTERN = '"(ev-[0-9]{6})"';

/** The id of the n-th event of the run. */
export const eventId = (n: number): string => `ev-${String(n).padStart(6, '0')}`;
