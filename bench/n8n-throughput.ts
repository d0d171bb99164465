import autocannon from 'autocannon';
import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';

import { N8nApi, waitFor, type WorkflowInput } from '../test/e2e/harness/api';
import { startN8n, type N8nHandle } from '../test/e2e/harness/n8n';
import { packPackage } from '../test/e2e/harness/pack';
import { N8N_PACKAGE_DIR, NODE24, PACKAGE_NAME } from '../test/e2e/harness/paths';
import { WEAVY_SAMPLES, WEAVY_USER, WeavySimulator } from '../test/simulators/weavy';
import { interleave, now, ratios, spread, type Spread } from './stats';

/**
 * 2. Throughput inside a real n8n: events per second into a published workflow whose trigger is
 * our weavy trigger (URL secret, subscribed against the weavy simulator), against the same
 * one-node workflow with n8n's core Webhook node, in the same n8n process, with the same load
 * generator (autocannon, loopback, a bounded number of requests) and the same body.
 *
 * n8n 2.41 serves its own Webhook node (v2+, static parameters) without acquiring an expression
 * isolate for the webhook phase (live-webhooks.js `webhookPhaseNeedsIsolate`); every other
 * trigger type, ours and n8n's own app triggers alike, pays for one more isolate per request.
 * The core Webhook node v1 takes that same path: it is measured too, as the control that shows
 * what is left for our code.
 */
export interface ThroughputResult {
	connections: number;
	requests: number;
	/** Ours over n8n's core Webhook node (v2.1, the node users add today). */
	ratio: Spread;
	/** Ours over the core Webhook node v1, which n8n serves on the same path as every other trigger. */
	controlRatio: Spread;
	ours: Spread;
	core: Spread;
	control: Spread;
}

export interface N8nVersions {
	n8n: string;
	node: string;
}

export function n8nVersions(): N8nVersions {
	const { version } = JSON.parse(
		readFileSync(path.join(N8N_PACKAGE_DIR, 'package.json'), 'utf8'),
	) as { version: string };
	return { n8n: version, node: execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim() };
}

const BODY = JSON.stringify(WEAVY_SAMPLES.NewCustomer);
const HEADERS = { 'content-type': 'application/json' };

async function eventsPerSecond(url: string, connections: number, amount: number): Promise<number> {
	const start = now();
	const result = await autocannon({
		url,
		method: 'POST',
		headers: HEADERS,
		body: BODY,
		connections,
		amount,
		timeout: 30,
	});
	const seconds = (now() - start) / 1e9;
	if (result.errors || result.timeouts || result.non2xx || result['2xx'] !== amount) {
		throw new Error(
			`throughput bench: ${url} answered ${result['2xx']}/${amount} with 2xx (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`,
		);
	}
	return amount / seconds;
}

async function publishedUrl(
	api: N8nApi,
	n8n: N8nHandle,
	input: WorkflowInput,
	url: () => string | undefined,
): Promise<string> {
	const workflow = await api.createWorkflow(input);
	await api.publish(workflow.id);
	const live = await waitFor(
		async () => {
			const target = url();
			if (!target) return undefined;
			const res = await fetch(target, { method: 'POST', headers: HEADERS, body: BODY });
			await res.arrayBuffer();
			return res.status === 200 ? target : undefined;
		},
		{ timeoutMs: 60_000, description: `${input.name} answering 200` },
	);
	void n8n;
	return live;
}

export async function benchThroughput(
	rounds: number,
	plan: Array<{ connections: number; requests: number }>,
	log: (line: string) => void = () => undefined,
): Promise<ThroughputResult[]> {
	const simulator = await new WeavySimulator().start();
	let n8n: N8nHandle | undefined;
	try {
		log('building and packing the package');
		const tarball = await packPackage();
		log('starting n8n');
		n8n = await startN8n({ tarball });
		const api = new N8nApi(n8n);
		const credential = await api.createCredential('divaltoWeavyApi', 'weavy bench', {
			baseUrl: simulator.url,
			projectCode: WEAVY_USER.projectCode,
			username: WEAVY_USER.username,
			password: WEAVY_USER.password,
		});

		const oursUrl = await publishedUrl(
			api,
			n8n,
			{
				name: 'bench: weavy trigger',
				nodes: [
					{
						name: 'Divalto weavy Trigger',
						type: `${PACKAGE_NAME}.divaltoWeavyTrigger`,
						typeVersion: 1,
						position: [0, 0],
						webhookId: randomUUID(),
						parameters: { events: ['NewCustomer'] },
						credentials: { divaltoWeavyApi: { id: credential.id, name: credential.name } },
					},
				],
				connections: {},
			},
			() =>
				[...simulator.subscriptions.values()].find((sub) => sub.event === 'NewCustomer')?.hookUrl,
		);
		const coreWorkflow = async (name: string, typeVersion: number): Promise<string> => {
			const path = `bench-${randomUUID()}`;
			return await publishedUrl(
				api,
				n8n!,
				{
					name,
					nodes: [
						{
							name: 'Webhook',
							type: 'n8n-nodes-base.webhook',
							typeVersion,
							position: [0, 0],
							webhookId: randomUUID(),
							parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
						},
					],
					connections: {},
				},
				() => `${n8n!.baseUrl}/webhook/${path}`,
			);
		};
		const coreUrl = await coreWorkflow('bench: core Webhook v2.1', 2.1);
		const controlUrl = await coreWorkflow('bench: core Webhook v1', 1);

		log('warming up');
		for (const url of [oursUrl, coreUrl, controlUrl]) await eventsPerSecond(url, 4, 100);
		const results: ThroughputResult[] = [];
		for (const { connections, requests } of plan) {
			log(`${rounds} interleaved rounds of ${requests} requests at concurrency ${connections}`);
			const [ours, core, control] = await interleave(
				rounds,
				[oursUrl, coreUrl, controlUrl].map(
					(url) => async () => await eventsPerSecond(url, connections, requests),
				),
			);
			results.push({
				connections,
				requests,
				ratio: ratios(ours, core),
				controlRatio: ratios(ours, control),
				ours: spread(ours),
				core: spread(core),
				control: spread(control),
			});
		}
		return results;
	} finally {
		await n8n?.stop();
		await simulator.stop();
	}
}
