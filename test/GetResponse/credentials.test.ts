import type { IHttpRequestOptions } from 'n8n-workflow';

import { GetResponseWebhooksApi } from '../../credentials/GetResponseWebhooksApi.credentials';
import { getResponseBaseUrl } from '../../nodes/GetResponse/callbacks';
import { runCredentialTest } from '../harness/credential-test';
import { GETRESPONSE_KEY, GetResponseSimulator } from '../simulators/getresponse';

const credential = new GetResponseWebhooksApi();

describe('GetResponse credentials', () => {
	let getResponse: GetResponseSimulator;

	beforeEach(async () => {
		getResponse = await new GetResponseSimulator().start();
	});

	afterEach(async () => {
		await getResponse.stop();
	});

	test("its type name is not n8n's built-in getResponseApi", () => {
		expect(credential.name).toBe('getResponseWebhooksApi');
	});

	test('the credential test sends GET /accounts with X-Auth-Token "api-key <key>"', async () => {
		const result = await runCredentialTest(credential, {
			apiKey: GETRESPONSE_KEY,
			baseUrl: 'custom',
			customBaseUrl: getResponse.apiUrl,
			domain: '',
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(getResponse.log).toHaveLength(1);
		expect(getResponse.log[0]).toMatchObject({ method: 'GET', path: '/v3/accounts' });
		expect(getResponse.log[0].headers['x-auth-token']).toBe(`api-key ${GETRESPONSE_KEY}`);
	});

	test('without a MAX domain no X-Domain header is sent', async () => {
		await runCredentialTest(credential, {
			apiKey: GETRESPONSE_KEY,
			baseUrl: 'custom',
			customBaseUrl: getResponse.apiUrl,
			domain: '',
		});

		expect(getResponse.log[0].headers).not.toHaveProperty('x-domain');
	});

	test('with a MAX domain the credential test sends it as X-Domain', async () => {
		getResponse.requiredDomain = 'example.com';

		const result = await runCredentialTest(credential, {
			apiKey: GETRESPONSE_KEY,
			baseUrl: 'custom',
			customBaseUrl: `${getResponse.apiUrl}/`,
			domain: ' example.com ',
		});

		expect(result.status).toBe('OK');
		expect(getResponse.log[0].headers['x-domain']).toBe('example.com');
	});

	test('a wrong API key gives a readable error naming what to fix', async () => {
		const result = await runCredentialTest(credential, {
			apiKey: 'wrong',
			baseUrl: 'custom',
			customBaseUrl: getResponse.apiUrl,
			domain: '',
		});

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^GetResponse refused the API key/);
	});

	test('an address without /v3 gives an error that says to check it', async () => {
		const result = await runCredentialTest(credential, {
			apiKey: GETRESPONSE_KEY,
			baseUrl: 'custom',
			customBaseUrl: getResponse.url,
			domain: '',
		});

		expect(result).toEqual({
			status: 'Error',
			message: 'No GetResponse API at this address. Check the API address (it ends with /v3).',
		});
	});

	test('the API address options are GetResponse and the two GetResponse MAX addresses', () => {
		const property = credential.properties.find((p) => p.name === 'baseUrl')!;

		expect(property.default).toBe('https://api.getresponse.com/v3');
		expect(property.options?.map((option) => (option as { value: string }).value)).toEqual([
			'https://api.getresponse.com/v3',
			'https://api3.getresponse360.com/v3',
			'https://api3.getresponse360.pl/v3',
			'custom',
		]);
	});

	test('the trigger calls the chosen preset address, or the custom one without a trailing slash', () => {
		expect(getResponseBaseUrl({ baseUrl: 'https://api3.getresponse360.pl/v3' })).toBe(
			'https://api3.getresponse360.pl/v3',
		);
		expect(getResponseBaseUrl({ baseUrl: 'custom', customBaseUrl: 'https://x.example/v3//' })).toBe(
			'https://x.example/v3',
		);
	});

	test("authenticate keeps the request's own headers", async () => {
		const options = await credential.authenticate({ apiKey: 'k', domain: '' }, {
			url: '/accounts',
			headers: { Accept: 'application/json' },
		} as IHttpRequestOptions);

		expect(options.headers).toEqual({ Accept: 'application/json', 'X-Auth-Token': 'api-key k' });
	});
});
