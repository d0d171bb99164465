import path from 'path';

import { startTopology } from '../test/e2e/harness/topology';
import { RestHookApiSimulator } from '../test/simulators/resthook';
import { SarbacaneSimulator } from '../test/simulators/sarbacane';
import { WeavySimulator } from '../test/simulators/weavy';
import { round, targets, type TargetName } from './n8n-throughput';

/**
 * CPU profiles of benchmark 5's processes serving one target alone: the queue-mode topology on
 * the patched n8n at its defaults, every n8n process under `node --cpu-prof`, a warm-up and 4
 * rounds of 160 requests at concurrency 8 through nginx. The profiles land in
 * `.bench-profiles/<target>/` (ignored), one per process and thread, named by pid; the webhook
 * processes' pids are printed. Run it once per target and compare, e.g.
 * `node -r ./bench/register.js bench/profile-webhook-processes.ts "Efidem (signed)"`.
 */
void (async () => {
	const name = (process.argv[2] ?? 'Efidem (signed)') as TargetName;
	const dir = path.join(__dirname, '..', '.bench-profiles', name.replace(/\W+/g, '_'));
	const simulators = {
		weavy: await new WeavySimulator().start(),
		sarbacane: await new SarbacaneSimulator().start(),
		hooks: await new RestHookApiSimulator().start(),
	};
	const patch = path.join(__dirname, 'patch-isolate-skip.js');
	const topology = await startTopology({
		NODE_OPTIONS: `--require ${patch} --cpu-prof --cpu-prof-dir=${dir}`,
	});
	try {
		const port = Number(new URL(topology.webhookBaseUrl).port);
		const all = await targets(topology.api, simulators);
		await round(topology.api, port, all[name], 4, 20);
		for (let index = 0; index < 4; index++) {
			const rates = await round(topology.api, port, all[name], 8, 160);
			console.log(`${name}: ${rates.accepted.toFixed(1)}/s accepted`);
		}
		const pids = (handles: typeof topology.webhooks) =>
			handles.map((handle) => handle.processGroup).join(' ');
		console.log(`profiles in ${dir}`);
		console.log(`webhook processes ${pids(topology.webhooks)}; workers ${pids(topology.workers)}`);
	} finally {
		// The profiles are written as the processes exit.
		await topology.stop();
		await Promise.all(Object.values(simulators).map(async (simulator) => await simulator.stop()));
	}
})();
