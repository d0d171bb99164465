import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IWebhookFunctions,
} from 'n8n-workflow';

import { RestHookOAuth2Api } from '../../credentials/RestHookOAuth2Api.credentials';
import { RestHookSigningSecretApi } from '../../credentials/RestHookSigningSecretApi.credentials';
import { authenticateApiRequest } from '../../credentials/common/restHookApiAuthentication';
import { RestHookTrigger } from '../../nodes/RestHook/RestHookTrigger.node';
import { restHook } from '../../nodes/RestHook/provider';

const node = new RestHookTrigger();
const [credentialUse] = node.description.credentials ?? [];

async function testCredential(data: Record<string, string>) {
	const test = node.methods.credentialTest[credentialUse.testedBy as 'restHookApi'];
	const credential: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'REST hook',
		type: 'restHookSigningSecretApi',
		data,
	};
	return await test.call({} as ICredentialTestFunctions, credential);
}

const REQUEST = { method: 'GET' as const, url: 'https://api.example/me', qs: { page: 1 } };

describe('REST Hook API credential', () => {
	test('the node uses the credential type the package registers, OAuth2 when Authentication says so', () => {
		const withAuthentication = (authentication?: string) =>
			({
				getNodeParameter: (name: string, fallback: unknown) =>
					name === 'authentication' && authentication !== undefined ? authentication : fallback,
			}) as unknown as IWebhookFunctions;
		const credentialType = restHook.credentialType as (context: IWebhookFunctions) => string;

		expect(credentialUse.name).toBe(new RestHookSigningSecretApi().name);
		expect(credentialType(withAuthentication())).toBe('restHookSigningSecretApi');
		expect(credentialType(withAuthentication('oAuth2'))).toBe(new RestHookOAuth2Api().name);
	});

	test('every secret field is a password field', () => {
		const secrets = [
			'headerSecret',
			'token',
			'password',
			'querySecret',
			'loginPassword',
			'sessionToken',
			'signingSecret',
		];
		const fields = new RestHookSigningSecretApi().properties.filter((p) =>
			secrets.includes(p.name),
		);

		expect(fields.map((field) => field.typeOptions?.password)).toEqual(secrets.map(() => true));
	});

	test('header authentication adds the named header', async () => {
		const options = await authenticateApiRequest(
			{ apiAuthentication: 'header', headerName: 'X-API-Key', headerSecret: 'k1' },
			{ ...REQUEST, headers: { Accept: 'application/json' } },
		);

		expect(options.headers).toEqual({ Accept: 'application/json', 'X-API-Key': 'k1' });
	});

	test('bearer authentication adds an Authorization header', async () => {
		const options = await authenticateApiRequest(
			{ apiAuthentication: 'bearer', token: 't1' },
			REQUEST,
		);

		expect(options.headers).toEqual({ Authorization: 'Bearer t1' });
	});

	test('basic authentication sets the request auth', async () => {
		const options = await authenticateApiRequest(
			{ apiAuthentication: 'basic', user: 'u', password: 'p' },
			REQUEST,
		);

		expect(options.auth).toEqual({ username: 'u', password: 'p' });
	});

	test('query authentication adds the parameter and keeps the others', async () => {
		const options = await authenticateApiRequest(
			{ apiAuthentication: 'query', queryName: 'api_key', querySecret: 'k2' },
			REQUEST,
		);

		expect(options.qs).toEqual({ page: 1, api_key: 'k2' });
	});

	test('login authentication sends the token it got in the configured header', async () => {
		const options = await authenticateApiRequest(
			{
				apiAuthentication: 'login',
				loginHeaderName: 'X-Session',
				loginHeaderPrefix: 'Token ',
				sessionToken: 's-1',
			},
			REQUEST,
		);

		expect(options.headers).toEqual({ 'X-Session': 'Token s-1' });
	});

	test('no authentication leaves the request unchanged', async () => {
		await expect(authenticateApiRequest({ apiAuthentication: 'none' }, REQUEST)).resolves.toEqual(
			REQUEST,
		);
	});

	test('the credential test accepts well-formed fields and says what it could not check', async () => {
		const result = await testCredential({
			signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
		});

		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/Publishing the workflow checks the API authentication/);
	});

	test('the credential test refuses a whsec_ secret that is not base64', async () => {
		const result = await testCredential({ signingSecret: 'whsec_not*base64' });

		expect(result).toEqual({
			status: 'Error',
			message:
				'The signing secret starts with whsec_ but what follows is not base64: copy it again from the API.',
		});
	});

	test('the credential test refuses a previous secret with a trailing line break', async () => {
		const result = await testCredential({ signingSecret: 's1', previousSigningSecret: 's0\n' });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/previous signing secret cannot be used/);
	});
});
