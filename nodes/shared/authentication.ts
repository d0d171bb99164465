import type { IWebhookFunctions } from 'n8n-workflow';

import {
	DEFAULT_SIGNATURE,
	PASTED_URL_PARAMETERS,
	SIGNATURE_PARAMETERS,
	type SignatureSettings,
} from './descriptions';
import { forgetCachedCredentials } from './credentialCache';
import { diagnose } from './diagnosis';
import { hookState } from './hookState';
import { SECRET_PARAMETER } from './hookUrl';
import { gracePeriodMs, subscriptionRoute } from './route';
import { SAMPLE_HEADER, verifySampleToken } from './samples';
import {
	HMAC_ALGORITHMS,
	SIGNATURE_ENCODINGS,
	STRIPE_SIGNATURE_HEADER,
	verifySecret,
	verifySignature,
	verifyStandardWebhook,
	verifyStripeSignature,
	type HmacAlgorithm,
	type SignatureEncoding,
} from './signatures';
import type { DeliveryAuth, IncomingDelivery, Provider } from './types';
import type { HookState, Refusal, SubscriptionRoute } from './coreTypes';
import { first, withoutQuery } from './util';
import { nodeParameter } from './nodeReads';

/**
 * Whether a delivery may go on, and if not, what to answer and why: the one place that decides
 * it. `sample` marks the samples the trigger itself posts to its test URL while the editor
 * listens.
 */
export type Verdict = { accepted: true; sample: boolean } | ({ accepted: false } & Refusal);

const UNAUTHENTICATED = 'This delivery could not be authenticated.';

/** Through a subscription the trigger does not hold (see subscriptionRoute): no run. */
function gone(provider: string): Verdict {
	return {
		accepted: false,
		status: 410,
		message:
			'This subscription is no longer active: the trigger holds another one for these events. Remove this one.',
		explain: () => ({
			reason:
				'it came through a subscription the trigger no longer holds (one of an earlier publication, or one whose subscribe answer was lost)',
			hint: `Nothing to change in n8n: the 410 answer tells ${provider} to drop that subscription. If it keeps delivering, delete it in ${provider}.`,
		}),
	};
}

/**
 * Authenticates a delivery: the editor's own sample post by its token (test mode only), any
 * other by the provider's scheme (401 without a valid credential), and then by the subscription
 * its URL names (410 when the trigger does not hold it).
 */
export async function authenticate(
	context: IWebhookFunctions,
	provider: Provider,
	request: IncomingDelivery,
): Promise<Verdict> {
	const sampleToken = first(request.headers[SAMPLE_HEADER]);
	if (sampleToken !== undefined) {
		const valid =
			context.getMode() === 'manual' && (await verifySampleToken(context, provider, sampleToken));
		if (valid) return { accepted: true, sample: true };
		return {
			accepted: false,
			status: 401,
			message: 'This sample delivery could not be authenticated.',
			explain: () => ({
				reason: 'the samples posted for the editor carried no valid sample token',
				hint: 'Listen for a test event again.',
			}),
		};
	}
	// n8n makes the node's static data an observable object on each read: read it only when the
	// URL names a subscription or the scheme is the hook URL's secret (Efidem's signature needs none).
	let state: HookState | undefined;
	const stateOf = (): HookState => (state ??= hookState(context));
	const route = subscriptionRoute(stateOf, request.query, () => gracePeriodMs(context), {
		webhookUrl: () => withoutQuery(context.getNodeWebhookUrl('default') ?? ''),
	});
	let auth = await provider.deliveryAuth(context);
	const decide = () =>
		routeDecision(route, {
			authentic: isAuthentic(context, auth, stateOf, request),
			urlSecret: auth.scheme === 'hookUrlSecret',
		});
	let decision = decide();
	if (decision === 'unauthenticated' && forgetCachedCredentials(context)) {
		// Checked against a cached credential: the user may have changed it since.
		auth = await provider.deliveryAuth(context);
		decision = decide();
	}
	if (decision === 'gone') return gone(provider.displayName);
	if (decision === 'unauthenticated') {
		return {
			accepted: false,
			status: 401,
			message: UNAUTHENTICATED,
			explain: () => diagnose(context, provider, auth, stateOf(), request),
		};
	}
	return { accepted: true, sample: false };
}

/**
 * What a delivery gets for the subscription its URL names, given whether its credential checked
 * out: the one place that decides between running it, 401 and 410. `urlSecret`: the URL's secret
 * is the credential (a replaced subscription's URL carries its own secret and token, which
 * `subscriptionRoute` compared); a URL secret of an earlier publication is a real one, so that
 * sender should drop it (410), not retry it.
 */
export function routeDecision(
	route: SubscriptionRoute,
	{ authentic, urlSecret }: { authentic: boolean; urlSecret: boolean },
): 'accepted' | 'unauthenticated' | 'gone' {
	// For a URL secret, the route compared the URL's secret and token with a held or replaced one.
	if (!authentic && !(urlSecret && (route === 'held' || route === 'replaced'))) {
		return urlSecret && route === 'gone' ? 'gone' : 'unauthenticated';
	}
	return route === 'gone' ? 'gone' : 'accepted';
}

/** Checks a delivery against a scheme. Never throws. */
export function isAuthentic(
	context: IWebhookFunctions,
	auth: DeliveryAuth,
	stateOf: () => HookState,
	{ rawBody, headers, query }: IncomingDelivery,
	nowSeconds?: number,
): boolean {
	switch (auth.scheme) {
		case 'none':
			return true;
		case 'hookUrlSecret':
			return verifySecret(query[SECRET_PARAMETER], [stateOf().secret]);
		case 'pastedUrlSecret':
			return verifySecret(query[SECRET_PARAMETER], [
				nodeParameter(context, PASTED_URL_PARAMETERS.secret, '') as string,
				nodeParameter(context, PASTED_URL_PARAMETERS.previousSecret, '') as string,
			]);
		case 'hmac':
			return verifySignature(rawBody, headers[auth.header.toLowerCase()], auth);
		case 'standardWebhooks':
			return verifyStandardWebhook(rawBody, headers, { nowSeconds, ...auth });
		case 'stripe': {
			const name = (auth.header ?? STRIPE_SIGNATURE_HEADER).toLowerCase();
			return verifyStripeSignature(rawBody, headers[name], { nowSeconds, ...auth });
		}
	}
}

/** Reads the signature parameters, falling back to the defaults for anything unset or invalid. */
export function signatureSettings(context: IWebhookFunctions): SignatureSettings {
	// One read of the whole collection: this runs on every delivery.
	const options = nodeParameter(context, 'options', {}) as unknown;
	const set: Record<string, unknown> =
		typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
	const read = (name: string, value: string): string => {
		const chosen = set[name];
		return typeof chosen === 'string' ? chosen : value;
	};
	const header = read(SIGNATURE_PARAMETERS.header, DEFAULT_SIGNATURE.header).trim();
	const algorithm = read(SIGNATURE_PARAMETERS.algorithm, '') as HmacAlgorithm;
	const encoding = read(SIGNATURE_PARAMETERS.encoding, '') as SignatureEncoding;
	return {
		header: header || DEFAULT_SIGNATURE.header,
		algorithm: HMAC_ALGORITHMS.includes(algorithm) ? algorithm : DEFAULT_SIGNATURE.algorithm,
		encoding: SIGNATURE_ENCODINGS.includes(encoding) ? encoding : DEFAULT_SIGNATURE.encoding,
		prefix: read(SIGNATURE_PARAMETERS.prefix, DEFAULT_SIGNATURE.prefix),
	};
}

/**
 * Authentication by an HMAC of the raw body, configured by the `signatureOptions()` parameters.
 * Secrets: the current one first, then a previous one accepted while the sender rotates; empty
 * ones are dropped. With no secret left, every delivery is refused: a trigger meant to check
 * signatures never silently stops checking them.
 */
export function hmacAuth(
	context: IWebhookFunctions,
	secrets: Array<string | undefined>,
): Extract<DeliveryAuth, { scheme: 'hmac' }> {
	const { header, algorithm, encoding, prefix } = signatureSettings(context);
	return {
		scheme: 'hmac',
		fromOptions: true,
		header,
		algorithm,
		encoding,
		prefix: prefix || undefined,
		secrets: secrets.filter((secret): secret is string => typeof secret === 'string' && !!secret),
	};
}
