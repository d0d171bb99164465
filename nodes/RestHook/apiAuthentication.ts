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
