import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { N8nApi, waitFor, type Workflow, type WorkflowInput } from './harness/api';
import { withN8nLog } from './harness/diagnostics';
import { readInstalledManifest } from './harness/install-package';
import type { N8nHandle } from './harness/n8n';
import { startSuite } from './harness/suite';
import { webhookNode } from './harness/triggers';
import { PACKAGE_NAME } from './harness/paths';

/** Proves the harness: our packed package inside a real n8n, a core webhook, a restart. */
describe('e2e harness smoke', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	const inN8n = <T>(body: () => Promise<T>) => withN8nLog(() => n8n, body);

	beforeAll(async () => {
		const t0 = Date.now();
		({ n8n, api } = await startSuite());
		console.info(`pack, install the package and start n8n: ${Date.now() - t0} ms`);
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	test('n8n loads our community package without error', () =>
		inN8n(async () => {
			const log = readFileSync(n8n!.logPath, 'utf8');
			expect(log).not.toMatch(
				new RegExp(`(Failed to load|Skipping) package[^\\n]*${PACKAGE_NAME}`),
			);

			const manifest = await readInstalledManifest(n8n!.userFolder, PACKAGE_NAME);
			const ours = (await api.listNodeTypes())
				.map((type) => type.name)
				.filter((name) => name.startsWith(`${PACKAGE_NAME}.`));
			// One node type per node file the package declares (zero is fine for a package without nodes).
			expect(new Set(ours).size).toBe(manifest.n8n?.nodes?.length ?? 0);
		}));

	test('a published core Webhook workflow runs once per production call', () =>
		inN8n(async () => {
			const path = `smoke-${randomUUID()}`;
			const workflow = await api.createWorkflow(webhookWorkflow('smoke production', path));
			await api.publish(workflow.id);

			const t0 = Date.now();
			await expectWebhookStarted(`${n8n!.baseUrl}/webhook/${path}`);
			const [execution] = await waitForExecutions(workflow, 1);
			console.info(`production webhook -> successful execution in ${Date.now() - t0} ms`);
			expect(execution).toMatchObject({ mode: 'webhook', status: 'success' });

			const full = await api.getExecution(execution.id);
			const output = full.data?.resultData.runData.Webhook[0].data?.main[0][0].json;
			expect(output).toMatchObject({ body: { hello: 'production' } });
		}));

	test('"Listen for test event" answers on the test URL, once', () =>
		inN8n(async () => {
			const path = `smoke-test-${randomUUID()}`;
			const workflow = await api.createWorkflow(webhookWorkflow('smoke listen', path));

			await expect(api.listenForTestEvent(workflow.id, 'Webhook')).resolves.toEqual({
				waitingForWebhook: true,
			});
			await expectWebhookStarted(`${n8n!.baseUrl}/webhook-test/${path}`);
			const [execution] = await waitForExecutions(workflow, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });

			// n8n removes the test webhook after its first request.
			const again = await fetch(`${n8n!.baseUrl}/webhook-test/${path}`, { method: 'POST' });
			expect(again.status).toBe(404);
		}));

	test('"Execute workflow" from a trigger (triggerToStartFrom) also waits for the webhook', () =>
		inN8n(async () => {
			const path = `smoke-execute-${randomUUID()}`;
			const workflow = await api.createWorkflow(webhookWorkflow('smoke execute', path));

			await expect(api.executeFromTrigger(workflow.id, 'Webhook')).resolves.toEqual({
				waitingForWebhook: true,
			});
			await expectWebhookStarted(`${n8n!.baseUrl}/webhook-test/${path}`);
			const [execution] = await waitForExecutions(workflow, 1);
			expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
		}));

	test('a published workflow answers again after restart()', () =>
		inN8n(async () => {
			const path = `smoke-restart-${randomUUID()}`;
			const workflow = await api.createWorkflow(webhookWorkflow('smoke restart', path));
			await api.publish(workflow.id);

			const t0 = Date.now();
			await n8n!.restart();
			console.info(`restart ${Date.now() - t0} ms`);

			await expectWebhookStarted(`${n8n!.baseUrl}/webhook/${path}`);
			await waitForExecutions(workflow, 1);
			await api.unpublish(workflow.id);
			await api.deleteWorkflow(workflow.id);
		}));

	async function expectWebhookStarted(url: string): Promise<void> {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ hello: url.includes('/webhook-test/') ? 'test' : 'production' }),
		});
		expect({ status: res.status, body: await res.json() }).toEqual({
			status: 200,
			body: { message: 'Workflow was started' },
		});
	}

	/** Waits until `count` executions have finished, then checks that no more than that exist. */
	async function waitForExecutions(workflow: Workflow, count: number) {
		const done = await waitFor(
			async () => {
				const executions = await api.listExecutions(workflow.id);
				const finished = executions.filter((e) => e.stoppedAt !== null);
				return finished.length >= count ? executions : undefined;
			},
			{ timeoutMs: 30_000, description: `${count} finished execution(s) of ${workflow.name}` },
		);
		expect(done).toHaveLength(count);
		return done;
	}
});

function webhookWorkflow(name: string, path: string): WorkflowInput {
	return { name, nodes: [webhookNode(path)], connections: {} };
}
