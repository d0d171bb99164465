import { readFileSync } from 'fs';
import { join } from 'path';
import type { INodeProperties } from 'n8n-workflow';

import { RestHookTrigger } from '../../nodes/RestHook/RestHookTrigger.node';
import { DEFAULT, LIST, OPTIONS, PARAMETER, SAMPLE } from '../../nodes/RestHook/parameters';
import { AUTHENTICATION_PARAMETER, SIGNATURE_PARAMETERS } from '../../nodes/shared/descriptions';
import {
	DELIVERY_WINDOW_PARAMETER,
	GRACE_PERIOD_PARAMETER,
	samplesOption,
} from '../../nodes/shared/options';

/*
 * ARCHITECTURE.md: every parameter of the REST Hook Trigger is named once, in
 * nodes/RestHook/parameters.ts (or, for those every trigger shares, in the core), with its default.
 */
const properties = new RestHookTrigger().description.properties;
const CORE_OPTIONS = [
	samplesOption.name,
	GRACE_PERIOD_PARAMETER,
	DELIVERY_WINDOW_PARAMETER,
	...Object.values(SIGNATURE_PARAMETERS),
];

/** Each collection of the description and the names it may hold. */
const COLLECTIONS: Record<string, string[]> = {
	[PARAMETER.options]: [...Object.values(OPTIONS), ...CORE_OPTIONS],
	[PARAMETER.listSubscriptions]: Object.values(LIST),
	[PARAMETER.sampleEndpoint]: Object.values(SAMPLE),
};

describe('the REST Hook Trigger names each parameter once', () => {
	test('every parameter of the description is declared in parameters.ts', () => {
		const declared = new Set<string>([...Object.values(PARAMETER), AUTHENTICATION_PARAMETER]);

		expect(properties.map((p) => p.name).filter((name) => !declared.has(name))).toEqual([]);
	});

	test('every entry of its collections is declared in parameters.ts', () => {
		const undeclared = properties
			.filter((property) => property.type === 'collection')
			.flatMap((property) =>
				((property.options ?? []) as INodeProperties[])
					.map((entry) => entry.name)
					.filter((name) => !(COLLECTIONS[property.name] ?? []).includes(name))
					.map((name) => `${property.name}.${name}`),
			);

		expect(undeclared).toEqual([]);
	});

	test("the description's defaults are those of parameters.ts (n8n's lint wants them written out)", () => {
		const byName = (name: string, within = properties) => within.find((p) => p.name === name)!;
		const entry = (collection: string, name: string) =>
			byName(name, byName(collection).options as INodeProperties[]);

		expect({
			subscribeMethod: byName(PARAMETER.subscribeMethod).default,
			subscriptionIdPath: byName(PARAMETER.subscriptionIdPath).default,
			scope: byName(PARAMETER.scope).default,
			unsubscribeMethod: byName(PARAMETER.unsubscribeMethod).default,
			listMethod: entry(PARAMETER.listSubscriptions, LIST.method).default,
			listIdField: entry(PARAMETER.listSubscriptions, LIST.idField).default,
			listUrlField: entry(PARAMETER.listSubscriptions, LIST.urlField).default,
			sampleMethod: entry(PARAMETER.sampleEndpoint, SAMPLE.method).default,
			eventField: entry(PARAMETER.options, OPTIONS.eventField).default,
			responseStatus: entry(PARAMETER.options, OPTIONS.responseStatus).default,
		}).toEqual(DEFAULT);
	});

	test('the code that reads them quotes no parameter name and no default of parameters.ts', () => {
		const names = [
			...Object.values(PARAMETER),
			...Object.values(OPTIONS),
			...Object.values(LIST),
			...Object.values(SAMPLE),
			...Object.values(DEFAULT).filter((value) => typeof value === 'string'),
		]
			// A scope and HTTP methods are also the choices of their dropdowns.
			.filter((name) => name !== DEFAULT.scope && !/^[A-Z]+$/.test(name));
		const quoted = ['api.ts', 'provider.ts'].flatMap((file) => {
			const source = readFileSync(join(__dirname, '../../nodes/RestHook', file), 'utf8');
			// Not n8n's property types (`type: 'options'`) nor a delivery's source (`source: 'body'`).
			return [...source.matchAll(/(?<!(?:type|source): )'([^'\n]*)'/g)]
				.map((match) => match[1])
				.filter((literal) => (names as string[]).includes(literal))
				.map((literal) => `${file}: '${literal}'`);
		});

		expect(quoted).toEqual([]);
	});
});
