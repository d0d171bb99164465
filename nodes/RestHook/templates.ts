import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { fillPlaceholders } from '../../credentials/common/templates';
import { readPath } from '../../credentials/common/json';
import { nodeParameter } from '../shared/nodeReads';

/**
 * The REST Hook Trigger's templates: URLs and JSON bodies with {{targetUrl}}, {{event}},
 * {{events}} and {{id}} placeholders, as the user writes them, and dotted paths into answers.
 */

/** What the templates may contain; anything else between braces is sent as written. */
export interface TemplateValues {
	targetUrl?: string;
	event?: string;
	events?: string[];
	id?: string;
}

/** Case does not matter: `{{ID}}` and `{{targetURL}}` work too. */
const PLACEHOLDER = /\{\{\s*(targetUrl|event|events|id)\s*\}\}/gi;
const PLACEHOLDER_NAMES = new Set(['targeturl', 'event', 'events', 'id']);

function placeholderText(values: TemplateValues, name: string): string | undefined {
	switch (name.toLowerCase()) {
		case 'events':
			return values.events?.join(',');
		case 'targeturl':
			return values.targetUrl;
		case 'event':
			return values.event;
		default:
			return values.id;
	}
}

/** A URL template with `{{targetUrl}}`, `{{event}}`, `{{events}}`, `{{id}}` filled in, URL-encoded. */
export function fillUrl(template: string, values: TemplateValues): string {
	return template.trim().replace(PLACEHOLDER, (all, name: string) => {
		const value = placeholderText(values, name);
		return value === undefined ? all : encodeURIComponent(value);
	});
}

function fillStrings(value: unknown, values: TemplateValues): unknown {
	return fillPlaceholders(value, (name) =>
		name === 'events'
			? values.events
			: PLACEHOLDER_NAMES.has(name)
				? placeholderText(values, name)
				: undefined,
	);
}

/**
 * A JSON body template with the placeholders filled in. They sit inside JSON strings, e.g.
 * `{"url": "{{targetUrl}}"}`; `"{{events}}"` (quoted or not) becomes the array of events.
 * Undefined for an empty template; throws a SyntaxError for one that is not JSON.
 */
export function fillBody(template: unknown, values: TemplateValues): unknown {
	if (template === undefined || template === null) return undefined;
	if (typeof template !== 'string') return fillStrings(template, values);
	if (template.trim() === '') return undefined;
	const quoted = template.replace(/(^|[^"])\{\{\s*events\s*\}\}(?!")/gi, '$1"{{events}}"');
	return fillStrings(JSON.parse(quoted) as unknown, values);
}

/** The value at a dotted path of an answer; the answer itself for an empty path. */
export function valueAt(answer: unknown, path: string): unknown {
	if (path.trim() === '') return answer;
	if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
	return readPath(answer as IDataObject, path.trim());
}

export function parameter<T>(
	context: IHookFunctions | IWebhookFunctions,
	name: string,
	fallback: T,
): T {
	const value = nodeParameter(context, name, fallback) as T | undefined;
	return value ?? fallback;
}

const ONLY_PLACEHOLDERS = /^\{\{\s*(targetUrl|event|events|id)\s*\}\}$/i;

/**
 * A URL or body template as the user wrote it. n8n's editor switches a field to Expression mode
 * when one types "{{": such a field holding only our placeholders is still read as a template,
 * while a real n8n expression (e.g. {{ $vars.apiBase }}) is evaluated as n8n would.
 */
export function templateParameter(
	context: IHookFunctions,
	name: string,
	fallback: unknown,
): unknown {
	const raw = context.getNodeParameter(name, fallback, { rawExpressions: true }) as unknown;
	if (typeof raw !== 'string' || !raw.startsWith('=')) return raw ?? fallback;
	const braces = raw.match(/\{\{[^{}]*\}\}/g) ?? [];
	if (braces.length > 0 && braces.every((text) => ONLY_PLACEHOLDERS.test(text))) {
		return raw.slice(1);
	}
	return parameter<unknown>(context, name, fallback);
}

export function templateText(context: IHookFunctions, name: string): string {
	const value = templateParameter(context, name, '');
	return typeof value === 'string' ? value.trim() : '';
}
