import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { authenticate } from './authentication';
import { deliveryLimits, describeSize, parseDelivery } from './body';
import { recentDeliveries, type Claim } from './dedupe';
import { deliveryKey } from './deliveryKey';
import {
	DEFAULT_DELIVERY_WINDOW_MINUTES,
	DELIVERY_WINDOW_PARAMETER,
	MAX_DELIVERY_WINDOW_MINUTES,
} from './options';
import { readHookUrl } from './hookUrl';
import { nodeOf, nodeParameter, withNodeCopy } from './nodeReads';
import { deliveryToEvents, eventsToItems, itemsOptions } from './items';
import { answerNow, refuseDelivery, reportRefusal } from './refusals';
import { sampleItems } from './samples';
import type { DeliveryShape, IncomingDelivery, Provider } from './types';
import type { DeliveredEvent, Malformed, Refusal } from './coreTypes';

type Request = ReturnType<IWebhookFunctions['getRequestObject']>;

/**
 * The trigger's webhook(), in this order: refuse an oversized body (413), authenticate (401, or
 * 410 through a subscription the trigger does not hold), parse (400), drop a retry of a delivery
 * n8n already answered 2xx within the window, known by its key (503 while the first is not
 * answered yet), split and filter the
 * events, and start a run with one item per event. Each refusal starts no run; every accepted
 * delivery is answered as the provider expects.
 */
export async function receiveDelivery(
	this: IWebhookFunctions,
	provider: Provider,
): Promise<IWebhookResponseData> {
	return await withNodeCopy(this, () => receive.call(this, provider));
}

async function receive(this: IWebhookFunctions, provider: Provider): Promise<IWebhookResponseData> {
	const incoming = this.getRequestObject();
	if (incoming.rawBody === undefined && incoming.method !== 'GET' && incoming.method !== 'HEAD') {
		// n8n reads the body for its own parsing, but from node version 2 on only for the content
		// types it knows (JSON, text, form, XML): another one, or none, is read here.
		await incoming.readRawBody?.();
	}
	const request = incomingDelivery(incoming);
	if (request.rawBody.length > deliveryLimits.maxBodyBytes) {
		// Refused before checking or parsing it: neither should cost more than the limit allows.
		return refuseDelivery(this, provider.displayName, tooLarge(provider.displayName));
	}
	const verdict = await authenticate(this, provider, request);
	if (!verdict.accepted) return refuseDelivery(this, provider.displayName, verdict);
	if (verdict.sample) {
		const samples = sampleItems(this, provider, request);
		if ('malformed' in samples)
			return refuseDelivery(this, provider.displayName, unreadable(samples));
		return { workflowData: [samples] };
	}

	const shape = provider.deliveryShape(this);
	const url = readHookUrl(request.query);
	const parsed = parseDelivery({ rawBody: request.rawBody, payloadQuery: url.payloadQuery }, shape);
	const events = 'malformed' in parsed ? parsed : deliveryToEvents(parsed.body, shape, url.event);
	if ('malformed' in events) return refuseDelivery(this, provider.displayName, unreadable(events));

	const deliveryId = deliveryKey(shape.identity ?? {}, request.headers, events);
	const claim = shape.identity?.neverRetried ? 'new' : claimDelivery(this, deliveryId);
	if (claim === 'received') return accept(this, shape, 'Delivery already received; no new run.');
	if (claim === 'in progress') {
		// The first delivery with this id is not answered yet: if n8n fails to store it, this one
		// must run. The provider retries a 503 later, when the first one's fate is known.
		answerNow(this, 503, { message: 'This delivery is being received already; retry later.' });
		return { noWebhookResponse: true };
	}
	const items = eventsToItems(events, { ...itemsOptions(this, provider, shape), deliveryId });
	if (items.length === 0) return unselected(this, provider, shape, events);
	return accept(this, shape, 'Workflow was started', items);
}

/**
 * Whether this node received a delivery with this key within the window the user set: answered
 * 2xx by n8n (no new run), not answered yet, or new (n8n's answer to this request decides what it
 * becomes). A window of 0 remembers nothing, and neither does the editor's test mode: each "Listen
 * for test event" takes one request, and a user sending the same test payload again (a replayed
 * curl) expects a run, not a silent 200 while the editor keeps waiting.
 */
function claimDelivery(context: IWebhookFunctions, deliveryId: string): Claim {
	const minutes = nodeParameter(
		context,
		`options.${DELIVERY_WINDOW_PARAMETER}`,
		DEFAULT_DELIVERY_WINDOW_MINUTES,
	);
	const window =
		typeof minutes === 'number' && minutes >= 0
			? Math.min(minutes, MAX_DELIVERY_WINDOW_MINUTES)
			: DEFAULT_DELIVERY_WINDOW_MINUTES;
	if (window === 0 || context.getMode() === 'manual') return 'new';
	// Production only: while the editor listens, a provider may send one event to the test URL and
	// to the production URL (two subscriptions); each must run.
	return recentDeliveries.claim(
		`${context.getWorkflow().id}:${nodeOf(context).id}:${deliveryId}`,
		context.getResponseObject(),
		window,
	);
}

function tooLarge(provider: string): Refusal {
	const limit = describeSize(deliveryLimits.maxBodyBytes);
	return {
		status: 413,
		message: `This delivery is larger than the ${limit} accepted.`,
		explain: () => ({
			reason: `its body is larger than the ${limit} a delivery may be`,
			hint: `Have ${provider} send smaller deliveries (fewer events per batch).`,
		}),
	};
}

function unreadable({ malformed }: Malformed): Refusal {
	return {
		status: 400,
		message: malformed,
		explain: () => ({
			reason: `its body could not be read (${malformed})`,
			hint: 'A delivery must be a JSON object, or a JSON array of them where the trigger accepts batches.',
		}),
	};
}

/**
 * An accepted delivery of no selected event: no run. While the editor listens for a test event,
 * the test ends with the names to add instead of waiting on.
 */
function unselected(
	context: IWebhookFunctions,
	provider: Provider,
	shape: DeliveryShape,
	events: DeliveredEvent[],
): IWebhookResponseData {
	const reason = 'No selected event in this delivery; no run.';
	if (context.getMode() !== 'manual') return accept(context, shape, reason);
	answerNow(context, shape.answer?.status ?? 200, shape.answer?.body ?? { message: reason });
	const names = [...new Set(events.map(({ wireEvent }) => wireEvent ?? '(none)'))];
	reportRefusal(context, provider.displayName, shape.answer?.status ?? 200, () => ({
		reason: `its event ${names.map((name) => `"${name}"`).join(', ')} is not among the trigger's events`,
		hint: 'Add the event to Events (or choose All Events), then listen for a test event again.',
	}));
	return { noWebhookResponse: true };
}

/** The request as the trigger reads it, its body read: headers, query, raw body. */
function incomingDelivery(request: Request): IncomingDelivery {
	return {
		headers: request.headers,
		query: (request.query ?? {}) as IDataObject,
		rawBody: request.rawBody ?? Buffer.alloc(0),
	};
}

/**
 * An accepted delivery, with a run when there are items: answered the way the provider expects
 * (its status and body), or with n8n's own answer.
 */
function accept(
	context: IWebhookFunctions,
	{ answer }: DeliveryShape,
	reason: string,
	items?: INodeExecutionData[],
): IWebhookResponseData {
	const workflowData = items ? { workflowData: [items] } : {};
	const body = answer?.body ?? { message: reason };
	if (answer?.status === undefined || answer.status === 200) {
		return answer?.body || !items ? { ...workflowData, webhookResponse: body } : workflowData;
	}
	// n8n answers with the status of the webhook description; another one must be sent here.
	answerNow(context, answer.status, body);
	return { ...workflowData, noWebhookResponse: true };
}
