import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_GRACE_MINUTES, GRACE_PERIOD_PARAMETER, MAX_GRACE_MINUTES } from './options';
import { SECRET_PARAMETER, SUBSCRIPTION_PARAMETER } from './hookUrl';
import { inFlightRoute } from './inFlight';
import { safeEqual } from './signatures';
import type { HookState, SubscriptionRoute } from './coreTypes';
import { nodeParameter } from './nodeReads';

/**
 * Which subscription a delivery came through, read from its hook URL against the stored state and
 * the publications in flight (SubscriptionRoute in coreTypes.ts). authentication.ts decides from it.
 */

export function subscriptionRoute(
	/** The node's hook state, read only for a URL that names a subscription (see authenticate). */
	stateOf: () => HookState,
	query: IDataObject,
	gracePeriodMs: () => number,
	{ now = Date.now(), webhookUrl }: { now?: number; webhookUrl?: () => string } = {},
): SubscriptionRoute {
	const secret = query[SECRET_PARAMETER];
	if (typeof secret !== 'string') return 'direct';
	const token = query[SUBSCRIPTION_PARAMETER];
	if (token !== undefined && typeof token !== 'string') return 'gone';
	const making = webhookUrl ? inFlightRoute(webhookUrl, secret, token, now) : undefined;
	if (making) return making;
	const state = stateOf();
	if (state.secret && safeEqual(secret, state.secret)) {
		const held = state.subscriptions ?? [];
		return held.some((subscription) => sameToken(subscription.token, token)) ? 'held' : 'gone';
	}
	const replaced = state.replaced?.find(
		(entry) => safeEqual(secret, entry.secret) && sameToken(entry.token, token),
	);
	if (replaced) return now - replaced.removedAt <= gracePeriodMs() ? 'replaced' : 'gone';
	const retired =
		state.retiredSecrets?.some((old) => safeEqual(secret, old)) ||
		state.replaced?.some((entry) => safeEqual(secret, entry.secret));
	return retired ? 'gone' : 'direct';
}

/** The node's grace period for replaced subscriptions, in milliseconds (Options). */
export function gracePeriodMs(context: IWebhookFunctions): number {
	const minutes = nodeParameter(
		context,
		`options.${GRACE_PERIOD_PARAMETER}`,
		DEFAULT_GRACE_MINUTES,
	) as unknown;
	const chosen = typeof minutes === 'number' && minutes >= 0 ? minutes : DEFAULT_GRACE_MINUTES;
	return Math.min(chosen * 60_000, MAX_GRACE_MINUTES * 60_000);
}

/**
 * Whether a hook URL's token is a subscription's. Subscriptions made before tokens existed carry
 * none, and their URLs none either; once a subscription has one, a URL must carry it.
 */
function sameToken(subscriptionToken: string | undefined, urlToken: string | undefined): boolean {
	if (subscriptionToken === undefined) return urlToken === undefined;
	return urlToken !== undefined && safeEqual(urlToken, subscriptionToken);
}
