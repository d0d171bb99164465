import { baseUrl } from '../../credentials/common/http';
import { readPath } from '../../credentials/common/json';
import { first, splitList, withoutQuery } from '../../nodes/shared/util';

describe('small helpers shared by the core and the providers', () => {
	test('a list typed by a user is split on commas and new lines, blanks dropped', () => {
		expect(splitList(' myEvent, ,other\nthird ')).toEqual(['myEvent', 'other', 'third']);
	});

	test('a URL loses its query string, a text that is no URL stays as it is', () => {
		expect(withoutQuery('https://n8n.example/webhook/abc/webhook?secret=s&event=x')).toBe(
			'https://n8n.example/webhook/abc/webhook',
		);
		expect(withoutQuery('not a url')).toBe('not a url');
	});

	test('an API address loses its trailing slashes', () => {
		expect(baseUrl('https://api.example.com/v1//')).toBe('https://api.example.com/v1');
	});

	test('a dotted path reads into objects and stops at anything else', () => {
		const value = { result: { id: 'SUB1', list: [1] } };
		expect(readPath(value, 'result.id')).toBe('SUB1');
		expect(readPath(value, 'result.list.0')).toBeUndefined();
	});

	test('a repeated header or query parameter is read as its first value', () => {
		expect(first(['a', 'b'])).toBe('a');
		expect(first('a')).toBe('a');
	});
});
