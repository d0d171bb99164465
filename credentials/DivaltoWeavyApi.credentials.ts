import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { describeFailure, loginRefused, requestPolicy, baseUrl } from './common/http';

export class DivaltoWeavyApi implements ICredentialType {
	name = 'divaltoWeavyApi';

	displayName = 'Divalto Weavy API';

	icon: Icon = {
		light: 'file:../nodes/DivaltoWeavy/weavy.svg',
		dark: 'file:../nodes/DivaltoWeavy/weavy.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks/blob/main/docs/divalto-weavy.md#the-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.weavy.divalto.com',
			description: 'The weavy API address, without /v1',
		},
		{
			displayName: 'Project Code',
			name: 'projectCode',
			type: 'string',
			default: '',
			required: true,
			description: 'The code of your weavy project, as in the entry point URLs',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			// Filled by preAuthentication; n8n renews it when a request answers 401.
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		let response: IDataObject;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${baseUrl(credentials.baseUrl)}/v1/Authenticate`,
				body: {
					username: credentials.username,
					password: credentials.password,
					projectCode: credentials.projectCode,
					scope: 'API',
				},
				json: true,
				// A login that never answers must not hold a publish forever either.
				timeout: requestPolicy.timeoutMs,
			})) as IDataObject;
		} catch (error) {
			const { status, message } = describeFailure(error);
			throw loginRefused(
				`Divalto weavy refused the login (${status ? `HTTP ${status}` : 'no answer'}: ${message}). ` +
					'Check the base URL, project code, username and password.',
				status,
			);
		}
		if (typeof response?.authToken !== 'string' || !response.authToken) {
			throw new Error('Divalto weavy accepted the login but returned no authToken');
		}
		return { authToken: response.authToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.authToken}}',
			},
		},
	};

	// PerformList has no side effect, and fails unless the token and project code are right.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/v1/EntryPoints/{{encodeURIComponent($credentials.projectCode)}}/process/',
			qs: { c: 'EPT_WebhookPerformList' },
			method: 'POST',
			body: { event: 'NewCustomer' },
			json: true,
		},
	};
}
