import {
	NodeOperationError,
	sleep,
	type IHookFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { describeFailure, requestPolicy, type HttpFailure } from '../../credentials/common/http';
import { oauth2Problem, providerError } from './providerErrors';

/*
 * How the triggers call providers: the one request function, and retries of transient failures.
 * What a failure tells the user lives in providerErrors.ts.
 */

/** Statuses worth trying again after a pause: the provider may well answer next time. */
export function isTransient(failure: HttpFailure): boolean {
	return failure.status === 429 || (failure.status !== undefined && failure.status >= 500);
}

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
