import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { WEBHOOK_SAMPLES } from '../../nodes/GetResponse/samples';
import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { efidemPayload } from '../harness/efidem';
import { signedRequest, standardWebhooksHeaders } from '../harness/signing';
import { HOOKS_API_KEY, RestHookApiSimulator } from '../simulators/resthook';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';
import { N8nApi, type Workflow, type WorkflowInput, type WorkflowNode } from './harness/api';
import type { N8nHandle } from './harness/n8n';
import { credentialData, startSuite } from './harness/suite';
import { REPO_ROOT } from './harness/paths';
import {
	finishedExecutions,
	postJson,
	publishAndServe,
	triggerItems,
	webhookNode,
	withDiagnostics,
} from './harness/triggers';

const EXAMPLES = join(REPO_ROOT, 'examples');
const PACKAGE_PREFIX = 'n8n-nodes-resthooks.';
const EFIDEM_SECRET = 'sk_e2e_examples_6b1f0d9a4c2e7f35';
const WHSEC = `whsec_${Buffer.from('examples-standard-webhooks-key-32b').toString('base64')}`;
const URL_SECRET = 'examples-url-secret-8d3f1a6c0b9e2';

/** An example as a user imports it: the file's workflow, nothing added but credentials. */
function example(file: string): WorkflowInput {
	return JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as WorkflowInput;
}

/** The example's trigger node and the node after it (the one whose output a user keeps). */
function parts(workflow: WorkflowInput): { trigger: WorkflowNode; result: WorkflowNode } {
	const trigger = workflow.nodes.find((node) => node.type.startsWith(PACKAGE_PREFIX));
	const next = (
		workflow.connections[trigger!.name] as { main: Array<Array<{ node: string }>> } | undefined
	)?.main[0]?.[0]?.node;
	const result = workflow.nodes.find((node) => node.name === next);
	return { trigger: trigger!, result: result! };
}

/**
 * Each workflow in examples/ imported through n8n's public API as the file holds it, given a
 * credential (and, where the user must type one, a URL secret or the API's address), published
 * against the simulators, sent what the provider sends; the run's output is checked field by field.
 */
describe('the example workflows in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let weavy: WeavySimulator | undefined;
	let sarbacane: SarbacaneSimulator | undefined;
	let hooks: RestHookApiSimulator | undefined;
	const credentials: Record<string, { id: string; name: string }> = {};
	const inN8n = <T>(body: () => Promise<T>) =>
		withDiagnostics(
			() => n8n,
			{ weavy: () => weavy, sarbacane: () => sarbacane, hooks: () => hooks },
			body,
		);

	beforeAll(async () => {
		[weavy, sarbacane, hooks] = await Promise.all([
			new WeavySimulator().start(),
			new SarbacaneSimulator().start(),
			new RestHookApiSimulator().start(),
		]);
		({ n8n, api } = await startSuite());
		const made = {
			divaltoWeavyApi: await api.createCredential(
				'divaltoWeavyApi',
				'weavy',
				credentialData.weavy(weavy),
			),
			sarbacaneApi: await api.createCredential(
				'sarbacaneApi',
				'Sarbacane',
				credentialData.sarbacane(sarbacane),
			),
			efidemSnapShootApi: await api.createCredential('efidemSnapShootApi', 'SnapShoot', {
				secretKey: EFIDEM_SECRET,
				previousSecretKey: '',
			}),
			restHookSigningSecretApi: await api.createCredential('restHookSigningSecretApi', 'hooks', {
				apiAuthentication: 'header',
				headerName: 'X-API-Key',
				headerSecret: HOOKS_API_KEY,
				signingSecret: WHSEC,
				previousSigningSecret: '',
			}),
		};
		for (const [type, { id, name }] of Object.entries(made)) credentials[type] = { id, name };
	});

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([weavy?.stop(), sarbacane?.stop(), hooks?.stop()]);
	});

	/** Imports the example with the trigger's credential and `parameters` set; publishes it. */
	async function imported(
		file: string,
		credentialType: string | undefined,
		parameters: Record<string, unknown> = {},
		served?: (trigger: WorkflowNode) => string,
	): Promise<{ made: Workflow; trigger: WorkflowNode; result: WorkflowNode }> {
		const workflow = example(file);
		const { trigger, result } = parts(workflow);
		Object.assign(trigger.parameters, parameters);
		if (credentialType) trigger.credentials = { [credentialType]: credentials[credentialType] };
		const made = await api.createWorkflow(workflow);
		if (served) await publishAndServe(api, made, served(trigger));
		else await api.publish(made.id);
		return { made, trigger, result };
	}

	const productionUrl = (trigger: WorkflowNode) =>
		`${n8n!.baseUrl}/webhook/${trigger.webhookId}/webhook`;

	async function output(made: Workflow, node: WorkflowNode) {
		const [execution] = await finishedExecutions(api, made, 1);
		expect(execution).toMatchObject({ status: 'success' });
		return await triggerItems(api, execution, node.name);
	}

	test('every file in examples/ is tested here and uses only n8n-nodes-base and this package', () => {
		const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));
		expect(files.sort()).toEqual([
			'efidem-delivery-tracking.json',
			'getresponse-new-contacts.json',
			// Tested below in a plain n8n, and in the scale suite where n8n loses executions.
			'n8n-recover-lost-executions.json',
			'resthook-standard-webhooks.json',
			'sarbacane-suppression-list.json',
			'weavy-new-customer-record.json',
		]);
		for (const file of files) {
			const workflow = example(file);
			expect(Object.keys(workflow).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
			for (const node of workflow.nodes) {
				expect(node.type).toMatch(/^(n8n-nodes-base\.|n8n-nodes-resthooks\.)/);
				// No credential in a file: the user picks theirs after importing.
				expect(node.credentials).toBeUndefined();
			}
		}
	});

	test('weavy: a new customer becomes one clean customer record', () =>
		inN8n(async () => {
			const { made, result } = await imported('weavy-new-customer-record.json', 'divaltoWeavyApi');
			const customer = {
				codecustomer: 'CUS000901',
				name: 'Brasserie du Port',
				address1: '3 quai Vauban',
				postalCode: '62200',
				city: 'Boulogne-sur-Mer',
				phoneNumber: '+33 3 21 00 00 00',
			};

			const answers = await weavy!.deliver('NewCustomer', customer);

			expect(answers.map(({ status }) => status)).toEqual([200]);
			expect(await output(made, result)).toEqual([
				{
					customerCode: 'CUS000901',
					name: 'Brasserie du Port',
					address: '3 quai Vauban, 62200 Boulogne-sur-Mer',
					phone: '+33 3 21 00 00 00',
					createdInWeavyAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				},
			]);
			await api.unpublish(made.id);
		}));

	test('Sarbacane: a hard bounce becomes one suppression-list entry with its SMTP reason', () =>
		inN8n(async () => {
			const { made, result } = await imported('sarbacane-suppression-list.json', 'sarbacaneApi');
			const bounce: Record<string, unknown> = {
				...SARBACANE_SAMPLES.HARD_BOUNCE,
				email: 'gone@example.fr',
			};

			const answers = await sarbacane!.deliver('hard_bounce', bounce);

			expect(answers.map(({ status }) => status)).toEqual([200]);
			expect(await output(made, result)).toEqual([
				{
					email: 'gone@example.fr',
					reason: 'HARD_BOUNCE',
					detail: '550 5.1.1 user unknown (UserSearch)',
					campaignId: bounce.campaignId,
					at: bounce.date,
				},
			]);
			await api.unpublish(made.id);
		}));

	test('GetResponse: a batch of three new contacts becomes one item per contact', () =>
		inN8n(async () => {
			const { made, trigger, result } = await imported(
				'getresponse-new-contacts.json',
				undefined,
				{ urlSecret: URL_SECRET },
				(node) => `${productionUrl(node)}?secret=${URL_SECRET}`,
			);
			const sample = WEBHOOK_SAMPLES.contact_added as { contact: Record<string, unknown> };
			const batch = ['ana', 'ben', 'chloe'].map((name, index) => ({
				...sample,
				contact: { ...sample.contact, contactId: `c${index}`, name, email: `${name}@example.com` },
			}));

			const answer = await postJson(`${productionUrl(trigger)}?secret=${URL_SECRET}`, batch, {
				'x-webhook-id': randomUUID(),
			});

			expect(answer).toEqual({ status: 200, body: '{"status":"OK"}' });
			expect(await output(made, result)).toEqual(
				['ana', 'ben', 'chloe'].map((name, index) => ({
					contactId: `c${index}`,
					email: `${name}@example.com`,
					name,
					list: 'my_first_campaign',
					addedAt: '2021-04-27T12:56:00+00:00',
				})),
			);
			await api.unpublish(made.id);
		}));

	test('Efidem SnapShoot: a signed "Délivré" becomes the message status "delivered"', () =>
		inN8n(async () => {
			const { made, trigger, result } = await imported(
				'efidem-delivery-tracking.json',
				'efidemSnapShootApi',
				{},
				productionUrl,
			);
			const delivered = efidemPayload('Délivré', {
				ID: 'msg-42',
				Destination: 'jeanne@example.fr',
				CustomerReference: 'CMD-42',
				DateEvent: '2026-11-30T09:15:00+01:00',
			});

			const signed = signedRequest(delivered, EFIDEM_SECRET);

			const answer = await postJson(productionUrl(trigger), signed.body, signed.headers);

			expect(answer.status).toBe(200);
			expect(await output(made, result)).toEqual([
				{
					messageId: 'msg-42',
					recipient: 'jeanne@example.fr',
					status: 'delivered',
					orderReference: 'CMD-42',
					at: '2026-11-30T09:15:00+01:00',
				},
			]);
			await api.unpublish(made.id);
		}));

	test('REST Hook Trigger: a Standard Webhooks "contact.created" becomes one new-contact item', () =>
		inN8n(async () => {
			const { made, result } = await imported(
				'resthook-standard-webhooks.json',
				'restHookSigningSecretApi',
				{
					subscribeUrl: `${hooks!.url}/hooks`,
					unsubscribeUrl: `${hooks!.url}/hooks/{{id}}`,
				},
			);
			const message = {
				type: 'contact.created',
				data: { id: 'ct_7', email: 'lea@example.com' },
			};
			const body = JSON.stringify(message);

			const answers = await hooks!.deliver(
				'contact.created',
				message,
				standardWebhooksHeaders(body, WHSEC, { id: 'msg_example_1' }),
			);

			expect(answers.map(({ status }) => status)).toEqual([200]);
			expect(await output(made, result)).toEqual([
				{
					messageId: 'msg_example_1',
					contactId: 'ct_7',
					email: 'lea@example.com',
					event: 'contact.created',
				},
			]);
			await api.unpublish(made.id);
			expect(hooks!.subscriptions.size).toBe(0);
		}));

	test('the recovery workflow runs in n8n and never retries an execution that started: a failed run is listed for the user', () =>
		inN8n(async () => {
			// An execution that failed after its trigger: a node ran, so it must not run again.
			const path = `examples-failing-${randomUUID()}`;
			const failing = await api.createWorkflow({
				name: 'fails after its trigger',
				nodes: [
					webhookNode(path),
					{
						name: 'Unreachable',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [220, 0],
						parameters: { method: 'POST', url: 'http://127.0.0.1:9/refused', options: {} },
					},
				],
				connections: {
					Webhook: { main: [[{ node: 'Unreachable', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			});
			await api.publish(failing.id);
			expect((await postJson(`${n8n!.baseUrl}/webhook/${path}`, { event: 1 })).status).toBe(200);
			const [failed] = await finishedExecutions(api, failing, 1);
			expect(failed).toMatchObject({ status: 'error' });

			const recovery = example('n8n-recover-lost-executions.json');
			const credential = await api.createCredential('n8nApi', 'n8n API', {
				apiKey: n8n!.apiKey,
				baseUrl: `${n8n!.baseUrl}/api/v1`,
			});
			for (const node of recovery.nodes) {
				if (node.type === 'n8n-nodes-base.httpRequest') {
					node.credentials = { n8nApi: { id: credential.id, name: 'n8n API' } };
				}
				if (node.name === 'Settings') {
					const { assignments } = node.parameters.assignments as {
						assignments: Array<{ name: string; value: unknown }>;
					};
					assignments.find((each) => each.name === 'apiUrl')!.value = `${n8n!.baseUrl}/api/v1`;
				}
			}
			const made = await api.createWorkflow(recovery);
			await api.executeFromTrigger(made.id, 'Run the recovery');
			const [run] = await finishedExecutions(api, made, 1);

			expect(run).toMatchObject({ status: 'success' });
			expect(await triggerItems(api, run, 'Retry')).toEqual([]);
			expect(await triggerItems(api, run, 'Started: check by hand')).toEqual(
				expect.arrayContaining([
					expect.objectContaining({
						executionId: failed.id,
						status: 'error',
						neverStarted: false,
						nodesThatRan: ['Webhook', 'Unreachable'],
					}),
				]),
			);
			await api.unpublish(failing.id);
		}));
});
