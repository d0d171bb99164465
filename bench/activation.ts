import { weavyTrigger } from '../test/harness/weavy';
import { WeavySimulator } from '../test/simulators/weavy';
import { WEAVY_EVENTS } from '../nodes/DivaltoWeavy/provider';
import { alternate, now, type Spread } from './stats';

/**
 * 3. Activation latency: publishing a weavy trigger with all 6 events (6 subscribe calls, one per
 * event, as weavy wants) against publishing it with 1 event, the simulator answering every call
 * after `latencyMs`. Each publish starts without a token, so it logs in first, as a first publish
 * does. The subscriptions are removed after each publish, outside the clock.
 */
export interface ActivationResult {
	latencyMs: number;
	ratio: Spread;
	six: Spread;
	one: Spread;
	calls: { six: number; one: number };
}

export async function benchActivation(rounds: number, latencyMs = 50): Promise<ActivationResult> {
	const simulator = await new WeavySimulator().start();
	simulator.latencyMs = latencyMs;
	const allEvents = WEAVY_EVENTS.map((event) => event.value);
	const calls = { six: 0, one: 0 };
	const publish = (events: string[], key: 'six' | 'one') => async (): Promise<number> => {
		const trigger = weavyTrigger(simulator, { events });
		const before = simulator.log.length;
		const start = now();
		await trigger.publish();
		const elapsed = now() - start;
		calls[key] = simulator.log.length - before;
		const subscribed = trigger.nodeStaticData().subscriptions as unknown[] | undefined;
		if (subscribed?.length !== events.length) {
			throw new Error(
				`activation bench: ${subscribed?.length ?? 0} subscriptions for ${events.length} events`,
			);
		}
		await trigger.delete();
		return elapsed;
	};
	try {
		// One untimed publish of each warms up the code paths and the loopback sockets.
		await publish(allEvents, 'six')();
		await publish([allEvents[0]], 'one')();
		const measured = await alternate(
			rounds,
			publish(allEvents, 'six'),
			publish([allEvents[0]], 'one'),
		);
		return { latencyMs, ratio: measured.ratio, six: measured.a, one: measured.b, calls };
	} finally {
		await simulator.stop();
	}
}
