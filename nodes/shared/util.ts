/** The first value of a header or query parameter that may be repeated. */
export function first<T>(value: T | T[] | undefined): T | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** `a, b,c` (commas or line breaks) as `['a', 'b', 'c']`; blanks dropped. */
export function splitList(text: unknown): string[] {
	const list = String(text ?? '');
	// Most lists are empty (Custom Events, read on every delivery).
	if (list === '') return [];
	return list
		.split(/[,\n]/)
		.map((item) => item.trim())
		.filter((item) => item.length > 0);
}

/** A URL without its query string; the text as given when it is not a URL. */
export function withoutQuery(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.search = '';
		return parsed.toString();
	} catch {
		return url;
	}
}
