import { waitFor } from '../harness/api';
import { triggerItems } from '../harness/triggers';
import type { N8nHandle } from '../harness/n8n';
import { sleep, WEBHOOK_NODE, type Outcome, type ScaleRun } from './plan';

/** The Redis fault of each setup, compared in one row: a restart, and with the file a kill -9. */
export const REDIS_FAULT =
	"Redis: restart (docs' setup), kill -9 with fsync every second (hardened)";

/** The package's triggers' rows, without n8n's Webhook node (measured, not held to its promises). */
export const packageRows = (rows: Outcome[]) =>
	rows.filter((each) => each.trigger !== WEBHOOK_NODE);

/** kill -9 an n8n process, and start it again 3 s later. */
export async function crashAndStartAgain(process: N8nHandle): Promise<void> {
	await process.crash();
	await sleep(3_000);
	await process.start();
}

/**
 * A sender that retries gets every event accepted, and no event delivered once is recorded twice.
 * (What n8n itself loses after accepting is measured in `missing`; what its Remove Duplicates lets
 * through twice, in `doubled` and `lostWrites`.)
 */
export function expectRetryingSendersLoseNothing(
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
export function expectRedisKeptItsJobs(rows: Outcome[]): void {
	// A Redis killed while a job completes can have it run again (once measured): counted.
	expectRetryingSendersLoseNothing(rows, { measureDoubles: true });
	expect(rows.reduce((total, row) => total + row.neverRun, 0)).toBeLessThanOrEqual(2);
}

/**
 * "Listen for test event" in this topology (test webhooks reach the main process through nginx):
 * samples for every trigger, and no test subscription left.
 */
export async function expectSamplesForEveryTrigger(run: ScaleRun): Promise<void> {
	const api = run.topology.api;
	for (const trigger of run.triggers.filter((each) => each.name !== WEBHOOK_NODE)) {
		const held = trigger.subscriptions?.();
		const [before] = await run.topology.sql(
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
}
