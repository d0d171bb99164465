import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

/** One request as a simulator saw it, for assertions and for a red CI's log. */
export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	status: number;
	/** When the simulator answered it (milliseconds since 1970): when the provider acted. */
	at: number;
}

/** A fault to serve instead of the normal answer, for the next `times` matching requests. */
export interface Fault {
	/** Which requests it applies to, e.g. the entry point name or 'POST /webhooks'. */
	match: (request: {
		method: string;
		path: string;
		query: Record<string, string>;
		body: unknown;
	}) => boolean;
	status?: number;
	body?: unknown;
	/** Answer after this long (a timeout when longer than the client waits). */
	delayMs?: number;
	/**
	 * The provider handles the request (saves the subscription) and only then is its answer
	 * replaced by this fault's status, or lost to a timeout: the write happened, the answer did not
	 * arrive.
	 */
	afterSaving?: boolean;
	/** Answer only once this settles (after saving, with `afterSaving`): a call held open for as long as a test needs. */
	holdUntil?: Promise<unknown>;
	times?: number;
}

export interface Reply {
	status: number;
	/** Sent as JSON. */
	body?: unknown;
	/** Sent as an HTML page instead of `body`. */
	html?: string;
	headers?: Record<string, string>;
}

export type Handler = (request: {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}) => Reply | Promise<Reply>;

async function readBody(request: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString();
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * A small real HTTP server on 127.0.0.1 for provider simulators: logs every request, serves
 * injected faults first, and otherwise hands the request to the simulator's handler.
 */
export class LoopbackServer {
	readonly log: LoggedRequest[] = [];

	private readonly faults: Fault[] = [];

	private server?: Server;

	private readonly timers = new Set<NodeJS.Timeout>();

	/** Added to every answer, to simulate a distant provider. */
	latencyMs = 0;

	/** The most requests that were being served at the same time: >1 proves calls overlap. */
	maxInFlight = 0;

	private inFlight = 0;

	constructor(private readonly handler: Handler) {}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('simulator not started');
		return `http://127.0.0.1:${address.port}`;
	}

	async start(port = 0): Promise<this> {
		this.server = createServer((request, response) => void this.serve(request, response));
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		return this;
	}

	async stop(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	inject(fault: Fault): void {
		this.faults.push({ times: 1, ...fault });
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	/** The log as text, for a failing test's output. */
	describeLog(): string {
		return this.log
			.map(
				(entry) =>
					`${entry.method} ${entry.path} ${JSON.stringify(entry.query)} -> ${entry.status}`,
			)
			.join('\n');
	}

	private async wait(ms: number): Promise<void> {
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await this.answer(request, response);
		} finally {
			this.inFlight--;
		}
	}

	private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const incoming = {
			method: request.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: request.headers,
			body: await readBody(request),
		};
		const fault = this.faults.find((candidate) => candidate.match(incoming));
		if (this.latencyMs) await this.wait(this.latencyMs);
		let reply: Reply;
		if (fault) {
			fault.times = (fault.times ?? 1) - 1;
			if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
			const handled = fault.afterSaving ? await this.handler(incoming) : undefined;
			if (fault.delayMs) await this.wait(fault.delayMs);
			if (fault.holdUntil) await fault.holdUntil;
			reply =
				fault.status === undefined
					? (handled ?? (await this.handler(incoming)))
					: { status: fault.status, body: fault.body };
		} else {
			reply = await this.handler(incoming);
		}
		this.log.push({ ...incoming, status: reply.status, at: Date.now() });
		if (response.destroyed) return;
		if (reply.html !== undefined) {
			response.writeHead(reply.status, { 'content-type': 'text/html', ...reply.headers });
			response.end(reply.html);
			return;
		}
		response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
		response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
	}
}
