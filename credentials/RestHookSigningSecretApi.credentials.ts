import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
	API_AUTHENTICATION,
	authenticateApiRequest,
	showFor,
} from '../nodes/RestHook/apiAuthentication';

/**
 * One credential per REST-hook API account: how to call its API, and the secret it signs its
 * deliveries with. Tested by the REST Hook Trigger (`testedBy`), which checks the form of the
 * signing secrets: every API differs, so publishing is what exercises the API authentication,
 * with errors that name the status and the fix.
 *
 * Why not n8n's own Header/Bearer/Basic/Query Auth credentials, as the HTTP Request node offers:
 * a community node may only use credential types of its own package (n8n's no-credential-reuse
 * rule), so this type carries the same four schemes.
 */
export class RestHookSigningSecretApi implements ICredentialType {
	name = 'restHookSigningSecretApi';

	displayName = 'REST Hook API';

	icon: Icon = {
		light: 'file:../nodes/RestHook/resthook.svg',
		dark: 'file:../nodes/RestHook/resthook.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks#rest-hook-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'API Authentication',
			name: 'apiAuthentication',
			type: 'options',
			default: API_AUTHENTICATION.bearer,
			description: 'How the trigger proves who it is when it subscribes and unsubscribes',
			options: [
				{ name: 'Basic Auth', value: API_AUTHENTICATION.basic },
				{ name: 'Bearer Token', value: API_AUTHENTICATION.bearer },
				{ name: 'Header', value: API_AUTHENTICATION.header },
				{ name: 'None', value: API_AUTHENTICATION.none },
				{ name: 'Query Parameter', value: API_AUTHENTICATION.query },
			],
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'e.g. X-API-Key',
			displayOptions: showFor(API_AUTHENTICATION.header),
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: showFor(API_AUTHENTICATION.header),
		},
		{
			displayName: 'Bearer Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Sent as "Authorization: Bearer &lt;token&gt;"',
			displayOptions: showFor(API_AUTHENTICATION.bearer),
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: showFor(API_AUTHENTICATION.basic),
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: showFor(API_AUTHENTICATION.basic),
		},
		{
			displayName: 'Query Parameter Name',
			name: 'queryName',
			type: 'string',
			default: '',
			placeholder: 'e.g. api_key',
			displayOptions: showFor(API_AUTHENTICATION.query),
		},
		{
			displayName: 'Query Parameter Value',
			name: 'querySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: showFor(API_AUTHENTICATION.query),
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret the API signs its deliveries with (HMAC, Standard Webhooks whsec_…, Stripe-style or GitHub-style). Leave empty when deliveries are not signed.',
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While the API rotates its signing secret, deliveries signed with this older one are still accepted. Leave empty otherwise.',
		},
	];

	authenticate = authenticateApiRequest;
}
