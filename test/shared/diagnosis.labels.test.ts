import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { DivaltoWeavyTrigger } from '../../nodes/DivaltoWeavy/DivaltoWeavyTrigger.node';
import { divaltoWeavy } from '../../nodes/DivaltoWeavy/provider';
import { EfidemSnapShootTrigger } from '../../nodes/EfidemSnapShoot/EfidemSnapShootTrigger.node';
import { efidemSnapShoot } from '../../nodes/EfidemSnapShoot/provider';
import { GetResponseWebhooksTrigger } from '../../nodes/GetResponse/GetResponseWebhooksTrigger.node';
import { getResponse } from '../../nodes/GetResponse/provider';
import { LIST_URL } from '../../nodes/RestHook/parameters';
import { restHook } from '../../nodes/RestHook/provider';
import { RestHookTrigger } from '../../nodes/RestHook/RestHookTrigger.node';
import { sarbacane } from '../../nodes/Sarbacane/provider';
import { SarbacaneTrigger } from '../../nodes/Sarbacane/SarbacaneTrigger.node';
import { PASTED_URL_LABELS, SIGNATURE_LABELS } from '../../nodes/shared/descriptions';
import type { Provider, SettingLabel } from '../../nodes/shared/types';

/*
 * The settings a refusal hint or a notice names must be settings the node has: renaming one in
 * a node's description without its hints fails here, whatever the hint tests compare.
 */

type Property = INodeProperties | INodePropertyOptions;

/** Every parameter of a description, those inside collections included. */
function parameters(properties: Property[]): INodeProperties[] {
	return properties.flatMap((property) =>
		'displayName' in property
			? [property, ...parameters((property.options ?? []) as Property[])]
			: [],
	);
}

/** Whether the node shows the setting: a parameter by that name, with that option or field. */
function hasSetting(node: INodeType, { parameter, option }: SettingLabel): boolean {
	return parameters(node.description.properties).some(
		(candidate) =>
			candidate.displayName === parameter &&
			(option === undefined ||
				(candidate.options ?? []).some((entry) =>
					'displayName' in entry ? entry.displayName === option : entry.name === option,
				)),
	);
}

const TRIGGERS: Array<{ node: INodeType; provider: Provider }> = [
	{ node: new DivaltoWeavyTrigger(), provider: divaltoWeavy },
	{ node: new SarbacaneTrigger(), provider: sarbacane },
	{ node: new GetResponseWebhooksTrigger(), provider: getResponse },
	{ node: new EfidemSnapShootTrigger(), provider: efidemSnapShoot },
	{ node: new RestHookTrigger(), provider: restHook },
];

describe('settings named by refusal hints and notices', () => {
	test.each(TRIGGERS.map((trigger) => [trigger.node.description.displayName, trigger]))(
		'%s: every setting its provider lets hints name is a setting of the node',
		(_name, { node, provider }) => {
			const labels = Object.entries(provider.settingLabels ?? {});

			expect(labels.filter(([, label]) => !hasSetting(node, label!))).toEqual([]);
		},
	);

	test('every trigger has the Options collection the core names in its hints', () => {
		expect(
			TRIGGERS.filter(({ node }) => !hasSetting(node, { parameter: 'Options' })).map(
				({ node }) => node.description.displayName,
			),
		).toEqual([]);
	});

	test.each([
		[
			'the signature settings',
			SIGNATURE_LABELS,
			[new EfidemSnapShootTrigger(), new RestHookTrigger()],
		],
		[
			'the URL secret settings',
			PASTED_URL_LABELS,
			[new SarbacaneTrigger(), new GetResponseWebhooksTrigger()],
		],
	])('%s the core names are settings of every trigger that uses them', (_what, labels, nodes) => {
		const missing = nodes.flatMap((node) =>
			Object.values(labels)
				.filter((parameter) => !hasSetting(node, { parameter }))
				.map((parameter) => `${node.description.displayName}: ${parameter}`),
		);

		expect(missing).toEqual([]);
	});

	test("the list endpoint's URL that the REST Hook Trigger's notice names is a setting it has", () => {
		expect(hasSetting(new RestHookTrigger(), LIST_URL)).toBe(true);
	});
});
