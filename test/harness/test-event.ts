import type { IDataObject } from 'n8n-workflow';

import { sampleTiming } from '../../nodes/shared/samples';
import { LoopbackServer, type LoggedRequest } from '../simulators/http';
import type { DeliveryOutcome, TriggerHarness } from './trigger';

export interface TestEventOutcome {
	/** What the trigger posted to its own test URL. */
	posted: LoggedRequest;
	/** What webhook() made of it in n8n's manual (test) mode. */
	outcome: DeliveryOutcome;
	/** The test registration's static data, as create() left it. */
	testStaticData: IDataObject;
}

/**
 * Does what n8n does when the user clicks "Listen for test event": create() in manual mode
 * with empty static data, then the first request to the test URL goes to webhook() in manual
 * mode, then delete(). A loopback server stands in for n8n's test webhook endpoint, so the
 * trigger's own sample post is really sent and received.
 */
export async function listenForTestEvent(
	trigger: TriggerHarness,
	{ timeoutMs = 5000 } = {},
): Promise<TestEventOutcome> {
	// Like n8n, the test URL answers only the HTTP method the trigger's webhook is registered for.
	const method = trigger.registeredMethod();
	const n8n = await new LoopbackServer((request) =>
		request.method === method
			? { status: 200, body: { message: 'Workflow was started' } }
			: {
					status: 404,
					body: { message: `This webhook is not registered for ${request.method} requests.` },
				},
	).start();
	const previousUrl = trigger.n8nUrl;
	const previousDelay = sampleTiming.delayMs;
	trigger.n8nUrl = n8n.url;
	sampleTiming.delayMs = 20;
	const testStaticData: IDataObject = {};
	try {
		await trigger.create(trigger.hookContext('manual', 'manual', testStaticData));
		const deadline = Date.now() + timeoutMs;
		while (n8n.log.length === 0 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		const [posted] = n8n.log;
		if (!posted) throw new Error('the trigger posted no sample to its test URL');
		if (posted.status !== 200) {
			throw new Error(`the sample request was answered ${posted.status}: it used ${posted.method}`);
		}
		const outcome = await trigger.deliver(
			{
				method: posted.method,
				headers: posted.headers as Record<string, string>,
				query: posted.query,
				body: posted.body,
			},
			'manual',
			testStaticData,
		);
		await trigger.delete(trigger.hookContext('manual', 'manual', testStaticData));
		return { posted, outcome, testStaticData };
	} finally {
		trigger.n8nUrl = previousUrl;
		sampleTiming.delayMs = previousDelay;
		await n8n.stop();
	}
}
