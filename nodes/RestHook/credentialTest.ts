import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

import { signingSecretProblem, standardWebhooksKey } from '../shared/signatures';
import { N8N } from '../shared/n8nWords';

function secretProblem(name: string, secret: unknown): string | undefined {
	if (secret === undefined || secret === '') return undefined;
	const problem = signingSecretProblem(secret);
	if (problem) return `The ${name} cannot be used: ${problem}.`;
	if (String(secret).startsWith('whsec_') && !standardWebhooksKey(String(secret))) {
		return `The ${name} starts with whsec_ but what follows is not base64: copy it again from the API.`;
	}
	return undefined;
}

/**
 * The credential's "Test" button. The API has no known address to call (every API differs), so
 * only the signing secrets' form is checked; publishing the workflow then exercises the API
 * authentication, and its errors name the status and what to fix.
 */
export function checkCredential(data: ICredentialDataDecryptedObject): INodeCredentialTestResult {
	const problem =
		secretProblem('signing secret', data.signingSecret) ??
		secretProblem('previous signing secret', data.previousSigningSecret);
	if (problem) return { status: 'Error', message: problem };
	return {
		status: 'OK',
		message: `The fields are well-formed. ${N8N.Publishing} the workflow checks the API authentication; the first signed delivery checks the signing secret.`,
	};
}
