import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';
import { nodeOf } from './nodeReads';

/**
 * The credentials a delivery is checked against (signing secrets), kept in this process's
 * memory between deliveries. Reading them through n8n costs an expression isolate per delivery
 * with n8n's default settings (its credentials helper builds a workflow to resolve them), about
 * as much as the rest of the delivery. Kept only in memory, never in static data, logs or items.
 *
 * A cached copy can be stale after the user changes the credential, so authenticate() reads the
 * credential again whenever a check against a cached copy fails: a new secret is honoured on the
 * very next delivery, and a forged delivery costs one read, as without the cache. A copy is also
 * used for `maxAgeMs` at most, so a secret removed from the credential stops being accepted
 * within that time even while no delivery fails.
 */
export const credentialCachePolicy = { maxAgeMs: 10_000 };

/** Credentials cached at once; beyond, the oldest is forgotten. */
const ENTRIES_KEPT = 500;

interface Entry {
	data: ICredentialDataDecryptedObject;
	readAt: number;
}

const entries = new Map<string, Entry>();
/** The webhook() calls that were answered from the cache, and so may retry with a fresh read. */
const servedFromCache = new WeakSet<IWebhookFunctions>();

function keyOf(context: IWebhookFunctions, type: string): string | undefined {
	const id = nodeOf(context).credentials?.[type]?.id;
	return id ? `${type}:${id}` : undefined;
}

/** The node's credential of `type`, from the cache while it is fresh. */
export async function deliveryCredentials(
	context: IWebhookFunctions,
	type: string,
): Promise<ICredentialDataDecryptedObject> {
	const key = keyOf(context, type);
	const cached = key === undefined ? undefined : entries.get(key);
	if (cached && Date.now() - cached.readAt < credentialCachePolicy.maxAgeMs) {
		servedFromCache.add(context);
		return cached.data;
	}
	const data = await context.getCredentials(type);
	if (key !== undefined) {
		entries.delete(key);
		if (entries.size >= ENTRIES_KEPT) entries.delete(entries.keys().next().value as string);
		entries.set(key, { data, readAt: Date.now() });
	}
	return data;
}

/**
 * After a failed check: when this delivery was checked against cached credentials, forgets
 * them and says so, so the caller checks again with a fresh read.
 */
export function forgetCachedCredentials(context: IWebhookFunctions): boolean {
	if (!servedFromCache.has(context)) return false;
	servedFromCache.delete(context);
	for (const [type, { id }] of Object.entries(nodeOf(context).credentials ?? {})) {
		if (id) entries.delete(`${type}:${id}`);
	}
	return true;
}

/** Forgets every cached credential (tests). */
export function clearCredentialCache(): void {
	entries.clear();
}
