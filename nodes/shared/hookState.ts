import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { MAX_GRACE_MINUTES } from './options';
import type { Subscription } from './types';
import type { HookState, ReplacedSubscription } from './coreTypes';

/**
 * What create() leaves for webhook() and delete() in the node's static data, and its only
 * writers. The hook URLs it subscribes are hookUrl.ts's; which subscription a delivery came
 * through, route.ts's.
 */

/** Secrets of earlier publications remembered, so their leftover subscriptions get 410. */
const RETIRED_SECRETS_KEPT = 20;

/** Replaced subscriptions remembered at most, newest first (a republish of 20 events is 20). */
const REPLACED_KEPT = 100;

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
export function rememberFailedRemovals(
	state: HookState,
	left: Subscription[],
	secret = state.secret,
): void {
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
