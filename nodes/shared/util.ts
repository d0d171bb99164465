import type { IDataObject } from 'n8n-workflow';

/** The first value of a header or query parameter that may be repeated. */
export function first<T>(value: T | T[] | undefined): T | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path, e.g. `result.id`; undefined when any step is missing. */
export function readPath(value: IDataObject, path: string): unknown {
	let current: unknown = value;
	for (const key of path.split('.')) {
		if (!isObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

/** `a, b,c` (commas or line breaks) as `['a', 'b', 'c']`; blanks dropped. */
export function splitList(text: unknown): string[] {
	return String(text ?? '')
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

/** An API address as typed in a credential, without trailing slashes, ready for `${base}/path`. */
export function baseUrl(value: unknown): string {
	return String(value ?? '').replace(/\/+$/, '');
}
