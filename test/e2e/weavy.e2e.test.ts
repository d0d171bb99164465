import { WEAVY_SAMPLES, WEAVY_USER, WeavySimulator } from '../simulators/weavy';
import { N8nApi, waitFor } from './harness/api';
import type { N8nHandle } from './harness/n8n';
import { credentialData, startSuite } from './harness/suite';
import {
	finishedExecutions,
	publishAndServe,
	postJson,
	triggerItems,
	triggerWorkflow,
	withDiagnostics,
	withQueryParameter,
	lostAnswerScenario,
} from './harness/triggers';

const NODE = 'Divalto Weavy Trigger';
const CREDENTIAL_NAME = 'weavy e2e';
const CUSTOMER = { codecustomer: 'CUS000777', name: 'Fromagerie Dupont', city: 'Arras' };

/** The Divalto weavy trigger inside a real n8n, against the weavy simulator on loopback. */
describe('Divalto weavy trigger in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let weavy: WeavySimulator | undefined;
	let credential: { type: string; id: string; name: string };
	const inN8n = <T>(body: () => Promise<T>) =>
		withDiagnostics(() => n8n, { weavy: () => weavy }, body);

	beforeAll(async () => {
		weavy = await new WeavySimulator().start();
		({ n8n, api } = await startSuite());
		const made = await api.createCredential(
			'divaltoWeavyApi',
			CREDENTIAL_NAME,
			credentialData.weavy(weavy),
		);
		credential = { type: 'divaltoWeavyApi', id: made.id, name: CREDENTIAL_NAME };
	});

	afterAll(async () => {
		await n8n?.stop();
		await weavy?.stop();
	});

	afterEach(() => {
		weavy?.clearFaults();
	});

	function weavyWorkflow(name: string, events: string[]) {
		return triggerWorkflow(n8n!, {
			name,
			nodeName: NODE,
			nodeType: 'divaltoWeavyTrigger',
			parameters: { events },
			credential,
		});
	}

	const subscriptions = () => [...weavy!.subscriptions.values()];

	test('publishing subscribes once per event to the production URL; a delivery from weavy runs once, unauthenticated ones get 401; unpublishing unsubscribes', () =>
		inN8n(async () => {
			const wf = weavyWorkflow('weavy lifecycle', ['NewCustomer', 'NewDeal']);
			const made = await api.createWorkflow(wf.input);

			await publishAndServe(api, made, wf.productionUrl);

			expect(
				subscriptions()
					.map((sub) => sub.event)
					.sort(),
			).toEqual(['NewCustomer', 'NewDeal']);
			for (const sub of subscriptions()) {
				const hook = new URL(sub.hookUrl);
				expect(`${hook.origin}${hook.pathname}`).toBe(wf.productionUrl);
				expect(hook.searchParams.get('event')).toBe(sub.event);
				expect(hook.searchParams.get('secret')).toMatch(/^[\w-]{20,}$/);
			}
			const hookUrl = subscriptions().find((sub) => sub.event === 'NewCustomer')!.hookUrl;

			const noSecret = await postJson(withQueryParameter(hookUrl, 'secret', undefined), {
				result: CUSTOMER,
			});
			const wrongSecret = await postJson(withQueryParameter(hookUrl, 'secret', 'guessed'), {
				result: CUSTOMER,
			});
			const delivered = await weavy!.deliver('NewCustomer', CUSTOMER);

			expect(noSecret.status).toBe(401);
			expect(wrongSecret.status).toBe(401);
			expect(delivered).toEqual([{ url: hookUrl, status: 200 }]);
			const executions = await finishedExecutions(api, made, 1);
			expect(executions).toHaveLength(1);
			expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
			expect(await triggerItems(api, executions[0], NODE)).toEqual([
				{
					event: 'NewCustomer',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					...CUSTOMER,
				},
			]);

			await api.unpublish(made.id);
			expect(subscriptions()).toEqual([]);
			expect(weavy!.calls('EPT_WebhookUnsubscribe')).toBeGreaterThanOrEqual(2);
			// Still exactly one run: the 401s started nothing.
			expect(await api.listExecutions(made.id)).toHaveLength(1);
		}));

	test('"Listen for test event" shows the PerformList records at once and leaves no test subscription in weavy', () =>
		inN8n(async () => {
			const wf = weavyWorkflow('weavy samples', ['NewCustomer', 'NewOpportunity']);
			const made = await api.createWorkflow(wf.input);
			const subscribesBefore = weavy!.calls('EPT_WebhookSubscribe');

			await expect(api.listenForTestEvent(made.id, NODE)).resolves.toMatchObject({
				waitingForWebhook: true,
			});

			const [execution] = await finishedExecutions(api, made, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
			const items = await triggerItems(api, execution, NODE);
			const opportunities = (WEAVY_SAMPLES.NewOpportunity as { result: object[] }).result;
			const customer = (WEAVY_SAMPLES.NewCustomer as { result: object }).result;
			expect(items).toEqual([
				expect.objectContaining({ event: 'NewCustomer', ...customer }),
				...opportunities.map((record) =>
					expect.objectContaining({ event: 'NewOpportunity', ...record }),
				),
			]);
			// The test subscriptions pointed at the test URL, and n8n removed them after the event.
			const testSubscribes = weavy!.log
				.filter((entry) => entry.query.c === 'EPT_WebhookSubscribe')
				.slice(subscribesBefore);
			expect(testSubscribes.length).toBeGreaterThan(0);
			for (const entry of testSubscribes) {
				expect(String((entry.body as { hookUrl: string }).hookUrl)).toContain(wf.testUrl);
			}
			await waitFor(async () => subscriptions().length === 0, {
				timeoutMs: 30_000,
				description: 'the test subscriptions removed from weavy',
			});
		}));

	test('a refused subscription is reported with provider, event, HTTP status and message, and leaves nothing subscribed after the retries', () =>
		inN8n(async () => {
			const refusal = 'Event NewOpportunity is not enabled for project DEMO';
			weavy!.inject({
				match: (request) =>
					request.query.c === 'EPT_WebhookSubscribe' &&
					(request.body as { event?: string } | undefined)?.event === 'NewOpportunity',
				status: 400,
				body: { message: refusal },
				times: 100,
			});
			const wf = weavyWorkflow('weavy refused', ['NewCustomer', 'NewOpportunity']);
			const made = await api.createWorkflow(wf.input);

			await api.publish(made.id, { wait: false });
			// n8n tries 5 times, 1, 2, 4 and 8 s apart, before it settles.
			const status = await api.waitForPublication(made.id, 90_000);

			// What the editor shows next to the trigger (the workflow itself still reads active: true).
			expect(status.status).toBe('failed');
			expect(status.triggers.map((trigger) => trigger.errorMessage)).toEqual([
				`Divalto weavy could not subscribe to event "NewOpportunity" (HTTP 400): ${refusal}`,
			]);
			// Each of n8n's 5 attempts subscribed NewCustomer, then rolled it back.
			expect(weavy!.calls('EPT_WebhookSubscribe')).toBeGreaterThanOrEqual(2 * 5);
			expect(subscriptions()).toEqual([]);

			await api.unpublish(made.id).catch(() => undefined);
			expect(subscriptions()).toEqual([]);
		}));

	test('a subscribe weavy saved but answered 500 is retried: the event runs once, and the lost subscription gets 410', () =>
		inN8n(async () => {
			await lostAnswerScenario({
				api,
				workflow: weavyWorkflow('weavy lost answer', ['NewCustomer']),
				failNextSubscribe: () => {
					let lost: string | undefined;
					weavy!.inject({
						match: (request) =>
							request.query.c === 'EPT_WebhookSubscribe' &&
							((lost = (request.body as { hookUrl: string }).hookUrl), true),
						afterSaving: true,
						status: 500,
						body: { message: 'Internal server error' },
					});
					return () => lost;
				},
				hookUrls: () => subscriptions().map((sub) => sub.hookUrl),
				deliver: async () => await weavy!.deliver('NewCustomer', CUSTOMER),
			});
			// weavy lists nothing: the lost subscription stayed there, refused (410) while n8n serves it.
			weavy!.subscriptions.clear();
		}));

	test('publishing 6 events with a credential that has no token yet logs in once: 7 calls', () =>
		inN8n(async () => {
			const name = 'weavy e2e fresh login';
			const fresh = await api.createCredential(
				'divaltoWeavyApi',
				name,
				credentialData.weavy(weavy!),
			);
			const wf = triggerWorkflow(n8n!, {
				name: 'weavy six events',
				nodeName: NODE,
				nodeType: 'divaltoWeavyTrigger',
				parameters: { events: ['*'] },
				credential: { type: 'divaltoWeavyApi', id: fresh.id, name },
			});
			const made = await api.createWorkflow(wf.input);
			const callsBefore = weavy!.log.length;

			await publishAndServe(api, made, wf.productionUrl);

			const calls = weavy!.log.slice(callsBefore).map((entry) => entry.query.c ?? entry.path);
			expect(calls).toEqual(['/v1/Authenticate', ...Array(6).fill('EPT_WebhookSubscribe')]);
			await api.unpublish(made.id);
			expect(subscriptions()).toEqual([]);
		}));

	test('a delivery to the test URL with a wrong secret ends "Listen for test event" with the reason; the sender gets 401', () =>
		inN8n(async () => {
			const wf = triggerWorkflow(n8n!, {
				name: 'weavy test refusal',
				nodeName: NODE,
				nodeType: 'divaltoWeavyTrigger',
				parameters: { events: ['NewCustomer'], options: { samples: false } },
				credential,
			});
			const made = await api.createWorkflow(wf.input);
			await api.listenForTestEvent(made.id, NODE);
			const subscription = await waitFor(
				async () => subscriptions().find((sub) => sub.hookUrl.startsWith(wf.testUrl)),
				{ timeoutMs: 30_000, description: 'the test subscription in weavy' },
			);

			const answer = await postJson(withQueryParameter(subscription.hookUrl, 'secret', 'guessed'), {
				result: CUSTOMER,
			});

			expect(answer).toEqual({
				status: 401,
				body: '{"message":"This delivery could not be authenticated."}',
			});
			const [execution] = await finishedExecutions(api, made, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'error' });
			const full = await api.getExecution(execution.id);
			expect(full.data?.resultData.error).toMatchObject({
				message:
					"Divalto weavy sent a test delivery that started no run (HTTP 401): the URL's secret is not the one the trigger subscribed with",
				description:
					'Deliveries must come to the URL the trigger subscribed in Divalto weavy, with its secret. Unpublish and publish the workflow again to renew the subscription.',
			});
			// n8n ended the test: the test subscription is removed from weavy.
			await waitFor(async () => subscriptions().length === 0, {
				timeoutMs: 30_000,
				description: 'the test subscription removed',
			});
		}));

	test('a workflow saved with version 1 of the trigger still publishes, runs a delivery and unpublishes', () =>
		inN8n(async () => {
			const wf = triggerWorkflow(n8n!, {
				name: 'weavy version 1',
				nodeName: NODE,
				nodeType: 'divaltoWeavyTrigger',
				parameters: { events: ['NewCustomer'] },
				credential,
				typeVersion: 1,
			});
			const made = await api.createWorkflow(wf.input);

			await publishAndServe(api, made, wf.productionUrl);
			const answers = await weavy!.deliver('NewCustomer', CUSTOMER);

			expect(answers.map((answer) => answer.status)).toEqual([200]);
			const [execution] = await finishedExecutions(api, made, 1);
			expect(await triggerItems(api, execution, NODE)).toEqual([
				{
					event: 'NewCustomer',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					...CUSTOMER,
				},
			]);
			await api.unpublish(made.id);
			expect(subscriptions()).toEqual([]);
		}));

	test("the credential's Test button accepts the right password and explains a wrong one", () =>
		inN8n(async () => {
			const test = async (password: string) =>
				await api.restCall<{ data: { status: string; message: string } }>(
					'POST',
					'/credentials/test',
					{
						credentials: {
							id: credential.id,
							name: CREDENTIAL_NAME,
							type: credential.type,
							data: {
								baseUrl: weavy!.url,
								projectCode: WEAVY_USER.projectCode,
								username: WEAVY_USER.username,
								password,
							},
						},
					},
				);

			const good = await test(WEAVY_USER.password);
			const bad = await test('wrong password');

			expect(good.data.status).toBe('OK');
			expect(bad.data.status).toBe('Error');
			expect(bad.data.message).toMatch(/Divalto weavy refused the login \(HTTP 401/);
			expect(bad.data.message).toContain('Invalid username or password');
		}));
});
