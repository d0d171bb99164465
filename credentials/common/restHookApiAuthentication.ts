import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** How the REST Hook Trigger authenticates its calls to the API (subscribe, unsubscribe, list). */
export const API_AUTHENTICATION = {
	none: 'none',
	header: 'header',
	bearer: 'bearer',
	basic: 'basic',
	query: 'query',
	login: 'login',
} as const;

/** The hidden, expirable credential field holding the token a login returned. */
export const SESSION_TOKEN = 'sessionToken';

export const showFor = (value: string): INodeProperties['displayOptions'] => ({
	show: { apiAuthentication: [value] },
});

/**
 * Adds the API authentication the credential describes to a request, as n8n's Header, Bearer,
 * Basic and Query Auth credentials do.
 */
export async function authenticateApiRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const text = (name: string) => String(credentials[name] ?? '');
	switch (credentials.apiAuthentication) {
		case API_AUTHENTICATION.header:
			return {
				...requestOptions,
				headers: { ...requestOptions.headers, [text('headerName')]: text('headerSecret') },
			};
		case API_AUTHENTICATION.bearer:
			return {
				...requestOptions,
				headers: { ...requestOptions.headers, Authorization: `Bearer ${text('token')}` },
			};
		case API_AUTHENTICATION.basic:
			return { ...requestOptions, auth: { username: text('user'), password: text('password') } };
		case API_AUTHENTICATION.query:
			return {
				...requestOptions,
				qs: { ...(requestOptions.qs as IDataObject), [text('queryName')]: text('querySecret') },
			};
		case API_AUTHENTICATION.login:
			return {
				...requestOptions,
				headers: {
					...requestOptions.headers,
					[text('loginHeaderName') || 'Authorization']:
						`${text('loginHeaderPrefix')}${text(SESSION_TOKEN)}`,
				},
			};
		default:
			return requestOptions;
	}
}

/** How the credential authenticates API calls: the scheme and the fields each one needs. */
export const API_AUTHENTICATION_PROPERTIES: INodeProperties[] = [
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
];
