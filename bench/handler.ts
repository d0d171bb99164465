import { createHmac, timingSafeEqual } from 'crypto';

import { EfidemSnapShootTrigger } from '../nodes/EfidemSnapShoot/EfidemSnapShootTrigger.node';
import { EFIDEM_SECRET, efidemPayload, efidemTrigger } from '../test/harness/efidem';
import { signBody } from '../test/harness/signing';
import type { TriggerHarness } from '../test/harness/trigger';
import { recentDeliveries } from '../nodes/shared/dedupe';
import { alternate, now, spread, type Spread } from './stats';

/**
 * 1. Handler cost vs the floor: the Efidem SnapShoot trigger's webhook() on one HMAC-SHA256-signed
 * (hex, X-Signature) delivery, from n8n's request object to the returned items, against the least
 * any handler must do with the same bytes: createHmac + timingSafeEqual + JSON.parse.
 *
 * n8n builds a WebhookContext per request; building it is n8n's cost, not ours, so the context
 * is made before the clock starts (n8n-core's real WebhookContext, as the unit tests use) and
 * only `nodeType.webhook.call(context)` is timed: parameter reads, credential read, signature,
 * parsing, event matching and items.
 */

export interface HandlerResult {
	label: string;
	bytes: number;
	ratio: Spread;
	ours: Spread;
	floor: Spread;
	iterations: number;
}

/** A SnapShoot delivery of about `bytes` bytes: the documented fields plus a long message log. */
export function efidemBody(bytes: number): string {
	const base = efidemPayload('Délivré', { Destination: 'jeanne.martin@example.fr' });
	const log: Array<Record<string, string | number>> = [];
	let body = JSON.stringify(base);
	for (let i = 0; body.length < bytes; i++) {
		log.push({
			at: `2025-04-28T17:33:${String(i % 60).padStart(2, '0')}Z`,
			step: i,
			info: 'relay accepted the message',
		});
		if (i % 16 === 0 || bytes - body.length < 4096) body = JSON.stringify({ ...base, Log: log });
	}
	return body;
}

function floorOnce(raw: Buffer, signature: string, secret: string): unknown {
	const expected = createHmac('sha256', secret).update(raw).digest();
	const received = Buffer.from(signature, 'hex');
	if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
		throw new Error('floor: signature mismatch');
	}
	return JSON.parse(raw.toString());
}

let sink: unknown;

/** What n8n calls on a delivery (`this` is the WebhookContext, not the node). */
const webhook = new EfidemSnapShootTrigger().webhook;

/** Blocks per side in a round; the round's figure is their median per-call time. */
const BLOCKS = 9;

/**
 * Median per-call time over BLOCKS blocks of `iterations` calls: a block the scheduler took the
 * core away from (2 shared cores) is an outlier, not a shift of the figure.
 */
async function perCall(
	iterations: number,
	block: (iterations: number) => Promise<void>,
): Promise<number> {
	const times: number[] = [];
	for (let b = 0; b < BLOCKS; b++) {
		const start = now();
		await block(iterations);
		times.push((now() - start) / iterations);
	}
	return spread(times).median;
}

async function timeOurs(
	trigger: TriggerHarness,
	body: string,
	headers: Record<string, string>,
	iterations: number,
): Promise<number> {
	// One context per round: webhook() only reads it, and a context per call would time the
	// garbage collector sweeping n8n's contexts rather than our handler. Each call must be a new
	// delivery, as in n8n, not a retry the delivery memory answers at once: the memory forgets the
	// one key after each call, and the response the listeners its claim hung on it (well under
	// 1 µs, counted in ours).
	const { context, response } = trigger.webhookContext({ headers, body });
	return await perCall(iterations, async (n) => {
		for (let i = 0; i < n; i++) {
			sink = await webhook.call(context);
			recentDeliveries.clear();
			response.removeAllListeners();
		}
	});
}

async function timeFloor(raw: Buffer, signature: string, iterations: number): Promise<number> {
	return await perCall(iterations, async (n) => {
		for (let i = 0; i < n; i++) sink = floorOnce(raw, signature, EFIDEM_SECRET);
	});
}

export async function benchHandler(
	sizes: Array<{ label: string; bytes: number }>,
	rounds: number,
	targetBlockMs = 15,
): Promise<HandlerResult[]> {
	const results: HandlerResult[] = [];
	for (const { label, bytes } of sizes) {
		const trigger = efidemTrigger({ authentication: 'signature', events: ['*'], options: {} });
		const body = efidemBody(bytes);
		const raw = Buffer.from(body);
		const signature = signBody(raw, EFIDEM_SECRET);
		const headers = { 'content-type': 'application/json', 'x-signature': signature };

		const check = await trigger.deliver({ headers, body });
		recentDeliveries.clear();
		if (check.status !== 200 || check.items?.length !== 1 || check.items[0].event !== 'delivered') {
			throw new Error(
				`handler bench: the delivery was not accepted (${check.status} ${JSON.stringify(check.body)})`,
			);
		}

		// Warm up both paths, then size a block to about targetBlockMs of our handler.
		await timeOurs(trigger, body, headers, 10);
		await timeFloor(raw, signature, 10);
		const ours = await timeOurs(trigger, body, headers, 5);
		const iterations = Math.max(2, Math.min(5_000, Math.round((targetBlockMs * 1e6) / ours)));

		const measured = await alternate(
			rounds,
			async () => await timeOurs(trigger, body, headers, iterations),
			async () => await timeFloor(raw, signature, iterations),
		);
		results.push({
			label,
			bytes: raw.length,
			ratio: measured.ratio,
			ours: measured.a,
			floor: measured.b,
			iterations,
		});
	}
	void sink;
	return results;
}
