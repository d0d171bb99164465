import { createHash, createHmac } from 'crypto';
import {
	sleep,
	type INodeExecutionData,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { parseJsonBody } from './body';
import { PASTED_URL_PARAMETERS } from './descriptions';
import { readHookUrl } from './hookUrl';
import { deliveryKey } from './deliveryKey';
import { deliveryToEvents, eventsToItems, itemsOptions } from './items';
import { safeEqual } from './signatures';
import { retryTransient } from './transport';
import type { IncomingDelivery, Provider, Sample } from './types';
import type { DeliveredEvent, Malformed } from './coreTypes';
import { nodeOf, nodeParameter } from './nodeReads';

/**
 * n8n has no hook that shows samples for a webhook trigger. So while the editor listens for a
 * test event, create() posts the samples to the node's own test URL, and webhook() turns them
 * into the test run's items. The post carries a token webhook() can recompute from the
 * credentials alone: n8n stores the static data written by create() only after create()
 * returns, and the post may arrive before that (ARCHITECTURE.md, "Publish").
 */
export const SAMPLE_HEADER = 'x-resthooks-sample';
/**
 * For a webhook registered for GET (deliveries in the query string), the samples travel in this
 * query parameter, as base64url JSON: n8n answers 404 to any other method on the test URL.
 */
export const SAMPLES_PARAMETER = 'resthooks-samples';

export const sampleTiming = {
	/** Lets n8n finish registering the test webhook before the samples arrive. */
	delayMs: 1000,
	/** A token older than this is refused, so a captured sample post cannot be replayed later. */
	toleranceSeconds: 300,
};

export interface SampleDelivery {
	samples: Sample[];
}

async function sampleKey(
	context: IHookFunctions | IWebhookFunctions,
	provider: Provider,
): Promise<Buffer> {
	// Keyed by what only the user knows: the credential's secrets and the URL Secret of a pasted
	// URL. A trigger with neither accepts any delivery, so a token keyed by nothing secret (still
	// bound to this workflow and node, still only in test mode) exposes nothing more.
	const credentials =
		provider.credentialsInUse?.(context) === false
			? {}
			: await context.getCredentials(
					typeof provider.credentialType === 'string'
						? provider.credentialType
						: provider.credentialType(context),
				);
	const material = provider.credentialSecretFields.map((field) => String(credentials[field] ?? ''));
	material.push(String(nodeParameter(context, PASTED_URL_PARAMETERS.secret, '')));
	return createHash('sha256')
		.update(['n8n-nodes-resthooks sample', ...material].join('\u0000'))
		.digest();
}

function sign(key: Buffer, timestamp: number, workflowId: string, webhookId: string): string {
	return createHmac('sha256', key).update(`${timestamp}.${workflowId}.${webhookId}`).digest('hex');
}

function nodeIdentity(context: IHookFunctions | IWebhookFunctions): [string, string] {
	return [String(context.getWorkflow().id ?? ''), nodeOf(context).webhookId ?? ''];
}

export function samplesEnabled(context: IHookFunctions): boolean {
	return nodeParameter(context, 'options.samples', true) as boolean;
}

/**
 * In the editor's test mode: fetch the samples now, post them to the test URL a moment after
 * create() has returned. Failures only cost the samples: the user can still send a real event.
 */
export async function scheduleSamples(
	context: IHookFunctions,
	provider: Provider,
	events: string[],
): Promise<void> {
	if (!samplesEnabled(context)) return;
	const url = context.getNodeWebhookUrl('default');
	if (!url) return;
	let samples: Sample[];
	try {
		samples = await retryTransient(async () => await provider.samples(context, events));
	} catch (error) {
		context.logger.warn(
			`${provider.displayName}: no samples for the test event (${(error as Error).message})`,
		);
		return;
	}
	if (samples.length === 0) return;
	const key = await sampleKey(context, provider);
	const [workflowId, webhookId] = nodeIdentity(context);
	const delivery: SampleDelivery = { samples };
	const inQuery = provider.deliveryShape(context).source === 'query';
	const post = async () => {
		await sleep(sampleTiming.delayMs);
		const timestamp = Math.floor(Date.now() / 1000);
		const headers = {
			[SAMPLE_HEADER]: `t=${timestamp},v1=${sign(key, timestamp, workflowId, webhookId)}`,
		};
		await context.helpers.httpRequest(
			inQuery
				? {
						method: 'GET',
						url,
						qs: {
							[SAMPLES_PARAMETER]: Buffer.from(JSON.stringify(delivery)).toString('base64url'),
						},
						headers,
					}
				: { method: 'POST', url, body: delivery, json: true, headers },
		);
	};
	// Not awaited: n8n registers what create() stored only after create() returns.
	void post().catch((error: Error) => {
		context.logger.warn(`${provider.displayName}: could not post samples (${error.message})`);
	});
}

/**
 * The items of a sample request (its token already verified): the samples it carries in its body
 * or, for a GET webhook, its query string, read as deliveries of their events would be.
 */
export function sampleItems(
	context: IWebhookFunctions,
	provider: Provider,
	{ rawBody, query }: IncomingDelivery,
): INodeExecutionData[] | Malformed {
	const encoded = query[SAMPLES_PARAMETER];
	const parsed = parseJsonBody(
		typeof encoded === 'string' ? Buffer.from(encoded, 'base64url') : rawBody,
	);
	const samples = 'body' in parsed ? (parsed.body as SampleDelivery | null)?.samples : undefined;
	if (!Array.isArray(samples)) return { malformed: 'This sample delivery is malformed.' };
	const shape = provider.deliveryShape(context);
	const options = itemsOptions(context, provider, shape);
	const items: INodeExecutionData[] = [];
	for (const sample of samples) {
		const delivered = deliveryToEvents(
			sample.body,
			{ ...shape, batch: true },
			readHookUrl(query).event,
		);
		if ('malformed' in delivered) return delivered;
		const events: DeliveredEvent[] = delivered.map(({ wireEvent, payload }) => ({
			wireEvent: wireEvent ?? sample.event,
			payload,
		}));
		// Each sample as a delivery of its own, with the key a real one would carry (no header).
		const deliveryId = deliveryKey({ ...shape.identity, header: undefined }, {}, events);
		items.push(...eventsToItems(events, { ...options, deliveryId }));
	}
	return items;
}

/** True when a sample post carries a fresh token made with this node's credentials. */
export async function verifySampleToken(
	context: IWebhookFunctions,
	provider: Provider,
	header: string,
	nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
	const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header);
	if (!match) return false;
	const timestamp = Number(match[1]);
	if (Math.abs(nowSeconds - timestamp) > sampleTiming.toleranceSeconds) return false;
	const key = await sampleKey(context, provider);
	const [workflowId, webhookId] = nodeIdentity(context);
	return safeEqual(match[2], sign(key, timestamp, workflowId, webhookId));
}
