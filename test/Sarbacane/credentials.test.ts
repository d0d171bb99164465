import { SarbacaneApi } from '../../credentials/SarbacaneApi.credentials';
import { runCredentialTest } from '../harness/credential-test';
import { SARBACANE_ACCOUNT, SarbacaneSimulator } from '../simulators/sarbacane';

describe('Sarbacane credentials', () => {
	let sarbacane: SarbacaneSimulator;

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
	});

	afterEach(async () => {
		await sarbacane.stop();
	});

	test('the credential test sends GET /info with the accountId and apiKey headers', async () => {
		const result = await runCredentialTest(new SarbacaneApi(), {
			...SARBACANE_ACCOUNT,
			baseUrl: sarbacane.baseUrl,
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sarbacane.log).toHaveLength(1);
		const [request] = sarbacane.log;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/v1/info');
		expect(request.headers.accountid).toBe(SARBACANE_ACCOUNT.accountId);
		expect(request.headers.apikey).toBe(SARBACANE_ACCOUNT.apiKey);
	});

	test('a base URL ending with a slash still reaches /v1/info', async () => {
		const result = await runCredentialTest(new SarbacaneApi(), {
			...SARBACANE_ACCOUNT,
			baseUrl: `${sarbacane.baseUrl}/`,
		});

		expect(result.status).toBe('OK');
		expect(sarbacane.log[0].path).toBe('/v1/info');
	});

	test('a wrong API key gives a readable error naming what to fix', async () => {
		const result = await runCredentialTest(new SarbacaneApi(), {
			...SARBACANE_ACCOUNT,
			apiKey: 'wrong',
			baseUrl: sarbacane.baseUrl,
		});

		expect(result).toEqual({
			status: 'Error',
			message: 'Sarbacane refused the Account ID or API Key. Copy both again from Sarbacane.',
		});
	});

	test('a base URL without /v1 gives an error that says to add it', async () => {
		const result = await runCredentialTest(new SarbacaneApi(), {
			...SARBACANE_ACCOUNT,
			baseUrl: sarbacane.url,
		});

		expect(result.status).toBe('Error');
		expect(result.message).toContain('https://api.sarbacane.com/v1');
	});
});
