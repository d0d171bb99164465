import { randomUUID } from 'node:crypto';

import { RestHookApiSimulator, HOOKS_API_KEY } from '../../simulators/resthook';
import { SarbacaneSimulator } from '../../simulators/sarbacane';
import { WeavySimulator } from '../../simulators/weavy';
import { hooksApiParameters } from '../../harness/resthook';
import { waitFor, type Workflow } from '../harness/api';
import { PACKAGE_NAME } from '../harness/paths';
import { Recorder } from '../harness/senders';
import { credentialData, makeCredential } from '../harness/suite';
import { startTopology } from '../harness/topology';
import { GR_SECRET, WEBHOOK_NODE, WHSEC, type ScaleRun } from './plan';
import { scaleSender } from './senders';

/**
 * Starts the scale run: the providers' simulators, the recorder, the topology, and one published
 * workflow per trigger (trigger, Remove Duplicates where it dedupes, a node recording each event),
 * each warmed up with one event.
 */
export async function startScaleRun(): Promise<ScaleRun> {
	const [weavy, sarbacane, hooks, recorder] = await Promise.all([
		new WeavySimulator().start(),
		new SarbacaneSimulator().start(),
		new RestHookApiSimulator().start(),
		new Recorder().start(),
	]);
	const topology = await startTopology({
		N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
		// n8n prunes executions beyond 10,000 by default; a full run makes more, and every one is
		// needed to account for its event.
		EXECUTIONS_DATA_PRUNE_MAX_COUNT: '100000',
		// n8n's queue recovery marks at most this many lost executions per pass, and the next
		// pass comes half an interval later (90 minutes by default): the recovery's procedure
		// raises it (docs/operations.md).
		N8N_EXECUTIONS_QUEUE_RECOVERY_BATCH: '10000',
	});
	const run: ScaleRun = {
		topology,
		weavy,
		sarbacane,
		hooks,
		recorder,
		triggers: [],
		outcomes: [],
		reasons: [],
		ledger: [],
		recoveries: [],
		firedSoFar: 0,
		violations: [],
		setupStart: {},
	};
	const triggers = run.triggers;
	const api = topology.api;
	const [weavyCredential, sarbacaneCredential, hooksCredential] = await Promise.all([
		makeCredential(api, 'divaltoWeavyApi', 'weavy scale', credentialData.weavy(weavy)),
		makeCredential(api, 'sarbacaneApi', 'sarbacane scale', credentialData.sarbacane(sarbacane)),
		makeCredential(api, 'restHookSigningSecretApi', 'hooks scale', {
			apiAuthentication: 'header',
			headerName: 'X-API-Key',
			headerSecret: HOOKS_API_KEY,
			signingSecret: WHSEC,
		}),
	]);
	const webhookNodePath = `scale-${randomUUID()}`;
	const specs: Array<{
		name: string;
		type: string;
		typeVersion?: number;
		parameters: Record<string, unknown>;
		credential?: { type: string; id: string; name: string };
		/** What n8n's Remove Duplicates dedupes on (none: no Remove Duplicates). */
		dedupeOn?: string;
		/** Where the event's id is in the trigger's item. */
		eventId?: string;
	}> = [
		{
			name: 'weavy',
			type: 'divaltoWeavyTrigger',
			parameters: { events: ['NewCustomer'] },
			credential: weavyCredential,
		},
		{
			name: 'sarbacane',
			type: 'sarbacaneTrigger',
			parameters: { source: 'api', events: ['OPEN'] },
			credential: sarbacaneCredential,
		},
		{
			name: 'getresponse',
			type: 'getResponseWebhooksTrigger',
			parameters: { source: 'webhooks', urlSecret: GR_SECRET, events: ['*'] },
			dedupeOn: '$json.deliveryId',
		},
		{
			name: 'resthook',
			type: 'restHookTrigger',
			parameters: hooksApiParameters(hooks, {
				customEvents: 'contact.created',
				incomingAuthentication: 'standardWebhooks',
				sampleEndpoint: { method: 'GET', url: `${hooks.url}/hooks/sample?event={{event}}` },
			}),
			credential: hooksCredential,
			dedupeOn: '$json.deliveryId',
		},
		// The baseline: n8n's Webhook node 2.1 fed by a sender that never retries, like weavy's,
		// and delivers one event in 10 again; Remove Duplicates on the event's id.
		{
			name: WEBHOOK_NODE,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			parameters: {
				httpMethod: 'POST',
				path: webhookNodePath,
				responseMode: 'onReceived',
				options: {},
			},
			dedupeOn: '$json.body.eventId',
			eventId: '$json.body.eventId',
		},
	];
	for (const spec of specs) {
		const webhookId = randomUUID();
		const trigger = 'Trigger';
		const nodes: Workflow['nodes'] = [
			{
				name: trigger,
				type: spec.type.includes('.') ? spec.type : `${PACKAGE_NAME}.${spec.type}`,
				typeVersion: spec.typeVersion ?? 2,
				position: [0, 0],
				webhookId,
				parameters: spec.parameters,
				...(spec.credential
					? {
							credentials: {
								[spec.credential.type]: { id: spec.credential.id, name: spec.credential.name },
							},
						}
					: {}),
			},
			...(spec.dedupeOn
				? [
						{
							name: 'Remove Duplicates',
							type: 'n8n-nodes-base.removeDuplicates',
							typeVersion: 2,
							position: [220, 0] as [number, number],
							parameters: {
								operation: 'removeItemsSeenInPreviousExecutions',
								logic: 'removeItemsWithAlreadySeenKeyValues',
								dedupeValue: `={{ ${spec.dedupeOn} }}`,
							},
						},
					]
				: []),
			{
				name: 'Record',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				parameters: {
					method: 'POST',
					url: recorder.url,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ id: ${spec.eventId ?? '$json.eventId'}, trigger: "${spec.name}", execution: $execution.id${spec.dedupeOn ? `, key: ${spec.dedupeOn}` : ''} }) }}`,
					options: {},
				},
			},
		];
		const chain = nodes.map((node) => node.name);
		const connections = Object.fromEntries(
			chain
				.slice(0, -1)
				.map((name, index) => [
					name,
					{ main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] },
				]),
		);
		const workflow = await api.createWorkflow({ name: `scale ${spec.name}`, nodes, connections });
		await api.publish(workflow.id);
		const productionUrl =
			spec.name === WEBHOOK_NODE
				? `${topology.webhookBaseUrl}/webhook/${webhookNodePath}`
				: `${topology.webhookBaseUrl}/webhook/${webhookId}/webhook`;
		triggers.push({
			name: spec.name,
			authenticates: spec.name !== WEBHOOK_NODE,
			workflow,
			deduped: spec.dedupeOn !== undefined,
			subscriptions: {
				weavy: () => weavy.subscriptions.size,
				sarbacane: () => sarbacane.webhooks.size,
				getresponse: undefined,
				resthook: () => hooks.subscriptions.size,
			}[spec.name],
			sender: scaleSender(run, spec.name, productionUrl),
		});
	}
	// One event each before the load: n8n's Remove Duplicates inserts its first row without a
	// lock, and two first executions at once fail on its primary key (measured; see
	// docs/operations.md). After that first row, it updates.
	for (const trigger of triggers) trigger.sender.send(`warm-up-${trigger.name}`);
	await Promise.all(triggers.map(async (trigger) => await trigger.sender.settle()));
	await waitFor(async () => recorder.records.length >= triggers.length, {
		timeoutMs: 120_000,
		description: 'the warm-up event of every trigger recorded',
	});
	return run;
}
