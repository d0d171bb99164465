import { parseSarbacaneDate } from '../../nodes/Sarbacane/provider';

describe('Sarbacane dates', () => {
	test('the seed format with spaces around the T is read as UTC', () => {
		expect(parseSarbacaneDate('2016-08-11 T 12:25:18.889Z')).toBe('2016-08-11T12:25:18.889Z');
	});

	test('a plain ISO 8601 date is kept as it is', () => {
		expect(parseSarbacaneDate('2016-08-11T10:55:56.128Z')).toBe('2016-08-11T10:55:56.128Z');
	});

	test('a date and time separated by a space, without zone, is read as UTC', () => {
		expect(parseSarbacaneDate('2016-08-11 10:52:31')).toBe('2016-08-11T10:52:31.000Z');
	});

	test('an offset, with or without a colon, is converted to UTC', () => {
		expect(parseSarbacaneDate('2016-08-11T12:25:18+02:00')).toBe('2016-08-11T10:25:18.000Z');
		expect(parseSarbacaneDate('2016-08-11 T 12:25:18+0200')).toBe('2016-08-11T10:25:18.000Z');
	});

	test('a number is read as epoch milliseconds, or seconds when small', () => {
		expect(parseSarbacaneDate(1470918318889)).toBe('2016-08-11T12:25:18.889Z');
		expect(parseSarbacaneDate(1470918318)).toBe('2016-08-11T12:25:18.000Z');
	});

	test('text that is not a date gives null', () => {
		expect(parseSarbacaneDate('le 11 août 2016')).toBeNull();
		expect(parseSarbacaneDate('')).toBeNull();
	});

	test('an impossible calendar date gives null', () => {
		expect(parseSarbacaneDate('2016-13-45 T 12:25:18.889Z')).toBeNull();
	});

	test('a missing date, an object or a number out of range gives null without throwing', () => {
		expect(parseSarbacaneDate(undefined)).toBeNull();
		expect(parseSarbacaneDate(null)).toBeNull();
		expect(parseSarbacaneDate({ date: '2016-08-11' })).toBeNull();
		expect(parseSarbacaneDate(Number.MAX_VALUE)).toBeNull();
		expect(parseSarbacaneDate(Number.NaN)).toBeNull();
	});
});
