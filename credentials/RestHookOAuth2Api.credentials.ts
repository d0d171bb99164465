import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { SIGNING_SECRET_PROPERTIES } from './common/signingSecret';

/**
 * The REST Hook Trigger's credential for APIs that use OAuth2: n8n runs the consent flow (or the
 * client-credentials grant), stores and refreshes the tokens, and sends the access token with
 * every call. Like the REST Hook API credential, it also holds the secret the API signs its
 * deliveries with: one credential per API account, how to call it and how it signs.
 */
export class RestHookOAuth2Api implements ICredentialType {
	name = 'restHookOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'REST Hook OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/RestHook/resthook.svg',
		dark: 'file:../nodes/RestHook/resthook.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks#oauth2-for-the-rest-hook-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code',
					value: 'authorizationCode',
					description:
						"You sign in to the API and allow n8n access with the credential's Connect button",
				},
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description: 'n8n gets tokens with the client ID and secret alone (server-to-server)',
				},
			],
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode'] } },
			default: '',
			placeholder: 'e.g. https://api.example.com/oauth/authorize',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.example.com/oauth/token',
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			placeholder: 'e.g. hooks:write contacts:read',
			description: 'The scopes the API asks for, separated by spaces',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode'] } },
			default: '',
			placeholder: 'e.g. access_type=offline',
			description: 'Added to the authorization URL, e.g. to ask for a refresh token',
		},
		{
			displayName: 'Client Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Send Client Credentials in Body',
					value: 'body',
				},
				{
					name: 'Send Client Credentials as Basic Auth Header',
					value: 'header',
				},
			],
			default: 'header',
			description: 'How the client ID and secret reach the access token URL',
		},
		// n8n's generic OAuth2 credential offers these; a REST-hook API needs none of them.
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
		...SIGNING_SECRET_PROPERTIES,
	];
}
