import { randomBytes } from 'crypto';
import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { chosenEvents } from './events';
import { scheduleSamples } from './samples';
import { describeFailure, isAlreadyGone, redactSecret, retryTransient } from './transport';
import type { DeliveryAuth, RestHookProvider, Subscription, SubscriptionApi } from './types';
import { safeEqual } from './verify';

/** Query parameter carrying the URL secret in every hook URL the trigger registers. */
export const SECRET_PARAMETER = 'secret';
/** Query parameter naming the event, for providers whose deliveries do not say it. */
export const EVENT_PARAMETER = 'event';
/** Query parameter naming the subscribe attempt a hook URL was made for. */
export const SUBSCRIPTION_PARAMETER = 'subscription';

/** Secrets of earlier publications remembered, so their leftover subscriptions get 410. */
const RETIRED_SECRETS_KEPT = 20;

/** What the trigger keeps in the node's static data between create, webhook and delete. */
export interface HookState extends IDataObject {
	/** The webhook URL (without secret) the subscriptions point at. */
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

/** Moves the current secret (or `secret`) to the retired ones; no delivery through it runs again. */
function retireSecret(state: HookState, secret = state.secret): void {
	if (secret && !state.retiredSecrets?.includes(secret)) {
		state.retiredSecrets = [secret, ...(state.retiredSecrets ?? [])].slice(0, RETIRED_SECRETS_KEPT);
	}
	if (secret === state.secret) delete state.secret;
}

function clearState(state: HookState): void {
	retireSecret(state);
	delete state.webhookUrl;
	delete state.events;
	delete state.subscriptions;
}

export function generateSecret(): string {
	return randomBytes(24).toString('base64url');
}

/** A new token for one subscribe attempt: only the attempts whose answer arrived are held. */
function generateToken(): string {
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
 *   REST-hook senders take as "drop this subscription").
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

function withoutQuery(url: string): string {
	const parsed = new URL(url);
	parsed.search = '';
	return parsed.toString();
}

function sameSet(a: string[] = [], b: string[] = []): boolean {
	const left = new Set(a);
	return left.size === new Set(b).size && b.every((value) => left.has(value));
}

function webhookUrlOf(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new Error('n8n gave this trigger no webhook URL');
	return withoutQuery(url);
}

/**
 * Removes subscriptions, counting "already gone" as removed. Returns those that could not be
 * removed, with the first error, so nothing is forgotten while it still exists on the provider.
 */
async function removeSubscriptions(
	context: IHookFunctions,
	api: SubscriptionApi,
	subscriptions: Subscription[],
): Promise<{ left: Subscription[]; error?: unknown }> {
	const results = await Promise.allSettled(
		subscriptions.map(
			async (subscription) =>
				await retryTransient(async () => await api.unsubscribe(context, subscription.id)),
		),
	);
	const left: Subscription[] = [];
	let firstError: unknown;
	results.forEach((result, index) => {
		if (result.status === 'fulfilled') return;
		if (isAlreadyGone(describeFailure(result.reason), api.notFoundWords)) return;
		left.push(subscriptions[index]);
		firstError ??= result.reason;
	});
	return { left, error: firstError };
}

/** True when every subscription the trigger remembers is still listed with its URL and events. */
async function providerStillHas(
	context: IHookFunctions,
	api: SubscriptionApi,
	state: HookState,
): Promise<boolean> {
	if (!api.list) return true;
	const listed = await retryTransient(async () => await api.list!(context));
	return (state.subscriptions ?? []).every((subscription) =>
		listed.some(
			(entry) =>
				entry.id === subscription.id &&
				(entry.url === undefined || withoutQuery(entry.url) === state.webhookUrl) &&
				(entry.events === undefined || sameSet(entry.events, subscription.events)),
		),
	);
}

function pointsAt(url: string, webhookUrl: string): boolean {
	try {
		return withoutQuery(url) === webhookUrl;
	} catch {
		return false;
	}
}

/**
 * Removes listed subscriptions to this node's URL other than `keep`: only this node receives at
 * that URL, so they are its own, made by a subscribe call whose answer was lost.
 */
async function sweepOrphans(
	context: IHookFunctions,
	api: SubscriptionApi,
	webhookUrl: string,
	keep: Subscription[],
): Promise<void> {
	if (!api.list) return;
	const kept = new Set(keep.map((subscription) => subscription.id));
	const listed = await retryTransient(async () => await api.list!(context));
	const orphans = listed
		.filter((entry) => !kept.has(entry.id))
		.filter((entry) => entry.url !== undefined && pointsAt(entry.url, webhookUrl))
		.map((entry) => ({ id: entry.id, events: entry.events ?? [] }));
	const { error } = await removeSubscriptions(context, api, orphans);
	if (error) throw error;
}

export interface WebhookMethods {
	[method: string]: (this: IHookFunctions) => Promise<boolean>;
	checkExists(this: IHookFunctions): Promise<boolean>;
	create(this: IHookFunctions): Promise<boolean>;
	delete(this: IHookFunctions): Promise<boolean>;
}

/**
 * checkExists / create / delete for any provider: subscribe on publish (concurrently, one per
 * event where the provider wants that, rolling back on failure), unsubscribe on unpublish
 * (idempotent), and post samples to the editor while it listens for a test event.
 */
export function subscriptionLifecycle(provider: RestHookProvider): { default: WebhookMethods } {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const api = provider.subscriptionApi(this);
				// Without an API the user pasted the URL: create() must still run, for the samples.
				if (!api) return false;
				const state = hookState(this);
				if (!state.subscriptions?.length || !state.secret) return false;
				const events = chosenEvents(this, provider.events(this)).values;
				if (state.webhookUrl !== webhookUrlOf(this) || !sameSet(state.events, events)) return false;
				return await providerStillHas(this, api, state);
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const api = provider.subscriptionApi(this);
				const events = chosenEvents(this, provider.events(this)).values;
				if (api) await subscribe(this, provider, api, events);
				if (this.getActivationMode() === 'manual') await scheduleSamples(this, provider, events);
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = hookState(this);
				const api = provider.subscriptionApi(this);
				if (api && state.subscriptions?.length) {
					const { left, error } = await removeSubscriptions(this, api, state.subscriptions);
					if (error) {
						// Kept so n8n's retry of delete (or the next create) finishes the job; their
						// deliveries are already refused, as the secret is retired.
						retireSecret(state);
						state.subscriptions = left;
						throw error;
					}
				}
				clearState(state);
				return true;
			},
		},
	};
}

async function subscribe(
	context: IHookFunctions,
	provider: RestHookProvider,
	api: SubscriptionApi,
	events: string[],
): Promise<void> {
	const state = hookState(context);
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No event is selected', {
			description: 'Choose at least one event in the trigger, then publish the workflow again.',
		});
	}
	// From here on, no delivery through an earlier publication's subscriptions starts a run.
	retireSecret(state);
	// Leftovers of an earlier attempt or of another event set: n8n retries a failed activation,
	// and a subscription nobody remembers would deliver forever.
	if (state.subscriptions?.length) {
		const { left, error } = await removeSubscriptions(context, api, state.subscriptions);
		state.subscriptions = left;
		if (error) throw error;
	}
	const webhookUrl = webhookUrlOf(context);
	if (api.sweepOrphans) await sweepOrphans(context, api, webhookUrl, []);
	const secret = generateSecret();
	if (api.beforeSubscribe) {
		await retryTransient(
			async () => await api.beforeSubscribe!(context, hookUrl(webhookUrl, secret)),
		);
	}

	let lostAnswers = 0;
	/**
	 * One subscription, retried on a 429 or 5xx. Each attempt's URL carries its own token, and
	 * only the attempt whose answer arrived is held: if a failed attempt was saved all the same,
	 * its deliveries get 410 and start no run.
	 */
	const subscribeGroup = async (group: string[]): Promise<Subscription> =>
		await retryTransient(
			async () => {
				const token = generateToken();
				const event = api.eventInHookUrl ? group[0] : undefined;
				const url = hookUrl(webhookUrl, secret, { event, token });
				return { id: await api.subscribe(context, { events: group, url }), events: group, token };
			},
			() => lostAnswers++,
		);

	const groups = api.scope === 'perEvent' ? events.map((event) => [event]) : [events];
	// A credential that logs in on its first call: one call first, so the others reuse its session.
	const first =
		groups.length > 1 && (await provider.loginPending?.(context))
			? await Promise.allSettled([subscribeGroup(groups[0])])
			: [];
	const results = [
		...first,
		...(await Promise.allSettled(groups.slice(first.length).map(subscribeGroup))),
	];
	const made = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
	const failed = results.find((result) => result.status === 'rejected');
	if (failed) {
		const { left } = await removeSubscriptions(context, api, made);
		// What could not be rolled back stays remembered (not held): the next create or delete
		// removes it, and its deliveries get 410 meanwhile.
		state.subscriptions = left;
		retireSecret(state, secret);
		await sweepLostAnswers(context, api, webhookUrl, left);
		// The provider's message may quote the hook URL, secret included.
		throw redactSecret(failed.reason, secret);
	}
	if (lostAnswers > 0) await sweepLostAnswers(context, api, webhookUrl, made);
	state.webhookUrl = webhookUrl;
	state.events = events;
	state.secret = secret;
	state.subscriptions = made;
}

/**
 * After a failed subscribe attempt, where the provider lists subscriptions: removes what the
 * attempt may have saved. Best effort: those deliveries get 410 anyway.
 */
async function sweepLostAnswers(
	context: IHookFunctions,
	api: SubscriptionApi,
	webhookUrl: string,
	keep: Subscription[],
): Promise<void> {
	if (!api.sweepOrphans) return;
	await sweepOrphans(context, api, webhookUrl, keep).catch((error: Error) => {
		context.logger.warn(`Could not remove subscriptions left by a lost answer: ${error.message}`);
	});
}

/** Authentication of a URL the user pasted: the `urlSecret` parameters of pastedUrlProperties(). */
export function pastedUrlAuth(context: IWebhookFunctions): DeliveryAuth {
	return {
		scheme: 'urlSecret',
		parameter: SECRET_PARAMETER,
		secrets: [
			context.getNodeParameter('urlSecret', '') as string,
			context.getNodeParameter('previousUrlSecret', '') as string,
		],
	};
}
