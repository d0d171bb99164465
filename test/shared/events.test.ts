import { createEventMatcher, isSelected, normalizeEventName } from '../../nodes/shared/events';
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

const OFFERED: ProviderEvent[] = [
	{ value: 'OPEN', name: 'Opened', description: '', wireForms: ['open'] },
	{ value: 'SPAM', name: 'Marked as Spam', description: '', wireForms: ['Déclaré comme SPAM'] },
];

describe('event names', () => {
	test('case, accents, spaces and punctuation do not matter', () => {
		expect(normalizeEventName('Déclaré comme SPAM')).toBe(normalizeEventName('declare_comme-spam'));
	});

	test('a wire form maps to the value the user picked from', () => {
		expect(createEventMatcher(OFFERED)('open')).toBe('OPEN');
	});

	test('the display name also maps to the value', () => {
		expect(createEventMatcher(OFFERED)('OPENED')).toBe('OPEN');
	});

	test('an accented French wire form matches without its accents', () => {
		expect(createEventMatcher(OFFERED)('DECLARE COMME SPAM')).toBe('SPAM');
	});

	test('an unknown wire name comes back unchanged', () => {
		expect(createEventMatcher(OFFERED)('bounce')).toBe('bounce');
	});

	test('"all events" selects an event nobody listed', () => {
		expect(isSelected({ all: true, values: [] }, 'whatever')).toBe(true);
	});

	test('a selection without "all" lets only its own events through', () => {
		const selection = { all: false, values: ['OPEN'] };
		expect([isSelected(selection, 'OPEN'), isSelected(selection, 'SPAM')]).toEqual([true, false]);
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
});
