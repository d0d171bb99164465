import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Providers' senders for the scale suite: each event carries a unique id, is delivered through the
 * load balancer and, on anything but 2xx (or no answer), sent again as that provider does.
 */

/** When a delivery is sent again: one delay per retry, and which answers are retried. */
export interface RetryPolicy {
	delaysMs: number[];
	/** Whether an answer (undefined: no HTTP answer at all) is retried. Default: anything but 2xx. */
	retries?: (status: number | undefined) => boolean;
	/**
	 * At-least-once delivery: one event in `every`, once accepted, is delivered again (same
	 * delivery id) after `afterMs`, as a provider does when the answer did not reach it in time.
	 */
	redeliver?: { every: number; afterMs: number };
}

/** One HTTP delivery of an event; built again for each attempt (a fresh signature timestamp). */
export interface Delivery {
	url: string;
	headers: Record<string, string>;
	body: string;
}

export interface SentEvent {
	id: string;
	trigger: string;
	/** Sent with a wrong credential on purpose: must never run. */
	forged: boolean;
	/** Every answer, in order (0: no HTTP answer). */
	statuses: number[];
	accepted: boolean;
	/** The provider held no subscription when it happened: it delivers such an event nowhere. */
	undeliverable: boolean;
	/** The answers to its delivery again after it was accepted (at-least-once providers). */
	redelivered: number[];
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

export class Sender {
	readonly sent: SentEvent[] = [];

	private readonly pending = new Set<Promise<void>>();

	constructor(
		readonly trigger: string,
		/**
		 * The delivery as the provider sends it: to `url` when given (a retry), else to the
		 * subscription it holds now; undefined while it holds none (it delivers such an event nowhere).
		 */
		private readonly build: (id: string, forged: boolean, url?: string) => Delivery | undefined,
		private readonly policy: RetryPolicy,
	) {}

	/** Sends one event (and its retries) in the background. */
	send(id: string, forged = false): void {
		const event: SentEvent = {
			id,
			trigger: this.trigger,
			forged,
			statuses: [],
			accepted: false,
			undeliverable: false,
			redelivered: [],
		};
		this.sent.push(event);
		const every = this.policy.redeliver?.every;
		const again = !forged && every !== undefined && this.sent.length % every === 0;
		const done = this.deliver(event, again);
		this.pending.add(done);
		void done.finally(() => this.pending.delete(done));
	}

	/** Waits until every event was accepted or ran out of retries. */
	async settle(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	private async deliver(event: SentEvent, again: boolean): Promise<void> {
		const retried = this.policy.retries ?? ((status) => !(status && status < 300));
		let target: string | undefined;
		for (let attempt = 0; ; attempt++) {
			const delivery = this.build(event.id, event.forged, target);
			if (!delivery) {
				event.undeliverable = true;
				return;
			}
			// Retries go where the first attempt went: the subscription the event was queued for.
			target = delivery.url;
			const status = await post(delivery);
			event.statuses.push(status ?? 0);
			if (status !== undefined && status >= 200 && status < 300) {
				event.accepted = true;
				if (again) {
					await sleep(this.policy.redeliver!.afterMs);
					const duplicate = this.build(event.id, event.forged, target);
					if (duplicate) event.redelivered.push((await post(duplicate)) ?? 0);
				}
				return;
			}
			if (attempt >= this.policy.delaysMs.length || !retried(status)) return;
			await sleep(this.policy.delaysMs[attempt]);
		}
	}
}

/** POSTs one delivery; its status, or undefined when no HTTP answer came. */
async function post({ url, headers, body }: Delivery): Promise<number | undefined> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
			signal: AbortSignal.timeout(60_000),
		});
		await response.arrayBuffer();
		return response.status;
	} catch {
		return undefined;
	}
}

/**
 * One event the workflow's last node recorded: which event, from which execution, and the value
 * Remove Duplicates deduped it on (where the workflow has one).
 */
export interface Recorded {
	id: string;
	trigger: string;
	execution: string;
	key?: string;
}

/** The end of every scale workflow: an HTTP Request node posts each event that got past it here. */
export class Recorder {
	readonly records: Recorded[] = [];

	private server?: Server;

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				try {
					this.records.push(JSON.parse(Buffer.concat(chunks).toString()) as Recorded);
					response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
				} catch {
					response.writeHead(400).end();
				}
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return this;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/record`;
	}

	async stop(): Promise<void> {
		await new Promise((resolve) => this.server?.close(resolve));
	}
}
