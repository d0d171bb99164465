import { randomBytes, randomUUID } from 'node:crypto';

import { WeavySimulator } from '../simulators/weavy';
import { credentialData } from './harness/suite';
import { N8nApi, waitFor, type Execution, type Workflow } from './harness/api';
import { withLog } from './harness/diagnostics';
import { startN8n, type N8nHandle, type StartN8nOptions } from './harness/n8n';
import { packPackage } from './harness/pack';
import { PACKAGE_NAME } from './harness/paths';
import {
	freeLoopbackPort,
	startHaproxy,
	startNginx,
	startPostgres,
	startRedis,
	type ServiceHandle,
} from './harness/services';

const NODE = 'Divalto Weavy Trigger';
const GR_NODE = 'GetResponse Webhooks Trigger';
const DEDUPE_NODE = 'Remove Duplicates';
const GR_SECRET = 'e2e-queue-url-secret-6d2b9f1c';
const GR_OPENED = {
	type: 'contact_opened_message',
	contact: { contactId: 'abc123', email: 'example@example.com' },
	account: { accountId: 'def456' },
	event: { occurredAt: '2021-04-27T12:56:00+00:00' },
};
const EVENTS = ['NewCustomer', 'NewOpportunity'];
const CUSTOMER = { codecustomer: 'CUS000901', name: 'Brasserie du Beffroi', city: 'Douai' };

/**
 * The Divalto weavy trigger in n8n's queue mode, as scaled deployments run it: a main process
 * (editor, API, publication; production webhooks off), one `n8n worker` and one `n8n webhook`
 * process, sharing a PostgreSQL database and Redis, each with its own user folder holding the
 * package. Weavy is the loopback simulator.
 */
describe('Divalto weavy trigger in n8n queue mode', () => {
	let postgres: ServiceHandle | undefined;
	let redis: ServiceHandle | undefined;
	let main: N8nHandle | undefined;
	let worker: N8nHandle | undefined;
	let webhook: N8nHandle | undefined;
	/** A second `n8n webhook` process, as a load balancer in front of several would reach. */
	let webhook2: N8nHandle | undefined;
	let weavy: WeavySimulator | undefined;
	let api: N8nApi;
	let workflow: Workflow;
	const webhookId = randomUUID();
	let hookPath: string;

	beforeAll(async () => {
		weavy = await new WeavySimulator().start();
		const [tarball] = await Promise.all([
			packPackage(),
			startPostgres().then((pg) => (postgres = pg)),
			startRedis().then((r) => (redis = r)),
		]);
		const webhookPort = await freeLoopbackPort();
		hookPath = `/webhook/${webhookId}/webhook`;
		const queue: StartN8nOptions = {
			tarball,
			executionsMode: 'queue',
			env: {
				...postgres!.n8nEnv,
				...redis!.n8nEnv,
				// Every process must decrypt the same credentials.
				N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
				// Subscriptions carry the webhook process's URL, as behind a scaled deployment's router.
				N8N_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
			},
		};
		// Started together, as a deployment does: a PostgreSQL advisory lock lets one process migrate
		// the empty database while the others wait.
		await Promise.all([
			startN8n({
				...queue,
				// Production webhooks are the webhook process's job; the main keeps test webhooks.
				env: { ...queue.env, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
			}).then((handle) => (main = handle)),
			startN8n({ ...queue, command: 'worker' }).then((handle) => (worker = handle)),
			startN8n({ ...queue, command: 'webhook', port: webhookPort }).then(
				(handle) => (webhook = handle),
			),
			startN8n({ ...queue, command: 'webhook' }).then((handle) => (webhook2 = handle)),
		]);
		api = new N8nApi(main!);
		const credential = await api.createCredential(
			'divaltoWeavyApi',
			'weavy queue e2e',
			credentialData.weavy(weavy),
		);
		workflow = await api.createWorkflow({
			name: 'weavy queue mode',
			nodes: [
				{
					name: NODE,
					type: `${PACKAGE_NAME}.divaltoWeavyTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { events: EVENTS },
					credentials: { divaltoWeavyApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: {},
		});
	}, 400_000);

	afterAll(async () => {
		await Promise.all([worker?.stop(), webhook?.stop(), webhook2?.stop()]);
		await main?.stop();
		await Promise.all([postgres?.stop(), redis?.stop(), weavy?.stop()]);
	});

	/** A failure shows what each n8n process logged and every request weavy received. */
	async function inQueue(body: () => Promise<void>): Promise<void> {
		try {
			await body();
		} catch (error) {
			let err = error instanceof Error ? error : new Error(String(error));
			for (const n8n of [main, worker, webhook, webhook2]) if (n8n) err = withLog(err, n8n, 60);
			err.message += `\n--- weavy simulator request log ---\n${weavy?.describeLog() || '(none)'}`;
			throw err;
		}
	}

	const fullLog = (n8n: N8nHandle | undefined) => n8n!.logTail(Number.MAX_SAFE_INTEGER);
	const subscriptions = () => [...weavy!.subscriptions.values()];
	const post = async (url: string) =>
		(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' } })).status;

	test('publishing subscribes once per event, to the webhook process URL', () =>
		inQueue(async () => {
			await api.publish(workflow.id);

			expect(
				subscriptions()
					.map((sub) => sub.event)
					.sort(),
			).toEqual(EVENTS);
			expect(weavy!.calls('EPT_WebhookSubscribe')).toBe(EVENTS.length);
			for (const sub of subscriptions()) {
				const url = new URL(sub.hookUrl);
				expect(`${url.origin}${url.pathname}`).toBe(`${webhook!.baseUrl}${hookPath}`);
			}
		}));

	test('a delivery from weavy to the webhook process runs on the worker', () =>
		inQueue(async () => {
			const hookUrl = subscriptions()[0].hookUrl;
			const bare = `${webhook!.baseUrl}${hookPath}`;
			// Without its URL secret the webhook process refuses (it read the secret from the database).
			await waitFor(async () => (await post(bare)) === 401, {
				timeoutMs: 30_000,
				description: `the webhook process answering 401 on ${bare}`,
			});

			const answers = await weavy!.deliver('NewCustomer', CUSTOMER);

			expect(answers).toEqual([{ url: expect.stringContaining(bare), status: 200 }]);
			expect(hookUrl.startsWith(bare)).toBe(true);
			const [execution] = await waitFor(
				async () => {
					const done = (await api.listExecutions(workflow.id)).filter((e) => e.stoppedAt);
					return done.length > 0 ? done : undefined;
				},
				{ timeoutMs: 60_000, description: 'a finished execution' },
			);
			expect(execution).toMatchObject<Partial<Execution>>({ mode: 'webhook', status: 'success' });
			const full = await api.getExecution(execution.id);
			expect(full.data?.resultData.runData[NODE][0].data?.main[0]).toEqual([
				expect.objectContaining({
					json: expect.objectContaining({ ...CUSTOMER, event: 'NewCustomer' }),
				}),
			]);
			expect(fullLog(webhook)).toMatch(`Enqueued execution ${execution.id} `);
			expect(fullLog(worker)).toMatch(`Worker started execution ${execution.id} `);
			expect(fullLog(worker)).toMatch(`Worker finished execution ${execution.id} `);
			// The main process only hears that the job finished.
			expect(fullLog(main)).not.toMatch(`Enqueued execution ${execution.id} `);
			expect(fullLog(main)).not.toMatch(`started execution ${execution.id} `);
		}));

	test('unpublishing removes the subscriptions and the webhook process stops serving the URL', () =>
		inQueue(async () => {
			await api.unpublish(workflow.id);

			expect(subscriptions()).toEqual([]);
			expect(weavy!.calls('EPT_WebhookUnsubscribe')).toBe(EVENTS.length);
			expect(weavy!.calls('EPT_WebhookSubscribe')).toBe(EVENTS.length);
			const bare = `${webhook!.baseUrl}${hookPath}`;
			await waitFor(async () => (await post(bare)) === 404, {
				timeoutMs: 30_000,
				description: `the webhook process answering 404 on ${bare}`,
			});
		}));

	test("with two webhook processes, a provider's retry reaching the other one starts a second run, and n8n's Remove Duplicates on deliveryId keeps one item", () =>
		inQueue(async () => {
			const grWebhookId = randomUUID();
			const made = await api.createWorkflow({
				name: 'getresponse queue dedupe',
				nodes: [
					{
						name: GR_NODE,
						type: `${PACKAGE_NAME}.getResponseWebhooksTrigger`,
						typeVersion: 1,
						position: [0, 0],
						webhookId: grWebhookId,
						parameters: { source: 'webhooks', urlSecret: GR_SECRET, events: ['*'] },
					},
					{
						// The README's recipe.
						name: DEDUPE_NODE,
						type: 'n8n-nodes-base.removeDuplicates',
						typeVersion: 2,
						position: [220, 0],
						parameters: {
							operation: 'removeItemsSeenInPreviousExecutions',
							logic: 'removeItemsWithAlreadySeenKeyValues',
							dedupeValue: '={{ $json.deliveryId }}',
						},
					},
				],
				connections: {
					[GR_NODE]: { main: [[{ node: DEDUPE_NODE, type: 'main', index: 0 }]] },
				},
			});
			await api.publish(made.id);
			const path = `/webhook/${grWebhookId}/webhook?secret=${GR_SECRET}`;
			const send = async (process: N8nHandle, deliveryId: string) => {
				const response = await fetch(`${process.baseUrl}${path}`, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'x-webhook-id': deliveryId,
						'x-webhook-type': GR_OPENED.type,
					},
					body: JSON.stringify(GR_OPENED),
				});
				return { status: response.status, body: await response.text() };
			};
			const finished = async (count: number) =>
				await waitFor(
					async () => {
						const done = (await api.listExecutions(made.id)).filter((e) => e.stoppedAt);
						return done.length >= count ? done : undefined;
					},
					{ timeoutMs: 60_000, description: `${count} finished execution(s)` },
				);
			for (const process of [webhook!, webhook2!]) {
				await waitFor(
					async () => (await post(`${process.baseUrl}/webhook/${grWebhookId}/webhook`)) === 401,
					{ timeoutMs: 30_000, description: `${process.baseUrl} serving the GetResponse URL` },
				);
			}
			const deliveryId = randomUUID();
			const accepted = { status: 200, body: '{"status":"OK"}' };

			expect(await send(webhook!, deliveryId)).toEqual(accepted);
			await finished(1);
			// GetResponse's retry of the same delivery, routed to the other webhook process.
			expect(await send(webhook2!, deliveryId)).toEqual(accepted);
			const both = await finished(2);
			// Retried to the first process again: its memory knows the id, no run.
			expect(await send(webhook!, deliveryId)).toEqual(accepted);
			await new Promise((resolve) => setTimeout(resolve, 3000));

			expect(await api.listExecutions(made.id)).toHaveLength(2);
			const kept = await Promise.all(
				both.map(async (execution) => {
					const full = await api.getExecution(execution.id);
					const run = full.data?.resultData.runData;
					expect(run?.[GR_NODE][0].data?.main[0]).toEqual([
						expect.objectContaining({ json: expect.objectContaining({ deliveryId }) }),
					]);
					return run?.[DEDUPE_NODE]?.[0]?.data?.main[0] ?? [];
				}),
			);
			// One item past Remove Duplicates in all: the event went on once.
			expect(kept.flat()).toEqual([
				expect.objectContaining({ json: expect.objectContaining({ deliveryId }) }),
			]);
			await api.unpublish(made.id);
		}));

	test('behind nginx or HAProxy routing every copy of a delivery to one webhook process (docs/operations.md), copies of a delivery with or without a delivery id start one execution each, with no Remove Duplicates', () =>
		inQueue(async () => {
			const grWebhookId = randomUUID();
			const made = await api.createWorkflow({
				name: 'getresponse queue hash routing',
				nodes: [
					{
						name: GR_NODE,
						type: `${PACKAGE_NAME}.getResponseWebhooksTrigger`,
						typeVersion: 2,
						position: [0, 0],
						webhookId: grWebhookId,
						parameters: { source: 'webhooks', urlSecret: GR_SECRET, events: ['*'] },
					},
				],
				connections: {},
			});
			await api.publish(made.id);
			const path = `/webhook/${grWebhookId}/webhook?secret=${GR_SECRET}`;
			for (const process of [webhook!, webhook2!]) {
				await waitFor(
					async () => (await post(`${process.baseUrl}/webhook/${grWebhookId}/webhook`)) === 401,
					{ timeoutMs: 30_000, description: `${process.baseUrl} serving the GetResponse URL` },
				);
			}
			const webhookPorts = [webhook!.port, webhook2!.port];
			// Started with hash routing, not reloaded into it: after a reload, nginx's old workers keep
			// serving kept-alive connections round robin for a while (seen once: 9 executions of 8).
			const nginx = await startNginx({
				webhookPorts,
				mainPort: main!.port,
				options: { hashRouting: true },
			});
			const haproxy = await startHaproxy({ webhookPorts });
			try {
				let sent = 0;
				for (const balancer of [nginx, haproxy]) {
					for (let delivery = 0; delivery < 4; delivery++) {
						// Half with GetResponse's X-Webhook-ID, half without (routed on the body).
						const id = delivery % 2 === 0 ? randomUUID() : undefined;
						const body = JSON.stringify({
							...GR_OPENED,
							event: { occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, ++sent)).toISOString() },
						});
						for (let copy = 0; copy < 4; copy++) {
							const response = await fetch(`http://127.0.0.1:${balancer.port}${path}`, {
								method: 'POST',
								headers: {
									'content-type': 'application/json',
									...(id ? { 'x-webhook-id': id } : {}),
								},
								body,
							});
							expect(response.status).toBe(200);
						}
					}
				}
				const done = await waitFor(
					async () => {
						const finished = (await api.listExecutions(made.id)).filter((e) => e.stoppedAt);
						return finished.length >= sent ? finished : undefined;
					},
					{ timeoutMs: 60_000, description: `${sent} finished executions` },
				);
				await new Promise((resolve) => setTimeout(resolve, 3000));

				// Round robin would have given each delivery two executions (one per process).
				expect(await api.listExecutions(made.id)).toHaveLength(sent);
				expect(done).toHaveLength(8);
			} finally {
				await Promise.all([nginx.stop(), haproxy.stop()]);
				await api.unpublish(made.id);
			}
		}));
});
