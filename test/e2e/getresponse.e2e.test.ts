import { randomUUID } from 'node:crypto';

import { GetResponseSimulator } from '../simulators/getresponse';
import { N8nApi, waitFor, type Execution, type Workflow } from './harness/api';
import { withN8nLog } from './harness/diagnostics';
import type { N8nHandle } from './harness/n8n';
import { credentialData, startSuite } from './harness/suite';
import {
	finishedExecutions,
	postJson,
	publishAndServe,
	triggerItems,
	triggerWorkflow,
} from './harness/triggers';

const NODE = 'GetResponse Webhooks Trigger';
const URL_SECRET = 'e2e-url-secret-5b8d2f7a9c1e4';
const OPENED = {
	type: 'contact_opened_message',
	contact: { contactId: 'abc123', email: 'example@example.com', name: 'Friend' },
	message: { resourceType: 'newsletters', resourceId: 'cde345', subject: 'Hello' },
	account: { accountId: 'def456' },
	event: { occurredAt: '2021-04-27T12:56:00+00:00' },
};

/** The GetResponse trigger inside a real n8n: webhooks answers and retries, callbacks over GET. */
describe('GetResponse Webhooks trigger in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let getResponse: GetResponseSimulator;
	let credentialId: string;
	const inN8n = <T>(body: () => Promise<T>) => withN8nLog(() => n8n, body);

	beforeAll(async () => {
		getResponse = await new GetResponseSimulator().start();
		({ n8n, api } = await startSuite());
		credentialId = (
			await api.createCredential(
				'getResponseWebhooksApi',
				'GetResponse e2e',
				credentialData.getResponse(getResponse),
			)
		).id;
	});

	afterAll(async () => {
		await n8n?.stop();
		await getResponse.stop();
	});

	/** A workflow with the trigger, with the API credential or without; its webhook path. */
	function workflow(name: string, parameters: Record<string, unknown>, withCredential: boolean) {
		const wf = triggerWorkflow(n8n!, {
			name,
			nodeName: NODE,
			nodeType: 'getResponseWebhooksTrigger',
			parameters,
			credential: withCredential
				? { type: 'getResponseWebhooksApi', id: credentialId, name: 'GetResponse e2e' }
				: undefined,
		});
		return { input: wf.input, path: `${wf.webhookId}/webhook` };
	}

	async function call(url: string, init: RequestInit = {}) {
		const res = await fetch(url, init);
		return { status: res.status, body: await res.text() };
	}

	/** POSTs as GetResponse does: JSON with X-Webhook-ID (new unless given) and X-Webhook-Type. */
	const post = async (url: string, body: unknown, webhookId = randomUUID()) =>
		await postJson(url, body, {
			'x-webhook-id': webhookId,
			'x-webhook-type': 'contact_opened_message',
		});
	const finished = async (made: Workflow, count: number) =>
		await finishedExecutions(api, made, count);
	const items = async (execution: Execution) => await triggerItems(api, execution, NODE);

	test('webhooks: answered {"status":"OK"} when accepted, filtered or retried; one run per X-Webhook-ID', () =>
		inN8n(async () => {
			const { input, path } = workflow(
				'getresponse webhooks',
				{ source: 'webhooks', urlSecret: URL_SECRET, events: ['contact_opened_message'] },
				false,
			);
			const made = await api.createWorkflow(input);
			const url = `${n8n!.baseUrl}/webhook/${path}?secret=${URL_SECRET}`;
			await publishAndServe(api, made, url);
			const id = randomUUID();

			const unauthenticated = await post(url.replace(URL_SECRET, 'wrong'), OPENED);
			const accepted = await post(url, [OPENED, OPENED], id);
			const retried = await post(url, [OPENED, OPENED], id);
			const filtered = await post(url, { ...OPENED, type: 'contact_added' });

			expect(unauthenticated.status).toBe(401);
			expect(accepted).toEqual({ status: 200, body: '{"status":"OK"}' });
			expect(retried).toEqual({ status: 200, body: '{"status":"OK"}' });
			expect(filtered).toEqual({ status: 200, body: '{"status":"OK"}' });
			const executions = await finished(made, 1);
			expect(executions).toHaveLength(1);
			expect(await items(executions[0])).toEqual([
				expect.objectContaining({
					event: 'contact_opened_message',
					providerEvent: OPENED.event,
					occurredAt: OPENED.event.occurredAt,
				}),
				expect.objectContaining({ event: 'contact_opened_message' }),
			]);
			await api.unpublish(made.id);
		}));

	test('callbacks: publishing registers the callback, GET deliveries run, POST is not served, unpublishing removes it', () =>
		inN8n(async () => {
			const { input, path } = workflow(
				'getresponse callbacks',
				{ source: 'callbacks', events: ['open', 'subscribe'] },
				true,
			);
			const made = await api.createWorkflow(input);
			await api.publish(made.id);
			const registered = await waitFor(async () => getResponse.callback, {
				timeoutMs: 30_000,
				description: 'the callback registered in GetResponse',
			});
			expect(registered.url.startsWith(`${n8n!.baseUrl}/webhook/${path}?secret=`)).toBe(true);
			expect(registered.actions).toMatchObject({ open: true, subscribe: true, click: false });
			const { query } = getResponse.callbackRequest('open', {
				CONTACT_ID: 'C9',
				contact_email: 'friend@example.com',
			});
			const callbackUrl = `${n8n!.baseUrl}/webhook/${path}?${new URLSearchParams(
				query as Record<string, string>,
			).toString()}`;

			const asPost = await call(callbackUrl, { method: 'POST' });
			const asGet = await call(callbackUrl);

			expect(asPost.status).toBe(404);
			expect(asGet.status).toBe(200);
			const executions = await finished(made, 1);
			const [item] = (await items(executions[0])) ?? [];
			expect(item).toMatchObject({ event: 'open', action: 'open', CONTACT_ID: 'C9' });
			expect(item).not.toHaveProperty('secret');

			await api.unpublish(made.id);
			await waitFor(async () => (getResponse.callback ? undefined : true), {
				timeoutMs: 30_000,
				description: 'the callback removed from GetResponse',
			});
		}));

	test('"Listen for test event" with Source = Webhooks shows samples at once, without a credential', () =>
		inN8n(async () => {
			const { input } = workflow(
				'getresponse samples',
				{ source: 'webhooks', urlSecret: URL_SECRET, events: ['contact_added', 'contact_moved'] },
				false,
			);
			const made = await api.createWorkflow(input);

			await expect(api.listenForTestEvent(made.id, NODE)).resolves.toMatchObject({
				waitingForWebhook: true,
			});

			const [execution] = await finished(made, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
			expect((await items(execution))?.map((item) => item.event)).toEqual([
				'contact_added',
				'contact_moved',
			]);
		}));

	test('"Listen for test event" with Source = Callbacks shows samples within seconds, and the test callback is off right after', () =>
		inN8n(async () => {
			const { input } = workflow(
				'getresponse callback samples',
				{ source: 'callbacks', events: ['open', 'subscribe'] },
				true,
			);
			const made = await api.createWorkflow(input);
			const postsBefore = getResponse.calls('POST');
			const started = Date.now();

			await expect(api.listenForTestEvent(made.id, NODE)).resolves.toMatchObject({
				waitingForWebhook: true,
			});

			// n8n waits up to 2 minutes for a test event; the samples end the test long before.
			const [execution] = await waitFor(
				async () => {
					const done = (await api.listExecutions(made.id)).filter((e) => e.stoppedAt !== null);
					return done.length > 0 ? done : undefined;
				},
				{ timeoutMs: 15_000, description: 'the test run of the samples' },
			);
			const elapsed = Date.now() - started;
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
			expect(await items(execution)).toEqual([
				expect.objectContaining({ event: 'open', action: 'open' }),
				expect.objectContaining({ event: 'subscribe', action: 'subscribe' }),
			]);
			// The test callback pointed at the test URL, and n8n's delete() turned it off.
			const posted = getResponse.log.filter((entry) => entry.method === 'POST').slice(postsBefore);
			expect(posted.map((entry) => (entry.body as { url: string }).url)).toEqual([
				expect.stringContaining('/webhook-test/'),
			]);
			await waitFor(async () => (getResponse.callback ? undefined : true), {
				timeoutMs: 10_000,
				description: 'the test callback turned off',
			});
			console.info(`GetResponse callback samples shown ${elapsed} ms after the click`);
		}));
});
