import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { recentDeliveries } from './dedupe';
import {
	deliveryLimits,
	deliveryToEvents,
	eventsToItems,
	parseJsonBody,
	type DeliveredEvent,
} from './deliveries';
import { chosenEvents, createEventMatcher } from './events';
import { hookState, subscriptionRoute, SUBSCRIPTION_PARAMETER } from './lifecycle';
import { SAMPLE_HEADER, sampleDeliveryOf, verifySampleToken } from './samples';
import { STRIPE_SIGNATURE_HEADER, verifyStandardWebhook, verifyStripeSignature } from './schemes';
import type { DeliveryAuth, RestHookProvider } from './types';
import { verifySecret, verifySignature } from './verify';

function header(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function bytes(count: number): string {
	const mib = count / (1024 * 1024);
	return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${count} bytes`;
}

/** Checks a delivery against the provider's scheme. Never throws. */
export function isAuthentic(
	auth: DeliveryAuth,
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
	query: IDataObject,
	nowSeconds?: number,
): boolean {
	switch (auth.scheme) {
		case 'none':
			return true;
		case 'urlSecret':
			return verifySecret(query[auth.parameter], auth.secrets);
		case 'hmac':
			return verifySignature(rawBody, headers[auth.header.toLowerCase()], auth);
		case 'standardWebhooks':
			return verifyStandardWebhook(rawBody, headers, { nowSeconds, ...auth });
		case 'stripe': {
			const name = (auth.header ?? STRIPE_SIGNATURE_HEADER).toLowerCase();
			return verifyStripeSignature(rawBody, headers[name], { nowSeconds, ...auth });
		}
	}
}

/**
 * A query-string delivery as a payload: the hook URL's own secret and subscription token are the
 * trigger's, not data the provider sent, so they must not reach the workflow's items (nor
 * execution logs).
 */
export function queryPayload(query: IDataObject, auth: DeliveryAuth): IDataObject {
	const payload = { ...query };
	delete payload[SUBSCRIPTION_PARAMETER];
	if (auth.scheme === 'urlSecret') delete payload[auth.parameter];
	return payload;
}

function reject(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ message }).end();
	return { noWebhookResponse: true };
}

/**
 * Answer for a delivery through a subscription the trigger does not hold (see subscriptionRoute):
 * 410 Gone, which REST-hook senders take as "remove this subscription". No run.
 */
function gone(context: IWebhookFunctions): IWebhookResponseData {
	return reject(
		context,
		410,
		'This subscription is no longer active: the trigger holds another one for these events. Remove this one.',
	);
}

/** Answer for a delivery that was accepted but starts no run (filtered out, or a retry). */
function acknowledge(body: IDataObject | undefined, reason: string): IWebhookResponseData {
	return { webhookResponse: body ?? { message: reason } };
}

/**
 * Answers an accepted delivery with the sender's expected status itself, as n8n's answer always
 * has the status the webhook description gives; the run (if any) still starts.
 */
function acceptWithStatus(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject | undefined,
	reason: string,
	items?: INodeExecutionData[],
): IWebhookResponseData {
	const response = context.getResponseObject().status(status);
	if (status === 204) response.end();
	else response.json(body ?? { message: reason }).end();
	return items ? { noWebhookResponse: true, workflowData: [items] } : { noWebhookResponse: true };
}

/**
 * The trigger's webhook(): authenticate (401), parse (400), drop retries, split and filter, and
 * start a run with one item per event. Samples posted by create() in the editor's test mode are
 * accepted only there and only with a valid sample token.
 */
export async function receiveDelivery(
	this: IWebhookFunctions,
	provider: RestHookProvider,
): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const headers = request.headers;
	const query = (request.query ?? {}) as IDataObject;
	const rawBody: Buffer = request.rawBody ?? Buffer.alloc(0);
	const shape = provider.deliveryShape(this);
	const maxBodyBytes = shape.maxBodyBytes ?? deliveryLimits.maxBodyBytes;
	if (rawBody.length > maxBodyBytes) {
		// Refused before checking or parsing it: neither should cost more than the limit allows.
		return reject(this, 413, `This delivery is larger than the ${bytes(maxBodyBytes)} accepted.`);
	}
	const offered = provider.events(this);
	const itemsOptions = {
		selection: chosenEvents(this, offered),
		matchEvent: createEventMatcher(offered),
		receivedAt: new Date().toISOString(),
		enrich: shape.enrich,
	};

	const sampleToken = header(headers[SAMPLE_HEADER]);
	if (sampleToken !== undefined) {
		if (this.getMode() !== 'manual' || !(await verifySampleToken(this, provider, sampleToken))) {
			return reject(this, 401, 'This sample delivery could not be authenticated.');
		}
		const delivery = sampleDeliveryOf(rawBody, query);
		if ('malformed' in delivery) return reject(this, 400, delivery.malformed);
		const events: DeliveredEvent[] = [];
		for (const sample of delivery.samples) {
			const delivered = deliveryToEvents(sample.body, { ...shape, batch: true }, query);
			if ('malformed' in delivered) return reject(this, 400, delivered.malformed);
			for (const { wireEvent, payload } of delivered) {
				events.push({ wireEvent: wireEvent ?? sample.event, payload });
			}
		}
		return { workflowData: [eventsToItems(events, itemsOptions)] };
	}

	const state = hookState(this);
	const auth = await provider.deliveryAuth(this, state.secret);
	const route = subscriptionRoute(state, query);
	if (!isAuthentic(auth, rawBody, headers, query)) {
		// A URL secret of an earlier publication is a real one: that sender should drop it.
		if (auth.scheme === 'urlSecret' && route === 'gone') return gone(this);
		return reject(this, 401, 'This delivery could not be authenticated.');
	}
	if (route === 'gone') return gone(this);

	const parsed =
		shape.source === 'query' ? { body: queryPayload(query, auth) } : parseJsonBody(rawBody);
	if ('malformed' in parsed) return reject(this, 400, parsed.malformed);
	const events = deliveryToEvents(parsed.body, shape, query);
	if ('malformed' in events) return reject(this, 400, events.malformed);

	/** The answer to an accepted delivery, with or without a run: as the provider expects it. */
	const accept = (reason: string, items?: INodeExecutionData[]): IWebhookResponseData => {
		if (shape.acceptedStatus) {
			return acceptWithStatus(this, shape.acceptedStatus, shape.acceptedResponse, reason, items);
		}
		if (!items) return acknowledge(shape.acceptedResponse, reason);
		return shape.acceptedResponse
			? { workflowData: [items], webhookResponse: shape.acceptedResponse }
			: { workflowData: [items] };
	};

	const deliveryId = shape.deliveryIdHeader
		? header(headers[shape.deliveryIdHeader.toLowerCase()]) || undefined
		: undefined;
	if (deliveryId) {
		const key = `${this.getWorkflow().id}:${this.getNode().id}:${deliveryId}`;
		if (recentDeliveries.seen(key)) return accept('Delivery already received; no new run.');
	}

	const items: INodeExecutionData[] = eventsToItems(events, { ...itemsOptions, deliveryId });
	if (items.length === 0) return accept('No selected event in this delivery; no run.');
	return accept('Workflow was started', items);
}
