import type { DeliveryOutcome } from '../harness/trigger';
import { HOSTILE_CASES } from './cases';
import { SUBJECTS, type ReadySubject } from './subjects';

/** Nothing a trigger answers or hands to a run may contain one of its secrets. */
export function leakedSecrets(outcome: DeliveryOutcome, secrets: string[]): string[] {
	const said = JSON.stringify([outcome.body ?? null, outcome.items ?? null]);
	return secrets.filter((secret) => said.includes(secret));
}

describe.each(SUBJECTS.map((subject) => [subject.name, subject] as const))(
	'hostile requests to the %s trigger',
	(_name, subject) => {
		let ready: ReadySubject;

		beforeAll(async () => {
			ready = await subject.start();
			// Each request is judged alone: the memory of deliveries is tested in each trigger's retries.test.ts.
			ready.trigger.rememberNoDeliveries();
		});

		afterAll(async () => {
			await ready.stop();
		});

		const cases = HOSTILE_CASES.filter((hostile) => hostile.applies?.(subject) ?? true);

		test.each(cases.map((hostile) => [hostile.name, hostile] as const))(
			'%s gets its defined answer, runs only if authentic and well formed, leaks no secret',
			async (_case, hostile) => {
				const expected = hostile.expected(subject);

				const outcome = await ready.trigger.deliver(hostile.request(ready, subject));

				expect({ status: outcome.status, run: outcome.items !== undefined }).toEqual({
					status: expected.status,
					run: expected.run,
				});
				if (expected.items !== undefined) expect(outcome.items).toHaveLength(expected.items);
				expect(leakedSecrets(outcome, ready.secrets)).toEqual([]);
			},
			// Bodies of 5 and 10 MiB are signed and parsed: slow on a loaded 2-core machine.
			30_000,
		);
	},
);
