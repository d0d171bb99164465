import {
	HOOK_SAMPLES,
	HOOKS_API_KEY,
	RestHookApiSimulator,
	type HookSubscription,
} from '../simulators/resthook';
import { OAUTH_CLIENT, OAuth2Simulator } from '../simulators/oauth2';
import { WEAVY_USER, WeavySimulator } from '../simulators/weavy';
import { weavyParameters } from '../harness/resthook';
import { standardWebhooksHeaders } from '../harness/signing';
import { N8nApi, waitFor } from './harness/api';
import type { N8nHandle } from './harness/n8n';
import { startSuite } from './harness/suite';
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

const NODE = 'REST Hook Trigger';
const EVENTS = ['contact.created', 'deal.won'];
/** A Standard Webhooks signing secret, as Svix-style senders show it: whsec_ + base64 key. */
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const DEAL = { type: 'deal.won', data: { id: 'd_1', amount: 1200 } };
const CONTACT = { type: 'contact.created', data: { id: 'c_7', email: 'ada@example.com' } };

/**
 * The generic REST Hook Trigger inside a real n8n, configured against the Zapier-style hooks API
 * simulator (POST /hooks, DELETE /hooks/:id, GET /hooks/sample) with an X-API-Key credential.
 */
describe('REST Hook Trigger in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let hooks: RestHookApiSimulator | undefined;
	let weavy: WeavySimulator | undefined;
	const credentials: Record<
		'urlSecret' | 'signed' | 'weavyLogin',
		{ type: string; id: string; name: string }
	> = {} as never;
	const inN8n = <T>(body: () => Promise<T>) =>
		withDiagnostics(() => n8n, { 'REST hooks API': () => hooks, weavy: () => weavy }, body);

	beforeAll(async () => {
		hooks = await new RestHookApiSimulator().start();
		weavy = await new WeavySimulator().start();
		({ n8n, api } = await startSuite());
		for (const [key, signingSecret] of [
			['urlSecret', ''],
			['signed', WHSEC],
		] as const) {
			const name = `REST hooks e2e ${key}`;
			const made = await api.createCredential('restHookSigningSecretApi', name, {
				apiAuthentication: 'header',
				headerName: 'X-API-Key',
				headerSecret: HOOKS_API_KEY,
				signingSecret,
				previousSigningSecret: '',
			});
			credentials[key] = { type: 'restHookSigningSecretApi', id: made.id, name };
		}
		// Weavy's own login as the credential: n8n runs its preAuthentication and renews the token.
		const weavyLogin = await api.createCredential('restHookSigningSecretApi', 'weavy login e2e', {
			apiAuthentication: 'login',
			loginUrl: `${weavy.url}/v1/Authenticate`,
			loginUser: WEAVY_USER.username,
			loginPassword: WEAVY_USER.password,
			loginBody: `{"username": "{{user}}", "password": "{{password}}", "projectCode": "${WEAVY_USER.projectCode}", "scope": "API"}`,
			loginResultPath: 'authToken',
			loginHeaderName: 'Authorization',
			loginHeaderPrefix: 'Bearer ',
			signingSecret: '',
			previousSigningSecret: '',
		});
		credentials.weavyLogin = {
			type: 'restHookSigningSecretApi',
			id: weavyLogin.id,
			name: 'weavy login e2e',
		};
	});

	afterAll(async () => {
		await n8n?.stop();
		await hooks?.stop();
		await weavy?.stop();
	});

	function restHookWorkflow(
		name: string,
		credential: keyof typeof credentials,
		parameters: Record<string, unknown>,
	) {
		return triggerWorkflow(n8n!, {
			name,
			nodeName: NODE,
			nodeType: 'restHookTrigger',
			parameters: {
				customEvents: EVENTS.join(', '),
				subscribeMethod: 'POST',
				subscribeUrl: `${hooks!.url}/hooks`,
				subscribeBody: '{\n  "target_url": "{{targetUrl}}",\n  "event": "{{event}}"\n}',
				subscriptionIdPath: 'id',
				unsubscribeMethod: 'DELETE',
				unsubscribeUrl: `${hooks!.url}/hooks/{{id}}`,
				...parameters,
			},
			credential: credentials[credential],
		});
	}

	const subscriptions = (): HookSubscription[] => [...hooks!.subscriptions.values()];

	/** Each event subscribed once, to n8n's production URL plus the trigger's URL secret. */
	function expectSubscribedOncePerEvent(productionUrl: string): void {
		expect(
			subscriptions()
				.flatMap((sub) => sub.events)
				.sort(),
		).toEqual(EVENTS);
		for (const sub of subscriptions()) {
			const target = new URL(sub.target_url);
			expect(`${target.origin}${target.pathname}`).toBe(productionUrl);
			expect(target.searchParams.get('secret')).toMatch(/^[\w-]{20,}$/);
		}
	}

	test("publishing subscribes once per event to the production URL; the API's delivery runs once with its event as an item, forged ones get 401; unpublishing unsubscribes", () =>
		inN8n(async () => {
			const wf = restHookWorkflow('resthook url secret', 'urlSecret', {});
			const made = await api.createWorkflow(wf.input);

			await publishAndServe(api, made, wf.productionUrl);

			expectSubscribedOncePerEvent(wf.productionUrl);
			const target = subscriptions().find((sub) => sub.events.includes('deal.won'))!.target_url;
			const noSecret = await postJson(withQueryParameter(target, 'secret', undefined), DEAL);
			const wrongSecret = await postJson(withQueryParameter(target, 'secret', 'guessed'), DEAL);
			const delivered = await hooks!.deliver('deal.won', DEAL);

			expect(noSecret.status).toBe(401);
			expect(wrongSecret.status).toBe(401);
			expect(delivered).toEqual([
				{ url: target, status: 200, body: '{"message":"Workflow was started"}' },
			]);
			const executions = await finishedExecutions(api, made, 1);
			expect(executions).toHaveLength(1);
			expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
			expect(await triggerItems(api, executions[0], NODE)).toEqual([
				{
					event: 'deal.won',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					...DEAL,
				},
			]);

			await api.unpublish(made.id);
			expect(subscriptions()).toEqual([]);
			const deletes = hooks!.log.filter((entry) => entry.method === 'DELETE');
			expect(deletes.map((entry) => entry.status)).toEqual([204, 204]);
			// Still exactly one run: the 401s started nothing.
			expect(await api.listExecutions(made.id)).toHaveLength(1);
		}));

	test('a subscribe the API saved but answered 500 is retried: the event runs once, and the lost subscription gets 410', () =>
		inN8n(async () => {
			await lostAnswerScenario({
				api,
				workflow: restHookWorkflow('resthook lost answer', 'urlSecret', {
					customEvents: 'deal.won',
				}),
				failNextSubscribe: () => {
					let lost: string | undefined;
					hooks!.inject({
						match: (request) =>
							request.method === 'POST' &&
							request.path === '/hooks' &&
							((lost = (request.body as { target_url: string }).target_url), true),
						afterSaving: true,
						status: 500,
						body: { error: 'Internal server error' },
					});
					return () => lost;
				},
				hookUrls: () => subscriptions().map((sub) => sub.target_url),
				deliver: async () => await hooks!.deliver('deal.won', DEAL),
			});
			// No list endpoint configured: the lost subscription stayed with the API, refused with 410.
			hooks!.subscriptions.clear();
		}));

	test('with Standard Webhooks, a signed delivery runs once, its retry with the same webhook-id starts no second run and a bad signature gets 401 (templates in Expression mode still work)', () =>
		inN8n(async () => {
			const wf = restHookWorkflow('resthook standard webhooks', 'signed', {
				incomingAuthentication: 'standardWebhooks',
				// What the editor stores once one types "{{" in these fields: Expression mode.
				subscribeUrl: `={{ "${hooks!.url}" }}/hooks`,
				subscribeBody: '={"target_url": "{{ targetUrl }}", "event": "{{event}}"}',
				unsubscribeUrl: `=${hooks!.url}/hooks/{{id}}`,
			});
			const made = await api.createWorkflow(wf.input);
			const deletesBefore = hooks!.log.filter((entry) => entry.method === 'DELETE').length;

			await publishAndServe(api, made, wf.productionUrl);

			expectSubscribedOncePerEvent(wf.productionUrl);
			const body = JSON.stringify(CONTACT);
			const signed = standardWebhooksHeaders(body, WHSEC, { id: 'msg_e2e_1' });
			const first = await hooks!.deliver('contact.created', CONTACT, signed);
			const retry = await hooks!.deliver('contact.created', CONTACT, signed);
			const forged = await hooks!.deliver(
				'contact.created',
				CONTACT,
				standardWebhooksHeaders(body, 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=', {
					id: 'msg_e2e_2',
				}),
			);
			const unsigned = await hooks!.deliver('contact.created', CONTACT);

			expect(first.map(({ status, body }) => ({ status, body }))).toEqual([
				{ status: 200, body: '{"message":"Workflow was started"}' },
			]);
			expect(retry.map(({ status, body }) => ({ status, body }))).toEqual([
				{ status: 200, body: '{"message":"Delivery already received; no new run."}' },
			]);
			expect(forged.map(({ status }) => status)).toEqual([401]);
			expect(unsigned.map(({ status }) => status)).toEqual([401]);
			const executions = await finishedExecutions(api, made, 1);
			expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
			expect(await triggerItems(api, executions[0], NODE)).toEqual([
				{
					event: 'contact.created',
					receivedAt: expect.any(String),
					deliveryId: 'msg_e2e_1',
					...CONTACT,
				},
			]);

			await api.unpublish(made.id);
			expect(subscriptions()).toEqual([]);
			expect(hooks!.log.filter((entry) => entry.method === 'DELETE')).toHaveLength(
				deletesBefore + 2,
			);
			expect(await api.listExecutions(made.id)).toHaveLength(1);
		}));

	test('"Listen for test event" shows the sample endpoint\'s deliveries at once and leaves no test subscription', () =>
		inN8n(async () => {
			const wf = restHookWorkflow('resthook samples', 'urlSecret', {
				sampleEndpoint: { method: 'GET', url: `${hooks!.url}/hooks/sample?event={{event}}` },
			});
			const made = await api.createWorkflow(wf.input);

			await expect(api.listenForTestEvent(made.id, NODE)).resolves.toMatchObject({
				waitingForWebhook: true,
			});

			const [execution] = await finishedExecutions(api, made, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
			expect(await triggerItems(api, execution, NODE)).toEqual(
				EVENTS.flatMap((event) =>
					(HOOK_SAMPLES[event] as object[]).map((sample) =>
						expect.objectContaining({ event, ...sample }),
					),
				),
			);
			const sampleCalls = hooks!.log.filter((entry) => entry.path === '/hooks/sample');
			expect(sampleCalls.map((entry) => entry.query.event).sort()).toEqual(EVENTS);
			await waitFor(async () => subscriptions().length === 0, {
				timeoutMs: 30_000,
				description: 'the test subscriptions removed from the hooks API',
			});
		}));

	test("weavy described as a REST hook API, with its login as the credential: publish logs in and subscribes per event with the event in the URL, weavy's delivery runs once with the record unwrapped, an expired token is renewed by a new login when unpublishing", () =>
		inN8n(async () => {
			const customer = { codecustomer: 'CUS000777', name: 'Fromagerie Dupont' };
			const wf = triggerWorkflow(n8n!, {
				name: 'resthook weavy',
				nodeName: NODE,
				nodeType: 'restHookTrigger',
				parameters: { ...weavyParameters(weavy!, 'NewCustomer, NewDeal') },
				credential: credentials.weavyLogin,
			});
			const made = await api.createWorkflow(wf.input);
			const logins = () => weavy!.log.filter((entry) => entry.path === '/v1/Authenticate');

			await publishAndServe(api, made, wf.productionUrl);

			const subscribed = [...weavy!.subscriptions.values()];
			expect(subscribed.map((sub) => sub.event).sort()).toEqual(['NewCustomer', 'NewDeal']);
			for (const sub of subscribed) {
				const hook = new URL(sub.hookUrl);
				expect(`${hook.origin}${hook.pathname}`).toBe(wf.productionUrl);
				expect(hook.searchParams.get('event')).toBe(sub.event);
			}
			expect(logins().length).toBeGreaterThan(0);
			const delivered = await weavy!.deliver('NewCustomer', customer);
			expect(delivered.map(({ status }) => status)).toEqual([200]);
			const executions = await finishedExecutions(api, made, 1);
			expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
			expect(await triggerItems(api, executions[0], NODE)).toEqual([
				{
					event: 'NewCustomer',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					...customer,
				},
			]);

			const loginsBefore = logins().length;
			weavy!.expireTokens();
			await api.unpublish(made.id);

			expect(weavy!.subscriptions.size).toBe(0);
			expect(logins().length).toBeGreaterThan(loginsBefore);
		}));

	test('with an OAuth2 client-credentials credential made through the public API: publish subscribes with a token from the authorization server, a signed delivery runs once, an expired token is refreshed when unpublishing', () =>
		inN8n(async () => {
			const oauth = await new OAuth2Simulator().start();
			const oauthHooks = await new RestHookApiSimulator().start();
			oauthHooks.auth = 'oauth2';
			oauthHooks.oauth = oauth;
			try {
				const name = 'REST hooks OAuth2 e2e';
				const made = await api.createCredential('restHookOAuth2Api', name, {
					grantType: 'clientCredentials',
					accessTokenUrl: oauth.tokenUrl,
					clientId: OAUTH_CLIENT.id,
					clientSecret: OAUTH_CLIENT.secret,
					scope: 'hooks:write',
					authentication: 'header',
					signingSecret: WHSEC,
					previousSigningSecret: '',
				});
				const wf = triggerWorkflow(n8n!, {
					name: 'resthook oauth2',
					nodeName: NODE,
					nodeType: 'restHookTrigger',
					parameters: {
						authentication: 'oAuth2',
						customEvents: EVENTS.join(', '),
						subscribeUrl: `${oauthHooks.url}/hooks`,
						unsubscribeUrl: `${oauthHooks.url}/hooks/{{id}}`,
						incomingAuthentication: 'standardWebhooks',
					},
					credential: { type: 'restHookOAuth2Api', id: made.id, name },
				});
				const workflow = await api.createWorkflow(wf.input);

				await publishAndServe(api, workflow, wf.productionUrl);

				const held = [...oauthHooks.subscriptions.values()];
				expect(held.flatMap((hook) => hook.events).sort()).toEqual(EVENTS);
				expect(oauth.tokenCalls).toEqual([
					{ grantType: 'client_credentials', scope: 'hooks:write', clientAuth: 'header' },
				]);
				const posts = oauthHooks.log.filter((entry) => entry.method === 'POST');
				for (const post of posts) expect(String(post.headers.authorization)).toMatch(/^Bearer at-/);

				const body = JSON.stringify(CONTACT);
				const signed = standardWebhooksHeaders(body, WHSEC, { id: 'msg_oauth_1' });
				const answers = await oauthHooks.deliver('contact.created', CONTACT, signed);
				const again = await oauthHooks.deliver('contact.created', CONTACT, signed);
				expect(answers.map(({ status }) => status)).toEqual([200]);
				expect(again.map(({ body }) => body)).toEqual([
					'{"message":"Delivery already received; no new run."}',
				]);
				const [execution] = await finishedExecutions(api, workflow, 1);
				expect(await triggerItems(api, execution, NODE)).toEqual([
					expect.objectContaining({ event: 'contact.created', deliveryId: 'msg_oauth_1' }),
				]);

				oauth.expireAccessTokens();
				await api.unpublish(workflow.id);

				expect(oauthHooks.subscriptions.size).toBe(0);
				expect(oauth.tokenCalls.map((call) => call.grantType)).toEqual([
					'client_credentials',
					'client_credentials',
				]);
				expect(oauthHooks.log.filter((entry) => entry.status === 401).length).toBeGreaterThan(0);
				expect(await api.listExecutions(workflow.id)).toHaveLength(1);
			} finally {
				await oauthHooks.stop();
				await oauth.stop();
			}
		}));
});
