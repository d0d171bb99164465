import { RecentDeliveries } from '../../nodes/shared/dedupe';
import { RecordingResponse } from '../harness/trigger';

/** n8n's answer to one delivery: sent with `status`, or not yet. */
function answered(status?: number): RecordingResponse {
	const response = new RecordingResponse();
	if (status !== undefined) response.status(status).end();
	return response;
}

describe('remembering delivery ids', () => {
	test('an id answered 2xx by n8n is received: its retry starts no run', () => {
		const recent = new RecentDeliveries(3);
		expect([recent.claim('a', answered(200)), recent.claim('a', answered())]).toEqual([
			'new',
			'received',
		]);
	});

	test('an id whose first delivery n8n has not answered yet is in progress', () => {
		const recent = new RecentDeliveries(3);
		const first = answered();
		recent.claim('a', first);

		expect(recent.claim('a', answered())).toBe('in progress');
		first.status(200).end();
		expect(recent.claim('a', answered())).toBe('received');
	});

	test('an id whose delivery n8n answered with an error is forgotten: the retry runs', () => {
		const recent = new RecentDeliveries(3);
		const first = answered();
		recent.claim('a', first);
		first.status(500).end();

		expect(recent.claim('a', answered())).toBe('new');
	});

	test('the oldest id is forgotten past the capacity, so memory stays bounded', () => {
		const recent = new RecentDeliveries(2);
		for (const id of ['a', 'b', 'c']) recent.claim(id, answered(200));
		expect(recent.size).toBe(2);
		expect(recent.claim('a', answered(200))).toBe('new');
	});
});
