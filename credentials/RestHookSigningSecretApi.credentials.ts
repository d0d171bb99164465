import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	API_AUTHENTICATION_PROPERTIES,
	authenticateApiRequest,
} from './common/restHookApiAuthentication';
import { LOGIN_PROPERTIES, loginForToken } from './common/restHookLogin';
import { SIGNING_SECRET_PROPERTIES } from './common/signingSecret';

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

	documentationUrl =
		'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks/blob/main/docs/rest-hook.md#the-credentials';

	properties: INodeProperties[] = [
		...API_AUTHENTICATION_PROPERTIES,
		...LOGIN_PROPERTIES,
		...SIGNING_SECRET_PROPERTIES,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await loginForToken.call(this, credentials);
	}

	authenticate = authenticateApiRequest;
}
