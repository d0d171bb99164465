import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_GRACE_MINUTES, GRACE_PERIOD_PARAMETER, MAX_GRACE_MINUTES } from './descriptions';
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

/** Replaced subscriptions remembered at most, newest first (a republish of 20 events is 20). */
const REPLACED_KEPT = 100;

/**
 * A subscription the trigger held and then removed with the provider's confirmation (answered,
 * or already gone): the provider no longer delivers new events through it, so a delivery still
 * arriving through it (on its way when the trigger was republished, or a retry) is of an event
 * that happened while it was live, and of no other subscription: it may run, for a while.
 */
export interface ReplacedSubscription extends IDataObject {
	/** The secret of the publication that held it. */
	secret: string;
	/** Its subscribe attempt's token; absent for subscriptions made before tokens existed. */
	token?: string;
	/** When its removal was confirmed (milliseconds since 1970). */
	removedAt: number;
}

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
	/** Subscriptions held and then removed with the provider's confirmation, newest first. */
	replaced?: ReplacedSubscription[];
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

/**
 * Remembers subscriptions of the current publication whose removal the provider confirmed (see
 * ReplacedSubscription). Only held ones: a leftover whose removal failed earlier may have been
 * live beside a newer subscription, so its deliveries may be doubles and keep getting 410.
 */
export function rememberReplaced(
	state: HookState,
	removed: Subscription[],
	removedAt: number,
): void {
	const secret = state.secret;
	if (!secret || removed.length === 0) return;
	const entries: ReplacedSubscription[] = removed.map(({ token }) => ({
		secret,
		...(token === undefined ? {} : { token }),
		removedAt,
	}));
	state.replaced = [...entries, ...(state.replaced ?? [])]
		.filter((entry) => removedAt - entry.removedAt <= MAX_GRACE_MS)
		.slice(0, REPLACED_KEPT);
}

const MAX_GRACE_MS = MAX_GRACE_MINUTES * 60_000;

/** What create() made: held from now on, with the secret its URLs carry. */
export function holdPublication(
	state: HookState,
	publication: {
		webhookUrl: string;
		events: string[];
		secret: string;
		subscriptions: Subscription[];
	},
): void {
	Object.assign(state, publication);
}

/**
 * Subscriptions that could not be removed: remembered, not held (their secret is retired), so
 * the next create() or n8n's retry of delete() removes them; their deliveries get 410 meanwhile.
 */
export function keepUnremoved(state: HookState, left: Subscription[], secret = state.secret): void {
	retireSecret(state, secret);
	state.subscriptions = left;
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
 * - `replaced`: the URL of a subscription it held and removed with the provider's confirmation,
 *   less than the node's grace period ago (`gracePeriodMs`, read only then);
 * - `gone`: the URL of a subscription it does not hold: made by an attempt whose answer was lost,
 *   left by an earlier publication whose removal failed, replaced longer ago than the grace
 *   period, or forgotten. Its deliveries must start no run (answered 410, which REST-hook senders
 *   take as "drop this subscription");
 * - `direct`: a URL that names no subscription of the trigger's (pasted by the user).
 */
export type SubscriptionRoute = 'held' | 'replaced' | 'gone' | 'direct';

export function subscriptionRoute(
	state: HookState,
	query: IDataObject,
	gracePeriodMs: () => number,
	{ now = Date.now(), webhookUrl }: { now?: number; webhookUrl?: () => string } = {},
): SubscriptionRoute {
	const secret = query[SECRET_PARAMETER];
	if (typeof secret !== 'string') return 'direct';
	const token = query[SUBSCRIPTION_PARAMETER];
	if (token !== undefined && typeof token !== 'string') return 'gone';
	// The node's URL is read only while this process makes a publication (rarely).
	const making =
		webhookUrl && inFlight.size > 0 ? inFlightRoute(webhookUrl(), secret, token, now) : undefined;
	if (making) return making;
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

/**
 * Publications create() is making in this n8n process, by webhook URL. n8n stores what create()
 * writes in static data only once the whole activation is over, while the provider delivers
 * through a new subscription as soon as it is made: until n8n has stored it (and a while after:
 * IN_FLIGHT_KEPT_MS), webhook() in the same process finds the publication's secret and tokens
 * here. A token is `pending` while its subscribe call runs (no other subscription for its event
 * exists yet, so its deliveries may run), `held` once answered, `lost` once the call failed.
 */
const inFlight = new Map<
	string,
	{ secret: string; tokens: Map<string, 'pending' | 'held' | 'lost'>; until: number }
>();
const IN_FLIGHT_KEPT_MS = 10 * 60 * 1000;

/** Starts recording a publication create() is making; returns how to record its tokens. */
export function publicationInFlight(
	webhookUrl: string,
	secret: string,
): { mark(token: string, status: 'pending' | 'held' | 'lost'): void; done(): void } {
	const now = Date.now();
	for (const [url, { until }] of inFlight) if (now > until) inFlight.delete(url);
	const entry = { secret, tokens: new Map<string, 'pending' | 'held' | 'lost'>(), until: Infinity };
	inFlight.set(webhookUrl, entry);
	return {
		mark: (token, status) => entry.tokens.set(token, status),
		done: () => {
			entry.until = Date.now() + IN_FLIGHT_KEPT_MS;
		},
	};
}

/** Forgets a node's publication in flight (it was removed: static data says the rest). */
export function forgetInFlight(webhookUrl: string): void {
	inFlight.delete(webhookUrl);
}

function inFlightRoute(
	webhookUrl: string,
	secret: string,
	token: string | undefined,
	now: number,
): SubscriptionRoute | undefined {
	const entry = inFlight.get(webhookUrl);
	if (!entry || now > entry.until) return undefined;
	if (!safeEqual(secret, entry.secret)) return undefined;
	const status = token === undefined ? undefined : entry.tokens.get(token);
	return status === 'pending' || status === 'held' ? 'held' : 'gone';
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

/** The node's grace period for replaced subscriptions, in milliseconds (Options). */
export function gracePeriodMs(context: IWebhookFunctions): number {
	const minutes = context.getNodeParameter(
		`options.${GRACE_PERIOD_PARAMETER}`,
		DEFAULT_GRACE_MINUTES,
	) as unknown;
	const chosen = typeof minutes === 'number' && minutes >= 0 ? minutes : DEFAULT_GRACE_MINUTES;
	return Math.min(chosen * 60_000, MAX_GRACE_MS);
}

/**
 * Whether a hook URL's token is a subscription's. Subscriptions made before tokens existed carry
 * none, and their URLs none either; once a subscription has one, a URL must carry it.
 */
function sameToken(subscriptionToken: string | undefined, urlToken: string | undefined): boolean {
	if (subscriptionToken === undefined) return urlToken === undefined;
	return urlToken !== undefined && safeEqual(urlToken, subscriptionToken);
}

/**
 * What a delivery's URL says beside the trigger's own secret and token: the query string the
 * provider sent (for GET callbacks, the payload; the secret and token are the trigger's, not
 * data, and must not reach items nor execution logs), and the event the hook URL names.
 */
export function readHookUrl(query: IDataObject): { payloadQuery: IDataObject; event?: string } {
	const payloadQuery = { ...query };
	delete payloadQuery[SECRET_PARAMETER];
	delete payloadQuery[SUBSCRIPTION_PARAMETER];
	const event = query[EVENT_PARAMETER];
	return { payloadQuery, event: typeof event === 'string' ? event : undefined };
}
