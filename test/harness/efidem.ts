import type { INodeParameters } from 'n8n-workflow';

import { EfidemSnapShootApi } from '../../credentials/EfidemSnapShootApi.credentials';
import { EfidemSnapShootTrigger } from '../../nodes/EfidemSnapShoot/EfidemSnapShootTrigger.node';
import { TEST_PAYLOAD } from '../../nodes/EfidemSnapShoot/provider';
import { TriggerHarness } from './trigger';

export const EFIDEM_SECRET = 'sk_live_4f7c2a9e1b8d3f6a0c5e7b2d9a4f1c8e';
export const EFIDEM_PREVIOUS_SECRET = 'sk_live_0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** A SnapShoot delivery body: the documented TEST payload with another event and fields. */
export function efidemPayload(event: string, fields: Record<string, unknown> = {}) {
	return { ...TEST_PAYLOAD, Event: event, ...fields };
}

/**
 * An Efidem SnapShoot trigger. With `authentication: 'none'` the node has no credential at all,
 * as in n8n where the credential is hidden then.
 */
export function efidemTrigger(
	parameters: INodeParameters = {},
	credentials: { secretKey?: string; previousSecretKey?: string } = { secretKey: EFIDEM_SECRET },
): TriggerHarness {
	const trigger = new TriggerHarness({
		nodeType: new EfidemSnapShootTrigger(),
		parameters,
		credentialType: new EfidemSnapShootApi(),
		credentials,
	});
	if (parameters.authentication === 'none') delete trigger.node.credentials;
	return trigger;
}
