import { startTopology } from '../test/e2e/harness/topology';
import { RestHookApiSimulator } from '../test/simulators/resthook';
import { SarbacaneSimulator } from '../test/simulators/sarbacane';
import { WeavySimulator } from '../test/simulators/weavy';
import {
	assertPatched,
	round,
	type CpuProbe,
	SETTINGS,
	settingsFor,
	targets,
	type SettingName,
	type TargetName,
} from './n8n-throughput';
import { groupCpuSeconds } from './cpu';
import { interleave } from './stats';

/**
 * 5. Throughput in n8n's queue mode behind a load balancer: the topology of `npm run test:scale`
 * (main, two `n8n webhook` processes behind nginx, two workers, PostgreSQL, Redis). The weavy and
 * Efidem triggers against n8n's Webhook node 2.1, in interleaved rounds through nginx: events/s
 * accepted (the last request answered: the webhook processes' work, where the triggers run) and
 * events/s completed (the last execution stopped on a worker). Once per expression setting, each
 * in a topology of its own.
 */
export const SCALE_TARGETS: TargetName[] = [
	'core Webhook v2.1',
	'weavy',
	'Efidem (signed)',
	'core Webhook v2.1 (Header Auth)',
];

export interface ScaleRound {
	setting: SettingName;
	connections: number;
	requests: number;
	accepted: Record<string, number[]>;
	completed: Record<string, number[]>;
	/**
	 * CPU milliseconds per event, per target, per round: the two webhook processes to the last
	 * answer (where the triggers run), and the two workers to the last execution stopped.
	 */
	webhookCpuMs: Record<string, number[]>;
	workerCpuMs: Record<string, number[]>;
}

export async function benchScaleThroughput(
	rounds: number,
	plan: { connections: number; requests: number },
	log: (line: string) => void = () => undefined,
	settings: SettingName[] = settingsFor(false),
): Promise<ScaleRound[]> {
	const simulators = {
		weavy: await new WeavySimulator().start(),
		sarbacane: await new SarbacaneSimulator().start(),
		hooks: await new RestHookApiSimulator().start(),
	};
	const results: ScaleRound[] = [];
	try {
		for (const setting of settings) {
			log(`starting the queue-mode topology (${setting} expression settings)`);
			const topology = await startTopology(SETTINGS[setting]);
			try {
				// The webhook processes serve the deliveries: each must run the patched n8n.
				assertPatched(
					setting,
					topology.webhooks.map((process) => process.logTail(100_000)),
				);
				const port = Number(new URL(topology.webhookBaseUrl).port);
				const all = await targets(topology.api, simulators);
				log('warming up');
				for (const name of SCALE_TARGETS) await round(topology.api, port, all[name], 4, 20);
				log(
					`${setting}: ${rounds} interleaved rounds of ${plan.requests} requests at concurrency ${plan.connections}`,
				);
				const probe: CpuProbe = () => ({
					webhook: groupCpuSeconds(topology.webhooks.map((process) => process.processGroup)),
					worker: groupCpuSeconds(topology.workers.map((process) => process.processGroup)),
				});
				const measured = await interleave(
					rounds,
					SCALE_TARGETS.map(
						(name) => async () =>
							await round(topology.api, port, all[name], plan.connections, plan.requests, probe),
					),
				);
				const cpu = (part: 'webhook' | 'worker', phase: 'accepted' | 'completed') =>
					Object.fromEntries(
						SCALE_TARGETS.map((name, index) => [
							name,
							measured[index].map((r) => r.cpuMs?.[phase][part] ?? Number.NaN),
						]),
					);
				results.push({
					setting,
					...plan,
					accepted: Object.fromEntries(
						SCALE_TARGETS.map((name, index) => [name, measured[index].map((r) => r.accepted)]),
					),
					completed: Object.fromEntries(
						SCALE_TARGETS.map((name, index) => [name, measured[index].map((r) => r.completed)]),
					),
					webhookCpuMs: cpu('webhook', 'accepted'),
					workerCpuMs: cpu('worker', 'completed'),
				});
			} finally {
				await topology.stop();
			}
		}
		return results;
	} finally {
		await Promise.all(Object.values(simulators).map(async (simulator) => await simulator.stop()));
	}
}
