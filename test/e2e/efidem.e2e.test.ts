import { signedRequest } from '../harness/signing';
import { N8nApi, waitFor, type Execution, type Workflow } from './harness/api';
import { withN8nLog } from './harness/diagnostics';
import type { N8nHandle } from './harness/n8n';
import { startSuite } from './harness/suite';
import {
	finishedExecutions,
	postJson,
	publishAndServe,
	triggerItems,
	triggerWorkflow,
} from './harness/triggers';

const SECRET = 'sk_e2e_9c1f4a7e2b8d5f3a6c0e9b7d4a1f8c2e';
const NODE = 'Efidem SnapShoot Trigger';
const DELIVERED = {
	ID: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
	Destination: 'jeanne@example.fr',
	Event: 'Délivré',
	Info: '',
	DateEvent: '2025-05-02T10:11:12.1234567+02:00',
	CustomerReference: 'CMD-42',
	BillingCode: '',
	Subject: 'Votre commande',
	Attention1: '',
};

/** The Efidem SnapShoot trigger inside a real n8n: signed deliveries, no-auth mode, samples. */
describe('Efidem SnapShoot trigger in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let credentialId: string;
	const inN8n = <T>(body: () => Promise<T>) => withN8nLog(() => n8n, body);

	beforeAll(async () => {
		({ n8n, api } = await startSuite());
		credentialId = (
			await api.createCredential('efidemSnapShootApi', 'SnapShoot e2e', {
				secretKey: SECRET,
				previousSecretKey: '',
			})
		).id;
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	const credential = () => ({
		type: 'efidemSnapShootApi',
		id: credentialId,
		name: 'SnapShoot e2e',
	});

	/** A workflow with the trigger, signed (with the credential) or not; its production URL. */
	function workflow(name: string, parameters: Record<string, unknown>, signed: boolean) {
		const wf = triggerWorkflow(n8n!, {
			name,
			nodeName: NODE,
			nodeType: 'efidemSnapShootTrigger',
			parameters,
			credential: signed ? credential() : undefined,
		});
		return { input: wf.input, url: wf.productionUrl };
	}

	const post = async (url: string, request: { headers?: Record<string, string>; body: string }) =>
		await postJson(url, request.body, request.headers);
	const finished = async (made: Workflow, count: number) =>
		await finishedExecutions(api, made, count);
	const items = async (execution: Execution) => await triggerItems(api, execution, NODE);

	test('a signed delivery starts a run; an unsigned one gets 401 and none', () =>
		inN8n(async () => {
			const { input, url } = workflow('efidem signed', { events: ['*'] }, true);
			const made = await api.createWorkflow(input);
			await publishAndServe(api, made, url);

			const unsigned = await post(url, { body: JSON.stringify(DELIVERED) });
			const forged = await post(url, signedRequest(DELIVERED, 'not-the-key'));
			const signed = await post(url, signedRequest(DELIVERED, SECRET, { encoding: 'base64' }));

			expect(unsigned.status).toBe(401);
			expect(forged.status).toBe(401);
			expect(signed).toEqual({ status: 200, body: '{"message":"Workflow was started"}' });
			const executions = await finished(made, 1);
			expect(executions).toHaveLength(1);
			expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
			expect(await items(executions[0])).toEqual([
				expect.objectContaining({
					event: 'delivered',
					Event: 'Délivré',
					CustomerReference: 'CMD-42',
				}),
			]);
			await api.unpublish(made.id);
		}));

	test('a new SecretKey saved in the credential is honoured on the very next delivery, and the old one is refused from then on', () =>
		inN8n(async () => {
			const NEW_SECRET = 'sk_e2e_rotated_4d2b9f6a1c8e3057b9d4';
			const own = await api.createCredential('efidemSnapShootApi', 'SnapShoot rotation', {
				secretKey: SECRET,
				previousSecretKey: '',
			});
			const wf = triggerWorkflow(n8n!, {
				name: 'efidem rotation',
				nodeName: NODE,
				nodeType: 'efidemSnapShootTrigger',
				parameters: { events: ['*'] },
				credential: { type: own.type, id: own.id, name: own.name },
			});
			const made = await api.createWorkflow(wf.input);
			await publishAndServe(api, made, wf.productionUrl);
			// The first delivery has the trigger keep the secrets in memory.
			const before = await post(wf.productionUrl, signedRequest(DELIVERED, SECRET));

			await api.updateCredentialData(own.id, { secretKey: NEW_SECRET });
			const rotated = await post(
				wf.productionUrl,
				signedRequest({ ...DELIVERED, ID: 'after-rotation' }, NEW_SECRET),
			);
			const old = await post(
				wf.productionUrl,
				signedRequest({ ...DELIVERED, ID: 'old-secret' }, SECRET),
			);

			expect(before.status).toBe(200);
			expect(rotated).toEqual({ status: 200, body: '{"message":"Workflow was started"}' });
			expect(old.status).toBe(401);
			const executions = await finished(made, 2);
			expect(executions).toHaveLength(2);
			const ids = await Promise.all(executions.map(async (e) => (await items(e))?.[0]?.ID));
			expect(ids.sort()).toEqual([DELIVERED.ID, 'after-rotation'].sort());
			await api.unpublish(made.id);
		}));

	test('with authentication "None" and no credential, an unsigned delivery starts a run', () =>
		inN8n(async () => {
			const { input, url } = workflow(
				'efidem unsigned',
				{ authentication: 'none', events: ['opened'] },
				false,
			);
			const made = await api.createWorkflow(input);
			await publishAndServe(api, made, url);

			const other = await post(url, { body: JSON.stringify({ ...DELIVERED, Event: 'Clic' }) });
			const opened = await post(url, {
				body: JSON.stringify({ ...DELIVERED, Event: 'OUVERTURE' }),
			});

			expect(other).toEqual({
				status: 200,
				body: '{"message":"No selected event in this delivery; no run."}',
			});
			expect(opened).toEqual({ status: 200, body: '{"message":"Workflow was started"}' });
			const executions = await finished(made, 1);
			expect(executions).toHaveLength(1);
			expect(await items(executions[0])).toEqual([expect.objectContaining({ event: 'opened' })]);
			await api.unpublish(made.id);
		}));

	test.each([
		['with the credential', true, {}],
		['without a credential', false, { authentication: 'none' }],
	])('"Listen for test event" shows the samples at once, %s', (_name, signed, parameters) =>
		inN8n(async () => {
			const { input } = workflow(
				`efidem samples ${String(signed)}`,
				{ events: ['test', 'clicked'], ...parameters },
				signed,
			);
			const made = await api.createWorkflow(input);

			await expect(api.listenForTestEvent(made.id, NODE)).resolves.toMatchObject({
				waitingForWebhook: true,
			});

			const [execution] = await finished(made, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
			expect((await items(execution))?.map((item) => [item.event, item.Event])).toEqual([
				['test', 'TEST'],
				['clicked', 'Clic'],
			]);
		}),
	);

	test('a delivery signed with HMAC-SHA1 while the node expects SHA-256 ends "Listen for test event" with the setting to change; the sender gets 401', () =>
		inN8n(async () => {
			const { input, url } = workflow(
				'efidem test diagnosis',
				{ events: ['*'], options: { samples: false } },
				true,
			);
			const testUrl = url.replace('/webhook/', '/webhook-test/');
			const made = await api.createWorkflow(input);
			await api.listenForTestEvent(made.id, NODE);

			const answer = await post(testUrl, signedRequest(DELIVERED, SECRET, { algorithm: 'sha1' }));

			expect(answer).toEqual({
				status: 401,
				body: '{"message":"This delivery could not be authenticated."}',
			});
			const [execution] = await finished(made, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'error' });
			const full = await api.getExecution(execution.id);
			expect(full.data?.resultData.error).toMatchObject({
				message:
					'Efidem SnapShoot sent a test delivery that started no run (HTTP 401): the delivery is signed with the right secret, but as HMAC-SHA1, hex, in X-Signature, not HMAC-SHA256, auto (hex or base64), in X-Signature',
				description: 'Set Options → Signature Algorithm to HMAC-SHA1.',
			});
			// The test listener is gone: n8n ended the test with that error.
			expect((await post(testUrl, { body: '{}' })).status).toBe(404);
		}));

	test("a refused production delivery is logged in n8n's log with the reason and the hint, never the signature", () =>
		inN8n(async () => {
			const { input, url } = workflow('efidem production refusal', { events: ['*'] }, true);
			const made = await api.createWorkflow(input);
			await publishAndServe(api, made, url);
			const request = signedRequest(DELIVERED, SECRET, { algorithm: 'sha512', prefix: 'sha512=' });

			const answer = await post(url, request);

			expect(answer.status).toBe(401);
			const line = await waitFor(
				async () =>
					n8n!
						.logTail(400)
						.split('\n')
						.find((entry) => entry.includes('refused a delivery') && entry.includes('SHA512')),
				{ timeoutMs: 10_000, description: "the refusal in n8n's log" },
			);
			expect(line).toContain(
				`Efidem SnapShoot trigger "${NODE}" of workflow ${made.id} refused a delivery (HTTP 401): the delivery is signed with the right secret, but as HMAC-SHA512, hex, after "sha512=", in X-Signature, not HMAC-SHA256, auto (hex or base64), in X-Signature. Set Options → Signature Algorithm to HMAC-SHA512, Signature Prefix to "sha512=".`,
			);
			expect(n8n!.logTail(400)).not.toContain(request.headers['X-Signature'].slice(7));
			expect(await api.listExecutions(made.id)).toEqual([]);
			await api.unpublish(made.id);
		}));

	test("the credential's Test button checks the SecretKey's form and says so", () =>
		inN8n(async () => {
			const test = async (secretKey: string) =>
				await api.restCall<{ data: { status: string; message: string } }>(
					'POST',
					'/credentials/test',
					{
						credentials: {
							id: credentialId,
							name: 'SnapShoot e2e',
							type: 'efidemSnapShootApi',
							data: { secretKey, previousSecretKey: '' },
						},
					},
				);

			const good = await test(SECRET);
			const bad = await test(`${SECRET} `);

			expect(good.data).toEqual({ status: 'OK', message: expect.stringMatching(/well-formed/) });
			expect(bad.data).toEqual({
				status: 'Error',
				message: 'The SecretKey cannot be used: it starts or ends with a space or line break.',
			});
		}));
});
