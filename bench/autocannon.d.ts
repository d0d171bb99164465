/** The part of autocannon's API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
	interface Options {
		url: string;
		method?: string;
		headers?: Record<string, string>;
		body?: string | Buffer;
		connections?: number;
		amount?: number;
		timeout?: number;
	}
	interface Result {
		duration: number;
		errors: number;
		timeouts: number;
		non2xx: number;
		'2xx': number;
		requests: { total: number; average: number };
		latency: { p50: number; p99: number; average: number };
	}
	function autocannon(options: Options): Promise<Result>;
	export = autocannon;
}
