import { randomUUID } from 'node:crypto';

import {
	waitFor,
	type Execution,
	type N8nApi,
	type Workflow,
	type WorkflowInput,
	type WorkflowNode,
} from './api';
import { withLog } from './diagnostics';
import type { N8nHandle } from './n8n';
import { PACKAGE_NAME } from './paths';

/** A simulator's request log, printed with the n8n log tail when a test fails. */
export interface LoggingServer {
	describeLog(): string;
}

/**
 * Runs a test body; a failure carries the n8n log tail and each simulator's request log, so a red
 * run shows both sides of every call.
 */
export async function withDiagnostics<T>(
	getN8n: () => N8nHandle | undefined,
	simulators: Record<string, () => LoggingServer | undefined>,
	body: () => Promise<T>,
): Promise<T> {
	try {
		return await body();
	} catch (error) {
		const n8n = getN8n();
		const err = n8n
			? withLog(error, n8n)
			: error instanceof Error
				? error
				: new Error(String(error));
		for (const [name, get] of Object.entries(simulators)) {
			const log = get()?.describeLog() || '(no request)';
			err.message += `\n--- ${name} simulator request log ---\n${log}\n--- end of ${name} log ---`;
		}
		throw err;
	}
}

export interface TriggerWorkflow {
	input: WorkflowInput;
	webhookId: string;
	/** The production URL n8n serves for the trigger's "default" webhook (path `webhook`). */
	productionUrl: string;
	/** The URL "Listen for test event" serves. */
	testUrl: string;
}

/** A one-node workflow holding one of the package's triggers, with a fixed webhookId. */
export function triggerWorkflow(
	n8n: N8nHandle,
	{
		name,
		nodeName,
		nodeType,
		parameters,
		credential,
		typeVersion = 2,
	}: {
		name: string;
		nodeName: string;
		/** The node's version: 2, what the editor adds today, unless told. */
		typeVersion?: number;
		/** The node's name without the package prefix, e.g. `divaltoWeavyTrigger`. */
		nodeType: string;
		parameters: Record<string, unknown>;
		credential?: { type: string; id: string; name: string };
	},
): TriggerWorkflow {
	const webhookId = randomUUID();
	return {
		webhookId,
		productionUrl: `${n8n.baseUrl}/webhook/${webhookId}/webhook`,
		testUrl: `${n8n.baseUrl}/webhook-test/${webhookId}/webhook`,
		input: {
			name,
			nodes: [
				{
					name: nodeName,
					type: `${PACKAGE_NAME}.${nodeType}`,
					typeVersion,
					position: [0, 0],
					webhookId,
					parameters,
					...(credential
						? { credentials: { [credential.type]: { id: credential.id, name: credential.name } } }
						: {}),
				},
			],
			connections: {},
		},
	};
}

/**
 * Waits until n8n serves `url` for `method`: a probe (no secret, no signature) answers anything but
 * 404 once the trigger's webhook is registered, and never starts a run.
 */
export async function servedAt(url: string, method = 'POST', timeoutMs = 60_000): Promise<void> {
	await waitFor(
		async () => {
			const response = await fetch(url, {
				method,
				...(method === 'GET' ? {} : { body: 'probe' }),
			});
			return response.status === 404 ? undefined : true;
		},
		{ timeoutMs, description: `n8n serving ${method} ${url}` },
	);
}

/** Publishes the workflow and waits until n8n serves its trigger's URL. */
export async function publishAndServe(
	api: N8nApi,
	made: Pick<Workflow, 'id'>,
	url: string,
	method = 'POST',
): Promise<void> {
	await api.publish(made.id);
	await servedAt(url, method);
}

/** Waits until at least `count` executions of the workflow finished; returns all finished ones. */
export async function finishedExecutions(
	api: N8nApi,
	workflow: Pick<Workflow, 'id' | 'name'>,
	count: number,
	timeoutMs = 30_000,
): Promise<Execution[]> {
	return await waitFor(
		async () => {
			const executions = await api.listExecutions(workflow.id);
			const done = executions.filter((execution) => execution.stoppedAt !== null);
			return done.length >= count ? done : undefined;
		},
		{ timeoutMs, description: `${count} finished execution(s) of ${workflow.name}` },
	);
}

/** The items a trigger node output in an execution. */
export async function triggerItems(
	api: N8nApi,
	execution: Execution,
	nodeName: string,
): Promise<Array<Record<string, unknown>>> {
	const full = await api.getExecution(execution.id);
	const output = full.data?.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? [];
	return output.map((item) => item.json as Record<string, unknown>);
}

/** POSTs JSON (or a raw string) and reads the answer as text. */
export async function postJson(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: res.status, body: await res.text() };
}

/** `url` with its query parameter `name` removed (value undefined) or replaced. */
export function withQueryParameter(url: string, name: string, value: string | undefined): string {
	const parsed = new URL(url);
	if (value === undefined) parsed.searchParams.delete(name);
	else parsed.searchParams.set(name, value);
	return parsed.toString();
}

/**
 * A subscribe the provider saved but answered 500, in a real n8n: the trigger retries, the
 * provider then holds the lost subscription and the held one, one delivered event runs once, the
 * lost subscription's delivery gets 410, and unpublishing removes only the held one (no list
 * endpoint). `hookUrls` lists the provider's subscriptions' URLs; `deliver` sends one event to
 * each, answering their URLs and statuses.
 */
export async function lostAnswerScenario({
	api,
	workflow,
	failNextSubscribe,
	hookUrls,
	deliver,
}: {
	api: N8nApi;
	workflow: TriggerWorkflow;
	/** Makes the provider save the next subscription and answer 500; gives its hook URL once seen. */
	failNextSubscribe: () => () => string | undefined;
	hookUrls: () => string[];
	deliver: () => Promise<Array<{ url: string; status: number }>>;
}): Promise<void> {
	const lostUrl = failNextSubscribe();
	const made = await api.createWorkflow(workflow.input);

	await publishAndServe(api, made, workflow.productionUrl);
	const lost = lostUrl();
	expect(hookUrls()).toEqual([lost, expect.any(String)]);

	const answers = await deliver();

	expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
	expect(answers.find((answer) => answer.status === 410)?.url).toBe(lost);
	const executions = await finishedExecutions(api, made, 1);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	expect(await api.listExecutions(made.id)).toHaveLength(executions.length);
	expect(executions).toHaveLength(1);

	await api.unpublish(made.id);
	expect(hookUrls()).toEqual([lost]);
}

/** n8n's own Webhook node 2.1 on `path`, answering once the execution is stored (onReceived). */
export function webhookNode(path: string): WorkflowNode {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}
