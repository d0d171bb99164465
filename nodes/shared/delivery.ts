import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { authenticate } from './authentication';
import { deliveryLimits, describeSize, parseDelivery } from './body';
import { recentDeliveries } from './dedupe';
import { deliveryToEvents, eventsToItems, itemsOptions } from './items';
import { sampleItems } from './samples';
import type { DeliveryShape, IncomingDelivery, RestHookProvider } from './types';
import { first } from './util';

/**
 * The trigger's webhook(), in this order: refuse an oversized body (413), authenticate (401, or
 * 410 through a subscription the trigger does not hold), parse (400), drop a retry of a delivery
 * already received, split and filter the events, and start a run with one item per event. Each
 * refusal starts no run; every accepted delivery is answered as the provider expects.
 */
export async function receiveDelivery(
	this: IWebhookFunctions,
	provider: RestHookProvider,
): Promise<IWebhookResponseData> {
	const request = incomingDelivery(this);
	if (request.rawBody.length > deliveryLimits.maxBodyBytes) {
		// Refused before checking or parsing it: neither should cost more than the limit allows.
		const limit = describeSize(deliveryLimits.maxBodyBytes);
		return refuse(this, 413, `This delivery is larger than the ${limit} accepted.`);
	}
	const verdict = await authenticate(this, provider, request);
	if (!verdict.accepted) return refuse(this, verdict.status, verdict.message);
	if (verdict.sample) {
		const samples = sampleItems(this, provider, request);
		return 'malformed' in samples
			? refuse(this, 400, samples.malformed)
			: { workflowData: [samples] };
	}

	const shape = provider.deliveryShape(this);
	const parsed = parseDelivery(request, shape);
	if ('malformed' in parsed) return refuse(this, 400, parsed.malformed);
	const events = deliveryToEvents(parsed.body, shape, request.query);
	if ('malformed' in events) return refuse(this, 400, events.malformed);

	const deliveryId = shape.deliveryIdHeader
		? first(request.headers[shape.deliveryIdHeader.toLowerCase()]) || undefined
		: undefined;
	if (
		deliveryId &&
		recentDeliveries.seen(`${this.getWorkflow().id}:${this.getNode().id}:${deliveryId}`)
	) {
		return accept(this, shape, 'Delivery already received; no new run.');
	}
	const items = eventsToItems(events, { ...itemsOptions(this, provider, shape), deliveryId });
	if (items.length === 0) return accept(this, shape, 'No selected event in this delivery; no run.');
	return accept(this, shape, 'Workflow was started', items);
}

export function incomingDelivery(context: IWebhookFunctions): IncomingDelivery {
	const request = context.getRequestObject();
	return {
		headers: request.headers,
		query: (request.query ?? {}) as IDataObject,
		rawBody: request.rawBody ?? Buffer.alloc(0),
	};
}

/** A refused delivery: answered at once with the status and why, and no run. */
export function refuse(
	context: IWebhookFunctions,
	status: number,
	message: string,
): IWebhookResponseData {
	context.getResponseObject().status(status).json({ message }).end();
	return { noWebhookResponse: true };
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
	const response = context.getResponseObject().status(answer.status);
	if (answer.status === 204) response.end();
	else response.json(body).end();
	return { ...workflowData, noWebhookResponse: true };
}
