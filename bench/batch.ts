import { execFile } from 'child_process';
import path from 'path';

import { WEBHOOK_SAMPLES } from '../nodes/GetResponse/samples';
import { getResponseWebhooksTrigger, URL_SECRET } from '../test/harness/getresponse';
import type { TriggerHarness } from '../test/harness/trigger';
import { GetResponseWebhooksTrigger } from '../nodes/GetResponse/GetResponseWebhooksTrigger.node';
import { alternate, now, type Spread } from './stats';

/**
 * 4. Batch scaling: one GetResponse delivery (a JSON array, X-Webhook-ID) of 1,000 and of 10,000
 * events through the GetResponse trigger's webhook(), to items. Peak memory is measured in a
 * fresh child process per size (bench/batch-memory.ts), so one size's garbage does not count
 * against the other.
 */
export interface BatchResult {
	ratio: Spread;
	/** The same ratio for JSON.parse of the two bodies alone: what no handler can beat. */
	parseRatio: Spread;
	small: Spread;
	large: Spread;
	sizes: [number, number];
	memory: BatchMemory[];
}

export interface BatchMemory {
	events: number;
	bodyBytes: number;
	/** Growth of the resident set's peak during the call, in bytes. */
	peakRssDelta: number;
	/** Heap used right after the call, before any sweep, over the heap before it. */
	heapDelta: number;
	/** Heap the returned items hold (after a full GC). */
	retainedDelta: number;
	items: number;
}

/** A GetResponse batch of `count` events, the documented payload types in turn. */
export function getResponseBatch(count: number): Buffer {
	const samples = Object.values(WEBHOOK_SAMPLES);
	const events = Array.from({ length: count }, (_, i) => {
		const sample = samples[i % samples.length];
		const contact = {
			...(sample.contact as object),
			contactId: `c${i}`,
			email: `contact${i}@example.com`,
		};
		return { ...sample, contact };
	});
	return Buffer.from(JSON.stringify(events));
}

export const webhook = new GetResponseWebhooksTrigger().webhook;

export function batchTrigger(): TriggerHarness {
	return getResponseWebhooksTrigger({ events: ['*'] });
}

let deliveries = 0;

/** Each call gets its own X-Webhook-ID: a repeated one is a retry, acknowledged without items. */
export function batchContext(trigger: TriggerHarness, body: Buffer) {
	return trigger.webhookContext({
		headers: {
			'content-type': 'application/json',
			'x-webhook-id': `bench-${process.pid}-${++deliveries}`,
		},
		query: { secret: URL_SECRET },
		body,
	}).context;
}

/**
 * Mean time of `calls` deliveries of one batch, each with its own context. The mean, not the
 * median: the garbage collector's work is part of a batch's cost, and it falls on some calls only.
 */
async function timeBatch(
	trigger: TriggerHarness,
	body: Buffer,
	expected: number,
	calls: number,
): Promise<number> {
	const contexts = Array.from({ length: calls }, () => batchContext(trigger, body));
	let total = 0;
	for (const context of contexts) {
		const start = now();
		const result = await webhook.call(context);
		total += now() - start;
		const items = result.workflowData?.[0]?.length;
		if (items !== expected) throw new Error(`batch bench: ${items} items for ${expected} events`);
	}
	return total / calls;
}

let sink: unknown;

function timeParse(body: Buffer, calls: number): number {
	const start = now();
	for (let i = 0; i < calls; i++) sink = JSON.parse(body.toString());
	return (now() - start) / calls;
}

function measureMemory(events: number): Promise<BatchMemory> {
	const args = [
		'--expose-gc',
		'-r',
		path.join(__dirname, 'register.js'),
		path.join(__dirname, 'batch-memory.ts'),
	];
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [...args, String(events)], (error, stdout, stderr) => {
			if (error) reject(new Error(`batch memory child failed: ${error.message}\n${stderr}`));
			else resolve(JSON.parse(stdout) as BatchMemory);
		});
	});
}

export async function benchBatch(
	rounds: number,
	sizes: [number, number] = [1_000, 10_000],
): Promise<BatchResult> {
	const trigger = batchTrigger();
	const [smallCount, largeCount] = sizes;
	const small = getResponseBatch(smallCount);
	const large = getResponseBatch(largeCount);
	await timeBatch(trigger, small, smallCount, 5);
	await timeBatch(trigger, large, largeCount, 1);
	// Per round, about the same work on each side: 2 large deliveries, 20 small ones.
	const measured = await alternate(
		rounds,
		async () => await timeBatch(trigger, large, largeCount, 2),
		async () => await timeBatch(trigger, small, smallCount, 20),
	);
	const parse = await alternate(
		rounds,
		async () => timeParse(large, 2),
		async () => timeParse(small, 20),
	);
	const memory = [];
	for (const count of sizes) memory.push(await measureMemory(count));
	void sink;
	return {
		ratio: measured.ratio,
		parseRatio: parse.ratio,
		large: measured.a,
		small: measured.b,
		sizes,
		memory,
	};
}
