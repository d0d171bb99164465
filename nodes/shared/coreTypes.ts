import type { IDataObject } from 'n8n-workflow';

import type { Subscription } from './types';

/**
 * The types several files of the core share (types.ts holds the provider contract): the stored
 * state, a delivery's route, its events, and what a refused or unreadable one is told.
 */

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

/**
 * How a delivery relates to the subscriptions the trigger holds, read from its hook URL:
 * - `held`: the URL of a subscription the trigger holds;
 * - `replaced`: the URL of a subscription it held and removed with the provider's confirmation,
 *   less than the node's grace period ago (`gracePeriodMs` in route.ts, read only then);
 * - `gone`: the URL of a subscription it does not hold: made by an attempt whose answer was lost,
 *   left by an earlier publication whose removal failed, replaced longer ago than the grace
 *   period, or forgotten. Its deliveries must start no run (answered 410, which REST-hook senders
 *   take as "drop this subscription");
 * - `direct`: a URL that names no subscription of the trigger's (pasted by the user).
 */
export type SubscriptionRoute = 'held' | 'replaced' | 'gone' | 'direct';

/**
 * Why a delivery failed authentication, and what the user can change: for n8n's log and the
 * editor's test run, never for the sender (who gets a plain 401). Computed only when it will be
 * shown. Nothing here repeats a secret, a signature or the body: only header names, lengths and
 * the names of settings.
 */
export interface Diagnosis {
	/** What happened, e.g. "the delivery is signed with HMAC-SHA1, hex, not HMAC-SHA256". */
	reason: string;
	/** What to change, naming the setting. */
	hint: string;
}

/** A delivery the trigger could not read, with a message fit for the sender (answered with 400). */
export interface Malformed {
	malformed: string;
}

export interface DeliveredEvent {
	/** The event as named on the wire (mapped to a provider value later); undefined when unnamed. */
	wireEvent: string | undefined;
	payload: IDataObject;
}

/** A delivery the trigger turns away. */
export interface Refusal {
	status: number;
	/** What the sender is told: nothing that would help it forge a delivery. */
	message: string;
	/** Why, and what to change: computed only when it is shown. */
	explain(): Diagnosis;
}
