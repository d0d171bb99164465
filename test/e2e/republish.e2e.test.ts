import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';
import { N8nApi } from './harness/api';
import type { N8nHandle } from './harness/n8n';
import { credentialData, startSuite } from './harness/suite';
import {
	expectOneRunPerDeliveredEvent,
	LaggedProvider,
	republishUnderLoad,
	weavyScenario,
} from './harness/republish';
import { publishAndServe, triggerWorkflow, withDiagnostics } from './harness/triggers';

/**
 * An event every 40 ms (25 a second), each delivered 300 ms after it happened. n8n runs with the
 * setting the README recommends for throughput (lazy isolates): with its defaults it runs about
 * 10 deliveries a second here, and a backlog of executions on SQLite makes its API time out.
 */
const EVERY_MS = 40;
const N8N_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };
const LAG_MS = 300;

/**
 * A published trigger edited and published again three times while its provider fires events
 * continuously and delivers each one 300 ms later to the subscriptions that existed when it
 * happened: every event delivered through such a subscription runs exactly once — none refused
 * (the replaced subscription's deliveries are accepted for the grace period), none doubled. The
 * events that happened while the provider held no subscription were never delivered: counted,
 * and the window measured at the provider.
 */
describe('editing a published trigger under continuous deliveries', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let weavy: WeavySimulator | undefined;
	let sarbacane: SarbacaneSimulator | undefined;
	const inN8n = <T>(body: () => Promise<T>) =>
		withDiagnostics(() => n8n, { weavy: () => weavy, sarbacane: () => sarbacane }, body);

	beforeAll(async () => {
		weavy = await new WeavySimulator().start();
		sarbacane = await new SarbacaneSimulator().start();
		({ n8n, api } = await startSuite({ env: N8N_ENV }));
	});

	afterAll(async () => {
		await n8n?.stop();
		await weavy?.stop();
		await sarbacane?.stop();
	});

	/** A published one-trigger workflow with its credential. */
	async function published(
		name: string,
		trigger: { nodeName: string; nodeType: string; parameters: Record<string, unknown> },
		credential: { type: string; data: Record<string, unknown> },
	) {
		const made = await api.createCredential(credential.type, name, credential.data);
		const wf = triggerWorkflow(n8n!, {
			name,
			...trigger,
			credential: { type: credential.type, id: made.id, name },
		});
		const workflow = await api.createWorkflow(wf.input);
		await publishAndServe(api, workflow, wf.productionUrl);
		return { wf, workflow };
	}

	test('Divalto weavy: three republishes with other events lose no delivered event and double none', () =>
		inN8n(async () => {
			const nodeName = 'Divalto Weavy Trigger';
			const { wf, workflow } = await published(
				'weavy republish',
				{ nodeName, nodeType: 'divaltoWeavyTrigger', parameters: { events: ['NewCustomer'] } },
				{ type: 'divaltoWeavyApi', data: credentialData.weavy(weavy!) },
			);

			const { outcome, windows } = await republishUnderLoad({
				api,
				made: workflow,
				nodeName,
				productionUrl: wf.productionUrl,
				...weavyScenario(weavy!, wf.productionUrl, { everyMs: EVERY_MS, lagMs: LAG_MS }),
				name: 'weavy',
			});

			expect(windows).toHaveLength(3);
			expect(outcome.delivered).toBeGreaterThan(100);
			// weavy documents no retry.
			expectOneRunPerDeliveredEvent(outcome, { retried: false });
			await api.unpublish(workflow.id);
			expect(weavy!.subscriptions.size).toBe(0);
		}));

	test('Sarbacane (API): three republishes with other kinds lose no delivered event and double none', () =>
		inN8n(async () => {
			const nodeName = 'Sarbacane Trigger';
			const { wf, workflow } = await published(
				'Sarbacane republish',
				{ nodeName, nodeType: 'sarbacaneTrigger', parameters: { source: 'api', events: ['OPEN'] } },
				{ type: 'sarbacaneApi', data: credentialData.sarbacane(sarbacane!) },
			);

			const { outcome, windows } = await republishUnderLoad({
				api,
				made: workflow,
				nodeName,
				productionUrl: wf.productionUrl,
				provider: new LaggedProvider('cmp', {
					targets: () =>
						[...sarbacane!.webhooks.values()]
							.filter((hook) => hook.kinds.includes('OPEN'))
							.map((hook) => hook.url),
					body: (id) => ({ ...SARBACANE_SAMPLES.OPEN, campaignId: id }),
					everyMs: EVERY_MS,
					lagMs: LAG_MS,
					// Sarbacane retries a non-2xx delivery 10 times (at an undocumented pace).
					retries: { times: 10, delayMs: 1000 },
				}),
				edits: [
					{ source: 'api', events: ['OPEN', 'HIT'] },
					{ source: 'api', events: ['OPEN', 'HIT', 'HARD_BOUNCE'] },
					{ source: 'api', events: ['OPEN', 'HARD_BOUNCE'] },
				],
				log: () => sarbacane!.log,
				isRemoval: (entry) => entry.method === 'DELETE',
				isSubscribe: (entry) => entry.method === 'POST',
				idOf: (item) => item.campaignId,
				name: 'Sarbacane',
			});

			expect(windows).toHaveLength(3);
			expect(outcome.delivered).toBeGreaterThan(100);
			// What met n8n's 404 came again and ran once, through the replaced webhook.
			expectOneRunPerDeliveredEvent(outcome, { retried: true });
			await api.unpublish(workflow.id);
			expect(sarbacane!.webhooks.size).toBe(0);
		}));

	test('editing another node and publishing again calls nothing on the trigger: weavy keeps the same subscriptions', () =>
		inN8n(async () => {
			const made = await api.createCredential(
				'divaltoWeavyApi',
				'weavy other node',
				credentialData.weavy(weavy!),
			);
			const wf = triggerWorkflow(n8n!, {
				name: 'weavy other node',
				nodeName: 'Divalto Weavy Trigger',
				nodeType: 'divaltoWeavyTrigger',
				parameters: { events: ['NewCustomer'] },
				credential: { type: 'divaltoWeavyApi', id: made.id, name: 'weavy other node' },
			});
			const withOtherNode = (value: string) => ({
				...wf.input,
				nodes: [
					...wf.input.nodes,
					{
						name: 'Keep',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [200, 0] as [number, number],
						parameters: {
							assignments: {
								assignments: [{ id: 'a1', name: 'source', value, type: 'string' }],
							},
						},
					},
				],
				connections: {
					'Divalto Weavy Trigger': { main: [[{ node: 'Keep', type: 'main', index: 0 }]] },
				},
			});
			const workflow = await api.createWorkflow(withOtherNode('weavy'));
			await publishAndServe(api, workflow, wf.productionUrl);
			const held = [...weavy!.subscriptions.values()].filter((sub) =>
				sub.hookUrl.startsWith(wf.productionUrl),
			);
			const calls = weavy!.log.length;

			const stored = await api.getWorkflow(workflow.id);
			await api.updateWorkflow(workflow.id, {
				name: stored.name,
				nodes: stored.nodes.map((node) =>
					node.name === 'Keep'
						? {
								...node,
								parameters: withOtherNode('weavy CRM').nodes[1].parameters,
							}
						: node,
				),
				connections: stored.connections,
			});
			await api.publish(workflow.id);

			expect(weavy!.log.length).toBe(calls);
			expect(
				[...weavy!.subscriptions.values()].filter((sub) =>
					sub.hookUrl.startsWith(wf.productionUrl),
				),
			).toEqual(held);
			await api.unpublish(workflow.id);
		}));
});
