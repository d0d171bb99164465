import fc from 'fast-check';

import type { IDataObject } from 'n8n-workflow';

import {
	deliveryLimits,
	eventsToItems,
	nestsDeeperThan,
	parseJsonBody,
} from '../../nodes/shared/deliveries';
import { requestPolicy, retryPolicy } from '../../nodes/shared/transport';
import { efidemPayload, efidemTrigger, EFIDEM_SECRET } from '../harness/efidem';
import { signedRequest } from '../harness/signing';
import { weavyTrigger } from '../harness/weavy';
import { WeavySimulator } from '../simulators/weavy';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

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
		const request = signedRequest(efidemPayload('Clic', { Info: 'x'.repeat(2000) }), EFIDEM_SECRET);
		const outcome = await efidemTrigger().deliver(request);
		expect(outcome).toMatchObject({
			status: 413,
			body: { message: 'This delivery is larger than the 1000 bytes accepted.' },
			items: undefined,
		});
	});

	test('a signed body at the limit is accepted', async () => {
		const request = signedRequest(efidemPayload('Clic'), EFIDEM_SECRET);
		deliveryLimits.maxBodyBytes = Buffer.byteLength(request.body);
		const outcome = await efidemTrigger().deliver(request);
		expect(outcome.items).toHaveLength(1);
	});
});

describe('provider request timeout', () => {
	const savedTimeout = requestPolicy.timeoutMs;
	const savedDelays = retryPolicy.delaysMs;
	let weavy: WeavySimulator;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
	});

	afterEach(async () => {
		requestPolicy.timeoutMs = savedTimeout;
		retryPolicy.delaysMs = savedDelays;
		await weavy.stop();
	});

	test('a provider that does not answer within requestPolicy.timeoutMs fails the publish with "no HTTP answer"', async () => {
		requestPolicy.timeoutMs = 200;
		retryPolicy.delaysMs = [];
		weavy.inject({ match: (r) => r.query.c === 'EPT_WebhookSubscribe', delayMs: 3000 });
		const started = Date.now();
		await expect(weavyTrigger(weavy).publish()).rejects.toThrow(
			'Divalto weavy could not subscribe to event "NewCustomer" (no HTTP answer)',
		);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});

describe('payload field names', () => {
	test('a "__proto__" field of a delivery stays a field of the item, not its prototype', () => {
		const payload = JSON.parse('{"__proto__": {"polluted": true}, "id": 7}') as IDataObject;
		const [item] = eventsToItems([{ wireEvent: 'x', payload }], {
			selection: { all: true, values: [] },
			matchEvent: (name) => name,
			receivedAt: 'now',
		});
		expect(Object.getPrototypeOf(item.json)).toBe(Object.prototype);
		expect(Object.keys(item.json)).toEqual(['event', 'receivedAt', '__proto__', 'id']);
		expect((item.json as { polluted?: unknown }).polluted).toBeUndefined();
	});
});
