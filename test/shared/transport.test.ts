import { RecentDeliveries } from '../../nodes/shared/dedupe';
import { describeFailure, isAlreadyGone } from '../../nodes/shared/transport';

describe('reading a failed provider call', () => {
	test('the status and message of an axios-style error are found', () => {
		const error = {
			response: { status: 422, data: { error: { message: 'bad url' } } },
			message: 'Request failed',
		};
		expect(describeFailure(error)).toEqual({ status: 422, message: 'bad url' });
	});

	test("n8n's NodeApiError httpCode is read as the status", () => {
		expect(
			describeFailure({
				httpCode: '404',
				message: 'The resource you are requesting could not be found',
			}).status,
		).toBe(404);
	});

	test('an error without an answer has no status', () => {
		expect(describeFailure(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toEqual({
			status: undefined,
			message: 'connect ECONNREFUSED 127.0.0.1:1',
		});
	});

	test.each([
		[{ status: 404, message: '' }, true],
		[{ status: 410, message: '' }, true],
		[{ status: 400, message: 'Subscription SUB1 not found' }, true],
		[{ status: 500, message: 'not found' }, false],
		[{ status: 400, message: 'invalid' }, false],
		// No answer at all says nothing about the subscription.
		[{ status: undefined, message: 'Subscription not found' }, false],
		[{ status: undefined, message: 'socket hang up' }, false],
	])('%j counts as already gone: %s', (failure, gone) => {
		expect(isAlreadyGone(failure)).toBe(gone);
	});

	test("a 4xx in the provider's own words counts as already gone only with those words", () => {
		const failure = { status: 400, message: "L'abonnement n'existe pas" };

		expect(isAlreadyGone(failure)).toBe(false);
		expect(isAlreadyGone(failure, /n'existe pas/i)).toBe(true);
	});
});

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
