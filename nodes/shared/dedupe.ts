/**
 * Remembers the most recent delivery ids, so a provider's retry of a delivery that already
 * started a run is acknowledged without starting another. Bounded: the oldest ids are forgotten
 * first. It lives in the n8n process: a retry reaching another webhook process of a queue-mode
 * setup is not caught (docs/operations.md: Remove Duplicates).
 *
 * A delivery counts as received only once n8n answered it 2xx: n8n answers only after it stored
 * the execution (the trigger's items included). Until then the id is in progress; when n8n answers
 * an error instead (its database down, say), the id is forgotten, so the provider's retry runs.
 */

/** The slice of n8n's response (an express Response) that tells how n8n answered a delivery. */
export interface DeliveryAnswer {
	readonly headersSent?: boolean;
	readonly statusCode?: number;
	once?(event: 'finish', listener: () => void): unknown;
}

/** What a delivery id is to the node: new, answered 2xx before, or not answered yet. */
export type Claim = 'new' | 'received' | 'in progress';

type Entry = { received: true } | { received: false; answer: DeliveryAnswer };

export class RecentDeliveries {
	private readonly ids = new Map<string, Entry>();

	constructor(private readonly capacity: number) {}

	/**
	 * Claims a delivery id for a delivery being answered through `answer`: 'new' (it is this
	 * delivery's now), 'received' (n8n answered it 2xx before: no new run) or 'in progress'
	 * (another delivery with this id is not answered yet).
	 */
	claim(id: string, answer: DeliveryAnswer): Claim {
		const entry = this.ids.get(id);
		if (entry) {
			const outcome = entry.received ? 'received' : outcomeOf(entry.answer);
			if (outcome === 'received') {
				this.ids.set(id, { received: true });
				return 'received';
			}
			if (outcome === 'in progress') return 'in progress';
			// n8n answered the earlier delivery with an error: it never ran, this one may.
			this.ids.delete(id);
		}
		this.ids.set(id, { received: false, answer });
		answer.once?.('finish', () => this.settle(id, answer));
		if (this.ids.size > this.capacity) {
			const oldest = this.ids.keys().next().value as string;
			this.ids.delete(oldest);
		}
		return 'new';
	}

	get size(): number {
		return this.ids.size;
	}

	/** n8n sent its answer: keep the id as received (2xx), or forget it. */
	private settle(id: string, answer: DeliveryAnswer): void {
		const entry = this.ids.get(id);
		if (!entry || entry.received || entry.answer !== answer) return;
		if (outcomeOf(answer) === 'received') this.ids.set(id, { received: true });
		else this.ids.delete(id);
	}
}

/** How n8n answered, read from the response: not yet, 2xx, or an error. */
function outcomeOf(answer: DeliveryAnswer): 'received' | 'in progress' | 'failed' {
	if (!answer.headersSent) return 'in progress';
	const status = answer.statusCode ?? 200;
	return status >= 200 && status < 300 ? 'received' : 'failed';
}

export const DELIVERY_IDS_REMEMBERED = 5000;

export const recentDeliveries = new RecentDeliveries(DELIVERY_IDS_REMEMBERED);
