import type { IDataObject } from 'n8n-workflow';

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path, e.g. `result.id`; undefined when any step is missing. */
export function readPath(value: IDataObject, path: string): unknown {
	// Most paths are one field: no array of steps for them (read on every event of a delivery).
	if (!path.includes('.')) return isObject(value) ? value[path] : undefined;
	let current: unknown = value;
	for (const key of path.split('.')) {
		if (!isObject(current)) return undefined;
		current = current[key];
	}
	return current;
}
