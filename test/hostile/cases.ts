import { randomBytes } from 'crypto';

import { deliveryLimits } from '../../nodes/shared/body';
import type { IncomingRequest } from '../harness/trigger';
import type { ReadySubject, Subject } from './subjects';

/**
 * The hostile corpus: one table of requests a sender, a forger or a broken proxy could make,
 * each with the answer every trigger must give. `run` says whether a workflow run starts; it
 * never does unless the request is authenticated and well formed.
 */
export interface Expected {
	status: number;
	run: boolean;
	/** Items of the run, when it starts. */
	items?: number;
}

export interface HostileCase {
	name: string;
	/** Only for triggers this case means something for (e.g. body cases need a body). */
	applies?(subject: Subject): boolean;
	request(ready: ReadySubject, subject: Subject): IncomingRequest;
	expected(subject: Subject): Expected;
}

const UNAUTHENTICATED: Expected = { status: 401, run: false };
const MALFORMED: Expected = { status: 400, run: false };
const RUN_ONE = (subject: Subject): Expected => ({
	status: subject.acceptedStatus,
	run: true,
	items: 1,
});

const hasBody = (subject: Subject) => subject.source === 'body';
const isHmac = (subject: Subject) => subject.auth === 'hmac';

function swapCase(value: string): string {
	return [...value]
		.map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
		.join('');
}

function replaceLast(value: string, character: string): string {
	return `${value.slice(0, -1)}${character}`;
}

/** Same length and alphabet as the real credential, different value. */
function forgeLike(value: string): string {
	if (/^[0-9a-f]+$/.test(value))
		return randomBytes(value.length).toString('hex').slice(0, value.length);
	let forged = randomBytes(value.length).toString('base64url').slice(0, value.length);
	if (forged === value) forged = `${forged.slice(1)}x`;
	return forged;
}

function event(subject: Subject): string {
	return JSON.stringify(subject.event());
}

/** A tampered credential on an otherwise perfect delivery. */
function tampered(
	name: string,
	tamper: (credential: string) => string | string[] | undefined,
	expected: (subject: Subject) => Expected = () => UNAUTHENTICATED,
): HostileCase {
	return {
		name,
		request: (ready, subject) => ready.request(event(subject), tamper),
		expected,
	};
}

/** An authenticated delivery whose body is `body`. */
function authenticBody(
	name: string,
	body: (subject: Subject) => string | Buffer,
	expected: (subject: Subject) => Expected,
	extra: Partial<IncomingRequest> = {},
): HostileCase {
	return {
		name,
		applies: hasBody,
		request: (ready, subject) => {
			const request = ready.request(body(subject));
			return { ...request, ...extra, headers: { ...request.headers, ...extra.headers } };
		},
		expected,
	};
}

const FIVE_MB = 5 * 1024 * 1024;
const MARK = 'INVALID-UTF8-GOES-HERE';

export const HOSTILE_CASES: HostileCase[] = [
	tampered('the credential is missing', () => undefined),
	tampered('the credential is empty', () => ''),
	tampered('the credential is forged (same length and alphabet)', forgeLike),
	tampered('the credential is truncated by one character', (value) => value.slice(0, -1)),
	tampered('the credential is cut to half its length', (value) => value.slice(0, value.length / 2)),
	tampered('the credential has one character too many', (value) => `${value}A`),
	// A hex digest is the same number in either case: still the right signature.
	tampered('the credential is in the other case', swapCase, (subject) =>
		isHmac(subject) ? RUN_ONE(subject) : UNAUTHENTICATED,
	),
	tampered('the credential has a non-hex character', (value) =>
		replaceLast(value, value.endsWith('z') ? 'y' : 'z'),
	),
	tampered('the credential has a character outside any encoding', (value) =>
		replaceLast(value, '%'),
	),
	tampered('the credential is sent twice (repeated header / ?secret=a&secret=a)', (value) => [
		value,
		value,
	]),
	tampered(
		'the credential is sent twice, joined as Node joins repeated headers',
		(value) => `${value}, ${value}`,
	),
	tampered('the credential is padded with a NUL byte', (value) => `${value}\u0000`),
	{
		name: 'the credential of another workflow of the same kind',
		request: (ready, subject) => ready.requestWith(event(subject), { secret: subject.otherSecret }),
		expected: () => UNAUTHENTICATED,
	},
	{
		name: 'the right signature of a different body',
		applies: isHmac,
		request: (ready, subject) =>
			ready.requestWith(JSON.stringify(subject.event({ amount: 1_000_000 })), {
				signedBody: event(subject),
			}),
		expected: () => UNAUTHENTICATED,
	},
	{
		name: 'a 5 MB body without its credential',
		applies: hasBody,
		request: (ready, subject) =>
			ready.request(
				JSON.stringify(subject.event({ padding: 'x'.repeat(FIVE_MB) })),
				() => undefined,
			),
		expected: () => UNAUTHENTICATED,
	},
	authenticBody(
		'malformed JSON',
		() => '{"result": {"id": 1',
		() => MALFORMED,
	),
	authenticBody(
		'an empty body',
		() => '',
		() => MALFORMED,
	),
	authenticBody(
		'a body of white space only',
		() => ' \r\n\t ',
		() => MALFORMED,
	),
	authenticBody(
		'the JSON number 42',
		() => '42',
		() => MALFORMED,
	),
	authenticBody(
		'a JSON string',
		() => '"open"',
		() => MALFORMED,
	),
	authenticBody(
		'JSON null',
		() => 'null',
		() => MALFORMED,
	),
	authenticBody(
		'JSON true',
		() => 'true',
		() => MALFORMED,
	),
	authenticBody(
		'a JSON array of numbers',
		() => '[1, 2, 3]',
		() => MALFORMED,
	),
	authenticBody(
		'a JSON array with one null',
		() => '[null]',
		() => MALFORMED,
	),
	authenticBody(
		'a JSON array of two events',
		(subject) => JSON.stringify([subject.event(), subject.event()]),
		(subject) =>
			subject.batch ? { status: subject.acceptedStatus, run: true, items: 2 } : MALFORMED,
	),
	authenticBody(
		'an empty JSON array',
		() => '[]',
		(subject) => (subject.batch ? { status: subject.acceptedStatus, run: false } : MALFORMED),
	),
	authenticBody('a well-formed event sent as text/plain', event, RUN_ONE, {
		headers: { 'content-type': 'text/plain' },
	}),
	authenticBody('a well-formed event without a content type', event, RUN_ONE, {
		headers: { 'content-type': '' },
	}),
	authenticBody(
		'a form-urlencoded body',
		() => 'event=open&email=a%40b.c',
		() => MALFORMED,
		{
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		},
	),
	authenticBody(
		'an XML body',
		() => '<event type="open"/>',
		() => MALFORMED,
		{
			headers: { 'content-type': 'application/xml' },
		},
	),
	authenticBody(
		'a 5 MB event, under the 10 MiB limit',
		(subject) => JSON.stringify(subject.event({ padding: 'x'.repeat(FIVE_MB) })),
		RUN_ONE,
	),
	authenticBody(
		'a body one byte over the size limit',
		(subject) => {
			const base = JSON.stringify(subject.event({ padding: '' }));
			const fill = deliveryLimits.maxBodyBytes + 1 - Buffer.byteLength(base);
			return JSON.stringify(subject.event({ padding: 'x'.repeat(fill) }));
		},
		() => ({ status: 413, run: false }),
	),
	authenticBody(
		'JSON nested 10,000 levels deep',
		() => `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
		() => MALFORMED,
	),
	authenticBody(
		'an event with a field nested 10,000 levels deep',
		(subject) => {
			const text = JSON.stringify(subject.event({ deep: 0 }));
			return text.replace('"deep":0', `"deep":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
		},
		() => MALFORMED,
	),
	authenticBody(
		'an event with a "__proto__" field',
		(subject) => JSON.stringify(subject.event()).replace(/^\{/, '{"__proto__":{"admin":true},'),
		RUN_ONE,
	),
	authenticBody(
		'an event preceded by a byte order mark',
		(subject) => `\uFEFF${JSON.stringify(subject.event())}`,
		RUN_ONE,
	),
	authenticBody(
		'an event with invalid UTF-8 inside a string',
		(subject) => {
			const [before, after] = JSON.stringify(subject.event({ note: MARK })).split(MARK);
			return Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
		},
		RUN_ONE,
	),
	{
		name: 'a callback whose action parameter is repeated',
		applies: (subject) => subject.source === 'query',
		request: (ready) => ready.queryRequest!({ action: ['open', 'open'], CONTACT_ID: 'C1' }),
		expected: (subject) => ({ status: subject.acceptedStatus, run: false }),
	},
	{
		name: 'a callback without an action',
		applies: (subject) => subject.source === 'query',
		request: (ready) => ready.queryRequest!({ CONTACT_ID: 'C1' }),
		expected: (subject) => ({ status: subject.acceptedStatus, run: false }),
	},
	{
		name: 'a callback with a nested query parameter',
		applies: (subject) => subject.source === 'query',
		request: (ready) => ready.queryRequest!({ action: 'open', contact: { id: 'C1' } }),
		expected: RUN_ONE,
	},
];
