import type { N8nHandle } from './n8n';
import { N8N_MAJOR } from './paths';
import { waitFor } from './wait';

export { waitFor, type WaitOptions } from './wait';

export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	id?: string;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
	disabled?: boolean;
}

export interface WorkflowInput {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface Workflow extends WorkflowInput {
	id: string;
	active: boolean;
	versionId?: string;
	activeVersionId?: string | null;
}

export type ExecutionStatus =
	'canceled' | 'crashed' | 'error' | 'new' | 'running' | 'success' | 'unknown' | 'waiting';

export interface Execution {
	id: string;
	workflowId: string;
	mode: string;
	status: ExecutionStatus;
	finished: boolean;
	startedAt: string;
	stoppedAt: string | null;
	/** Present when asked for with includeData. */
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: unknown }>> } }>>;
			error?: { message: string };
			lastNodeExecuted?: string;
		};
	};
}

export interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export interface Credential {
	id: string;
	name: string;
	type: string;
}

/** A node type as the editor sees it (`/types/nodes.json`). */
export interface NodeTypeInfo {
	name: string;
	displayName: string;
	version: number | number[];
	group?: string[];
	webhooks?: unknown[];
}

/** How many times a call n8n answered 503 "Database is not ready!" is made again, 1 s apart. */
const DATABASE_NOT_READY_RETRIES = 10;

export class N8nApiError extends Error {
	constructor(
		readonly status: number,
		readonly method: string,
		readonly url: string,
		readonly body: string,
	) {
		super(`${method} ${url} -> ${status}: ${body.slice(0, 2000)}`);
	}
}

/**
 * n8n's public API (X-N8N-API-KEY), plus the few internal editor calls (login cookie) that have no
 * public equivalent. Reads the handle's key and cookie on every call, so it survives restart().
 */
export class N8nApi {
	constructor(private readonly n8n: N8nHandle) {}

	async createCredential(
		type: string,
		name: string,
		data: Record<string, unknown>,
	): Promise<Credential> {
		// n8n 1.x's public API validates a credential against a JSON schema it derives from the
		// displayOptions, and gets it wrong for fields shown by an option (it required every
		// option's fields of the REST Hook credential): there the credential is saved as the
		// editor saves it.
		if (N8N_MAJOR < 2) {
			const { data: made } = await this.restCall<{ data: Credential }>('POST', '/credentials', {
				type,
				name,
				data,
			});
			return made;
		}
		return await this.publicCall('POST', '/credentials', { type, name, data });
	}

	/** Changes some fields of a credential's data, as saving the credential in the editor does. */
	async updateCredentialData(id: string, data: Record<string, unknown>): Promise<Credential> {
		return await this.publicCall('PATCH', `/credentials/${id}`, { data, isPartialData: true });
	}

	async createWorkflow(workflow: WorkflowInput): Promise<Workflow> {
		return await this.publicCall('POST', '/workflows', { settings: {}, ...workflow });
	}

	async getWorkflow(id: string): Promise<Workflow> {
		return await this.publicCall('GET', `/workflows/${id}`);
	}

	/** Republishes a published workflow (n8n 2.x behaviour of PUT). */
	async updateWorkflow(id: string, workflow: WorkflowInput): Promise<Workflow> {
		return await this.publicCall('PUT', `/workflows/${id}`, { settings: {}, ...workflow });
	}

	/**
	 * Publishes (n8n 2.x) or activates (n8n 1.x) the workflow. n8n 2.41 applies publications
	 * asynchronously (an outbox polled by the publication service): the call answers before
	 * triggers are registered, and 200 even when a trigger's create() fails. So by default this
	 * waits until the publication settled; read publicationStatus() for the outcome. n8n 1.x
	 * activates synchronously and answers 400 with the error when a trigger's create() fails.
	 */
	async publish(id: string, { wait = true }: { wait?: boolean } = {}): Promise<Workflow> {
		if (N8N_MAJOR < 2) return await this.publicCall<Workflow>('POST', `/workflows/${id}/activate`);
		const workflow = await this.publicCall<Workflow>('POST', `/workflows/${id}/publish`, {});
		if (wait) await this.waitForPublication(id);
		return workflow;
	}

	/** Also asynchronous in n8n 2.41; deleting a workflow before it settled answers 409. */
	async unpublish(id: string, { wait = true }: { wait?: boolean } = {}): Promise<Workflow> {
		if (N8N_MAJOR < 2) {
			return await this.publicCall<Workflow>('POST', `/workflows/${id}/deactivate`);
		}
		const workflow = await this.publicCall<Workflow>('POST', `/workflows/${id}/unpublish`);
		if (wait) await this.waitForPublication(id);
		return workflow;
	}

	/**
	 * Publishes (2.x) or activates (1.x) the workflow and returns what the editor then shows the user
	 * about a trigger that refused, or undefined when none did. n8n 2.x: the trigger's error message
	 * in the publication status (the editor shows its description beside it). n8n 1.x: the message
	 * of the 400 answer, which the editor shows as the whole error; n8n 1.x puts there a
	 * NodeApiError's description, or any other error's message (WorkflowService.activateWorkflow).
	 */
	async publishRefusal(id: string): Promise<string | undefined> {
		if (N8N_MAJOR < 2) {
			try {
				await this.publish(id);
				return undefined;
			} catch (error) {
				if (!(error instanceof N8nApiError) || error.status !== 400) throw error;
				return (JSON.parse(error.body) as { message: string }).message;
			}
		}
		await this.publish(id, { wait: false });
		const status = await this.waitForPublication(id);
		return status.triggers.find((trigger) => trigger.errorMessage)?.errorMessage ?? undefined;
	}

	/** The editor's publication indicator, with each trigger's activation error. */
	async publicationStatus(id: string): Promise<PublicationStatus> {
		const { data } = await this.restCall<{ data: PublicationStatus }>(
			'GET',
			`/workflows/${id}/publication-status`,
		);
		return data;
	}

	/** Waits until no publication or unpublication of the workflow is in flight. */
	async waitForPublication(id: string, timeoutMs = 90_000): Promise<PublicationStatus> {
		return await waitFor(
			async () => {
				const status = await this.publicationStatus(id);
				return status.status === 'in_progress' ? undefined : status;
			},
			{ timeoutMs, intervalMs: 200, description: `publication of workflow ${id} to settle` },
		);
	}

	async deleteWorkflow(id: string): Promise<Workflow> {
		return await this.publicCall('DELETE', `/workflows/${id}`);
	}

	/** Newest first, as n8n returns them. */
	async listExecutions(
		workflowId: string,
		{ includeData = false, limit = 100 }: { includeData?: boolean; limit?: number } = {},
	): Promise<Execution[]> {
		const query = new URLSearchParams({
			workflowId,
			includeData: String(includeData),
			limit: String(limit),
		});
		const page = await this.publicCall<{ data: Execution[] }>('GET', `/executions?${query}`);
		return page.data;
	}

	/** Every execution of the workflow, through the public API's pages (250 at most each). */
	async allExecutions(workflowId: string, { includeData = false } = {}): Promise<Execution[]> {
		const executions: Execution[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({
				workflowId,
				limit: '250',
				includeData: String(includeData),
			});
			if (cursor) query.set('cursor', cursor);
			const page = await this.publicCall<{ data: Execution[]; nextCursor?: string | null }>(
				'GET',
				`/executions?${query}`,
			);
			executions.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return executions;
	}

	async getExecution(id: string, includeData = true): Promise<Execution> {
		return await this.publicCall('GET', `/executions/${id}?includeData=${includeData}`);
	}

	/**
	 * The editor's "Listen for test event" button on a trigger node (NodeExecuteButton in n8n
	 * 2.41.1's editor): a manual run towards the trigger itself. n8n registers the test webhook and
	 * calls the trigger's checkExists/create with mode 'manual'.
	 */
	async listenForTestEvent(workflowId: string, nodeName: string): Promise<ManualRunResult> {
		return await this.runManually(workflowId, {
			startNodes: [{ name: nodeName, sourceData: null }],
			destinationNode: { nodeName, mode: 'inclusive' },
		});
	}

	/** The canvas "Execute workflow" button when it starts from a chosen trigger. */
	async executeFromTrigger(workflowId: string, nodeName: string): Promise<ManualRunResult> {
		return await this.runManually(workflowId, {
			startNodes: [],
			triggerToStartFrom: { name: nodeName },
		});
	}

	/** POST /rest/workflows/{id}/run with the editor's body shape (n8n validates it with ManualRunDto). */
	async runManually(workflowId: string, body: Record<string, unknown>): Promise<ManualRunResult> {
		// n8n 1.x's editor sends the whole workflow with the run, and n8n needs it.
		const workflowData = N8N_MAJOR < 2 ? await this.getWorkflow(workflowId) : undefined;
		const { data } = await this.restCall<{ data: ManualRunResult }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{ workflowId, ...body, ...(workflowData ? { workflowData } : {}) },
		);
		return data;
	}

	/** Cancels a pending "Listen for test event" (the editor's stop button). */
	async stopListening(workflowId: string): Promise<void> {
		await this.restCall('DELETE', `/test-webhook/${workflowId}`);
	}

	/** Every node type the editor can use, community packages' included (`<package>.<name>`). */
	async listNodeTypes(): Promise<NodeTypeInfo[]> {
		return await this.call(
			'GET',
			`${this.n8n.baseUrl}/types/nodes.json`,
			undefined,
			this.restHeaders(),
		);
	}

	async restCall<T>(method: string, path: string, body?: unknown): Promise<T> {
		return await this.call(method, `${this.n8n.baseUrl}/rest${path}`, body, this.restHeaders());
	}

	async publicCall<T>(method: string, path: string, body?: unknown): Promise<T> {
		return await this.call(method, `${this.n8n.baseUrl}/api/v1${path}`, body, {
			'X-N8N-API-KEY': this.n8n.apiKey,
		});
	}

	private restHeaders(): Record<string, string> {
		return { cookie: this.n8n.cookie, 'browser-id': this.n8n.browserId };
	}

	private async call<T>(
		method: string,
		url: string,
		body: unknown,
		headers: Record<string, string>,
	): Promise<T> {
		for (let attempt = 0; ; attempt++) {
			const res = await fetch(url, {
				method,
				headers: {
					accept: 'application/json',
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
					...headers,
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(30_000),
			});
			const text = await res.text();
			// n8n's own answer while its database ping lags behind a burst of executions (SQLite
			// on 2 cores): nothing was done, so the call is made again, as a user clicks again.
			const notReady = res.status === 503 && text.includes('Database is not ready');
			if (notReady && attempt < DATABASE_NOT_READY_RETRIES) {
				await new Promise((resolve) => setTimeout(resolve, 1000));
				continue;
			}
			if (!res.ok) throw new N8nApiError(res.status, method, url, text);
			return (text ? JSON.parse(text) : undefined) as T;
		}
	}
}

export interface ManualRunResult {
	waitingForWebhook?: boolean;
	executionId?: string;
}
