export interface WaitOptions {
	timeoutMs?: number;
	intervalMs?: number;
	/** Named in the timeout error, so a red run says what never happened. */
	description?: string;
	/** Errors that end the wait at once (e.g. the server process died) instead of being retried. */
	isFatal?: (error: unknown) => boolean;
}

/**
 * Polls `fn` until it returns a value other than undefined, null or false, and returns that value.
 * Errors thrown by `fn` count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
	fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
	{ timeoutMs = 30_000, intervalMs = 250, description = 'condition', isFatal }: WaitOptions = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await fn();
			if (value !== undefined && value !== null && value !== false) return value;
			lastError = undefined;
		} catch (error) {
			if (isFatal?.(error)) throw error;
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
