import { EventEmitter } from 'node:events';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { retryPolicy } from '../../nodes/shared/transport';
import { TestCredentialsHelper } from './credentials';

type Request = NonNullable<IWorkflowExecuteAdditionalData['httpRequest']>;
type Response = NonNullable<IWorkflowExecuteAdditionalData['httpResponse']>;

export const N8N_URL = 'http://127.0.0.1:5678';

let credentialCount = 0;
let nodeCount = 0;
export const WEBHOOK_ID = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

export interface TriggerSetup {
	/** Where "n8n" listens: test webhooks are posted here (see listenForTestEvent). */
	n8nUrl?: string;
	nodeType: INodeType;
	parameters: INodeParameters;
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	workflowId?: string;
}

/** An incoming HTTP request as n8n hands it to webhook(): headers lower-cased, rawBody a Buffer. */
export interface IncomingRequest {
	method?: string;
	headers?: Record<string, string | string[]>;
	query?: IDataObject;
	/** A string or Buffer is sent as is; anything else is sent as JSON. */
	body?: unknown;
	/**
	 * n8n has not read the body: node version 2 and a content type n8n does not parse. The body
	 * is then there only through `readRawBody()`, as in n8n.
	 */
	unread?: boolean;
}

/** What the sender of a delivery would see, and what n8n would run. */
export interface DeliveryOutcome {
	status: number;
	body: unknown;
	/** The workflow run's items, or undefined when no run starts. */
	items: IDataObject[] | undefined;
	result: IWebhookResponseData;
	/**
	 * What webhook() threw: in the editor's test mode, n8n ends the test run with it (the sender
	 * got the answer webhook() sent before, or n8n's 500).
	 */
	error?: Error;
}

/** A line the node logged through n8n's logger. */
export interface LoggedLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	meta?: IDataObject;
}

/** The query string of a hook URL, as n8n hands it to webhook() when the provider calls that URL. */
export function queryOf(url: string): IDataObject {
	return Object.fromEntries(new URL(url).searchParams);
}

function toRawBody(body: unknown): Buffer {
	if (body === undefined) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * The slice of an express Response that n8n's triggers use, recording what was sent: sent once
 * ended (headersSent), with the 'finish' and 'close' events Node's response emits.
 */
export class RecordingResponse extends EventEmitter {
	statusCode = 200;

	body: unknown;

	ended = false;

	get headersSent(): boolean {
		return this.ended;
	}

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		this.body = body;
		return this;
	}

	send(body: unknown): this {
		this.body = body;
		return this;
	}

	end(): this {
		if (this.ended) return this;
		this.ended = true;
		this.emit('finish');
		this.emit('close');
		return this;
	}
}

/**
 * Runs a trigger node the way n8n does, with n8n-core's own HookContext and WebhookContext:
 * real parameter reading, static data, webhook URLs and httpRequestWithAuthentication (token
 * renewal on 401 included). Only credential storage and the HTTP request/response are stand-ins.
 */
export class TriggerHarness {
	readonly credentialsHelper: TestCredentialsHelper;

	readonly node: INode;

	/** What the node logged through n8n's logger (lifecycle and deliveries), in order. */
	readonly logged: LoggedLine[] = [];

	private readonly logger = Object.fromEntries(
		(['error', 'warn', 'info', 'debug'] as const).map((level) => [
			level,
			(message: string, meta?: IDataObject) => this.logged.push({ level, message, meta }),
		]),
	);

	/** The production registration's static data, kept across create/webhook/delete as n8n does. */
	staticData: IDataObject = {};

	private readonly nodeTypes: INodeTypes;

	constructor(private readonly setup: TriggerSetup) {
		const { nodeType, credentialType } = setup;
		this.credentialsHelper = new TestCredentialsHelper(
			new Map([[credentialType.name, credentialType]]),
		);
		this.credentialsHelper.set(credentialType.name, setup.credentials);
		this.node = {
			// Each harness its own node, as two trigger nodes have two ids: its own delivery memory.
			id: `node-${++nodeCount}`,
			name: nodeType.description.defaults.name ?? nodeType.description.displayName,
			type: `n8n-nodes-resthooks.${nodeType.description.name}`,
			typeVersion: 2,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: setup.parameters,
			// Each harness its own credential, as two n8n credentials have two ids.
			credentials: {
				[credentialType.name]: { id: `cred-${++credentialCount}`, name: 'test credentials' },
			},
		};
		this.nodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
	}

	/** This node's static data as n8n stores it (`node:<name>`), what getWorkflowStaticData('node') gives. */
	nodeStaticData(staticData: IDataObject = this.staticData): IDataObject {
		return (staticData[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	setParameters(parameters: INodeParameters): void {
		this.node.parameters = parameters;
	}

	/**
	 * Turns the node's memory of deliveries off (Remember Deliveries For = 0), for tests that send
	 * the same event many ways and judge each request alone.
	 */
	rememberNoDeliveries(): void {
		const options = (this.node.parameters.options ?? {}) as INodeParameters;
		this.node.parameters = {
			...this.node.parameters,
			options: { ...options, deliveryWindowMinutes: 0 },
		};
	}

	private workflow(staticData: IDataObject): Workflow {
		return new Workflow({
			id: this.setup.workflowId ?? 'wf-1',
			nodes: [this.node],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
			staticData,
		});
	}

	get n8nUrl(): string {
		return this.setup.n8nUrl ?? N8N_URL;
	}

	set n8nUrl(url: string) {
		this.setup.n8nUrl = url;
	}

	private additionalData(request?: Request, response?: Response): IWorkflowExecuteAdditionalData {
		const N8N_URL = this.n8nUrl;
		return {
			credentialsHelper: this.credentialsHelper,
			webhookBaseUrl: `${N8N_URL}/webhook`,
			webhookTestBaseUrl: `${N8N_URL}/webhook-test`,
			webhookWaitingBaseUrl: `${N8N_URL}/webhook-waiting`,
			formBaseUrl: `${N8N_URL}/form`,
			formTestBaseUrl: `${N8N_URL}/form-test`,
			formWaitingBaseUrl: `${N8N_URL}/form-waiting`,
			mcpBaseUrl: `${N8N_URL}/mcp`,
			mcpTestBaseUrl: `${N8N_URL}/mcp-test`,
			restApiUrl: `${N8N_URL}/rest`,
			instanceBaseUrl: N8N_URL,
			variables: {},
			currentNodeExecutionIndex: 0,
			httpRequest: request,
			httpResponse: response,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	/**
	 * The HTTP method n8n registers the webhook under, resolved as n8n's WebhookService does
	 * (`getSimpleParameterValue` in 'internal' mode, default GET): an expression such as
	 * `={{$parameter["source"] === "x" ? "GET" : "POST"}}` follows the node's parameters.
	 */
	registeredMethod(staticData: IDataObject = this.staticData): string {
		return this.methodOf(this.workflow(staticData));
	}

	private methodOf(workflow: Workflow): string {
		const [description] = this.setup.nodeType.description.webhooks ?? [];
		return String(
			workflow.expression.getSimpleParameterValue(
				workflow.getNode(this.node.name)!,
				description.httpMethod,
				'internal',
				{},
				undefined,
				'GET',
			),
		);
	}

	private webhookData(workflow: Workflow, isTest: boolean): IWebhookData {
		const [description] = this.setup.nodeType.description.webhooks ?? [];
		return {
			httpMethod: this.methodOf(workflow) as IWebhookData['httpMethod'],
			node: this.node.name,
			path: `${WEBHOOK_ID}/${description.path}`,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: this.additionalData(),
			webhookId: WEBHOOK_ID,
			isTest,
		};
	}

	/**
	 * A HookContext as n8n builds it: 'trigger' mode for publish, 'manual' for the editor's
	 * "Listen for test event" (whose static data starts empty unless given).
	 */
	hookContext(
		mode: 'trigger' | 'internal' | 'manual' = 'trigger',
		activation: WorkflowActivateMode = 'activate',
		staticData: IDataObject = this.staticData,
	): HookContext {
		const workflow = this.workflow(staticData);
		const isTest = mode === 'manual';
		const context = new HookContext(
			workflow,
			this.node,
			this.additionalData(),
			mode,
			isTest ? 'manual' : activation,
			this.webhookData(workflow, isTest),
		);
		// n8n's own logger, recorded: what an operator would read in n8n's log.
		Object.defineProperty(context, 'logger', { value: this.logger });
		return context;
	}

	private get methods() {
		const methods = this.setup.nodeType.webhookMethods?.default;
		if (!methods) throw new Error('node has no webhookMethods.default');
		return methods;
	}

	async checkExists(context = this.hookContext()): Promise<boolean> {
		return await this.methods.checkExists!.call(context);
	}

	async create(context = this.hookContext()): Promise<boolean> {
		return await this.methods.create!.call(context);
	}

	async delete(context = this.hookContext('internal')): Promise<boolean> {
		return await this.methods.delete!.call(context);
	}

	/** What n8n's createWebhookIfNotExists does on publish: create only when checkExists says no. */
	async publish(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		const context = this.hookContext('trigger', activation);
		if (!(await this.checkExists(context))) await this.create(context);
	}

	/**
	 * What n8n 2.41 does when a published trigger's parameters change
	 * (workflow-publication-applier.js): delete() with the old parameters, then checkExists() /
	 * create() with the new ones, both with activation mode 'update'.
	 */
	async republish(parameters: INodeParameters): Promise<void> {
		await this.delete(this.hookContext('internal', 'update'));
		this.setParameters(parameters);
		await this.publish('update');
	}

	/**
	 * Sends a request to webhook(): 'webhook' mode is production, 'manual' a test run. When
	 * webhook() leaves the answer to n8n, n8n answers once it stored the execution: 200, or
	 * `n8nAnswers` (500: its database failed; 'later': not yet).
	 */
	async deliver(
		incoming: IncomingRequest,
		mode: WorkflowExecuteMode = 'webhook',
		staticData: IDataObject = this.staticData,
		{ n8nAnswers = 200 }: { n8nAnswers?: number | 'later' } = {},
	): Promise<DeliveryOutcome> {
		const { context, response } = this.webhookContext(incoming, mode, staticData);
		let result: IWebhookResponseData;
		try {
			result = (await this.setup.nodeType.webhook!.call(context)) as IWebhookResponseData;
		} catch (error) {
			return {
				status: response.ended ? response.statusCode : 500,
				body: response.body,
				items: undefined,
				result: { noWebhookResponse: true },
				error: error as Error,
			};
		}
		const items = result.workflowData?.[0]?.map((item) => item.json);
		if (!result.noWebhookResponse && n8nAnswers !== 'later') response.status(n8nAnswers).end();
		return {
			status: result.noWebhookResponse || n8nAnswers === 'later' ? response.statusCode : n8nAnswers,
			body: result.noWebhookResponse ? response.body : result.webhookResponse,
			items,
			result,
		};
	}

	/**
	 * The WebhookContext n8n builds for one request, and the response it records, without calling
	 * webhook(): for benchmarks that time the handler alone.
	 */
	webhookContext(
		incoming: IncomingRequest,
		mode: WorkflowExecuteMode = 'webhook',
		staticData: IDataObject = this.staticData,
	): { context: WebhookContext; response: RecordingResponse } {
		const rawBody = toRawBody(incoming.body);
		const request = {
			method: incoming.method ?? 'POST',
			headers: Object.fromEntries(
				Object.entries(incoming.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
			),
			query: incoming.query ?? {},
			params: {},
			rawBody: incoming.method === 'GET' || incoming.unread ? undefined : rawBody,
			body: {},
			async readRawBody(this: { rawBody?: Buffer }) {
				this.rawBody = rawBody;
			},
		} as unknown as Request;
		const response = new RecordingResponse();
		const workflow = this.workflow(staticData);
		const context = new WebhookContext(
			workflow,
			this.node,
			this.additionalData(request, response as unknown as Response),
			mode,
			this.webhookData(workflow, mode === 'manual'),
			[],
			null,
		);
		// n8n's own logger, recorded: what an operator would read in n8n's log.
		Object.defineProperty(context, 'logger', { value: this.logger });
		return { context, response };
	}
}

/**
 * The node's static data once unpublished: the publication's secret retired, and each of its
 * `removed` subscriptions remembered as replaced (for the grace period), under that secret.
 */
export function unpublishedState(removed: number, secret: unknown = expect.any(String)): unknown {
	return {
		retiredSecrets: [secret],
		replaced: Array.from({ length: removed }, () => ({
			secret,
			token: expect.any(String),
			removedAt: expect.any(Number),
		})),
	};
}

/** Retries of transient provider failures after 1 ms instead of 0.5 and 1.5 s, for this test file. */
export function fastRetries(): void {
	let saved: number[];
	beforeAll(() => {
		saved = retryPolicy.delaysMs;
		retryPolicy.delaysMs = [1, 1];
	});
	afterAll(() => {
		retryPolicy.delaysMs = saved;
	});
}
