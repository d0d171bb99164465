import { randomBytes, randomUUID } from 'node:crypto';

import { WEAVY_USER, WeavySimulator } from '../simulators/weavy';
import { N8nApi, waitFor, type Execution, type Workflow } from './harness/api';
import { withLog } from './harness/diagnostics';
import { startN8n, type N8nHandle, type StartN8nOptions } from './harness/n8n';
import { packPackage } from './harness/pack';
import { PACKAGE_NAME } from './harness/paths';
import {
	freeLoopbackPort,
	startPostgres,
	startRedis,
	type ServiceHandle,
} from './harness/services';

const NODE = 'Divalto Weavy Trigger';
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
		]);
		api = new N8nApi(main!);
		const credential = await api.createCredential('divaltoWeavyApi', 'weavy queue e2e', {
			baseUrl: weavy.url,
			projectCode: WEAVY_USER.projectCode,
			username: WEAVY_USER.username,
			password: WEAVY_USER.password,
		});
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
		await Promise.all([worker?.stop(), webhook?.stop()]);
		await main?.stop();
		await Promise.all([postgres?.stop(), redis?.stop(), weavy?.stop()]);
	});

	/** A failure shows what each n8n process logged and every request weavy received. */
	async function inQueue(body: () => Promise<void>): Promise<void> {
		try {
			await body();
		} catch (error) {
			let err = error instanceof Error ? error : new Error(String(error));
			for (const n8n of [main, worker, webhook]) if (n8n) err = withLog(err, n8n, 60);
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
});
