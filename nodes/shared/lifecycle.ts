import { randomBytes } from 'crypto';
import { sleep, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { chosenEvents } from './events';
import { scheduleSamples } from './samples';
import {
	describeFailure,
	isAlreadyGone,
	isTransient,
	providerError,
	redactSecret,
	retryPolicy,
} from './transport';
import type { DeliveryAuth, RestHookProvider, Subscription, SubscriptionApi } from './types';

/** Query parameter carrying the URL secret in every hook URL the trigger registers. */
export const SECRET_PARAMETER = 'secret';
/** Query parameter naming the event, for providers whose deliveries do not say it. */
export const EVENT_PARAMETER = 'event';

/** What the trigger keeps in the node's static data between create, webhook and delete. */
export interface HookState extends IDataObject {
	/** The webhook URL (without secret) the subscriptions point at. */
	webhookUrl?: string;
	events?: string[];
	secret?: string;
	subscriptions?: Subscription[];
}

export function hookState(context: IHookFunctions | IWebhookFunctions): HookState {
	return context.getWorkflowStaticData('node') as HookState;
}

function clearState(state: HookState): void {
	delete state.webhookUrl;
	delete state.events;
	delete state.secret;
	delete state.subscriptions;
}

export function generateSecret(): string {
	return randomBytes(24).toString('base64url');
}

export function hookUrl(webhookUrl: string, secret: string, event?: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(SECRET_PARAMETER, secret);
	if (event !== undefined) url.searchParams.set(EVENT_PARAMETER, event);
	return url.toString();
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
	return url;
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
		subscriptions.map(async (subscription) => await api.unsubscribe(context, subscription.id)),
	);
	const left: Subscription[] = [];
	let firstError: unknown;
	results.forEach((result, index) => {
		if (result.status === 'fulfilled') return;
		if (isAlreadyGone(describeFailure(result.reason))) return;
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
	const listed = await api.list(context);
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
 * Removes listed subscriptions to this node's URL that the trigger does not remember: only this
 * node receives at that URL, so they are its own, made by a subscribe call whose answer was lost.
 */
async function sweepOrphans(
	context: IHookFunctions,
	api: SubscriptionApi,
	webhookUrl: string,
): Promise<void> {
	if (!api.list) return;
	const orphans = (await api.list(context))
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
				if (state.webhookUrl !== withoutQuery(webhookUrlOf(this)) || !sameSet(state.events, events))
					return false;
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
						// Kept so n8n's retry of delete (or the next create) finishes the job.
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
		throw providerError(
			context.getNode(),
			provider.displayName,
			'subscribe',
			{ message: 'no event is selected' },
			'Choose at least one event in the trigger.',
		);
	}
	// Leftovers of an earlier attempt or of another event set: n8n retries a failed activation,
	// and a subscription nobody remembers would deliver forever.
	if (state.subscriptions?.length) {
		const { left, error } = await removeSubscriptions(context, api, state.subscriptions);
		state.subscriptions = left;
		if (error) throw error;
	}
	const webhookUrl = webhookUrlOf(context);
	if (api.sweepOrphans) await sweepOrphans(context, api, withoutQuery(webhookUrl));
	const secret = generateSecret();
	if (api.beforeSubscribe) await api.beforeSubscribe(context, hookUrl(webhookUrl, secret));
	const groups = api.scope === 'perEvent' ? events.map((event) => [event]) : [events];
	const results = await Promise.allSettled(
		groups.map(async (group) => {
			const url = hookUrl(webhookUrl, secret, api.eventInHookUrl ? group[0] : undefined);
			return { id: await subscribeOnce(context, api, { events: group, url }), events: group };
		}),
	);
	const made = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
	const failed = results.find((result) => result.status === 'rejected');
	if (failed) {
		const { left } = await removeSubscriptions(context, api, made);
		// What could not be rolled back stays remembered; the next create or delete removes it.
		state.subscriptions = left;
		// The provider's message may quote the hook URL, secret included.
		throw redactSecret(failed.reason, secret);
	}
	state.webhookUrl = withoutQuery(webhookUrl);
	state.events = events;
	state.secret = secret;
	state.subscriptions = made;
}

/**
 * Subscribes, retrying a 429 or 5xx with retryPolicy's backoff when that cannot leave a
 * duplicate behind: the provider's own subscribe call may not retry a create (a 5xx may come
 * after the provider saved it), but a trigger that sweeps orphans and makes one subscription
 * per URL removes whatever the failed attempt saved before trying again.
 */
async function subscribeOnce(
	context: IHookFunctions,
	api: SubscriptionApi,
	request: { events: string[]; url: string },
): Promise<string> {
	const safe = api.sweepOrphans === true && api.scope === 'allEvents' && api.list !== undefined;
	for (let attempt = 0; ; attempt++) {
		const [result] = await Promise.allSettled([api.subscribe(context, request)]);
		if (result.status === 'fulfilled') return result.value;
		const delays = retryPolicy.delaysMs;
		if (!safe || attempt >= delays.length || !isTransient(describeFailure(result.reason))) {
			throw result.reason;
		}
		await sleep(delays[attempt]);
		await sweepOrphans(context, api, withoutQuery(request.url));
	}
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
