import { randomUUID } from 'node:crypto';

import { WeavySimulator } from '../simulators/weavy';
import {
	N8nApi,
	waitFor,
	type Execution,
	type Workflow,
	type WorkflowInput,
	type WorkflowNode,
} from './harness/api';
import { withN8nLog } from './harness/diagnostics';
import type { N8nHandle } from './harness/n8n';
import { credentialData, startSuite } from './harness/suite';
import { PACKAGE_NAME } from './harness/paths';
import { servedAt } from './harness/triggers';

const DELIVERIES = 500;
/** Sarbacane retries a delivery 10 times; GetResponse retries too. */
const MAX_RETRIES = 10;
const URL_SECRET = 'e2e-load-secret-7c3a9f1d2b8e';
const OPENED = {
	type: 'contact_opened_message',
	contact: { contactId: 'abc123', email: 'example@example.com' },
	account: { accountId: 'def456' },
	event: { occurredAt: '2021-04-27T12:56:00+00:00' },
};

interface Answer {
	status: number;
	body: string;
}

/**
 * Delivery load in a real n8n: 500 authenticated deliveries sent at once to a published trigger
 * give exactly 500 executions, none lost and none doubled; GetResponse retries of one
 * X-Webhook-ID give one.
 */
describe('delivery load in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let weavy: WeavySimulator;
	const inN8n = <T>(body: () => Promise<T>) => withN8nLog(() => n8n, body);

	beforeAll(async () => {
		weavy = await new WeavySimulator().start();
		({ n8n, api } = await startSuite());
	});

	afterAll(async () => {
		await n8n?.stop();
		await weavy.stop();
	});

	function oneNode(name: string, node: Omit<WorkflowNode, 'position'>): WorkflowInput {
		return { name, nodes: [{ ...node, position: [0, 0] }], connections: {} };
	}

	/**
	 * Waits until `expected` executions finished, then a little longer, so that a doubled delivery
	 * would show as one execution too many.
	 */
	async function settledExecutions(made: Workflow, expected: number): Promise<Execution[]> {
		await waitFor(
			async () => {
				const done = (await api.allExecutions(made.id)).filter((e) => e.stoppedAt !== null);
				return done.length >= expected ? true : undefined;
			},
			{
				timeoutMs: 240_000,
				intervalMs: 1000,
				description: `${expected} executions of ${made.name}`,
			},
		);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		return await api.allExecutions(made.id);
	}

	/**
	 * n8n's own answer while its database ping lags behind a burst (SQLite on a busy machine): given
	 * before any trigger code runs, so nothing was accepted and a retry cannot double an event.
	 */
	const isN8nDatabaseNotReady = (answer: Answer) =>
		answer.status === 503 && answer.body.includes('Database is not ready');

	/**
	 * The trigger's own answer to a copy of a delivery whose first copy n8n has not answered yet:
	 * nothing was started, and the copy is to come again.
	 */
	const isBeingReceivedAlready = (answer: Answer) =>
		answer.status === 503 && answer.body.includes('being received already');

	/**
	 * Sends every request at once. Like Sarbacane (10 retries) and GetResponse, the sender retries a
	 * delivery n8n itself turned away with 503 "Database is not ready!", or the trigger with 503
	 * "being received already", after 1, 2, 4… s (at most 10 retries); every other answer is final,
	 * so any other non-2xx from a trigger fails the test.
	 */
	async function burst(requests: Array<() => Promise<Response>>): Promise<Answer[]> {
		let retriedDeliveries = 0;
		let retries = 0;
		let copiesInProgress = 0;
		const deliver = async (send: () => Promise<Response>): Promise<Answer> => {
			for (let attempt = 0; ; attempt++) {
				const response = await send();
				const answer = { status: response.status, body: await response.text() };
				const again = isN8nDatabaseNotReady(answer) || isBeingReceivedAlready(answer);
				if (!again || attempt === MAX_RETRIES) return answer;
				if (attempt === 0) retriedDeliveries++;
				if (isBeingReceivedAlready(answer)) copiesInProgress++;
				retries++;
				await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** attempt, 16_000)));
			}
		};
		const answers = await Promise.all(requests.map(deliver));
		if (retries > 0) {
			console.info(
				`${retriedDeliveries} of ${requests.length} deliveries were first turned away with 503 (${copiesInProgress} times by the trigger: the first copy not answered yet; the rest n8n's "Database is not ready!"); ${retries} retries`,
			);
		}
		return answers;
	}

	test('500 concurrent weavy deliveries to a published trigger give exactly 500 executions', () =>
		inN8n(async () => {
			const credential = await api.createCredential(
				'divaltoWeavyApi',
				'weavy load',
				credentialData.weavy(weavy),
			);
			const made = await api.createWorkflow(
				oneNode('weavy load', {
					name: 'Divalto Weavy Trigger',
					type: `${PACKAGE_NAME}.divaltoWeavyTrigger`,
					typeVersion: 1,
					webhookId: randomUUID(),
					parameters: { events: ['NewCustomer'] },
					credentials: { divaltoWeavyApi: { id: credential.id, name: credential.name } },
				}),
			);
			await api.publish(made.id);
			const [subscription] = [...weavy.subscriptions.values()];
			await servedAt(subscription.hookUrl.replace(/\?.*$/, ''));

			const answers = await burst(
				Array.from(
					{ length: DELIVERIES },
					(_, index) => async () =>
						await fetch(subscription.hookUrl, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: JSON.stringify({ result: { codecustomer: `CUS${index}`, name: 'Load' } }),
						}),
				),
			);

			// Any answer but 200 is listed whole, so a failure says what n8n answered instead.
			expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
			const executions = await settledExecutions(made, DELIVERIES);
			expect(executions).toHaveLength(DELIVERIES);
			expect(executions.filter((execution) => execution.status === 'success')).toHaveLength(
				DELIVERIES,
			);
			await api.unpublish(made.id);
			expect(weavy.subscriptions.size).toBe(0);
		}));

	async function publishedGetResponse(name: string): Promise<{ made: Workflow; url: string }> {
		const webhookId = randomUUID();
		const made = await api.createWorkflow(
			oneNode(name, {
				name: 'GetResponse Webhooks Trigger',
				type: `${PACKAGE_NAME}.getResponseWebhooksTrigger`,
				typeVersion: 1,
				webhookId,
				parameters: {
					source: 'webhooks',
					urlSecret: URL_SECRET,
					events: ['contact_opened_message'],
				},
			}),
		);
		await api.publish(made.id);
		const bare = `${n8n!.baseUrl}/webhook/${webhookId}/webhook`;
		await servedAt(bare);
		return { made, url: `${bare}?secret=${URL_SECRET}` };
	}

	const getResponsePost = (url: string, webhookId: string) => async () =>
		await fetch(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-webhook-id': webhookId,
				'x-webhook-type': 'contact_opened_message',
			},
			body: JSON.stringify(OPENED),
		});

	test('500 concurrent GetResponse webhooks with distinct X-Webhook-IDs give exactly 500 executions', () =>
		inN8n(async () => {
			const { made, url } = await publishedGetResponse('getresponse load, distinct ids');

			const answers = await burst(
				Array.from({ length: DELIVERIES }, () => getResponsePost(url, randomUUID())),
			);

			expect(answers.filter((a) => a.status !== 200 || a.body !== '{"status":"OK"}')).toEqual([]);
			expect(await settledExecutions(made, DELIVERIES)).toHaveLength(DELIVERIES);
			await api.unpublish(made.id);
		}));

	test('the same GetResponse X-Webhook-ID sent 500 times at once gives exactly 1 execution', () =>
		inN8n(async () => {
			const { made, url } = await publishedGetResponse('getresponse load, one id');
			const id = randomUUID();

			const answers = await burst(
				Array.from({ length: DELIVERIES }, () => getResponsePost(url, id)),
			);

			expect(answers.filter((a) => a.status === 200 && a.body === '{"status":"OK"}')).toHaveLength(
				DELIVERIES,
			);
			expect(await settledExecutions(made, 1)).toHaveLength(1);
			await api.unpublish(made.id);
		}));
});
