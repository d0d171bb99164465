import {
	NodeOperationError,
	type IDataObject,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import type { Diagnosis, Refusal } from './coreTypes';

/**
 * Telling the user why a delivery started no run. The sender gets its plain answer (401, 400…);
 * the user gets the reason and what to change: in the editor's test mode the test run ends with
 * it, in production n8n's log gets it, at a bounded rate per node.
 */

/** At most this many refusals of one node are logged per window; the others are counted. */
export const refusalLogPolicy = { perWindow: 5, windowMs: 60_000 };

/** Nodes whose refusals are counted at once; beyond, the oldest window is forgotten. */
const NODES_TRACKED = 1000;

interface Window {
	startedAt: number;
	logged: number;
	suppressed: number;
}

const windows = new Map<string, Window>();

/**
 * Whether a refusal of `node` may be logged now; with how many were not logged since the last
 * one (undefined when it may not).
 */
function admit(node: string, now = Date.now()): number | undefined {
	let window = windows.get(node);
	if (!window || now - window.startedAt >= refusalLogPolicy.windowMs) {
		const suppressed = window?.suppressed ?? 0;
		windows.delete(node);
		if (windows.size >= NODES_TRACKED) windows.delete(windows.keys().next().value as string);
		window = { startedAt: now, logged: 0, suppressed };
		windows.set(node, window);
	}
	if (window.logged >= refusalLogPolicy.perWindow) {
		window.suppressed++;
		return undefined;
	}
	window.logged++;
	const suppressed = window.suppressed;
	window.suppressed = 0;
	return suppressed;
}

/** Forgets every window (tests). */
export function resetRefusalLog(): void {
	windows.clear();
}

/** Answers the sender at once, whatever webhook() does next. */
export function answerNow(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject | undefined,
): void {
	const response = context.getResponseObject().status(status);
	if (status === 204 || body === undefined) response.end();
	else response.json(body).end();
}

/**
 * Tells the user why a delivery started no run. In the editor's test mode it throws: n8n ends
 * the test run with this error on the trigger (the sender was answered already). In production
 * it logs a warning, never the secret, the signature or the body.
 */
export function reportRefusal(
	context: IWebhookFunctions,
	provider: string,
	status: number,
	explain: () => Diagnosis,
): void {
	const node = context.getNode();
	if (context.getMode() === 'manual') {
		const { reason, hint } = explain();
		throw new NodeOperationError(
			node,
			`${provider} sent a test delivery that started no run (HTTP ${status}): ${reason}`,
			{ description: hint },
		);
	}
	const workflowId = String(context.getWorkflow().id ?? '');
	const suppressed = admit(`${workflowId}:${node.id}`);
	if (suppressed === undefined) return;
	const { reason, hint } = explain();
	const more =
		suppressed > 0 ? ` (${suppressed} earlier refusals of this trigger were not logged)` : '';
	context.logger.warn(
		`${provider} trigger "${node.name}" of workflow ${workflowId} refused a delivery (HTTP ${status}): ${reason}. ${hint}${more}`,
		{ workflowId, nodeName: node.name, status, reason, hint },
	);
}

/** Refuses a delivery: the sender's answer, then the user's explanation. No run. */
export function refuseDelivery(
	context: IWebhookFunctions,
	provider: string,
	refusal: Refusal,
): IWebhookResponseData {
	answerNow(context, refusal.status, { message: refusal.message });
	reportRefusal(context, provider, refusal.status, refusal.explain);
	return { noWebhookResponse: true };
}
