import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { hmacAuth, isAuthentic, signatureSettings } from '../../nodes/shared/authentication';
import { GITHUB_SIGNATURE } from '../../nodes/shared/signatures';
import type { IncomingDelivery } from '../../nodes/shared/types';
import { DEFAULT_SIGNATURE, signatureOptions } from '../../nodes/shared/descriptions';

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
			fromOptions: true,
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
		for (const property of signatureOptions(show)) {
			expect(property.displayOptions).toEqual(show);
		}
	});
});

/** isAuthentic for the signature schemes reads the request only: no node parameter, no state. */
const NO_CONTEXT = {} as IWebhookFunctions;
const request = (payload: string, headers: IncomingDelivery['headers']): IncomingDelivery => ({
	rawBody: Buffer.from(payload),
	headers,
	query: {},
});

describe('isAuthentic with the signature schemes', () => {
	// Known-answer vectors: see signatures.test.ts for where each comes from.
	const STANDARD = {
		secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
		payload: '{"test": 2432232314}',
		headers: {
			'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
			'webhook-timestamp': '1614265330',
			'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
		},
	};
	const STRIPE_V1 = 'f7a632a9ffdbb1ced2fc48e44c374ec2cb4292469db292862c06ae703e2befbd';
	const GITHUB_HEADER = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

	test('standardWebhooks reads the three lower-cased headers', () => {
		const auth = { scheme: 'standardWebhooks' as const, secrets: [STANDARD.secret] };
		expect(
			isAuthentic(
				NO_CONTEXT,
				auth,
				() => ({}),
				request(STANDARD.payload, STANDARD.headers),
				1614265330,
			),
		).toBe(true);
	});

	test('stripe reads a renamed header when told', () => {
		const auth = {
			scheme: 'stripe' as const,
			header: 'X-Acme-Signature',
			secrets: ['whsec_test_secret'],
		};
		const headers = { 'x-acme-signature': `t=1492774577,v1=${STRIPE_V1}` };
		expect(
			isAuthentic(
				NO_CONTEXT,
				auth,
				() => ({}),
				request('{"id":"evt_1","type":"invoice.paid"}', headers),
				1492774577,
			),
		).toBe(true);
	});

	test("the GitHub preset is the hmac scheme the core checks, in GitHub's lower-cased header", () => {
		const auth = {
			scheme: 'hmac' as const,
			...GITHUB_SIGNATURE,
			secrets: ["It's a Secret to Everybody"],
		};
		const headers = { 'x-hub-signature-256': GITHUB_HEADER };
		expect(isAuthentic(NO_CONTEXT, auth, () => ({}), request('Hello, World!', headers))).toBe(true);
	});
});
