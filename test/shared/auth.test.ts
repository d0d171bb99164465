import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import {
	DEFAULT_SIGNATURE,
	hmacAuth,
	signatureSettings,
	signingSecretProblem,
} from '../../nodes/shared/auth';
import { signatureOptions } from '../../nodes/shared/descriptions';

/** Reads `a.b` paths from the given parameters as n8n's getNodeParameter does, with its fallback. */
function contextWith(parameters: IDataObject): IWebhookFunctions {
	return {
		getNodeParameter(name: string, fallback?: unknown) {
			let value: unknown = parameters;
			for (const key of name.split('.')) {
				value = (value as IDataObject | undefined)?.[key];
			}
			return value === undefined ? fallback : value;
		},
	} as unknown as IWebhookFunctions;
}

function byName(properties: INodeProperties[]): Record<string, INodeProperties> {
	return Object.fromEntries(properties.map((property) => [property.name, property]));
}

describe('hmacAuth', () => {
	test('without any option set it checks an HMAC-SHA256 in X-Signature, hex or base64', () => {
		expect(hmacAuth(contextWith({}), ['current'])).toEqual({
			scheme: 'hmac',
			header: 'X-Signature',
			algorithm: 'sha256',
			encoding: 'auto',
			prefix: undefined,
			secrets: ['current'],
		});
	});

	test('it reads header, algorithm, encoding and prefix from the Options collection', () => {
		const context = contextWith({
			options: {
				signatureHeader: 'X-Hub-Signature',
				signatureAlgorithm: 'sha1',
				signatureEncoding: 'hex',
				signaturePrefix: 'sha1=',
			},
		});
		expect(hmacAuth(context, ['current'])).toMatchObject({
			header: 'X-Hub-Signature',
			algorithm: 'sha1',
			encoding: 'hex',
			prefix: 'sha1=',
		});
	});

	test('a provider default applies where the user set nothing', () => {
		const context = contextWith({ options: { signatureEncoding: 'base64' } });
		expect(
			hmacAuth(context, ['current'], { defaults: { header: 'Webhook-Signature', prefix: 'v1,' } }),
		).toMatchObject({ header: 'Webhook-Signature', encoding: 'base64', prefix: 'v1,' });
	});

	test('the options may live in another collection', () => {
		const context = contextWith({ signing: { signatureAlgorithm: 'sha512' } });
		expect(hmacAuth(context, ['current'], { collection: 'signing' }).algorithm).toBe('sha512');
	});

	test('an empty header name falls back to the default header', () => {
		const context = contextWith({ options: { signatureHeader: '  ' } });
		expect(signatureSettings(context).header).toBe('X-Signature');
	});

	test('an unknown algorithm or encoding falls back to the default', () => {
		const context = contextWith({
			options: { signatureAlgorithm: 'md5', signatureEncoding: 'binary' },
		});
		expect(signatureSettings(context)).toMatchObject({ algorithm: 'sha256', encoding: 'auto' });
	});

	test('empty and missing secrets are dropped, the order of the others kept', () => {
		const auth = hmacAuth(contextWith({}), ['', 'current', undefined, 'previous']);
		expect(auth).toMatchObject({ secrets: ['current', 'previous'] });
	});

	test('with no secret left the scheme stays hmac, so every delivery is refused', () => {
		expect(hmacAuth(contextWith({}), ['', undefined])).toMatchObject({
			scheme: 'hmac',
			secrets: [],
		});
	});
});

describe('signatureOptions', () => {
	test('its defaults are the ones hmacAuth falls back to', () => {
		const properties = byName(signatureOptions());
		expect(properties.signatureHeader.default).toBe(DEFAULT_SIGNATURE.header);
		expect(properties.signatureAlgorithm.default).toBe(DEFAULT_SIGNATURE.algorithm);
		expect(properties.signatureEncoding.default).toBe(DEFAULT_SIGNATURE.encoding);
		expect(properties.signaturePrefix.default).toBe(DEFAULT_SIGNATURE.prefix);
	});

	test('a provider default replaces the generic one in the description', () => {
		const properties = byName(
			signatureOptions({ header: 'X-Hub-Signature-256', prefix: 'sha256=' }),
		);
		expect(properties.signatureHeader.default).toBe('X-Hub-Signature-256');
		expect(properties.signaturePrefix.default).toBe('sha256=');
	});

	test('the algorithm and encoding choices are exactly what the verifier supports', () => {
		const properties = byName(signatureOptions());
		expect(
			properties.signatureAlgorithm.options?.map((option) => 'value' in option && option.value),
		).toEqual(['sha1', 'sha256', 'sha512']);
		expect(
			properties.signatureEncoding.options?.map((option) => 'value' in option && option.value),
		).toEqual(['auto', 'base64', 'hex']);
	});

	test('display options given are set on every entry', () => {
		const show = { show: { '/authentication': ['signature'] } };
		for (const property of signatureOptions({}, show)) {
			expect(property.displayOptions).toEqual(show);
		}
	});
});

describe('signingSecretProblem', () => {
	test('a generated-looking key is fine', () => {
		expect(signingSecretProblem('9f2c8a1e-4b7d-4e0a-a3c5-7d1f0b2e6c84')).toBeUndefined();
	});

	test('an empty key is reported', () => {
		expect(signingSecretProblem('')).toBe('it is empty');
	});

	test('a key pasted with a trailing line break is reported', () => {
		expect(signingSecretProblem('abcdef\n')).toBe('it starts or ends with a space or line break');
	});

	test('a key with a control character inside is reported', () => {
		expect(signingSecretProblem('abc\tdef')).toBe('it contains a line break or control character');
	});
});
