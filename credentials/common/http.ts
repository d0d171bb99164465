import type { IDataObject } from 'n8n-workflow';

/*
 * What credentials and nodes both need to call a provider: its base URL, the request timeout,
 * what a failed call says, and the error a credential's login throws. Credentials import no node
 * code: this module is theirs and the nodes'.
 */

/** What went wrong with a provider call, read from whatever n8n's request helper threw. */
export interface HttpFailure {
	status?: number;
	/** The provider's own words where it gave any, else the transport's. */
	message: string;
}

const MESSAGE_KEYS = ['message', 'error_description', 'error', 'errorMessage', 'detail', 'title'];

function messageFrom(data: unknown): string | undefined {
	if (typeof data === 'string') return data.trim() || undefined;
	if (typeof data !== 'object' || data === null) return undefined;
	const record = data as IDataObject;
	for (const key of MESSAGE_KEYS) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
		const nested = messageFrom(value);
		if (nested) return nested;
	}
	if (Array.isArray(record.errors)) return messageFrom(record.errors[0]);
	return undefined;
}

function statusFrom(value: unknown): number | undefined {
	const status = typeof value === 'string' ? Number(value) : value;
	return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status < 600
		? status
		: undefined;
}

export function describeFailure(error: unknown): HttpFailure {
	const e = (error ?? {}) as IDataObject & {
		cause?: {
			response?: { status?: number; data?: unknown };
			code?: string;
			loginStatus?: number;
		};
		response?: { status?: number; data?: unknown };
		context?: { data?: unknown; providerFailure?: HttpFailure };
	};
	if (e.context?.providerFailure) return e.context.providerFailure;
	const status =
		statusFrom(e.loginStatus) ??
		statusFrom(e.cause?.loginStatus) ??
		statusFrom(e.httpCode) ??
		statusFrom(e.cause?.response?.status) ??
		statusFrom(e.response?.status) ??
		statusFrom(e.statusCode);
	const message =
		messageFrom(e.context?.data) ??
		messageFrom(e.cause?.response?.data) ??
		messageFrom(e.response?.data) ??
		(typeof e.description === 'string' && e.description ? e.description : undefined) ??
		(typeof e.message === 'string' && e.message ? e.message : 'no answer');
	return { status, message };
}

/**
 * The error a credential's login (its preAuthentication) throws when the provider refuses it.
 * n8n wraps it in a NodeApiError as its `cause`, and describeFailure() reads the login's status
 * from it, so the publish error says "HTTP 401" and a 429 or 5xx is retried. Not an `httpCode`:
 * n8n would then replace this message with its generic one for the status.
 */
export function loginRefused(message: string, status: number | undefined): Error {
	return Object.assign(new Error(message), { loginStatus: status });
}

/** A provider that does not answer must not hold a publish forever; tests may shorten it. */
export const requestPolicy = {
	timeoutMs: 20_000,
};

/** An API address as typed in a credential, without trailing slashes, ready for `${base}/path`. */
export function baseUrl(value: unknown): string {
	return String(value ?? '').replace(/\/+$/, '');
}
