import type { INodeProperties } from 'n8n-workflow';

/** Grant Type of an OAuth2 credential that extends n8n's: what each grant means, in the provider's words. */
export function grantTypeProperty(described: {
	authorizationCode: string;
	clientCredentials: string;
}): INodeProperties {
	return {
		displayName: 'Grant Type',
		name: 'grantType',
		type: 'options',
		options: [
			{
				name: 'Authorization Code',
				value: 'authorizationCode',
				description: described.authorizationCode,
			},
			{
				name: 'Client Credentials',
				value: 'clientCredentials',
				description: described.clientCredentials,
			},
		],
		default: 'authorizationCode',
	};
}

/** Client ID (with what it is) and Client Secret. */
export function clientProperties(clientIdDescription?: string): INodeProperties[] {
	return [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			...(clientIdDescription ? { description: clientIdDescription } : {}),
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];
}

/** Fields n8n's generic OAuth2 credential offers that these APIs need none of: hidden. */
export const UNUSED_OAUTH2_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Use Dynamic Client Registration',
		name: 'useDynamicClientRegistration',
		type: 'hidden',
		default: false,
	},
	{
		displayName: 'Client Credential Type',
		name: 'clientCredentialType',
		type: 'hidden',
		default: 'clientSecret',
	},
];
