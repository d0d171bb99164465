import type { IWebhookFunctions } from 'n8n-workflow';

import { signatureSettings } from '../../nodes/shared/auth';
import { nestsDeeperThan } from '../../nodes/shared/deliveries';
import { createEventMatcher, isSelected } from '../../nodes/shared/events';
import type { ProviderEvent } from '../../nodes/shared/types';

const EVENTS: ProviderEvent[] = [
	{ value: 'delivered', name: 'Delivered', description: '', wireForms: ['Délivré'] },
	{
		value: 'markedAsSpam',
		name: 'Marked as Spam',
		description: '',
		wireForms: ['Déclaré comme SPAM'],
	},
];

describe('work done once, not on every delivery', () => {
	test('the same list of events gives the same matcher, so names are normalized once', () => {
		expect(createEventMatcher(EVENTS)).toBe(createEventMatcher(EVENTS));
	});

	test('a matcher still maps known names after more distinct unknown names than it remembers', () => {
		const match = createEventMatcher(EVENTS);
		expect(match('DÉLIVRÉ')).toBe('delivered');
		for (let i = 0; i < 1000; i++) expect(match(`unknown-${i}`)).toBe(`unknown-${i}`);

		expect(match('DÉLIVRÉ')).toBe('delivered');
		expect(match('declare_comme_spam')).toBe('markedAsSpam');
	});

	test('a selection checked for many events answers as its normalized values say', () => {
		const selection = { all: false, values: ['markedAsSpam', 'Custom Thing'] };
		const answers = ['marked_as_spam', 'custom-thing', 'delivered', 'MARKEDASSPAM'].map((event) =>
			isSelected(selection, event),
		);

		expect(answers).toEqual([true, true, false, true]);
	});

	test('the signature options are read with one parameter read per delivery', () => {
		const names: string[] = [];
		const context = {
			getNodeParameter(name: string, fallback?: unknown) {
				names.push(name);
				return name === 'options' ? { signatureHeader: 'X-Hub-Signature' } : fallback;
			},
		} as unknown as IWebhookFunctions;

		expect(signatureSettings(context).header).toBe('X-Hub-Signature');
		expect(names).toEqual(['options']);
	});

	test('the nesting check counts brackets after a string that ends in an escaped backslash', () => {
		const body = Buffer.from(`{"path":"C:\\\\","deep":[[[[1]]]]}`);

		expect(JSON.parse(body.toString())).toEqual({ path: 'C:\\', deep: [[[[1]]]] });
		expect(nestsDeeperThan(body, 4)).toBe(true);
		expect(nestsDeeperThan(body, 5)).toBe(false);
	});

	test('the nesting check skips brackets in strings with escaped quotes and backslashes', () => {
		const body = Buffer.from(JSON.stringify({ a: '\\"[[[[', b: '\\\\', c: ['x\\"]]'] }));

		expect(nestsDeeperThan(body, 1)).toBe(true);
		expect(nestsDeeperThan(body, 2)).toBe(false);
	});

	test('an unclosed string ends the nesting check without a finding (JSON.parse reports it)', () => {
		expect(nestsDeeperThan(Buffer.from('[["abc'), 1)).toBe(true);
		expect(nestsDeeperThan(Buffer.from('["[[[[[['), 1)).toBe(false);
	});
});
