import { underLoad } from './load';
import type { Outcome, ScaleRun, Setup } from './plan';
import { table } from './report';

/**
 * The scale suite's `scenario(setup, name, fault, inject, expectations)`: one jest test that runs
 * the fault under load, prints its rows, and holds what every scenario holds (every event in one
 * category, held by an execution when answered 2xx, no run without valid authentication) before
 * the scenario's own expectations. Doubles, and where a webhook process is killed accepted events
 * no execution holds, are measured instead where asked.
 */
export function scenarioOf(run: () => ScaleRun) {
	return (
		setup: Setup,
		name: string,
		fault: string,
		inject: () => Promise<void>,
		expectations: (rows: Outcome[]) => void,
		{
			measureDoubles = false,
			measureUnheld = false,
		}: { measureDoubles?: boolean; measureUnheld?: boolean } = {},
	) =>
		test(`${setup} setup: ${name}`, async () => {
			if (!run().setupStart[setup]) {
				const [[execution]] = await run().topology.sql(
					'select coalesce(max(id), 0) from execution_entity',
				);
				run().setupStart[setup] = { execution, at: new Date() };
			}
			run().violations = [];
			const rows = await underLoad(run(), setup, name, fault, inject);
			// Measured where a webhook process is killed: an event answered 2xx that no execution
			// holds (seen once in three runs of 2,000; why is not established).
			const unheld = / answered 2xx, but no execution in n8n holds it /;
			if (measureUnheld) {
				for (const line of run().violations.filter((each) => unheld.test(each))) {
					run().reasons.push(`${setup}: ${name} | ${line.split(':')[0]} | answered 2xx | ${line}`);
				}
			}
			run().outcomes.push(...rows);
			console.log(
				`${table(rows)}\n${run()
					.reasons.filter((line) => line.startsWith(`${setup}: ${name} |`))
					.join('\n')}`,
			);
			// Every event in exactly one category, every accepted one held by an execution in
			// n8n's database, every run by an execution that holds its event. Where a setting is
			// measured for the doubles it makes, an event run twice from one delivery is counted.
			expect(
				run().violations.filter(
					(line) =>
						!(measureDoubles && / delivered once, ran \d+ times$/.test(line)) &&
						!(measureUnheld && unheld.test(line)),
				),
			).toEqual([]);
			for (const row of rows) {
				// Never a run without valid authentication, whatever n8n does.
				expect(row.unauthenticated).toBe(0);
			}
			expectations(rows);
		}, 900_000);
}
