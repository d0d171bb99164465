import type { IHookFunctions, INodeParameters } from 'n8n-workflow';

import {
	chosenCredentialType,
	DEFAULT_SIGNATURE,
	deliveryWebhook,
	eventsProperty,
	PASTED_URL_LABELS,
	PASTED_URL_PARAMETERS,
	pastedUrlProperties,
	SIGNATURE_LABELS,
	SIGNATURE_PARAMETERS,
	signatureOptions,
} from '../../nodes/shared/descriptions';
import { DEFAULT_GRACE_MINUTES, gracePeriodOption } from '../../nodes/shared/options';
import { ALL_EVENTS } from '../../nodes/shared/events';

const EVENTS = [
	{ value: 'b', name: 'Beta', description: 'B' },
	{ value: 'a', name: 'Alpha', description: 'A' },
];

describe('the parameters every trigger shares', () => {
	test('the events dropdown offers All Events first, then the events by name', () => {
		const property = eventsProperty(EVENTS);

		expect(property.options?.map((option) => ('value' in option ? option.value : ''))).toEqual([
			ALL_EVENTS,
			'a',
			'b',
		]);
		expect(property).toMatchObject({ name: 'events', type: 'multiOptions', required: true });
	});

	test('the pasted-URL parameters are the URL Secret and the Previous URL Secret, both passwords', () => {
		const [, secret, previous] = pastedUrlProperties('the provider');

		expect([secret.name, previous.name]).toEqual([
			PASTED_URL_PARAMETERS.secret,
			PASTED_URL_PARAMETERS.previousSecret,
		]);
		expect([secret.displayName, previous.displayName]).toEqual([
			PASTED_URL_LABELS.secret,
			PASTED_URL_LABELS.previousSecret,
		]);
		expect(secret.typeOptions?.password && previous.typeOptions?.password).toBe(true);
	});

	test("the signature options default to the core's default signature", () => {
		const defaults = Object.fromEntries(
			signatureOptions().map((property) => [property.name, property.default]),
		);

		expect(defaults).toEqual({
			[SIGNATURE_PARAMETERS.algorithm]: DEFAULT_SIGNATURE.algorithm,
			[SIGNATURE_PARAMETERS.encoding]: DEFAULT_SIGNATURE.encoding,
			[SIGNATURE_PARAMETERS.header]: DEFAULT_SIGNATURE.header,
			[SIGNATURE_PARAMETERS.prefix]: DEFAULT_SIGNATURE.prefix,
		});
		expect(
			signatureOptions()
				.map((property) => property.displayName)
				.sort(),
		).toEqual(Object.values(SIGNATURE_LABELS).sort());
	});

	test('the grace period is 10 minutes unless set, from 0 (renew at once) to a week', () => {
		expect(gracePeriodOption()).toMatchObject({
			type: 'number',
			default: DEFAULT_GRACE_MINUTES,
			typeOptions: { minValue: 0, maxValue: 7 * 24 * 60 },
		});
		expect(DEFAULT_GRACE_MINUTES).toBe(10);
	});

	test('the one webhook lets webhook() answer (no responseData text) and takes POST unless told', () => {
		const [webhook] = deliveryWebhook();

		expect(webhook).toMatchObject({
			name: 'default',
			httpMethod: 'POST',
			responseMode: 'onReceived',
			responseData: '',
		});
	});

	test('a method that follows the parameters carries its template and a native resolver', () => {
		const method = {
			template: '={{$parameter["source"] === "callbacks" ? "GET" : "POST"}}',
			resolve: (parameters: INodeParameters) =>
				parameters.source === 'callbacks' ? 'GET' : 'POST',
		};
		const [webhook] = deliveryWebhook(method);
		const resolvers = (webhook as unknown as Record<symbol, unknown>)[
			Symbol.for('n8n.webhookDescriptionResolvers')
		];

		expect(webhook.httpMethod).toBe(method.template);
		expect(resolvers).toEqual({ httpMethod: method });
	});

	test('the Authentication parameter chooses the OAuth2 credential only when set to OAuth2', () => {
		const types = { oAuth2: 'oauthType', other: 'keyType' };
		const context = (authentication: string) =>
			({ getNodeParameter: () => authentication }) as unknown as IHookFunctions;

		expect(chosenCredentialType(context('oAuth2'), types)).toBe('oauthType');
		expect(chosenCredentialType(context('apiKey'), types)).toBe('keyType');
	});
});
