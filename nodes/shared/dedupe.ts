import { hash } from 'crypto';

/**
 * Remembers delivery keys (deliveryKey.ts) for a window in time, so a provider's retry of a
 * delivery that already started a run is acknowledged without starting another. It lives in the
 * n8n process: a retry reaching another webhook process of a queue-mode setup is caught only when
 * the load balancer routes every copy of a delivery to the same process (docs/operations.md).
 *
 * A delivery counts as received only once n8n answered it 2xx: n8n answers only after it stored
 * the execution (the trigger's items included). Until then the key is in progress; when n8n
 * answers an error instead (its database down, say), the key is forgotten, so the provider's
 * retry runs.
 *
 * Memory: each key is kept as a 22-character digest, about 175 bytes an entry with the map's own
 * (measured by `npm run bench`: 600,000 keys, 10,000 deliveries a minute for 60 minutes, hold
 * about 100 MB); at most `capacity` entries, the oldest forgotten first beyond that.
 */

/** The slice of n8n's response (an express Response) that tells how n8n answered a delivery. */
export interface DeliveryAnswer {
	readonly headersSent?: boolean;
	readonly statusCode?: number;
	once?(event: 'close', listener: () => void): unknown;
}

/** What a delivery key is to the node: new, answered 2xx before, or not answered yet. */
export type Claim = 'new' | 'received' | 'in progress';

/** A received key: when it is forgotten (seconds, see `seconds()`), a small integer. */
type Received = number;
interface InProgress {
	answer: DeliveryAnswer;
	expires: number;
}
type Entry = Received | InProgress;

export class RecentDeliveries {
	private readonly keys = new Map<string, Entry>();

	/** Milliseconds when the memory was made: times are kept in seconds from here. */
	private readonly origin: number;

	constructor(
		private readonly capacity: number,
		/** The clock, in milliseconds (tests move it). */
		private readonly now: () => number = Date.now,
	) {
		this.origin = now();
	}

	/**
	 * Claims a delivery key for a delivery being answered through `answer`, remembered for
	 * `windowMinutes`: 'new' (it is this delivery's now), 'received' (n8n answered it 2xx within the
	 * window: no new run) or 'in progress' (another delivery with this key is not answered yet).
	 */
	claim(key: string, answer: DeliveryAnswer, windowMinutes: number): Claim {
		const now = this.seconds();
		this.forgetExpired(now);
		const id = digest(key);
		const entry = this.keys.get(id);
		if (entry !== undefined && expiresAt(entry) > now) {
			const outcome = typeof entry === 'number' ? 'received' : outcomeOf(entry.answer);
			if (outcome === 'received') {
				if (typeof entry !== 'number') this.keys.set(id, entry.expires);
				return 'received';
			}
			if (outcome === 'in progress') return 'in progress';
			// n8n answered the earlier delivery with an error: it never ran, this one may.
		}
		// New, expired or failed: remembered from now, at the end of the order.
		this.keys.delete(id);
		const expires = now + Math.max(1, Math.round(windowMinutes * 60));
		this.keys.set(id, { answer, expires });
		// Node's response emits 'close' once it is sent (after 'finish') or its connection is gone.
		answer.once?.('close', () => this.settle(id, answer));
		if (this.keys.size > this.capacity) {
			this.keys.delete(this.keys.keys().next().value as string);
		}
		return 'new';
	}

	/** Forgets every key (tests and benchmarks that send one delivery again and again). */
	clear(): void {
		this.keys.clear();
	}

	/** How many keys are remembered (expired ones go as new deliveries come). */
	get size(): number {
		return this.keys.size;
	}

	/** n8n sent its answer: keep the key as received (2xx), or forget it. */
	private settle(id: string, answer: DeliveryAnswer): void {
		const entry = this.keys.get(id);
		if (entry === undefined || typeof entry === 'number' || entry.answer !== answer) return;
		const outcome = outcomeOf(answer);
		if (outcome === 'received') this.keys.set(id, entry.expires);
		else if (outcome === 'failed') this.keys.delete(id);
		// Closed before n8n answered (the sender gave up): n8n still answers; the next claim reads it.
	}

	/**
	 * Forgets expired keys from the oldest on. Keys are ordered by when they were claimed, so this
	 * stops at the first key still within its window: a key of a longer window before it keeps a
	 * later, shorter one a while longer in memory, never in effect (claim() checks its time).
	 */
	private forgetExpired(now: number): void {
		for (const [id, entry] of this.keys) {
			if (expiresAt(entry) > now) return;
			this.keys.delete(id);
		}
	}

	private seconds(): number {
		return Math.floor((this.now() - this.origin) / 1000);
	}
}

function expiresAt(entry: Entry): number {
	return typeof entry === 'number' ? entry : entry.expires;
}

/**
 * A fixed-size stand-in for a key: 132 bits of its SHA-256, its first 22 base64url characters
 * (the one-shot `hash` to text: a quarter of the time of a `createHash` digest cut as bytes).
 */
function digest(key: string): string {
	return hash('sha256', key, 'base64url').slice(0, 22);
}

/** How n8n answered, read from the response: not yet, 2xx, or an error. */
function outcomeOf(answer: DeliveryAnswer): 'received' | 'in progress' | 'failed' {
	if (!answer.headersSent) return 'in progress';
	const status = answer.statusCode ?? 200;
	return status >= 200 && status < 300 ? 'received' : 'failed';
}

/** How many delivery keys one n8n process remembers at most (about 175 MB). */
export const DELIVERY_KEYS_REMEMBERED = 1_000_000;

export const recentDeliveries = new RecentDeliveries(DELIVERY_KEYS_REMEMBERED);
