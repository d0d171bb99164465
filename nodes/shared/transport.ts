import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestOptions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { N8N } from './n8nWords';

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

const NOT_FOUND_WORDS = /not.?found|no such|does not exist|doesn't exist/i;

/**
 * 404, 410, or a 4xx whose message says the thing is unknown (in English, or in the provider's
 * own `words`): the subscription is already gone. A failure without an HTTP answer never is.
 */
export function isAlreadyGone(failure: HttpFailure, words?: RegExp): boolean {
	const { status, message } = failure;
	if (status === 404 || status === 410) return true;
	if (status === undefined || status < 400 || status >= 500) return false;
	return NOT_FOUND_WORDS.test(message) || (words?.test(message) ?? false);
}

function hintFor(provider: string, status: number | undefined): string {
	if (status === 401 || status === 403) {
		return `Check the ${provider} credentials used by this trigger (open them and click "Retry" to test them).`;
	}
	if (status === 404) {
		return `Check the base URL and account details in the ${provider} credentials.`;
	}
	if (status === 429)
		return `${provider} is rate limiting requests. ${N8N.Publish} the workflow again in a minute.`;
	if (status !== undefined && status >= 500) {
		return `${provider} had a problem on its side. ${N8N.Publish} the workflow again later; nothing was left subscribed.`;
	}
	if (status === undefined) {
		return `Could not reach ${provider}. Check the base URL in the credentials and that n8n can reach it.`;
	}
	return `${provider} rejected the request. Check the trigger's settings.`;
}

/**
 * A NodeApiError that says which provider, what the trigger was doing, the status and why. The
 * failure itself rides in `context.providerFailure`, so callers can tell "already gone" apart.
 */
export function providerError(
	node: INode,
	provider: string,
	action: string,
	failure: HttpFailure,
	hint?: string,
): NodeApiError {
	const status = failure.status === undefined ? 'no HTTP answer' : `HTTP ${failure.status}`;
	const message = `${provider} could not ${action} (${status}): ${failure.message}`;
	const error = new NodeApiError(node, { message, status: failure.status ?? null } as JsonObject, {
		message,
		description: hint ?? hintFor(provider, failure.status),
		httpCode: failure.status === undefined ? undefined : String(failure.status),
	});
	error.context.providerFailure = { ...failure };
	return error;
}

/** The error for a subscribe answer without the new subscription's id, e.g. at `where`. */
export function missingIdError(
	node: INode,
	provider: string,
	action: string,
	where: string,
	hint?: string,
): NodeApiError {
	return providerError(
		node,
		provider,
		action,
		{ status: 200, message: `the answer has no ${where}` },
		hint,
	);
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

/**
 * Hides `secret` wherever an error would show it to the user or in logs: a provider's message may
 * echo the hook URL it was given, and that URL carries the trigger's secret.
 */
export function redactSecret<T>(error: T, secret: string): T {
	if (!secret || typeof error !== 'object' || error === null) return error;
	const hide = (text: unknown) =>
		typeof text === 'string' ? text.split(secret).join('[secret]') : text;
	const target = error as {
		message?: unknown;
		description?: unknown;
		context?: { providerFailure?: HttpFailure };
	};
	if (typeof target.message === 'string') target.message = hide(target.message);
	if (typeof target.description === 'string') target.description = hide(target.description);
	const failure = target.context?.providerFailure;
	if (failure) failure.message = hide(failure.message) as string;
	return error;
}

/** Statuses worth trying again after a pause: the provider may well answer next time. */
export function isTransient(failure: HttpFailure): boolean {
	return failure.status === 429 || (failure.status !== undefined && failure.status >= 500);
}

/** A provider that does not answer must not hold a publish forever; tests may shorten it. */
export const requestPolicy = {
	timeoutMs: 20_000,
};

export const retryPolicy = {
	/** Pauses before each retry of a transient failure; their count is the number of retries. */
	delaysMs: [500, 1500],
};

/**
 * Runs a provider operation, again after retryPolicy's pauses while it fails with a 429 or 5xx.
 * Only the lifecycle decides what to retry (a subscribe is safe to repeat only because each
 * attempt's hook URL is its own).
 */
export async function retryTransient<T>(operation: () => Promise<T>): Promise<T> {
	const delays = retryPolicy.delaysMs;
	for (let attempt = 0; ; attempt++) {
		const [result] = await Promise.allSettled([operation()]);
		if (result.status === 'fulfilled') return result.value;
		// Already a provider's or the node's own error: passed on as it is.
		if (attempt >= delays.length || !isTransient(describeFailure(result.reason))) {
			throw result.reason;
		}
		await sleep(delays[attempt]);
	}
}

export interface ProviderCall {
	provider: string;
	credentialType: string;
	/** Completes "<provider> could not …", e.g. `subscribe to event "NewDeal"`. */
	action: string;
}

/**
 * The single way the triggers talk to providers: n8n's authenticated request helper (which
 * also renews expirable tokens on a 401) and errors that say what to do. Throws
 * providerError()s; never retries (see retryTransient).
 */
export async function providerRequest<T = unknown>(
	context: IHookFunctions,
	call: ProviderCall,
	options: IHttpRequestOptions,
): Promise<T> {
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(context, call.credentialType, {
			json: true,
			timeout: requestPolicy.timeoutMs,
			...options,
		})) as T;
	} catch (error) {
		const problem = oauth2Problem(error);
		if (problem) {
			const credential = context.getNode().credentials?.[call.credentialType]?.name;
			throw new NodeOperationError(
				context.getNode(),
				`${call.provider} could not ${call.action}: the OAuth2 credential${credential ? ` "${credential}"` : ''} ${problem.what}`,
				{ description: problem.hint },
			);
		}
		throw providerError(context.getNode(), call.provider, call.action, describeFailure(error));
	}
}

const RECONNECT = `Open the credential and connect the account again (its Connect button), then ${N8N.publish} the workflow again.`;

/**
 * When n8n could not sign the call because of the OAuth2 credential itself: never connected, its
 * refresh token revoked or expired (the token endpoint's `invalid_grant`), or no access token
 * given for the client's ID and secret. What to say of it, or undefined for any other failure.
 */
function oauth2Problem(error: unknown): { what: string; hint: string } | undefined {
	const e = (error ?? {}) as { message?: unknown; body?: { error?: unknown }; cause?: unknown };
	const message = typeof e.message === 'string' ? e.message : '';
	if (/OAuth credentials not connected/i.test(message)) {
		return { what: 'is not connected yet', hint: RECONNECT };
	}
	if (/needs to be reconnected/i.test(message) || e.body?.error === 'invalid_grant') {
		return {
			what: 'must be connected again: its access could not be refreshed (revoked, or the refresh token expired)',
			hint: RECONNECT,
		};
	}
	const refused = /^Failed to acquire OAuth2 access token: (.*)$/s.exec(message);
	if (refused) {
		return {
			what: `got no access token: ${refused[1]}`,
			hint: 'Check the Access Token URL, Client ID, Client Secret and Client Authentication of the credential.',
		};
	}
	return e.cause && e.cause !== error ? oauth2Problem(e.cause) : undefined;
}
