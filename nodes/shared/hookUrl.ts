import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * The hook URLs the trigger subscribes: `<webhook URL>?secret=…[&event=…]&subscription=…`. The
 * secret is the publication's, the token each subscribe attempt's own; together they tell which
 * subscription a delivery came through (route.ts).
 */

/** Query parameter carrying the URL secret in every hook URL the trigger registers. */
export const SECRET_PARAMETER = 'secret';
/** Query parameter naming the event, for providers whose deliveries do not say it. */
export const EVENT_PARAMETER = 'event';
/** Query parameter naming the subscribe attempt a hook URL was made for. */
export const SUBSCRIPTION_PARAMETER = 'subscription';

/** The shortest URL Secret a user may choose for a URL they paste in a provider. */
export const URL_SECRET_MIN_LENGTH = 20;

/**
 * What is wrong with a URL Secret a user chose, or undefined: too short to be a secret, or with a
 * character a query string changes (`+` reads as a space, `&` ends it, `#` is never sent), so the
 * pasted URL could never match.
 */
export function urlSecretProblem(secret: string): string | undefined {
	const unsafe = [...new Set(secret.replace(/[A-Za-z0-9._~-]/g, ''))];
	if (unsafe.length) {
		const shown = unsafe.map((character) => (character === ' ' ? 'a space' : `"${character}"`));
		return `contains ${shown.join(', ')}, which a URL does not carry as typed`;
	}
	if (secret.length < URL_SECRET_MIN_LENGTH) {
		return `is ${secret.length} characters long; it must have ${URL_SECRET_MIN_LENGTH} or more`;
	}
	return undefined;
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
