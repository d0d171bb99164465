import {
	createEventMatcher,
	isSelected,
	normalizeEventName,
	splitCustomEvents,
} from '../../nodes/shared/events';
import type { ProviderEvent } from '../../nodes/shared/types';

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

	test('custom event names are split on commas and new lines, blanks dropped', () => {
		expect(splitCustomEvents(' myEvent, ,other\nthird ')).toEqual(['myEvent', 'other', 'third']);
	});

	test('"all events" selects an event nobody listed', () => {
		expect(isSelected({ all: true, values: [] }, 'whatever')).toBe(true);
	});

	test('a selection without "all" lets only its own events through', () => {
		const selection = { all: false, values: ['OPEN'] };
		expect([isSelected(selection, 'OPEN'), isSelected(selection, 'SPAM')]).toEqual([true, false]);
	});
});
