import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of n8n that holds every answer back for `delayMs`: what a sender sees
 * when n8n's answer comes too late for it (n8n under load, a slow proxy). It records the status
 * n8n answered each request with, which the sender never learns when it gave up first.
 */
export class SlowAnswers {
	/** n8n's status for each request passed on, in order. */
	readonly answered: number[] = [];

	private server?: Server;

	constructor(
		private readonly target: string,
		private readonly delayMs: number,
	) {}

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				void (async () => {
					const upstream = await fetch(new URL(request.url ?? '/', this.target), {
						method: request.method,
						headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
						body: Buffer.concat(chunks),
					});
					const body = Buffer.from(await upstream.arrayBuffer());
					this.answered.push(upstream.status);
					await new Promise((resolve) => setTimeout(resolve, this.delayMs));
					if (!response.destroyed) response.writeHead(upstream.status).end(body);
				})().catch(() => response.destroy());
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return this;
	}

	/** This proxy's address for a URL of n8n (its path and query kept). */
	urlFor(n8nUrl: string): string {
		const url = new URL(n8nUrl);
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}${url.pathname}${url.search}`;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}
}

/**
 * A sender that waits `timeoutMs` for an answer and, without a 2xx in time, sends the same bytes
 * again, `retries` times at most, as Sarbacane does ("retries 10 times"). The statuses it saw (0:
 * it gave up waiting).
 */
export async function sendUntilAnswered(
	url: string,
	body: string,
	{ timeoutMs, retries, pauseMs }: { timeoutMs: number; retries: number; pauseMs: number },
): Promise<number[]> {
	const seen: number[] = [];
	for (let attempt = 0; attempt <= retries; attempt++) {
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body,
				signal: AbortSignal.timeout(timeoutMs),
			});
			seen.push(response.status);
			if (response.ok) return seen;
		} catch {
			seen.push(0);
		}
		await new Promise((resolve) => setTimeout(resolve, pauseMs));
	}
	return seen;
}
