import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { chosenEvents } from './events';
import { N8N, readableInThisN8n } from './n8nWords';
import {
	clearState,
	hookState,
	holdPublication,
	rememberFailedRemovals,
	rememberReplaced,
	retireSecret,
} from './hookState';
import { generateSecret, generateToken, hookUrl, urlSecretProblem } from './hookUrl';
import { PASTED_URL_LABELS, PASTED_URL_PARAMETERS } from './descriptions';
import { forgetInFlight, publicationInFlight } from './inFlight';
import { checkReachable } from './reachability';
import { scheduleSamples } from './samples';
import { redactSecret } from './providerErrors';
import {
	providerStillHas,
	sameSet,
	removeSubscriptions,
	sweepLostAnswers,
	sweepOrphans,
} from './providerSubscriptions';
import { retryTransient } from './transport';
import type { Provider, Subscription, SubscriptionApi } from './types';
import { withoutQuery } from './util';

/**
 * The trigger's webhookMethods, the same for every provider: subscribe on publish (concurrently,
 * one subscription per event where the provider wants that, retried on 429/5xx, rolled back on
 * failure), unsubscribe on unpublish (idempotent), and the editor's samples while it listens for
 * a test event.
 */

function webhookUrlOf(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new Error('n8n gave this trigger no webhook URL');
	return withoutQuery(url);
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
export function subscriptionLifecycle(provider: Provider): { default: WebhookMethods } {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await withReadableErrors(async () => await exists(this, provider));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await withReadableErrors(async () => await create(this, provider));
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await withReadableErrors(async () => await remove(this, provider));
			},
		},
	};
}

/** Runs a lifecycle method; an error it throws says everything in the words this n8n shows. */
async function withReadableErrors<T>(method: () => Promise<T>): Promise<T> {
	try {
		return await method();
	} catch (error) {
		throw readableInThisN8n(error);
	}
}

async function exists(context: IHookFunctions, provider: Provider): Promise<boolean> {
	const api = provider.subscriptionApi(context);
	// Without an API the user pasted the URL: create() must still run, for the samples.
	if (!api) return false;
	const state = hookState(context);
	if (!state.subscriptions?.length || !state.secret) return false;
	const events = chosenEvents(context, provider.events(context)).values;
	if (state.webhookUrl !== webhookUrlOf(context) || !sameSet(state.events, events)) return false;
	return await providerStillHas(context, api, state);
}

async function create(context: IHookFunctions, provider: Provider): Promise<boolean> {
	const api = provider.subscriptionApi(context);
	const events = chosenEvents(context, provider.events(context)).values;
	// Before any provider call: a subscription the provider can never call is not made at all.
	checkReachable(context, {
		provider: provider.displayName,
		webhookUrl: webhookUrlOf(context),
		providerAddress: await api?.address?.(context),
	});
	if (api) await subscribe(context, provider, api, events);
	else checkPastedUrlSecret(context);
	if (context.getActivationMode() === 'manual') await scheduleSamples(context, provider, events);
	return true;
}

/** A URL Secret the user will paste must survive the URL and be a secret. */
function checkPastedUrlSecret(context: IHookFunctions): void {
	const secret = context.getNodeParameter(PASTED_URL_PARAMETERS.secret, null) as unknown;
	if (typeof secret !== 'string') return;
	const problem = urlSecretProblem(secret);
	if (!problem) return;
	throw new NodeOperationError(context.getNode(), `The ${PASTED_URL_LABELS.secret} ${problem}`, {
		description: `Set the ${PASTED_URL_LABELS.secret} to a random string of letters, digits, "-" and "_" (e.g. from a password generator), paste the URL with the new secret in the provider, then ${N8N.publish} the workflow again.`,
	});
}

async function remove(context: IHookFunctions, provider: Provider): Promise<boolean> {
	const state = hookState(context);
	forgetInFlight(withoutQuery(context.getNodeWebhookUrl('default') ?? ''));
	const api = provider.subscriptionApi(context);
	if (api && state.subscriptions?.length) {
		const { removed, left, error } = await removeSubscriptions(context, api, state.subscriptions);
		// Deliveries already on their way through these still run, for the grace period.
		rememberReplaced(state, removed, Date.now());
		if (error) {
			// Kept so n8n's retry of delete (or the next create) finishes the job.
			rememberFailedRemovals(state, left);
			throw error;
		}
	}
	clearState(state);
	return true;
}

async function subscribe(
	context: IHookFunctions,
	provider: Provider,
	api: SubscriptionApi,
	events: string[],
): Promise<void> {
	const state = hookState(context);
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No event is selected', {
			description: `Choose at least one event in the trigger, then ${N8N.publish} the workflow again.`,
		});
	}
	// Leftovers of an earlier attempt or of another event set: n8n retries a failed activation,
	// and a subscription nobody remembers would deliver forever. Held ones whose removal the
	// provider confirms keep their deliveries running for the grace period.
	if (state.subscriptions?.length) {
		const { removed, left, error } = await removeSubscriptions(context, api, state.subscriptions);
		rememberReplaced(state, removed, Date.now());
		rememberFailedRemovals(state, left);
		if (error) throw error;
	}
	// From here on, no delivery through an earlier publication's other subscriptions starts a run.
	retireSecret(state);
	const webhookUrl = webhookUrlOf(context);
	const secret = generateSecret();
	if (api.beforeSubscribe) {
		await retryTransient(
			async () => await api.beforeSubscribe!(context, hookUrl(webhookUrl, secret)),
		);
	}

	const publication = publicationInFlight(webhookUrl, secret);
	const results = await subscribeEach(context, provider, api, {
		webhookUrl,
		secret,
		events,
		publication,
	});
	const subscribed = results.flatMap((result) =>
		result.status === 'fulfilled' ? [result.value] : [],
	);
	const failed = results.find((result) => result.status === 'rejected');
	// Orphans (left by a lost answer) are swept after subscribing, not before: the provider then
	// holds no subscription for this node for as short a time as can be.
	const sweepFailure =
		!failed && api.sweepOrphans
			? await sweepOrphans(context, api, webhookUrl, subscribed).then(
					() => undefined,
					(error: unknown) => ({ reason: error }),
				)
			: undefined;
	const failure = failed ?? sweepFailure;
	if (failure) {
		for (const subscription of subscribed) publication.mark(subscription.token!, 'lost');
		publication.done();
		const { left } = await removeSubscriptions(context, api, subscribed);
		rememberFailedRemovals(state, left, secret);
		if (failed) await sweepLostAnswers(context, api, webhookUrl, left);
		// The provider's message may quote the hook URL, secret included.
		throw redactSecret(failure.reason, secret);
	}
	holdPublication(state, { webhookUrl, events, secret, subscriptions: subscribed });
	publication.done();
}

/**
 * Subscribes the events (one group per subscription), concurrently. Each subscription is retried
 * on a 429 or 5xx: each attempt's URL carries its own token, recorded in the publication in
 * flight, and only the attempt whose answer arrived is held, so if a failed attempt was saved all
 * the same, its deliveries get 410 and start no run.
 */
async function subscribeEach(
	context: IHookFunctions,
	provider: Provider,
	api: SubscriptionApi,
	{
		webhookUrl,
		secret,
		events,
		publication,
	}: {
		webhookUrl: string;
		secret: string;
		events: string[];
		publication: ReturnType<typeof publicationInFlight>;
	},
): Promise<Array<PromiseSettledResult<Subscription>>> {
	const eventInUrl = api.scope === 'perEvent' && provider.deliveryShape(context).eventInUrl;
	const subscribeGroup = async (group: string[]): Promise<Subscription> =>
		await retryTransient(async () => {
			const token = generateToken();
			const event = eventInUrl ? group[0] : undefined;
			const url = hookUrl(webhookUrl, secret, { event, token });
			publication.mark(token, 'pending');
			const [answer] = await Promise.allSettled([api.subscribe(context, { events: group, url })]);
			publication.mark(token, answer.status === 'fulfilled' ? 'held' : 'lost');
			if (answer.status === 'rejected') throw answer.reason;
			return { id: answer.value, events: group, token };
		});
	const groups = api.scope === 'perEvent' ? events.map((event) => [event]) : [events];
	// A credential that logs in on its first call: one call first, so the others reuse its session.
	const first =
		groups.length > 1 && (await provider.loginPending?.(context))
			? await Promise.allSettled([subscribeGroup(groups[0])])
			: [];
	const rest = await Promise.allSettled(groups.slice(first.length).map(subscribeGroup));
	return [...first, ...rest];
}
