import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class SarbacaneApi implements ICredentialType {
	name = 'sarbacaneApi';

	displayName = 'Sarbacane API';

	icon: Icon = {
		light: 'file:../nodes/Sarbacane/sarbacane.svg',
		dark: 'file:../nodes/Sarbacane/sarbacane.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks/blob/main/docs/sarbacane.md#the-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Sarbacane account ID (Sarbacane: Settings > API & Webhooks)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An API key of that account (Sarbacane: Settings > API & Webhooks)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.sarbacane.com/v1',
			description:
				'The Sarbacane API address, /v1 included. Older accounts may use https://sarbacaneapis.com/v1.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				accountId: '={{$credentials.accountId}}',
				apiKey: '={{$credentials.apiKey}}',
			},
		},
	};

	// GET /info reads the account and changes nothing; it fails unless both headers are right.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/info',
			method: 'GET',
			json: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Sarbacane refused the Account ID or API Key. Copy both again from Sarbacane.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Sarbacane refused the Account ID or API Key (HTTP 403). Check that the key is active and allowed to use the API.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Base URL has no /info endpoint. Use https://api.sarbacane.com/v1 (with /v1) unless Sarbacane gave you another.',
				},
			},
		],
	};
}
