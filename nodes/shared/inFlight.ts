import { safeEqual } from './signatures';
import type { SubscriptionRoute } from './coreTypes';

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

/**
 * The route of a delivery through a publication this process is making; undefined if none. The
 * node's URL is read only while this process makes one (rarely).
 */
export function inFlightRoute(
	webhookUrl: () => string,
	secret: string,
	token: string | undefined,
	now: number,
): SubscriptionRoute | undefined {
	if (inFlight.size === 0) return undefined;
	const entry = inFlight.get(webhookUrl());
	if (!entry || now > entry.until) return undefined;
	if (!safeEqual(secret, entry.secret)) return undefined;
	const status = token === undefined ? undefined : entry.tokens.get(token);
	return status === 'pending' || status === 'held' ? 'held' : 'gone';
}
