import { routeDecision } from '../../nodes/shared/authentication';
import { publicationInFlight, forgetInFlight } from '../../nodes/shared/inFlight';
import { subscriptionRoute } from '../../nodes/shared/route';
import type { HookState, SubscriptionRoute } from '../../nodes/shared/coreTypes';

/*
 * The route of a delivery (which subscription its hook URL names) and what it gets for it, called
 * directly: one row per case.
 */
const NOW = 1_800_000_000_000;
const GRACE_MS = 10 * 60_000;
const WEBHOOK_URL = 'http://127.0.0.1:5678/webhook/route-test/webhook';

/** A publication holding the subscription of token `held`, after one replaced and one retired. */
const state = (): HookState => ({
	secret: 'current-secret',
	subscriptions: [{ id: 'sub-1', events: ['opened'], token: 'held' }],
	replaced: [
		{ secret: 'earlier-secret', token: 'replaced-recently', removedAt: NOW - 60_000 },
		{ secret: 'earlier-secret', token: 'replaced-long-ago', removedAt: NOW - GRACE_MS - 1 },
	],
	// A publication whose removal failed: its secret retired, its subscriptions still at the provider.
	retiredSecrets: ['failed-removal-secret'],
});

describe('the route a delivery takes, read from its hook URL', () => {
	const routes: Array<[string, Record<string, string>, SubscriptionRoute]> = [
		['a held subscription', { secret: 'current-secret', subscription: 'held' }, 'held'],
		[
			'an attempt of the current publication whose answer was lost',
			{ secret: 'current-secret', subscription: 'lost-answer' },
			'gone',
		],
		[
			'a subscription replaced within the grace period',
			{ secret: 'earlier-secret', subscription: 'replaced-recently' },
			'replaced',
		],
		[
			'a subscription replaced longer ago than the grace period',
			{ secret: 'earlier-secret', subscription: 'replaced-long-ago' },
			'gone',
		],
		[
			'a subscription whose removal failed',
			{ secret: 'failed-removal-secret', subscription: 'left' },
			'gone',
		],
		['a URL naming no subscription (pasted by the user)', { secret: 'pasted' }, 'direct'],
		['a URL without a secret', {}, 'direct'],
	];

	test.each(routes)('%s', (_case, query, expected) => {
		expect(subscriptionRoute(state, query, () => GRACE_MS, { now: NOW })).toBe(expected);
	});

	test.each([
		['pending', 'held'],
		['held', 'held'],
		['lost', 'gone'],
	] as const)(
		'a subscribe attempt this process is making, %s, routes as %s before n8n stored it',
		(status, expected) => {
			const publication = publicationInFlight(WEBHOOK_URL, 'new-secret');
			publication.mark('in-flight', status);
			try {
				const route = subscriptionRoute(
					() => ({}),
					{ secret: 'new-secret', subscription: 'in-flight' },
					() => GRACE_MS,
					{ now: NOW, webhookUrl: () => WEBHOOK_URL },
				);

				expect(route).toBe(expected);
			} finally {
				forgetInFlight(WEBHOOK_URL);
			}
		},
	);
});

describe('what a delivery gets for its route', () => {
	const decisions: Array<[SubscriptionRoute, boolean, boolean, ReturnType<typeof routeDecision>]> =
		[
			['held', true, false, 'accepted'],
			['held', false, false, 'unauthenticated'],
			['held', false, true, 'accepted'],
			['replaced', false, true, 'accepted'],
			['replaced', false, false, 'unauthenticated'],
			['gone', true, false, 'gone'],
			['gone', false, true, 'gone'],
			['gone', false, false, 'unauthenticated'],
			['direct', true, false, 'accepted'],
			['direct', false, true, 'unauthenticated'],
		];

	test.each(decisions)(
		'%s, authentic %s, URL secret %s: %s',
		(route, authentic, urlSecret, expected) => {
			expect(routeDecision(route, { authentic, urlSecret })).toBe(expected);
		},
	);
});
