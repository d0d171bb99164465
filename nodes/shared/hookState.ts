import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { safeEqual } from './signatures';
import type { Subscription } from './types';

/**
 * What create() leaves for webhook() and delete() in the node's static data, and the hook URLs
 * it subscribes: `<webhook URL>?secret=…[&event=…]&subscription=…`. The secret is the
 * publication's, the token each subscribe attempt's own; together they tell which subscription
 * a delivery came through.
 */

/** Query parameter carrying the URL secret in every hook URL the trigger registers. */
export const SECRET_PARAMETER = 'secret';
/** Query parameter naming the event, for providers whose deliveries do not say it. */
export const EVENT_PARAMETER = 'event';
/** Query parameter naming the subscribe attempt a hook URL was made for. */
export const SUBSCRIPTION_PARAMETER = 'subscription';

/** Secrets of earlier publications remembered, so their leftover subscriptions get 410. */
const RETIRED_SECRETS_KEPT = 20;

export interface HookState extends IDataObject {
	/** The webhook URL (without query) the subscriptions point at. */
	webhookUrl?: string;
	events?: string[];
	/** The secret of the current publication's hook URLs; unset while it holds none. */
	secret?: string;
	subscriptions?: Subscription[];
	/**
	 * Secrets of earlier publications and failed attempts: a delivery carrying one comes through
	 * a subscription the trigger no longer holds, and is answered 410 rather than 401.
	 */
	retiredSecrets?: string[];
}

export function hookState(context: IHookFunctions | IWebhookFunctions): HookState {
	return context.getWorkflowStaticData('node') as HookState;
}

/** Moves the current secret (or `secret`) to the retired ones: no delivery through it runs again. */
export function retireSecret(state: HookState, secret = state.secret): void {
	if (secret && !state.retiredSecrets?.includes(secret)) {
		state.retiredSecrets = [secret, ...(state.retiredSecrets ?? [])].slice(0, RETIRED_SECRETS_KEPT);
	}
	if (secret === state.secret) delete state.secret;
}

/** Forgets the publication, keeping its secret as retired. */
export function clearState(state: HookState): void {
	retireSecret(state);
	delete state.webhookUrl;
	delete state.events;
	delete state.subscriptions;
}

export function generateSecret(): string {
	return randomBytes(24).toString('base64url');
}

/** A new token for one subscribe attempt: only the attempts whose answer arrived are held. */
export function generateToken(): string {
	return randomBytes(12).toString('base64url');
}

export function hookUrl(
	webhookUrl: string,
	secret: string,
	{ event, token }: { event?: string; token?: string } = {},
): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(SECRET_PARAMETER, secret);
	if (event !== undefined) url.searchParams.set(EVENT_PARAMETER, event);
	if (token !== undefined) url.searchParams.set(SUBSCRIPTION_PARAMETER, token);
	return url.toString();
}

/**
 * How a delivery relates to the subscriptions the trigger holds, read from its hook URL:
 * - `held`: the URL of a subscription the trigger holds;
 * - `gone`: the URL of a subscription it does not hold: made by an attempt whose answer was lost,
 *   or left by an earlier publication. Its deliveries must start no run (answered 410, which
 *   REST-hook senders take as "drop this subscription");
 * - `direct`: a URL that names no subscription of the trigger's (pasted by the user).
 */
export type SubscriptionRoute = 'held' | 'gone' | 'direct';

export function subscriptionRoute(state: HookState, query: IDataObject): SubscriptionRoute {
	const secret = query[SECRET_PARAMETER];
	if (typeof secret !== 'string') return 'direct';
	if (!state.secret || !safeEqual(secret, state.secret)) {
		return state.retiredSecrets?.some((old) => safeEqual(secret, old)) ? 'gone' : 'direct';
	}
	const token = query[SUBSCRIPTION_PARAMETER];
	const held = state.subscriptions ?? [];
	// Subscriptions made before tokens existed carry none; their URLs stay valid.
	if (token === undefined) return held.some((s) => s.token === undefined) ? 'held' : 'gone';
	return typeof token === 'string' && held.some((s) => s.token && safeEqual(token, s.token))
		? 'held'
		: 'gone';
}

/**
 * The query string of a query-string delivery without the hook URL's own secret and token: they
 * are the trigger's, not data the provider sent, and must not reach items (nor execution logs).
 */
export function withoutHookParameters(query: IDataObject): IDataObject {
	const payload = { ...query };
	delete payload[SECRET_PARAMETER];
	delete payload[SUBSCRIPTION_PARAMETER];
	return payload;
}
