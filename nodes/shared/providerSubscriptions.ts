import type { IHookFunctions } from 'n8n-workflow';

import { describeFailure } from '../../credentials/common/http';
import { isAlreadyGone } from './providerErrors';
import { retryTransient } from './transport';
import type { Subscription, SubscriptionApi } from './types';
import type { HookState } from './coreTypes';
import { withoutQuery } from './util';

/**
 * The provider's subscriptions seen from the lifecycle (subscriptions.ts): removing them, checking
 * they are still listed, and sweeping what a lost subscribe answer left. Every call is retried on
 * 429/5xx; "already gone" counts as removed.
 */

export function sameSet(a: string[] = [], b: string[] = []): boolean {
	const left = new Set(a);
	return left.size === new Set(b).size && b.every((value) => left.has(value));
}

/**
 * Removes subscriptions, concurrently, counting "already gone" as removed. Returns those removed
 * and those that could not be, with the first error, so nothing is forgotten while it still
 * exists on the provider.
 */
export async function removeSubscriptions(
	context: IHookFunctions,
	api: SubscriptionApi,
	subscriptions: Subscription[],
): Promise<{ removed: Subscription[]; left: Subscription[]; error?: unknown }> {
	const results = await Promise.allSettled(
		subscriptions.map(
			async (subscription) =>
				await retryTransient(async () => await api.unsubscribe(context, subscription.id)),
		),
	);
	const removed: Subscription[] = [];
	const left: Subscription[] = [];
	let firstError: unknown;
	results.forEach((result, index) => {
		if (
			result.status === 'fulfilled' ||
			isAlreadyGone(describeFailure(result.reason), api.notFoundWords)
		) {
			removed.push(subscriptions[index]);
			return;
		}
		left.push(subscriptions[index]);
		firstError ??= result.reason;
	});
	return { removed, left, error: firstError };
}

/** True when every subscription the trigger remembers is still listed with its URL and events. */
export async function providerStillHas(
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

/**
 * Removes listed subscriptions to this node's URL other than `keep`: only this node receives at
 * that URL, so they are its own, made by a subscribe call whose answer was lost.
 */
export async function sweepOrphans(
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
		.filter((entry) => entry.url !== undefined && withoutQuery(entry.url) === webhookUrl)
		.map((entry) => ({ id: entry.id, events: entry.events ?? [] }));
	const { error } = await removeSubscriptions(context, api, orphans);
	if (error) throw error;
}

/**
 * After a failed subscribe attempt, where the provider lists subscriptions: removes what the
 * attempt may have saved. Best effort: those deliveries get 410 anyway.
 */
export async function sweepLostAnswers(
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
