import { execFileSync } from 'child_process';
import { createHmac, randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { Agent, request as httpRequest } from 'http';
import path from 'path';

import { N8nApi, waitFor, type Workflow, type WorkflowInput } from '../test/e2e/harness/api';
import { startN8n } from '../test/e2e/harness/n8n';
import { packPackage } from '../test/e2e/harness/pack';
import { N8N_PACKAGE_DIR, NODE_BIN, PACKAGE_NAME } from '../test/e2e/harness/paths';
import { HOOKS_API_KEY, RestHookApiSimulator } from '../test/simulators/resthook';
import { SARBACANE_ACCOUNT, SarbacaneSimulator } from '../test/simulators/sarbacane';
import { WEAVY_SAMPLES, WEAVY_USER, WeavySimulator } from '../test/simulators/weavy';
import { groupCpuSeconds } from './cpu';
import { interleave, ratios, spread, type Spread } from './stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JS preload, loaded by n8n too
const { MARKER: PATCH_MARKER } = require('./patch-isolate-skip.js') as { MARKER: string };

/**
 * 2. Throughput inside a real n8n: events per second completed (the request sent, n8n's execution
 * finished) through a published workflow holding one trigger, for each trigger of the package at
 * node version 2 (and weavy at version 1 for comparison), against n8n's core Webhook node v2.1
 * and v1, in the same n8n process, in interleaved rounds. Run once with n8n's default expression
 * settings and once with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true.
 *
 * Timing: the round starts when the first request is sent and ends when the last execution of
 * the round stopped, as n8n records it (`stoppedAt`), so neither a load generator's reporting
 * tick nor n8n answering before it runs the workflow (response mode "on received") shifts it.
 */
export type SettingName =
	'default' | 'lazy acquire' | 'patched n8n, default' | 'patched n8n, lazy acquire';

/**
 * n8n with bench/patch-isolate-skip.js preloaded: webhookPhaseNeedsIsolate() lets any node type
 * through its generic checks (docs/n8n-isolate-skip.md). Only the benchmark's own n8n gets it.
 */
const PATCHED = { NODE_OPTIONS: `--require ${path.join(__dirname, 'patch-isolate-skip.js')}` };

export const SETTINGS: Record<SettingName, Record<string, string>> = {
	default: {},
	'lazy acquire': { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	'patched n8n, default': PATCHED,
	'patched n8n, lazy acquire': { ...PATCHED, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
};

/** The settings a run measures: n8n as installed, and the patched n8n beside it when asked. */
export function settingsFor(patched: boolean): SettingName[] {
	const all = Object.keys(SETTINGS) as SettingName[];
	return patched ? all : all.filter((name) => !isPatched(name));
}

export function isPatched(setting: SettingName): boolean {
	return setting.startsWith('patched');
}

export function isLazy(setting: SettingName): boolean {
	return setting.endsWith('lazy acquire');
}

/** Throws unless every log says the patch was applied (a patched setting only). */
export function assertPatched(setting: SettingName, logs: string[]): void {
	if (!isPatched(setting)) return;
	const missing = logs.filter((log) => !log.includes(PATCH_MARKER)).length;
	if (missing > 0) {
		throw new Error(
			`${missing} n8n process(es) of the "${setting}" setting started without the isolate-skip patch (no "${PATCH_MARKER}" in their log): the measure would not be of a patched n8n`,
		);
	}
}

export type TargetName =
	| 'core Webhook v2.1'
	| 'core Webhook v2.1 (Header Auth)'
	| 'core Webhook v1'
	| 'weavy v1'
	| 'weavy'
	| 'Sarbacane'
	| 'GetResponse'
	| 'Efidem (signed)'
	| 'REST Hook (Standard Webhooks)';

/** The header n8n's Webhook node checks in the Header Auth control target. */
const HEADER_AUTH = { name: 'X-Bench-Auth', value: 'bench-header-secret-0123456789' };

/** Which triggers verify a signature (a secret read from the credential per delivery). */
export const SIGNED: TargetName[] = ['Efidem (signed)', 'REST Hook (Standard Webhooks)'];
export const URL_SECRET: TargetName[] = ['weavy', 'Sarbacane', 'GetResponse'];
export const TRIGGERS: TargetName[] = [...URL_SECRET, ...SIGNED];

export interface ThroughputRound {
	setting: SettingName;
	connections: number;
	requests: number;
	/** Events/s completed, per target, per round (same round index = same interleaved round). */
	perSecond: Record<TargetName, number[]>;
	/** CPU milliseconds of the n8n process (and its task runners) per event, per target, per round. */
	cpuMs: Record<TargetName, number[]>;
}

export interface N8nVersions {
	n8n: string;
	node: string;
}

export function n8nVersions(): N8nVersions {
	const { version } = JSON.parse(
		readFileSync(path.join(N8N_PACKAGE_DIR, 'package.json'), 'utf8'),
	) as { version: string };
	return { n8n: version, node: execFileSync(NODE_BIN, ['--version'], { encoding: 'utf8' }).trim() };
}

/** Summaries of a measured setting and concurrency. */
export function median(round: ThroughputRound, target: TargetName): Spread {
	return spread(round.perSecond[target]);
}

export function ratio(round: ThroughputRound, a: TargetName, b: TargetName): Spread {
	return ratios(round.perSecond[a], round.perSecond[b]);
}

/** One request of a target: its path (with query), headers and body. */
interface Outgoing {
	path: string;
	headers: Record<string, string>;
	body: string;
}

export interface Target {
	workflow: Workflow;
	next(): Outgoing;
}

const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const EFIDEM_SECRET = 'sk_bench_4f7c2a9e1b8d3f6a0c5e7b2d9a4f1c8e';
const GETRESPONSE_SECRET = 'bench-url-secret-7c3a9f1d2b8e';
const JSON_HEADERS = { 'content-type': 'application/json' };

function pathOf(url: string): string {
	const parsed = new URL(url);
	return `${parsed.pathname}${parsed.search}`;
}

/** Sends `amount` requests over `connections` keep-alive connections; resolves when all answered. */
async function load(
	port: number,
	connections: number,
	amount: number,
	next: () => Outgoing,
): Promise<void> {
	const agent = new Agent({ keepAlive: true, maxSockets: connections });
	let sent = 0;
	const failures: string[] = [];
	const send = async (outgoing: Outgoing): Promise<void> =>
		await new Promise((resolve) => {
			const req = httpRequest(
				{
					host: '127.0.0.1',
					port,
					method: 'POST',
					path: outgoing.path,
					agent,
					headers: { ...outgoing.headers, 'content-length': Buffer.byteLength(outgoing.body) },
				},
				(res) => {
					res.resume();
					res.on('end', () => {
						if (res.statusCode !== 200) failures.push(`${res.statusCode} ${outgoing.path}`);
						resolve();
					});
				},
			);
			req.on('error', (error) => {
				failures.push(error.message);
				resolve();
			});
			req.end(outgoing.body);
		});
	const worker = async () => {
		while (sent < amount) {
			sent++;
			await send(next());
		}
	};
	try {
		await Promise.all(Array.from({ length: connections }, worker));
	} finally {
		agent.destroy();
	}
	if (failures.length > 0) {
		throw new Error(
			`throughput bench: ${failures.length} of ${amount} not answered 200: ${failures[0]}`,
		);
	}
}

/** One round's rates: events/s answered 200, and events/s completed (last execution stopped). */
export interface RoundRates {
	accepted: number;
	completed: number;
	/**
	 * With a CPU probe: CPU milliseconds per event of each probed part, from the first request to
	 * the last answer (accepted) and to the last execution stopped (completed).
	 */
	cpuMs?: { accepted: Record<string, number>; completed: Record<string, number> };
}

/** CPU seconds used so far, per part of the setup (benchmark 5: webhook processes, workers). */
export type CpuProbe = () => Record<string, number>;

function perEvent(
	from: Record<string, number>,
	to: Record<string, number>,
	events: number,
): Record<string, number> {
	return Object.fromEntries(
		Object.keys(from).map((part) => [part, ((to[part] - from[part]) * 1000) / events]),
	);
}

/**
 * One round through `port` (n8n itself, or a load balancer in front of it): from the first
 * request to the last answer (accepted) and to the last execution's stop (completed).
 */
export async function round(
	api: N8nApi,
	port: number,
	target: Target,
	connections: number,
	amount: number,
	probe?: CpuProbe,
): Promise<RoundRates> {
	const cpuAtStart = probe?.();
	const started = Date.now();
	await load(port, connections, amount, () => target.next());
	const answered = Date.now();
	const cpuAtAnswer = probe?.();
	const done = await waitFor(
		async () => {
			const executions = (await api.listExecutions(target.workflow.id, { limit: 250 })).filter(
				(execution) => Date.parse(execution.startedAt) >= started,
			);
			const stopped = executions.filter((execution) => execution.stoppedAt !== null);
			return stopped.length >= amount ? stopped : undefined;
		},
		{
			timeoutMs: 120_000,
			intervalMs: 100,
			description: `${amount} executions of ${target.workflow.name}`,
		},
	);
	if (done.length !== amount || done.some((execution) => execution.status !== 'success')) {
		throw new Error(`throughput bench: ${target.workflow.name} ran ${done.length} of ${amount}`);
	}
	const cpuAtEnd = probe?.();
	const last = Math.max(...done.map((execution) => Date.parse(execution.stoppedAt!)));
	return {
		accepted: amount / ((answered - started) / 1000),
		completed: amount / ((last - started) / 1000),
		cpuMs:
			cpuAtStart && cpuAtAnswer && cpuAtEnd
				? {
						accepted: perEvent(cpuAtStart, cpuAtAnswer, amount),
						completed: perEvent(cpuAtStart, cpuAtEnd, amount),
					}
				: undefined,
	};
}

function node(
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	credential?: { type: string; id: string; name: string },
): WorkflowInput['nodes'][number] {
	return {
		name: 'Trigger',
		type,
		typeVersion,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters,
		...(credential
			? { credentials: { [credential.type]: { id: credential.id, name: credential.name } } }
			: {}),
	};
}

async function published(
	api: N8nApi,
	name: string,
	trigger: WorkflowInput['nodes'][number],
): Promise<Workflow> {
	const workflow = await api.createWorkflow({ name, nodes: [trigger], connections: {} });
	await api.publish(workflow.id);
	return workflow;
}

async function credential(api: N8nApi, type: string, data: Record<string, unknown>) {
	const name = `bench ${type}`;
	return { type, id: (await api.createCredential(type, name, data)).id, name };
}

/** Publishes one workflow per target and says how to make each one's requests. */
export async function targets(
	api: N8nApi,
	simulators: { weavy: WeavySimulator; sarbacane: SarbacaneSimulator; hooks: RestHookApiSimulator },
): Promise<Record<TargetName, Target>> {
	const { weavy, sarbacane, hooks } = simulators;
	// A previous n8n's subscriptions point at a port nobody serves any more.
	weavy.subscriptions.clear();
	sarbacane.webhooks.clear();
	hooks.subscriptions.clear();
	const weavyCredential = await credential(api, 'divaltoWeavyApi', {
		baseUrl: weavy.url,
		...WEAVY_USER,
	});
	// Every request is a new event: the triggers remember deliveries (Options > Remember Deliveries
	// For), so the same body twice is a retry, answered without a run. The sequence number is in
	// each body, the core Webhook node's included, so every target parses the same bytes' worth.
	let sequence = 0;
	const customer = () =>
		JSON.stringify({
			result: {
				...(WEAVY_SAMPLES.NewCustomer as { result: Record<string, unknown> }).result,
				codecustomer: `CUS${++sequence}`,
			},
		});
	const weavyTarget = async (name: TargetName, typeVersion: number): Promise<Target> => {
		const before = new Set(weavy.subscriptions.keys());
		const workflow = await published(
			api,
			`bench ${name}`,
			node(
				`${PACKAGE_NAME}.divaltoWeavyTrigger`,
				typeVersion,
				{ events: ['NewCustomer'] },
				weavyCredential,
			),
		);
		const hook = [...weavy.subscriptions.values()].find((sub) => !before.has(sub.code))!;
		return {
			workflow,
			next: () => ({ path: pathOf(hook.hookUrl), headers: JSON_HEADERS, body: customer() }),
		};
	};
	const core = async (
		name: TargetName,
		typeVersion: number,
		headerAuth?: { type: string; id: string; name: string },
	): Promise<Target> => {
		const webhookPath = `bench-${randomUUID()}`;
		const workflow = await published(
			api,
			`bench ${name}`,
			node(
				'n8n-nodes-base.webhook',
				typeVersion,
				{
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'onReceived',
					...(headerAuth ? { authentication: 'headerAuth' } : {}),
					options: {},
				},
				headerAuth,
			),
		);
		const headers = headerAuth
			? { ...JSON_HEADERS, [HEADER_AUTH.name]: HEADER_AUTH.value }
			: JSON_HEADERS;
		return {
			workflow,
			next: () => ({ path: `/webhook/${webhookPath}`, headers, body: customer() }),
		};
	};
	// n8n's Webhook node checking a header against a credential: like the triggers, a workflow
	// with a credential, which n8n checks on every execution (credentials-permission-checker).
	const headerAuthCredential = await credential(api, 'httpHeaderAuth', HEADER_AUTH);

	const sarbacaneCredential = await credential(api, 'sarbacaneApi', {
		...SARBACANE_ACCOUNT,
		baseUrl: sarbacane.baseUrl,
	});
	const sarbacaneWorkflow = await published(
		api,
		'bench Sarbacane',
		node(
			`${PACKAGE_NAME}.sarbacaneTrigger`,
			2,
			{ source: 'api', events: ['OPEN'] },
			sarbacaneCredential,
		),
	);
	const sarbacaneHook = [...sarbacane.webhooks.values()][0];
	// Sarbacane's key holds the date to the millisecond: one a request.
	const open = () =>
		JSON.stringify({
			email: 'user@email.com',
			campaignId: 'c1',
			type: 'open',
			date: new Date(Date.UTC(2026, 0, 1) + ++sequence).toISOString(),
		});

	const getResponseTrigger = node(`${PACKAGE_NAME}.getResponseWebhooksTrigger`, 2, {
		source: 'webhooks',
		urlSecret: GETRESPONSE_SECRET,
		events: ['*'],
	});
	const getResponseWorkflow = await published(api, 'bench GetResponse', getResponseTrigger);
	const opened = JSON.stringify([
		{
			type: 'contact_opened_message',
			contact: { contactId: 'abc123' },
			account: { accountId: 'def456' },
		},
	]);

	const efidemCredential = await credential(api, 'efidemSnapShootApi', {
		secretKey: EFIDEM_SECRET,
		previousSecretKey: '',
	});
	const efidemTrigger = node(
		`${PACKAGE_NAME}.efidemSnapShootTrigger`,
		2,
		{ events: ['*'] },
		efidemCredential,
	);
	const efidemWorkflow = await published(api, 'bench Efidem', efidemTrigger);
	// SnapShoot's key is its message ID and date: one a request, signed as SnapShoot does.
	const clicked = () =>
		JSON.stringify({
			ID: `e-${++sequence}`,
			Destination: 'a@example.com',
			Event: 'Clic',
			DateEvent: '2026-01-01T00:00:00+01:00',
		});

	const hooksCredential = await credential(api, 'restHookSigningSecretApi', {
		apiAuthentication: 'header',
		headerName: 'X-API-Key',
		headerSecret: HOOKS_API_KEY,
		signingSecret: STANDARD_SECRET,
		previousSigningSecret: '',
	});
	const restHookWorkflow = await published(
		api,
		'bench REST Hook',
		node(
			`${PACKAGE_NAME}.restHookTrigger`,
			2,
			{
				customEvents: 'contact.created',
				subscribeUrl: `${hooks.url}/hooks`,
				unsubscribeUrl: `${hooks.url}/hooks/{{id}}`,
				incomingAuthentication: 'standardWebhooks',
			},
			hooksCredential,
		),
	);
	const restHookTarget = [...hooks.subscriptions.values()][0].target_url;
	const contact = JSON.stringify({ type: 'contact.created', data: { id: 'c_1' } });
	const key = Buffer.from(STANDARD_SECRET.replace(/^whsec_/, ''), 'base64');

	return {
		'core Webhook v2.1': await core('core Webhook v2.1', 2.1),
		'core Webhook v2.1 (Header Auth)': await core(
			'core Webhook v2.1 (Header Auth)',
			2.1,
			headerAuthCredential,
		),
		'core Webhook v1': await core('core Webhook v1', 1),
		'weavy v1': await weavyTarget('weavy v1', 1),
		weavy: await weavyTarget('weavy', 2),
		Sarbacane: {
			workflow: sarbacaneWorkflow,
			next: () => ({ path: pathOf(sarbacaneHook.url), headers: JSON_HEADERS, body: open() }),
		},
		GetResponse: {
			workflow: getResponseWorkflow,
			// A new X-Webhook-ID each time: the same one would be a retry, answered without a run.
			next: () => ({
				path: `/webhook/${getResponseTrigger.webhookId}/webhook?secret=${GETRESPONSE_SECRET}`,
				headers: { ...JSON_HEADERS, 'x-webhook-id': randomUUID() },
				body: opened,
			}),
		},
		'Efidem (signed)': {
			workflow: efidemWorkflow,
			next: () => {
				const body = clicked();
				const signature = createHmac('sha256', EFIDEM_SECRET).update(body).digest('hex');
				return {
					path: `/webhook/${efidemTrigger.webhookId}/webhook`,
					headers: { ...JSON_HEADERS, 'x-signature': signature },
					body,
				};
			},
		},
		'REST Hook (Standard Webhooks)': {
			workflow: restHookWorkflow,
			// Signed as a sender does for each message: its own id, the current time.
			next: () => {
				const id = `msg_${randomUUID()}`;
				const timestamp = String(Math.floor(Date.now() / 1000));
				const signature = createHmac('sha256', key)
					.update(`${id}.${timestamp}.${contact}`)
					.digest('base64');
				return {
					path: pathOf(restHookTarget),
					headers: {
						...JSON_HEADERS,
						'webhook-id': id,
						'webhook-timestamp': timestamp,
						'webhook-signature': `v1,${signature}`,
					},
					body: contact,
				};
			},
		},
	};
}

export async function benchThroughput(
	rounds: number,
	plan: Array<{ connections: number; requests: number }>,
	log: (line: string) => void = () => undefined,
	settings: SettingName[] = settingsFor(false),
): Promise<ThroughputRound[]> {
	const simulators = {
		weavy: await new WeavySimulator().start(),
		sarbacane: await new SarbacaneSimulator().start(),
		hooks: await new RestHookApiSimulator().start(),
	};
	log('building and packing the package');
	const tarball = await packPackage();
	const results: ThroughputRound[] = [];
	try {
		for (const setting of settings) {
			log(`starting n8n (${setting} expression settings)`);
			const n8n = await startN8n({ tarball, env: SETTINGS[setting] });
			try {
				assertPatched(setting, [n8n.logTail(100_000)]);
				const api = new N8nApi(n8n);
				const all = await targets(api, simulators);
				// The Header Auth control is benchmark 5's: at n8n's defaults it builds an isolate per
				// request, and its rounds would double this benchmark's time.
				const names = (Object.keys(all) as TargetName[]).filter(
					(name) => name !== 'core Webhook v2.1 (Header Auth)',
				);
				log('warming up');
				for (const name of names) await round(api, n8n.port, all[name], 4, 20);
				for (const { connections, requests } of plan) {
					log(
						`${setting}: ${rounds} interleaved rounds of ${requests} requests at concurrency ${connections}`,
					);
					const probe: CpuProbe = () => ({ n8n: groupCpuSeconds([n8n.processGroup]) });
					const measured = await interleave(
						rounds,
						names.map(
							(name) => async () =>
								await round(api, n8n.port, all[name], connections, requests, probe),
						),
					);
					results.push({
						setting,
						connections,
						requests,
						perSecond: Object.fromEntries(
							names.map((name, index) => [name, measured[index].map((r) => r.completed)]),
						) as Record<TargetName, number[]>,
						cpuMs: Object.fromEntries(
							names.map((name, index) => [
								name,
								measured[index].map((r) => r.cpuMs?.completed.n8n ?? Number.NaN),
							]),
						) as Record<TargetName, number[]>,
					});
				}
			} finally {
				await n8n.stop();
			}
		}
		return results;
	} finally {
		await Promise.all(Object.values(simulators).map(async (simulator) => await simulator.stop()));
	}
}
