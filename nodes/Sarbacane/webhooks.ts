import type { IHookFunctions } from 'n8n-workflow';

import { missingIdError } from '../shared/providerErrors';
import { baseUrl } from '../../credentials/common/http';
import { providerRequest } from '../shared/transport';
import type { ListedSubscription, SubscriptionApi } from '../shared/types';
import { isObject } from '../../credentials/common/json';

/** Sarbacane's webhooks API (/v1/webhooks): one webhook carrying every chosen kind. */

export const SARBACANE_CREDENTIAL = 'sarbacaneApi';
export const SARBACANE = 'Sarbacane';
const PROVIDER = SARBACANE;

async function apiUrl(context: IHookFunctions): Promise<string> {
	return baseUrl((await context.getCredentials(SARBACANE_CREDENTIAL)).baseUrl);
}

function webhookName(context: IHookFunctions): string {
	const workflow = context.getWorkflow();
	const name = `n8n: ${workflow.name ?? `workflow ${workflow.id}`} (${context.getNode().name})`;
	return name.length > 100 ? `${name.slice(0, 99)}…` : name;
}

/** The webhook id of a create answer; its exact shape is undocumented. */
function createdId(response: unknown): string | undefined {
	if (typeof response === 'string' && response.trim()) return response.trim();
	if (!isObject(response)) return undefined;
	for (const key of ['id', '_id', 'webhookId']) {
		const value = response[key];
		if ((typeof value === 'string' && value) || typeof value === 'number') return String(value);
	}
	return isObject(response.webhook) ? createdId(response.webhook) : undefined;
}

/** `GET /webhooks` entries; an array, or one inside `webhooks`, `data` or `items`. */
function listedWebhooks(response: unknown): ListedSubscription[] {
	const entries = Array.isArray(response)
		? response
		: isObject(response)
			? ([response.webhooks, response.data, response.items].find(Array.isArray) ?? [])
			: [];
	return (entries as unknown[]).filter(isObject).flatMap((entry) => {
		const id = createdId(entry);
		if (id === undefined) return [];
		return [
			{
				id,
				url: typeof entry.url === 'string' ? entry.url : undefined,
				events: Array.isArray(entry.kinds) ? entry.kinds.map(String) : undefined,
			},
		];
	});
}

export const webhooksApi: SubscriptionApi = {
	// One webhook carries every chosen kind.
	scope: 'allEvents',
	// A create whose answer is lost (timeout, 5xx) may still have saved the webhook.
	sweepOrphans: true,
	address: apiUrl,
	async subscribe(context, { events, url }) {
		const action = `create a webhook for ${events.join(', ')}`;
		const response = await providerRequest(
			context,
			{ provider: PROVIDER, credentialType: SARBACANE_CREDENTIAL, action },
			{
				method: 'POST',
				url: `${await apiUrl(context)}/webhooks`,
				body: { url, displayName: webhookName(context), kinds: events },
			},
		);
		const id = createdId(response);
		if (id === undefined) throw missingIdError(context.getNode(), PROVIDER, action, 'webhook id');
		return id;
	},
	async unsubscribe(context, id) {
		await providerRequest(
			context,
			{
				provider: PROVIDER,
				credentialType: SARBACANE_CREDENTIAL,
				action: `delete webhook "${id}"`,
			},
			{ method: 'DELETE', url: `${await apiUrl(context)}/webhooks/${encodeURIComponent(id)}` },
		);
	},
	async list(context) {
		const response = await providerRequest(
			context,
			{
				provider: PROVIDER,
				credentialType: SARBACANE_CREDENTIAL,
				action: 'list webhooks',
			},
			{ method: 'GET', url: `${await apiUrl(context)}/webhooks` },
		);
		return listedWebhooks(response);
	},
};
