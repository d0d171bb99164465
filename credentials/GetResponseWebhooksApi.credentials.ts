import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { GETRESPONSE_ADDRESS_PROPERTIES } from './common/getResponseAddress';

/**
 * Not n8n's built-in `getResponseApi`: this package's triggers need the MAX domain and API
 * address as well, and a credential type name must be unique across n8n.
 */
export class GetResponseWebhooksApi implements ICredentialType {
	name = 'getResponseWebhooksApi';

	displayName = 'GetResponse Webhooks API';

	icon: Icon = {
		light: 'file:../nodes/GetResponse/getresponse.svg',
		dark: 'file:../nodes/GetResponse/getresponse.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks/blob/main/docs/getresponse.md#the-credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Found in GetResponse under Tools > Integrations and API > API',
		},
		...GETRESPONSE_ADDRESS_PROPERTIES,
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const domain = String(credentials.domain ?? '').trim();
		// An empty X-Domain is not "no domain" to every API gateway: send it only when set.
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				'X-Auth-Token': `api-key ${String(credentials.apiKey ?? '')}`,
				...(domain ? { 'X-Domain': domain } : {}),
			},
		};
	}

	// GET /accounts has no side effect and fails unless the key (and the MAX domain) are right.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{($credentials.baseUrl === "custom" ? $credentials.customBaseUrl : $credentials.baseUrl).replace(/\\/+$/, "")}}',
			url: '/accounts',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'GetResponse refused the API key. Copy it again from Integrations and API > API; for a GetResponse MAX account, also set its domain and a MAX API address.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No GetResponse API at this address. Check the API address (it ends with /v3).',
				},
			},
		],
	};
}
