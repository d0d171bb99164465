import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import {
	anyBody,
	asSent,
	credential,
	fromRecord,
	headers,
	leaks,
	query,
	record,
	RUNS,
	withExtras,
} from './fuzz';
import { SUBJECTS, type ReadySubject } from './subjects';

/** Generous: a loaded 2-core CI machine, coverage instrumentation. */
const FUZZ_TIMEOUT_MS = 180_000;

/*
 * Property tests: generated requests per trigger (RUNS: FUZZ_RUNS, 10,000 in CI, 1,000 by
 * default), straight into webhook() as n8n runs it. A thrown exception fails the property, so "no uncaught exception" holds throughout.
 */
describe.each(SUBJECTS.map((subject) => [subject.name, subject] as const))(
	'fuzzing the %s trigger',
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

		test(
			`${RUNS.forged} requests without the right credential: each answered 401, none starts a run`,
			async () => {
				await fc.assert(
					fc.asyncProperty(
						anyBody(subject),
						credential,
						headers(true),
						query,
						async (body, forged, extraHeaders, extraQuery) => {
							const request = withExtras(
								ready.request(body, () => forged),
								extraHeaders,
								extraQuery,
							);
							const outcome = await ready.trigger.deliver(request);
							expect(outcome.status).toBe(401);
							expect(outcome.items).toBeUndefined();
							expect(leaks(outcome, ready)).toBe(false);
						},
					),
					{ numRuns: RUNS.forged },
				);
			},
			FUZZ_TIMEOUT_MS,
		);

		test(
			`${RUNS.authenticBody} authenticated requests with any body, headers and query: accepted or 400, never thrown, no secret echoed`,
			async () => {
				await fc.assert(
					fc.asyncProperty(
						anyBody(subject),
						headers(),
						query,
						async (body, extraHeaders, extraQuery) => {
							const outcome = await ready.trigger.deliver(
								withExtras(ready.request(body), extraHeaders, extraQuery),
							);
							expect([subject.acceptedStatus, 400]).toContain(outcome.status);
							if (outcome.status === 400) expect(outcome.items).toBeUndefined();
							if (outcome.items) expect(outcome.items.length).toBeGreaterThan(0);
							expect(leaks(outcome, ready)).toBe(false);
						},
					),
					{ numRuns: RUNS.authenticBody },
				);
			},
			FUZZ_TIMEOUT_MS,
		);

		test(
			`${RUNS.wellFormed} authenticated well-formed deliveries: the items are exactly the delivered events`,
			async () => {
				const records =
					subject.source === 'query'
						? fc.array(
								fc
									.dictionary(
										fc.string({ minLength: 1, maxLength: 12 }),
										fc.string({ maxLength: 20 }),
										{
											maxKeys: 6,
											noNullPrototype: true,
										},
									)
									.map((fields) => {
										for (const key of subject.reservedFields) delete fields[key];
										return fields as IDataObject;
									}),
								{ minLength: 1, maxLength: 1 },
							)
						: fc.array(record(subject.reservedFields), {
								minLength: 1,
								maxLength: subject.batch ? 3 : 1,
							});
				await fc.assert(
					fc.asyncProperty(records, async (generated) => {
						const request =
							subject.source === 'query'
								? ready.queryRequest!(subject.wrap(generated) as IDataObject)
								: ready.request(JSON.stringify(subject.wrap(generated)));
						const outcome = await ready.trigger.deliver(request);
						expect(outcome.status).toBe(subject.acceptedStatus);
						expect(outcome.items?.map((item) => fromRecord(item, subject))).toEqual(
							generated.map((fields) => fromRecord(asSent(fields), subject)),
						);
						expect(leaks(outcome, ready)).toBe(false);
					}),
					{ numRuns: RUNS.wellFormed },
				);
			},
			FUZZ_TIMEOUT_MS,
		);
	},
);
