import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { SAMPLE_HEADER } from '../../nodes/shared/samples';
import type { DeliveryOutcome, IncomingRequest } from '../harness/trigger';
import type { Credential, ReadySubject, Subject } from './subjects';

/**
 * Generators of requests for the fuzz properties: headers, query strings and bodies, from
 * plausible (the names senders use) to arbitrary bytes.
 */

/**
 * Generated requests per trigger, over its three properties: FUZZ_RUNS when set (CI sets 10,000),
 * 1,000 otherwise, so a plain `npm test` stays quick.
 */
export const RUNS_PER_TRIGGER =
	Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 1000;

/** Runs per property: 35 % forged, 30 % authenticated with any body, 35 % well formed. */
export const RUNS = {
	forged: Math.round(RUNS_PER_TRIGGER * 0.35),
	authenticBody: Math.round(RUNS_PER_TRIGGER * 0.3),
	wellFormed: Math.round(RUNS_PER_TRIGGER * 0.35),
};

const text = fc.string({ maxLength: 40 });
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 130 });
const base64 = fc.string({
	unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_='),
	maxLength: 90,
});

/** A value where the credential goes: text, hex or base64 of any length, several, or none. */
export const credential: fc.Arbitrary<Credential> = fc.oneof(
	text,
	hex,
	base64,
	fc.array(fc.oneof(text, hex), { minLength: 2, maxLength: 3 }),
	fc.constant(undefined),
);

const headerName = fc.oneof(
	fc.constantFrom(
		'content-type',
		'x-signature',
		'x-webhook-id',
		'x-webhook-type',
		'webhook-id',
		'webhook-timestamp',
		'webhook-signature',
		'stripe-signature',
		'x-hub-signature-256',
		'authorization',
	),
	fc.string({ minLength: 1, maxLength: 20 }).map((name) => name.toLowerCase()),
);
const headerValue = fc.oneof(text, hex, base64, fc.array(text, { minLength: 2, maxLength: 3 }));

/** Extra headers; with `sample`, the editor's sample-token header may be among them. */
export function headers(sample = false): fc.Arbitrary<Record<string, string | string[]>> {
	const names = sample ? fc.oneof(headerName, fc.constant(SAMPLE_HEADER)) : headerName;
	return fc
		.dictionary(names, headerValue, { maxKeys: 4, noNullPrototype: true })
		.map((record) =>
			sample
				? record
				: Object.fromEntries(Object.entries(record).filter(([n]) => n !== SAMPLE_HEADER)),
		);
}

const queryValue: fc.Arbitrary<unknown> = fc.oneof(
	text,
	fc.array(text, { minLength: 2, maxLength: 3 }),
	fc.dictionary(text, text, { maxKeys: 2, noNullPrototype: true }),
);

/** Extra query parameters, as n8n's parser gives them: strings, arrays, nested objects. */
export const query: fc.Arbitrary<IDataObject> = fc.dictionary(
	fc.oneof(fc.constantFrom('secret', 'event', 'action', 'type'), text),
	queryValue,
	{ maxKeys: 4, noNullPrototype: true },
) as fc.Arbitrary<IDataObject>;

/** Field names of generated records: any text, and names that break naive code. */
function recordKey(reserved: string[]): fc.Arbitrary<string> {
	return fc
		.oneof(
			{ weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
			fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'id', ''),
		)
		.filter((key) => !reserved.includes(key));
}

/** One event's own fields: JSON values of a few levels. */
export function record(reserved: string[]): fc.Arbitrary<IDataObject> {
	return fc.dictionary(recordKey(reserved), fc.jsonValue({ maxDepth: 3 }), {
		maxKeys: 6,
		noNullPrototype: true,
	}) as fc.Arbitrary<IDataObject>;
}

/** A body of anything: text, bytes, any JSON, or a delivery of generated records. */
export function anyBody(subject: Subject): fc.Arbitrary<string | Buffer> {
	return fc.oneof(
		fc.string({ maxLength: 200 }),
		fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
		fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? ''),
		fc
			.array(record(subject.reservedFields), { minLength: 0, maxLength: 3 })
			.map((records) => JSON.stringify(subject.wrap(records))),
	);
}

/** Puts extra headers and query parameters under the request's own (credential included). */
export function withExtras(
	request: IncomingRequest,
	extraHeaders: Record<string, string | string[]>,
	extraQuery: IDataObject,
): IncomingRequest {
	return {
		...request,
		headers: { ...extraHeaders, ...request.headers },
		query: { ...extraQuery, ...request.query },
	};
}

/** The record as the trigger sees it after the sender serialised it: JSON round trip. */
export function asSent(value: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(value)) as IDataObject;
}

/** An item without the fields the core or the provider add: what came from the record. */
export function fromRecord(item: IDataObject, subject: Subject): IDataObject {
	const copy: IDataObject = {};
	for (const key of Object.keys(item)) {
		if (subject.reservedFields.includes(key)) continue;
		Object.defineProperty(copy, key, {
			value: item[key],
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return copy;
}

export function leaks(outcome: DeliveryOutcome, ready: ReadySubject): boolean {
	const said = JSON.stringify([outcome.body ?? null, outcome.items ?? null]);
	return ready.secrets.some((secret) => said.includes(secret));
}
