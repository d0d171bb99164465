import type { N8nHandle } from './n8n';

type LogSource = Pick<N8nHandle, 'logTail' | 'logPath'>;

/** Adds the n8n log tail to an error, so a red CI run shows what n8n said. */
export function withLog(error: unknown, n8n: LogSource, lines = 80): Error {
	const err = error instanceof Error ? error : new Error(String(error));
	err.message += `\n--- n8n log tail (${n8n.logPath}) ---\n${n8n.logTail(lines)}\n--- end of n8n log ---`;
	return err;
}

/**
 * Runs a test body; if it fails, the failure carries the n8n log tail. Takes a getter because the
 * handle is usually made in beforeAll, after the test was declared.
 */
export async function withN8nLog<T>(
	getN8n: () => LogSource | undefined,
	body: () => Promise<T>,
): Promise<T> {
	try {
		return await body();
	} catch (error) {
		const n8n = getN8n();
		throw n8n ? withLog(error, n8n) : error;
	}
}

/** Prints the n8n log tail to stderr, e.g. from an afterAll when a suite went red. */
export function printLogTail(n8n: LogSource, lines = 80): void {
	process.stderr.write(`--- n8n log tail (${n8n.logPath}) ---\n${n8n.logTail(lines)}\n`);
}
