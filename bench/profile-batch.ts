import { batchContext, batchTrigger, getResponseBatch, webhook } from './batch';

/** `node --cpu-prof` target: GetResponse batches of argv[2] events, argv[3] times. */
void (async () => {
	const events = Number(process.argv[2] ?? 10_000);
	const times = Number(process.argv[3] ?? 20);
	const trigger = batchTrigger();
	const body = getResponseBatch(events);
	const start = process.hrtime.bigint();
	for (let i = 0; i < times; i++) await webhook.call(batchContext(trigger, body));
	console.log(`${Number(process.hrtime.bigint() - start) / times / 1e6} ms per batch`);
})();
