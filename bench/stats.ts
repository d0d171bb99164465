/** A figure measured over several rounds: its median, with the spread the rounds showed. */
export interface Spread {
	median: number;
	min: number;
	max: number;
	rounds: number;
}

export function spread(values: number[]): Spread {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median =
		sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], rounds: sorted.length };
}

/**
 * Runs the measurements in interleaved rounds (A B A B ..., the starting one rotating each round so
 * none always goes first) and returns what each measured, per round. Noise on a shared 2-core
 * machine drifts over seconds: a ratio taken inside one round sees the same drift on both sides,
 * which a ratio of two separate medians would not.
 */
export async function interleave<T = number>(
	rounds: number,
	measurements: Array<() => Promise<T>>,
): Promise<T[][]> {
	const values: T[][] = measurements.map(() => []);
	for (let round = 0; round < rounds; round++) {
		for (let step = 0; step < measurements.length; step++) {
			const index = (round + step) % measurements.length;
			values[index].push(await measurements[index]());
		}
	}
	return values;
}

/** Per-round ratios of two series measured in the same rounds. */
export function ratios(a: number[], b: number[]): Spread {
	return spread(a.map((value, round) => value / b[round]));
}

/** Two measurements in alternating rounds, and the median of their per-round ratio a/b. */
export async function alternate(
	rounds: number,
	a: () => Promise<number>,
	b: () => Promise<number>,
): Promise<{ ratio: Spread; a: Spread; b: Spread }> {
	const [as, bs] = await interleave(rounds, [a, b]);
	return { ratio: ratios(as, bs), a: spread(as), b: spread(bs) };
}

/** Nanoseconds since an arbitrary origin, as a number. */
export function now(): number {
	return Number(process.hrtime.bigint());
}

export function formatRatio(s: Spread, digits = 2): string {
	return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

/** A duration in ns, as µs or ms, for context columns. */
export function formatNs(ns: number): string {
	if (ns >= 1e6) return `${(ns / 1e6).toFixed(ns >= 1e8 ? 0 : 1)} ms`;
	return `${(ns / 1e3).toFixed(ns >= 1e5 ? 0 : 1)} µs`;
}
