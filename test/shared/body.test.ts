import fc from 'fast-check';

import {
	deliveryLimits,
	nestsDeeperThan,
	parseDelivery,
	parseJsonBody,
} from '../../nodes/shared/body';
import { fakeTrigger, FAKE_SIGNING_SECRET } from '../harness/fake';
import { signedRequest } from '../harness/signing';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('reading a JSON body', () => {
	test('a JSON body parses', () => {
		expect(parseJsonBody(Buffer.from('{"a":1}'))).toEqual({ body: { a: 1 } });
	});

	test("a body that is not JSON is reported as malformed with the parser's reason", () => {
		expect(parseJsonBody('{"a":')).toEqual({
			malformed: expect.stringMatching(/^The request body is not valid JSON: /),
		});
	});
});

describe('JSON nesting depth', () => {
	test('a body nested exactly to the limit is read', () => {
		expect(nestsDeeperThan(Buffer.from(nested(5)), 5)).toBe(false);
	});

	test('a body nested one level past the limit is refused', () => {
		expect(nestsDeeperThan(Buffer.from(nested(6)), 5)).toBe(true);
	});

	test('brackets inside strings, escaped quotes included, do not count', () => {
		expect(nestsDeeperThan(Buffer.from(JSON.stringify({ a: '[[[[\\"{{{{' })), 2)).toBe(false);
	});

	test('for any JSON text, the check agrees with the depth of the parsed value', () => {
		const depthOf = (value: unknown): number =>
			typeof value === 'object' && value !== null
				? 1 + Math.max(0, ...Object.values(value).map(depthOf))
				: 0;

		fc.assert(
			fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 8 }), (value, max) => {
				const raw = Buffer.from(JSON.stringify(value));
				expect(nestsDeeperThan(raw, max)).toBe(depthOf(value) > max);
			}),
			{ numRuns: 2000 },
		);
	});

	test('a body nested 10,000 levels deep is malformed, not parsed', () => {
		expect(parseJsonBody(Buffer.from(nested(10_000)))).toEqual({
			malformed: `The request body nests JSON deeper than ${deliveryLimits.maxDepth} levels.`,
		});
	});

	test('a leading byte order mark is ignored, as n8n does', () => {
		expect(parseJsonBody(Buffer.from('\uFEFF{"a":1}'))).toEqual({ body: { a: 1 } });
	});

	test('the nesting check counts brackets after a string that ends in an escaped backslash', () => {
		const body = Buffer.from(`{"path":"C:\\\\","deep":[[[[1]]]]}`);

		expect(JSON.parse(body.toString())).toEqual({ path: 'C:\\', deep: [[[[1]]]] });
		expect(nestsDeeperThan(body, 4)).toBe(true);
		expect(nestsDeeperThan(body, 5)).toBe(false);
	});

	test('the nesting check skips brackets in strings with escaped quotes and backslashes', () => {
		const body = Buffer.from(JSON.stringify({ a: '\\"[[[[', b: '\\\\', c: ['x\\"]]'] }));

		expect(nestsDeeperThan(body, 1)).toBe(true);
		expect(nestsDeeperThan(body, 2)).toBe(false);
	});

	test('an unclosed string ends the nesting check without a finding (JSON.parse reports it)', () => {
		expect(nestsDeeperThan(Buffer.from('[["abc'), 1)).toBe(true);
		expect(nestsDeeperThan(Buffer.from('["[[[[[['), 1)).toBe(false);
	});
});

describe('body size limit', () => {
	const saved = deliveryLimits.maxBodyBytes;
	afterEach(() => {
		deliveryLimits.maxBodyBytes = saved;
	});

	test('the default limit is 10 MiB, below n8n’s own 16 MiB', () => {
		expect(saved).toBe(10 * 1024 * 1024);
	});

	test('a signed body over the limit is answered 413 and starts no run', async () => {
		deliveryLimits.maxBodyBytes = 1000;
		const request = signedRequest({ type: 'created', info: 'x'.repeat(2000) }, FAKE_SIGNING_SECRET);
		const outcome = await fakeTrigger().deliver(request);
		expect(outcome).toMatchObject({
			status: 413,
			body: { message: 'This delivery is larger than the 1000 bytes accepted.' },
			items: undefined,
		});
	});

	test('a signed body at the limit is accepted', async () => {
		const request = signedRequest({ type: 'created' }, FAKE_SIGNING_SECRET);
		deliveryLimits.maxBodyBytes = Buffer.byteLength(request.body);
		const outcome = await fakeTrigger().deliver(request);
		expect(outcome.items).toHaveLength(1);
	});
});

describe('reading a GET callback', () => {
	test('the query string the hook URL leaves is the payload', () => {
		const parsed = parseDelivery(
			{ rawBody: Buffer.alloc(0), payloadQuery: { action: 'open', CONTACT_ID: 'C1' } },
			{ source: 'query' },
		);

		expect(parsed).toEqual({ body: { action: 'open', CONTACT_ID: 'C1' } });
	});
});
