import { RecentDeliveries, type DeliveryAnswer } from '../nodes/shared/dedupe';

/**
 * Child process of `npm run bench` (run with --expose-gc): the heap the memory of delivery keys
 * holds at argv[2] deliveries a minute with a window of argv[3] minutes, over twice the window of
 * simulated time (the clock is the bench's, so the result depends on no machine speed). Each
 * delivery is answered 200 by "n8n" at once, as a delivery that started a run is.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const perMinute = Number(process.argv[2] ?? 10_000);
const windowMinutes = Number(process.argv[3] ?? 60);

let now = 1_800_000_000_000;
const memory = new RecentDeliveries(Number.MAX_SAFE_INTEGER, () => now);
const answered: DeliveryAnswer = { headersSent: true, statusCode: 200 };
gc();
gc();
const before = process.memoryUsage().heapUsed;
const step = 60_000 / perMinute;
const total = perMinute * windowMinutes * 2;
let largest = 0;
for (let index = 0; index < total; index++) {
	now += step;
	// A key as the core makes it: workflow, node and the delivery's key.
	memory.claim(`wf-${index % 50}:node-1:delivery-${index}`, answered, windowMinutes);
	largest = Math.max(largest, memory.size);
}
gc();
gc();
const heap = process.memoryUsage().heapUsed - before;
process.stdout.write(
	JSON.stringify({ perMinute, windowMinutes, deliveries: total, keys: memory.size, largest, heap }),
);
