import { readdirSync } from 'fs';
import { join } from 'path';

/**
 * `npm run delivery-path`: follows one delivery through the core
 * and prints its way, file by file. Every function a file of nodes/shared/ exports is wrapped, so
 * each call into another file, and each return from it, is seen (a file's calls to itself are
 * not: they stay in the file). A "stay" is a stretch of the way in one file; "back" counts the
 * stays in a file the delivery had left before. The delivery: a Sarbacane event through the
 * subscription the trigger holds (URL secret), as production sees it.
 */
const SHARED = join(__dirname, '..', 'nodes', 'shared');
const way: string[] = [];
const stack: string[] = [];
const enter = (file: string) => {
	stack.push(file);
	if (way.at(-1) !== file) way.push(file);
};
const leave = () => {
	stack.pop();
	const back = stack.at(-1);
	if (back && way.at(-1) !== back) way.push(back);
};

for (const name of readdirSync(SHARED).filter((file) => file.endsWith('.ts'))) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(join(SHARED, name)) as Record<string, unknown>;
	for (const [key, value] of Object.entries(exported)) {
		if (typeof value !== 'function' || /^[A-Z]/.test(key)) continue;
		const original = value as (...args: unknown[]) => unknown;
		exported[key] = function (this: unknown, ...args: unknown[]) {
			enter(name);
			let result: unknown;
			try {
				result = original.apply(this, args);
			} catch (error) {
				leave();
				throw error;
			}
			if (result instanceof Promise) {
				return result.finally(leave);
			}
			leave();
			return result;
		};
	}
}

void (async () => {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { SarbacaneSimulator } =
		require('../test/simulators/sarbacane') as typeof import('../test/simulators/sarbacane');
	const { sarbacaneTrigger } =
		require('../test/harness/sarbacane') as typeof import('../test/harness/sarbacane');
	const { queryOf } =
		require('../test/harness/trigger') as typeof import('../test/harness/trigger');
	const { SARBACANE_SAMPLES } =
		require('../nodes/Sarbacane/samples') as typeof import('../nodes/Sarbacane/samples');
	/* eslint-enable @typescript-eslint/no-require-imports */
	const sarbacane = await new SarbacaneSimulator().start();
	try {
		const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: ['OPEN'] });
		await trigger.publish();
		const [hook] = [...sarbacane.webhooks.values()];
		way.length = 0;
		stack.length = 0;
		enter('(n8n)');
		const outcome = await trigger.deliver({
			query: queryOf(hook.url),
			body: SARBACANE_SAMPLES.OPEN,
		});
		const steps = way.slice(1);
		const seen = new Set<string>();
		let back = 0;
		for (const file of steps) {
			if (seen.has(file)) back += 1;
			seen.add(file);
		}
		process.stdout.write(
			`${outcome.items?.length ?? 0} item(s); ${steps.length} stays in ${seen.size} files, back ${back} times to a file left before:\n${steps.join(' → ')}\n`,
		);
	} finally {
		await sarbacane.stop();
	}
})();
