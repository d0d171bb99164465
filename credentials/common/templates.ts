/** `{{name}}`, any case, spaces allowed inside the braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const ONLY_PLACEHOLDER = /^\{\{\s*([A-Za-z]+)\s*\}\}$/;

/**
 * Fills the placeholders in every string of a JSON value (the REST Hook Trigger's URL and body
 * templates, the REST Hook API credential's login body). `valueOf` gets a placeholder's name in
 * lower case and gives its value, or undefined to leave it as written. A string that is one
 * placeholder alone becomes the value itself (an array stays an array); inside text, a value is
 * written as text (an array as `a,b`).
 */
export function fillPlaceholders(value: unknown, valueOf: (name: string) => unknown): unknown {
	if (typeof value === 'string') {
		const only = ONLY_PLACEHOLDER.exec(value);
		const whole = only ? valueOf(only[1].toLowerCase()) : undefined;
		if (whole !== undefined && typeof whole !== 'string') return whole;
		return value.replace(PLACEHOLDER, (all, name: string) => {
			const filled = valueOf(name.toLowerCase());
			return filled === undefined ? all : String(filled);
		});
	}
	if (Array.isArray(value)) return value.map((element) => fillPlaceholders(element, valueOf));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value).map(([key, element]) => [key, fillPlaceholders(element, valueOf)]),
		);
	}
	return value;
}
