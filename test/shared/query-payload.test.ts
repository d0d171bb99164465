import { queryPayload } from '../../nodes/shared/webhook';

describe('query-string deliveries as payloads', () => {
	test('the URL secret parameter is left out of the payload', () => {
		const payload = queryPayload(
			{ secret: 's3cret', action: 'open', CONTACT_ID: 'C1' },
			{ scheme: 'urlSecret', parameter: 'secret', secrets: ['s3cret'] },
		);

		expect(payload).toEqual({ action: 'open', CONTACT_ID: 'C1' });
	});

	test("the hook URL's subscription token is left out of the payload", () => {
		const payload = queryPayload(
			{ secret: 's3cret', subscription: 'tok3n', action: 'open' },
			{ scheme: 'urlSecret', parameter: 'secret', secrets: ['s3cret'] },
		);

		expect(payload).toEqual({ action: 'open' });
	});

	test('the query given is not modified', () => {
		const query = { secret: 's3cret', action: 'open' };

		queryPayload(query, { scheme: 'urlSecret', parameter: 'secret', secrets: ['s3cret'] });

		expect(query).toEqual({ secret: 's3cret', action: 'open' });
	});

	test('without a URL secret scheme every parameter is kept', () => {
		const payload = queryPayload({ secret: 'x', action: 'open' }, { scheme: 'none' });

		expect(payload).toEqual({ secret: 'x', action: 'open' });
	});
});
