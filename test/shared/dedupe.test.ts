import { RecentDeliveries } from '../../nodes/shared/dedupe';
import { RecordingResponse } from '../harness/trigger';

/** n8n's answer to one delivery: sent with `status`, or not yet. */
function answered(status?: number): RecordingResponse {
	const response = new RecordingResponse();
	if (status !== undefined) response.status(status).end();
	return response;
}

/** A memory with a clock the test moves, in minutes. */
function memory(capacity = 1000): { recent: RecentDeliveries; wait: (minutes: number) => void } {
	let now = 1_800_000_000_000;
	return {
		recent: new RecentDeliveries(capacity, () => now),
		wait: (minutes) => (now += minutes * 60_000),
	};
}

describe('remembering delivery keys', () => {
	test('a key answered 2xx by n8n is received: its retry starts no run', () => {
		const { recent } = memory();
		expect([recent.claim('a', answered(200), 60), recent.claim('a', answered(), 60)]).toEqual([
			'new',
			'received',
		]);
	});

	test('a key whose first delivery n8n has not answered yet is in progress', () => {
		const { recent } = memory();
		const first = answered();
		recent.claim('a', first, 60);

		expect(recent.claim('a', answered(), 60)).toBe('in progress');
		first.status(200).end();
		expect(recent.claim('a', answered(), 60)).toBe('received');
	});

	test('a key whose delivery n8n answered with an error is forgotten: the retry runs', () => {
		const { recent } = memory();
		const first = answered();
		recent.claim('a', first, 60);
		first.status(500).end();

		expect(recent.claim('a', answered(), 60)).toBe('new');
	});

	test('a key is remembered for its whole window, however many deliveries come in between', () => {
		const { recent, wait } = memory(100_000);
		recent.claim('a', answered(200), 60);
		for (let index = 0; index < 10_000; index++) recent.claim(`other-${index}`, answered(200), 60);
		wait(59);

		expect(recent.claim('a', answered(200), 60)).toBe('received');
	});

	test('a key is forgotten once its window is over: a later delivery runs', () => {
		const { recent, wait } = memory();
		recent.claim('a', answered(200), 60);
		wait(61);

		expect(recent.claim('a', answered(200), 60)).toBe('new');
	});

	test('expired keys leave memory as new deliveries come', () => {
		const { recent, wait } = memory();
		for (const key of ['a', 'b', 'c']) recent.claim(key, answered(200), 1);
		wait(2);
		recent.claim('d', answered(200), 1);

		expect(recent.size).toBe(1);
	});

	test('a key still unanswered when its window ends is claimed anew (n8n never answered it)', () => {
		const { recent, wait } = memory();
		recent.claim('a', answered(), 5);
		wait(6);

		expect(recent.claim('a', answered(), 5)).toBe('new');
	});

	test('past its capacity the memory forgets its oldest key first, so it stays bounded', () => {
		const { recent } = memory(2);
		for (const key of ['a', 'b', 'c']) recent.claim(key, answered(200), 60);

		expect(recent.size).toBe(2);
		expect(recent.claim('c', answered(200), 60)).toBe('received');
		expect(recent.claim('a', answered(200), 60)).toBe('new');
	});
});
