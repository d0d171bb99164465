import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	API_AUTHENTICATION,
	authenticateApiRequest,
	SESSION_TOKEN,
	showFor,
} from '../nodes/RestHook/apiAuthentication';
import { describeFailure, loginRefused } from '../nodes/shared/transport';
import { readPath } from '../nodes/shared/util';

function fillLogin(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value === 'string') {
		return value.replace(/\{\{\s*(user|password)\s*\}\}/gi, (_all, name: string) =>
			String(credentials[name.toLowerCase() === 'user' ? 'loginUser' : 'loginPassword'] ?? ''),
		);
	}
	if (Array.isArray(value)) return value.map((element) => fillLogin(element, credentials));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value).map(([key, element]) => [key, fillLogin(element, credentials)]),
		);
	}
	return value;
}

/**
 * The credential's preAuthentication: for "Login", posts the login body and keeps the token of
 * the answer. n8n runs it when the token is empty and again after a request failed, so an
 * expired token is renewed.
 */
async function loginForToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	if (credentials.apiAuthentication !== API_AUTHENTICATION.login) return {};
	const template = credentials.loginBody;
	let body: unknown;
	try {
		body = fillLogin(typeof template === 'string' ? JSON.parse(template) : template, credentials);
	} catch {
		throw new Error('The login body in the REST Hook API credential is not valid JSON.');
	}
	let answer: unknown;
	try {
		answer = await this.helpers.httpRequest({
			method: 'POST',
			url: String(credentials.loginUrl ?? ''),
			body: body as IDataObject,
			json: true,
		});
	} catch (error) {
		const { status, message } = describeFailure(error);
		throw loginRefused(
			`The API refused the login (${status ? `HTTP ${status}` : 'no answer'}: ${message}). ` +
				'Check the login URL, body, user and password in the REST Hook API credential.',
			status,
		);
	}
	const path = String(credentials.loginResultPath || 'token');
	const token =
		typeof answer === 'object' && answer !== null
			? readPath(answer as IDataObject, path)
			: undefined;
	if (typeof token !== 'string' || !token) {
		throw new Error(
			`The API accepted the login but its answer has no token at "${path}": set "Token Path in Answer" in the REST Hook API credential.`,
		);
	}
	return { [SESSION_TOKEN]: token };
}

/**
 * One credential per REST-hook API account: how to call its API, and the secret it signs its
 * deliveries with. Tested by the REST Hook Trigger (`testedBy`), which checks the form of the
 * signing secrets: every API differs, so publishing is what exercises the API authentication,
 * with errors that name the status and the fix.
 *
 * Why not n8n's own Header/Bearer/Basic/Query Auth credentials, as the HTTP Request node offers:
 * a community node may only use credential types of its own package (n8n's no-credential-reuse
 * rule), so this type carries the same four schemes, and a login whose token n8n renews.
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
				{
					name: 'Login (Token From a Login Request)',
					value: API_AUTHENTICATION.login,
					description: 'A login request returns a token, renewed when it expires',
				},
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
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.example.com/v1/login',
			description: 'The API address that answers a POST of the login body with a token',
			displayOptions: showFor(API_AUTHENTICATION.login),
		},
		{
			displayName: 'User',
			name: 'loginUser',
			type: 'string',
			default: '',
			displayOptions: showFor(API_AUTHENTICATION.login),
		},
		{
			displayName: 'Password',
			name: 'loginPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: showFor(API_AUTHENTICATION.login),
		},
		{
			displayName: 'Login Body',
			name: 'loginBody',
			type: 'json',
			default: '{\n  "username": "{{user}}",\n  "password": "{{password}}"\n}',
			description:
				'The JSON posted to the login URL; {{user}} and {{password}} are the fields above. Keep this field in Fixed mode.',
			displayOptions: showFor(API_AUTHENTICATION.login),
		},
		{
			displayName: 'Token Path in Answer',
			name: 'loginResultPath',
			type: 'string',
			default: 'token',
			placeholder: 'e.g. data.accessToken',
			description: "Dotted path of the token in the login's answer",
			displayOptions: showFor(API_AUTHENTICATION.login),
		},
		{
			displayName: 'Token Header',
			name: 'loginHeaderName',
			type: 'string',
			default: 'Authorization',
			description: 'The header each API call carries the token in',
			displayOptions: showFor(API_AUTHENTICATION.login),
		},
		{
			displayName: 'Token Prefix',
			name: 'loginHeaderPrefix',
			type: 'string',
			default: 'Bearer ',
			description: 'Text before the token in that header (mind the space)',
			displayOptions: showFor(API_AUTHENTICATION.login),
		},
		{
			// Filled by preAuthentication; n8n renews it when a request fails.
			displayName: 'Session Token',
			name: SESSION_TOKEN,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
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

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await loginForToken.call(this, credentials);
	}

	authenticate = authenticateApiRequest;
}
