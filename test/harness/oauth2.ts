import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { RestHookOAuth2Api } from '../../credentials/RestHookOAuth2Api.credentials';
import { RestHookTrigger } from '../../nodes/RestHook/RestHookTrigger.node';
import { OAUTH_CLIENT, type OAuth2Simulator } from '../simulators/oauth2';
import { TriggerHarness } from './trigger';

/** The REST Hook OAuth2 credential's fields for the simulator, with the grant chosen. */
export function oauth2Credential(
	oauth: OAuth2Simulator,
	fields: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		grantType: 'clientCredentials',
		authUrl: oauth.authorizeUrl,
		accessTokenUrl: oauth.tokenUrl,
		clientId: OAUTH_CLIENT.id,
		clientSecret: OAUTH_CLIENT.secret,
		scope: 'hooks:write',
		authQueryParameters: '',
		authentication: 'header',
		signingSecret: '',
		previousSigningSecret: '',
		...fields,
	};
}

/** A REST Hook Trigger whose Authentication is OAuth2, with that credential. */
export function oauth2RestHookTrigger(
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
): TriggerHarness {
	return new TriggerHarness({
		nodeType: new RestHookTrigger(),
		parameters: { ...parameters, authentication: 'oAuth2' },
		credentialType: new RestHookOAuth2Api(),
		credentials,
	});
}

/**
 * What connecting the account leaves in an authorization-code credential: the user consents
 * (the simulator's auto-consent), n8n exchanges the code and stores the token answer.
 */
export async function connectAccount(
	oauth: OAuth2Simulator,
	scope: string,
	redirectUri = 'http://127.0.0.1:5678/rest/oauth2-credential/callback',
): Promise<IDataObject> {
	const consent = oauth.autoConsent;
	oauth.autoConsent = true;
	try {
		const authorize = new URL(oauth.authorizeUrl);
		authorize.search = new URLSearchParams({
			client_id: OAUTH_CLIENT.id,
			response_type: 'code',
			redirect_uri: redirectUri,
			scope,
			state: 'test',
		}).toString();
		const redirect = await fetch(authorize, { redirect: 'manual' });
		const code = new URL(String(redirect.headers.get('location'))).searchParams.get('code');
		const token = await fetch(oauth.tokenUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: `Basic ${Buffer.from(`${OAUTH_CLIENT.id}:${OAUTH_CLIENT.secret}`).toString('base64')}`,
			},
			body: new URLSearchParams({
				grant_type: 'authorization_code',
				code: String(code),
				redirect_uri: redirectUri,
			}).toString(),
		});
		return (await token.json()) as IDataObject;
	} finally {
		oauth.autoConsent = consent;
	}
}
