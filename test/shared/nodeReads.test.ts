import type { INode, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

import { DivaltoWeavyTrigger } from '../../nodes/DivaltoWeavy/DivaltoWeavyTrigger.node';
import { EfidemSnapShootTrigger } from '../../nodes/EfidemSnapShoot/EfidemSnapShootTrigger.node';
import { GetResponseWebhooksTrigger } from '../../nodes/GetResponse/GetResponseWebhooksTrigger.node';
import { RestHookTrigger } from '../../nodes/RestHook/RestHookTrigger.node';
import { SarbacaneTrigger } from '../../nodes/Sarbacane/SarbacaneTrigger.node';

import { nodeOf, nodeParameter, withNodeCopy, type NodeReader } from '../../nodes/shared/nodeReads';
import { DELIVERY_WINDOW_PARAMETER, GRACE_PERIOD_PARAMETER } from '../../nodes/shared/options';
import { EFIDEM_SECRET, efidemPayload, efidemTrigger } from '../harness/efidem';
import { getResponseCallbacksTrigger, getResponseWebhooksTrigger } from '../harness/getresponse';
import { restHookTrigger } from '../harness/resthook';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { signBody } from '../harness/signing';
import type { TriggerHarness } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import type { GetResponseSimulator } from '../simulators/getresponse';
import type { SarbacaneSimulator } from '../simulators/sarbacane';
import type { WeavySimulator } from '../simulators/weavy';

/** Triggers only read here: their provider is never called. */
const WEAVY = { url: 'http://weavy.invalid' } as unknown as WeavySimulator;
const SARBACANE = { baseUrl: 'http://sarbacane.invalid' } as unknown as SarbacaneSimulator;
const GETRESPONSE = { apiUrl: 'http://getresponse.invalid' } as unknown as GetResponseSimulator;

const OPTIONS = {
	[DELIVERY_WINDOW_PARAMETER]: 5,
	[GRACE_PERIOD_PARAMETER]: 3,
	samples: false,
	keepEnvelope: true,
	eventFields: 'email, campaignId',
};

const triggers: Array<[string, () => TriggerHarness]> = [
	['Divalto weavy', () => weavyTrigger(WEAVY, { events: ['NewCustomer'], options: OPTIONS })],
	[
		'Sarbacane',
		() => sarbacaneTrigger(SARBACANE, { source: 'api', events: ['OPEN'], options: OPTIONS }),
	],
	[
		'Sarbacane, extension mode',
		() => sarbacaneTrigger(SARBACANE, { source: 'extension', urlSecret: 'x'.repeat(24) }),
	],
	['GetResponse Webhooks', () => getResponseWebhooksTrigger({ options: OPTIONS })],
	[
		'GetResponse callbacks',
		() => getResponseCallbacksTrigger(GETRESPONSE, { replaceExisting: true }),
	],
	[
		'Efidem SnapShoot',
		() => efidemTrigger({ authentication: 'signature', events: ['*'], options: OPTIONS }),
	],
	[
		'REST Hook',
		() =>
			restHookTrigger({
				customEvents: 'contact.created',
				subscribeUrl: 'http://api.invalid/hooks',
				options: OPTIONS,
			}),
	],
];

/** Every parameter of the node's description, and every entry of its Options, as paths. */
function parameterPaths(trigger: TriggerHarness, parameters: INodeParameters): string[] {
	const names = Object.keys(parameters);
	const options = parameters.options;
	const optionPaths =
		typeof options === 'object' && options !== null && !Array.isArray(options)
			? [...Object.keys(options), 'notAnOption'].map((name) => `options.${name}`)
			: [];
	return [...names, ...optionPaths, 'notAParameter', `${trigger.node.name}.missing`];
}

describe("a delivery's reads of the node", () => {
	test.each(triggers)(
		'%s: every parameter read from the delivery copy is what n8n getNodeParameter gives',
		async (_name, make) => {
			const trigger = make();
			const { context } = trigger.webhookContext({ body: '{}' });
			const parameters = context.getNode().parameters;
			const paths = parameterPaths(trigger, parameters);

			const fromCopy = await withNodeCopy(context, async () =>
				paths.map((path) => nodeParameter(context, path, 'fallback')),
			);

			expect(fromCopy).toEqual(paths.map((path) => context.getNodeParameter(path, 'fallback')));
		},
	);

	test('no parameter of any trigger is one n8n converts when read (validateType, resource mapper, filter)', () => {
		const converted: string[] = [];
		const visit = (owner: string, properties: unknown[]): void => {
			for (const property of properties as Array<Record<string, unknown>>) {
				const name = `${owner}.${String(property.name)}`;
				if (property.validateType || ['resourceMapper', 'filter'].includes(String(property.type))) {
					converted.push(name);
				}
				// Collections hold options; fixed collections hold groups of values.
				for (const inner of (property.options ?? []) as Array<Record<string, unknown>>) {
					if (Array.isArray(inner.values)) visit(name, inner.values);
					else if (inner.name !== undefined && inner.type !== undefined) visit(name, [inner]);
				}
			}
		};
		for (const node of [
			new DivaltoWeavyTrigger(),
			new SarbacaneTrigger(),
			new GetResponseWebhooksTrigger(),
			new EfidemSnapShootTrigger(),
			new RestHookTrigger(),
		]) {
			visit(node.description.name, node.description.properties);
		}

		expect(converted).toEqual([]);
	});

	test('a parameter holding an expression is resolved by n8n while a delivery is received', async () => {
		const trigger = efidemTrigger({
			authentication: 'signature',
			events: ['*'],
			options: { [DELIVERY_WINDOW_PARAMETER]: '={{ 1 + 1 }}', samples: true },
		});
		const { context } = trigger.webhookContext({ body: '{}' });

		const read = await withNodeCopy(context, async () => nodeParameter(context, 'options', {}));

		expect(read).toEqual({ [DELIVERY_WINDOW_PARAMETER]: 2, samples: true });
	});

	test('Remember Deliveries For given as an expression of 0 lets a repeated delivery run again', async () => {
		const trigger = efidemTrigger({
			authentication: 'signature',
			events: ['*'],
			options: { [DELIVERY_WINDOW_PARAMETER]: '={{ 0 }}' },
		});
		const body = JSON.stringify(efidemPayload('Délivré'));
		const headers = {
			'content-type': 'application/json',
			'x-signature': signBody(body, EFIDEM_SECRET),
		};

		const runs = [
			await trigger.deliver({ headers, body }),
			await trigger.deliver({ headers, body }),
		];

		expect(runs.map((run) => run.items?.length)).toEqual([1, 1]);
	});

	test('a read of an absent parameter without a fallback fails as n8n fails it', async () => {
		const { context } = efidemTrigger({ authentication: 'signature' }).webhookContext({
			body: '{}',
		});

		await expect(
			withNodeCopy(context, async () => nodeParameter(context, 'notAParameter')),
		).rejects.toThrow('Could not get parameter "notAParameter"');
	});

	test('one copy of the node serves the whole delivery, and none outlives it', async () => {
		const node: INode = {
			id: 'node-1',
			name: 'Trigger',
			type: 'test',
			typeVersion: 1,
			position: [0, 0],
			parameters: { events: ['a'], options: { samples: false } },
		};
		const calls = { getNode: 0, getNodeParameter: 0 };
		const reader: NodeReader = {
			getNode: () => {
				calls.getNode++;
				return structuredClone(node);
			},
			getNodeParameter: (name: string): NodeParameterValueType | object => {
				calls.getNodeParameter++;
				return name;
			},
		};

		await withNodeCopy(reader, async () => {
			nodeOf(reader);
			nodeParameter(reader, 'events');
			nodeParameter(reader, 'options.samples');
		});
		const during = { ...calls };
		nodeParameter(reader, 'events');

		expect([during, calls]).toEqual([
			{ getNode: 1, getNodeParameter: 0 },
			{ getNode: 1, getNodeParameter: 1 },
		]);
	});
});
