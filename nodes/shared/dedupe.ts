/**
 * Remembers the most recent delivery ids, so a provider's retry of a delivery that already
 * started a run is acknowledged without starting another. Bounded: the oldest ids are forgotten
 * first. It lives in the n8n process: a retry reaching another webhook process of a queue-mode
 * setup is not caught (docs/operations.md: Remove Duplicates).
 */
export class RecentDeliveries {
	private readonly ids = new Map<string, true>();

	constructor(private readonly capacity: number) {}

	/** Records the id; true when it had been recorded before. */
	seen(id: string): boolean {
		if (this.ids.has(id)) return true;
		this.ids.set(id, true);
		if (this.ids.size > this.capacity) {
			const oldest = this.ids.keys().next().value as string;
			this.ids.delete(oldest);
		}
		return false;
	}

	get size(): number {
		return this.ids.size;
	}
}

export const DELIVERY_IDS_REMEMBERED = 5000;

export const recentDeliveries = new RecentDeliveries(DELIVERY_IDS_REMEMBERED);
