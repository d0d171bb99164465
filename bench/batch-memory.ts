import { readFileSync, writeFileSync } from 'fs';

import { batchContext, batchTrigger, getResponseBatch, webhook } from './batch';

/** VmRSS or VmHWM (peak resident set) of this process, in bytes, from /proc (Linux). */
function procStatus(field: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
		readFileSync('/proc/self/status', 'utf8'),
	);
	if (!match) throw new Error(`no ${field} in /proc/self/status`);
	return Number(match[1]) * 1024;
}

/**
 * Child process of the batch bench (run with --expose-gc): one GetResponse batch of argv[2]
 * events through webhook(), printing the peak resident-set growth during the call and the heap
 * the returned items hold.
 */
void (async () => {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	const events = Number(process.argv[2]);
	const trigger = batchTrigger();
	// Warm the code paths on a small batch, so the measured call does not pay for compiling them.
	await webhook.call(batchContext(trigger, getResponseBatch(10)));
	const body = getResponseBatch(events);
	const context = batchContext(trigger, body);
	gc();
	gc();
	// Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one (Linux).
	writeFileSync('/proc/self/clear_refs', '5');
	const before = process.memoryUsage();
	const rssBefore = procStatus('VmRSS');
	const result = await webhook.call(context);
	const peak = procStatus('VmHWM');
	const unswept = process.memoryUsage().heapUsed;
	gc();
	const retained = process.memoryUsage().heapUsed;
	const items = result.workflowData?.[0]?.length ?? 0;
	process.stdout.write(
		JSON.stringify({
			events,
			bodyBytes: body.length,
			peakRssDelta: peak - rssBefore,
			heapDelta: unswept - before.heapUsed,
			retainedDelta: retained - before.heapUsed,
			items,
		}),
	);
})();
