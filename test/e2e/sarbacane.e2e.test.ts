import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { SARBACANE_ACCOUNT, SarbacaneSimulator } from '../simulators/sarbacane';
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
} from './harness/triggers';

const NODE = 'Sarbacane Trigger';
const CREDENTIAL_NAME = 'Sarbacane e2e';
const OPEN = { ...SARBACANE_SAMPLES.OPEN, email: 'jeanne@example.fr', campaignId: 'cmp-e2e' };

/** The Sarbacane trigger (API mode) inside a real n8n, against the Sarbacane simulator. */
describe('Sarbacane trigger in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let sarbacane: SarbacaneSimulator | undefined;
	let credential: { type: string; id: string; name: string };
	const inN8n = <T>(body: () => Promise<T>) =>
		withDiagnostics(() => n8n, { sarbacane: () => sarbacane }, body);

	beforeAll(async () => {
		sarbacane = await new SarbacaneSimulator().start();
		({ n8n, api } = await startSuite());
		const made = await api.createCredential(
			'sarbacaneApi',
			CREDENTIAL_NAME,
			credentialData.sarbacane(sarbacane),
		);
		credential = { type: 'sarbacaneApi', id: made.id, name: CREDENTIAL_NAME };
	});

	afterAll(async () => {
		await n8n?.stop();
		await sarbacane?.stop();
	});

	function sarbacaneWorkflow(name: string, events: string[]) {
		return triggerWorkflow(n8n!, {
			name,
			nodeName: NODE,
			nodeType: 'sarbacaneTrigger',
			parameters: { source: 'api', events },
			credential,
		});
	}

	const webhooks = () => [...sarbacane!.webhooks.values()];

	test('publishing creates one webhook with every chosen kind at the production URL; a delivery from Sarbacane runs once, unauthenticated ones get 401; unpublishing deletes it', () =>
		inN8n(async () => {
			const wf = sarbacaneWorkflow('sarbacane lifecycle', ['OPEN', 'HIT', 'HARD_BOUNCE']);
			const made = await api.createWorkflow(wf.input);

			await publishAndServe(api, made, wf.productionUrl);

			expect(webhooks()).toHaveLength(1);
			const [webhook] = webhooks();
			expect([...webhook.kinds].sort()).toEqual(['HARD_BOUNCE', 'HIT', 'OPEN']);
			const hook = new URL(webhook.url);
			expect(`${hook.origin}${hook.pathname}`).toBe(wf.productionUrl);
			expect(hook.searchParams.get('secret')).toMatch(/^[\w-]{20,}$/);

			const noSecret = await postJson(withQueryParameter(webhook.url, 'secret', undefined), OPEN);
			const wrongSecret = await postJson(withQueryParameter(webhook.url, 'secret', 'guess'), OPEN);
			const delivered = await sarbacane!.deliver('open', OPEN);

			expect(noSecret.status).toBe(401);
			expect(wrongSecret.status).toBe(401);
			expect(delivered.map(({ url, status }) => ({ url, status }))).toEqual([
				{ url: webhook.url, status: 200 },
			]);
			const executions = await finishedExecutions(api, made, 1);
			expect(executions).toHaveLength(1);
			expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
			expect(await triggerItems(api, executions[0], NODE)).toEqual([
				{
					...OPEN,
					event: 'OPEN',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					dateIso: '2016-08-11T12:25:18.889Z',
				},
			]);

			await api.unpublish(made.id);
			expect(webhooks()).toEqual([]);
			expect(await api.listExecutions(made.id)).toHaveLength(1);
		}));

	test('"Listen for test event" shows the documented samples at once and deletes the test webhook', () =>
		inN8n(async () => {
			const wf = sarbacaneWorkflow('sarbacane samples', ['SUCCESSFUL', 'HIT']);
			const made = await api.createWorkflow(wf.input);
			const createsBefore = sarbacane!.calls('POST', '/webhooks');

			await expect(api.listenForTestEvent(made.id, NODE)).resolves.toMatchObject({
				waitingForWebhook: true,
			});

			const [execution] = await finishedExecutions(api, made, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
			const items = await triggerItems(api, execution, NODE);
			expect(items).toEqual([
				expect.objectContaining({ event: 'SUCCESSFUL', ...SARBACANE_SAMPLES.SUCCESSFUL }),
				expect.objectContaining({ event: 'HIT', ...SARBACANE_SAMPLES.HIT }),
			]);
			// The test webhook pointed at the test URL, and n8n deleted it after the event.
			const created = sarbacane!.log
				.filter((entry) => entry.method === 'POST' && entry.path === '/v1/webhooks')
				.slice(createsBefore);
			expect(created).toHaveLength(1);
			expect(String((created[0].body as { url: string }).url)).toContain(wf.testUrl);
			await waitFor(async () => webhooks().length === 0, {
				timeoutMs: 30_000,
				description: 'the test webhook deleted in Sarbacane',
			});
		}));

	test("the credential's Test button accepts the right key and explains a wrong one", () =>
		inN8n(async () => {
			const test = async (apiKey: string) =>
				await api.restCall<{ data: { status: string; message: string } }>(
					'POST',
					'/credentials/test',
					{
						credentials: {
							id: credential.id,
							name: CREDENTIAL_NAME,
							type: credential.type,
							data: {
								accountId: SARBACANE_ACCOUNT.accountId,
								apiKey,
								baseUrl: sarbacane!.baseUrl,
							},
						},
					},
				);

			const good = await test(SARBACANE_ACCOUNT.apiKey);
			const bad = await test('wrong-key');

			expect(good.data.status).toBe('OK');
			expect(bad.data).toEqual({
				status: 'Error',
				message: 'Sarbacane refused the Account ID or API Key. Copy both again from Sarbacane.',
			});
		}));
});
