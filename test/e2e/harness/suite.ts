import type { GetResponseSimulator } from '../../simulators/getresponse';
import { GETRESPONSE_KEY } from '../../simulators/getresponse';
import { SARBACANE_ACCOUNT, type SarbacaneSimulator } from '../../simulators/sarbacane';
import { WEAVY_USER, type WeavySimulator } from '../../simulators/weavy';
import { N8nApi } from './api';
import { startN8n, type N8nHandle, type StartN8nOptions } from './n8n';
import { packPackage } from './pack';

/**
 * The fixture of every end-to-end file: the package packed once per run, a real n8n with it
 * installed as n8n's community-package installer does, and the API client on it.
 */
export async function startSuite(
	options: Omit<StartN8nOptions, 'tarball'> = {},
): Promise<{ n8n: N8nHandle; api: N8nApi }> {
	const n8n = await startN8n({ ...options, tarball: await packPackage() });
	return { n8n, api: new N8nApi(n8n) };
}

/** A credential made as the editor makes it, as a node references it. */
export async function makeCredential(
	api: N8nApi,
	type: string,
	name: string,
	data: Record<string, unknown>,
): Promise<{ type: string; id: string; name: string }> {
	const made = await api.createCredential(type, name, data);
	return { type, id: made.id, name };
}

/** Each provider simulator's valid credential data. */
export const credentialData = {
	weavy: (weavy: WeavySimulator) => ({
		baseUrl: weavy.url,
		projectCode: WEAVY_USER.projectCode,
		username: WEAVY_USER.username,
		password: WEAVY_USER.password,
	}),
	sarbacane: (sarbacane: SarbacaneSimulator) => ({
		accountId: SARBACANE_ACCOUNT.accountId,
		apiKey: SARBACANE_ACCOUNT.apiKey,
		baseUrl: sarbacane.baseUrl,
	}),
	getResponse: (getResponse: GetResponseSimulator) => ({
		apiKey: GETRESPONSE_KEY,
		baseUrl: 'custom',
		customBaseUrl: getResponse.apiUrl,
		domain: '',
	}),
};
