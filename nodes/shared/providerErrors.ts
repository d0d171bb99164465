import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import type { HttpFailure } from '../../credentials/common/http';
import { N8N } from './n8nWords';

/*
 * What a failed provider call tells the user: which provider, what the trigger was doing, the
 * HTTP status, the provider's own words and what to do; and whether a failure means "already
 * gone". Requests and retries live in transport.ts.
 */

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

const RECONNECT = `Open the credential and connect the account again (its Connect button), then ${N8N.publish} the workflow again.`;

/**
 * When n8n could not sign the call because of the OAuth2 credential itself: never connected, its
 * refresh token revoked or expired (the token endpoint's `invalid_grant`), or no access token
 * given for the client's ID and secret. What to say of it, or undefined for any other failure.
 */
export function oauth2Problem(error: unknown): { what: string; hint: string } | undefined {
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
