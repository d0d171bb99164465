import { responseBody } from '../../nodes/RestHook/provider';
import { fillBody, fillUrl, valueAt } from '../../nodes/RestHook/templates';

const VALUES = {
	targetUrl: 'https://n8n.example/webhook/abc/webhook?secret=s3c&event=a b',
	event: 'deal.won',
	events: ['deal.won', 'contact.created'],
	id: 'sub/42',
};

describe('REST Hook templates', () => {
	test('a body template fills placeholders inside JSON strings, escaping what needs it', () => {
		const body = fillBody('{"url": "{{targetUrl}}", "note": "say \\"{{event}}\\""}', VALUES);

		expect(body).toEqual({ url: VALUES.targetUrl, note: 'say "deal.won"' });
	});

	test('{{events}} alone in a string becomes the JSON array of events', () => {
		expect(fillBody('{"events": "{{events}}"}', VALUES)).toEqual({ events: VALUES.events });
	});

	test('{{events}} written without quotes becomes the JSON array too', () => {
		expect(fillBody('{"target": "{{targetUrl}}", "events": {{events}}}', VALUES)).toEqual({
			target: VALUES.targetUrl,
			events: VALUES.events,
		});
	});

	test('placeholders are filled in nested objects and arrays', () => {
		expect(fillBody('{"hook": {"ids": ["{{id}}"]}}', VALUES)).toEqual({
			hook: { ids: ['sub/42'] },
		});
	});

	test('placeholder names do not depend on case', () => {
		expect(fillBody('{"id": "{{ID}}", "url": "{{targetURL}}"}', VALUES)).toEqual({
			id: 'sub/42',
			url: VALUES.targetUrl,
		});
	});

	test('an empty template means no body', () => {
		expect(fillBody('  ', VALUES)).toBeUndefined();
	});

	test('a template that is not JSON throws, for the caller to explain', () => {
		expect(() => fillBody('{"url": {{targetUrl}}}', VALUES)).toThrow(SyntaxError);
	});

	test('a template already parsed by n8n (an object) is filled as is', () => {
		expect(fillBody({ event: '{{event}}' }, VALUES)).toEqual({ event: 'deal.won' });
	});

	test('a URL template encodes each value as a URL component', () => {
		expect(fillUrl('https://api.example/hooks/{{id}}?event={{event}}', VALUES)).toBe(
			'https://api.example/hooks/sub%2F42?event=deal.won',
		);
	});

	test('an unknown placeholder is left as written', () => {
		expect(fillUrl('https://api.example/{{other}}', VALUES)).toBe('https://api.example/{{other}}');
	});

	test('a dotted path reads into the answer; an empty path is the answer itself', () => {
		const answer = { result: { codeWebhookSubscription: 'SUB1' } };

		expect(valueAt(answer, 'result.codeWebhookSubscription')).toBe('SUB1');
		expect(valueAt(answer, '')).toBe(answer);
		expect(valueAt([1, 2], 'id')).toBeUndefined();
	});

	test('the response body must be a JSON object; anything else means n8n default answer', () => {
		expect(responseBody('{"status":"OK"}')).toEqual({ status: 'OK' });
		expect(responseBody('"OK"')).toBeUndefined();
		expect(responseBody('{broken')).toBeUndefined();
		expect(responseBody('')).toBeUndefined();
	});
});
