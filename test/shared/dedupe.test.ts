import { RecentDeliveries } from '../../nodes/shared/dedupe';

describe('remembering delivery ids', () => {
	test('an id is new once and seen after', () => {
		const recent = new RecentDeliveries(3);
		expect([recent.seen('a'), recent.seen('a')]).toEqual([false, true]);
	});

	test('the oldest id is forgotten past the capacity, so memory stays bounded', () => {
		const recent = new RecentDeliveries(2);
		for (const id of ['a', 'b', 'c']) recent.seen(id);
		expect(recent.size).toBe(2);
		expect(recent.seen('a')).toBe(false);
	});
});
