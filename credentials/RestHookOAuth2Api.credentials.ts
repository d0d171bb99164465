import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { clientProperties, grantTypeProperty, UNUSED_OAUTH2_PROPERTIES } from './common/oauth2';
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
		'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks/blob/main/docs/rest-hook.md#oauth2';

	properties: INodeProperties[] = [
		grantTypeProperty({
			authorizationCode:
				"You sign in to the API and allow n8n access with the credential's Connect button",
			clientCredentials: 'n8n gets tokens with the client ID and secret alone (server-to-server)',
		}),
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
		...clientProperties(),
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
		...UNUSED_OAUTH2_PROPERTIES,
		...SIGNING_SECRET_PROPERTIES,
	];
}
