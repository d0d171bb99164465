import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { describeFailure, loginRefused } from './http';
import { readPath } from './json';
import { API_AUTHENTICATION, SESSION_TOKEN, showFor } from './restHookApiAuthentication';
import { fillPlaceholders } from './templates';

/** The REST Hook API credential's "Login" step: where to log in, with what, and where the token is. */
export const LOGIN_PROPERTIES: INodeProperties[] = [
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
];

/** The login body with {{user}} and {{password}} filled in from the credential. */
function fillLogin(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	const field: Record<string, string> = { user: 'loginUser', password: 'loginPassword' };
	return fillPlaceholders(value, (name) =>
		name in field ? String(credentials[field[name]] ?? '') : undefined,
	);
}

/**
 * The credential's preAuthentication: for "Login", posts the login body and keeps the token of
 * the answer. n8n runs it when the token is empty and again after a request failed, so an
 * expired token is renewed.
 */
export async function loginForToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	if (credentials.apiAuthentication !== API_AUTHENTICATION.login) return {};
	const template = credentials.loginBody;
	let body: unknown;
	try {
		body = fillLogin(typeof template === 'string' ? JSON.parse(template) : template, credentials);
	} catch {
		throw loginRefused(
			'The login body in the REST Hook API credential is not valid JSON.',
			undefined,
		);
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
