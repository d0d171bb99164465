import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { clientProperties, grantTypeProperty, UNUSED_OAUTH2_PROPERTIES } from './common/oauth2';
import { GETRESPONSE_ADDRESS_PROPERTIES } from './common/getResponseAddress';

/**
 * OAuth2 for the GetResponse trigger's legacy callbacks (apidocs.getresponse.com/v3/authentication):
 * authorization code through app.getresponse.com, or client credentials for the app owner's own
 * account; the token endpoint takes the client ID and secret as HTTP Basic auth. GetResponse has
 * one scope, all data, so none is asked for. Its own type name, so it never collides with n8n's
 * built-in GetResponse OAuth2 credential.
 */
export class GetResponseWebhooksOAuth2Api implements ICredentialType {
	name = 'getResponseWebhooksOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'GetResponse Webhooks OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/GetResponse/getresponse.svg',
		dark: 'file:../nodes/GetResponse/getresponse.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks/blob/main/docs/getresponse.md#the-credentials';

	properties: INodeProperties[] = [
		grantTypeProperty({
			authorizationCode:
				"Sign in to GetResponse and allow n8n access with the credential's Connect button",
			clientCredentials: "Your own app's client ID and secret, for your own account",
		}),
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://app.getresponse.com/oauth2_authorize.html',
			description: 'For a GetResponse MAX account, the authorization page on its own domain',
			displayOptions: { show: { grantType: ['authorizationCode'] } },
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: 'https://api.getresponse.com/v3/token',
			description: 'For a GetResponse MAX account, /v3/token at its API address',
			required: true,
		},
		...clientProperties('Of the app registered in GetResponse under Integrations and API > OAuth'),
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
		...UNUSED_OAUTH2_PROPERTIES,
		...GETRESPONSE_ADDRESS_PROPERTIES,
	];
}
