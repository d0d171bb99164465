import type { INodeParameters } from 'n8n-workflow';

import { DivaltoWeavyApi } from '../../credentials/DivaltoWeavyApi.credentials';
import { DivaltoWeavyTrigger } from '../../nodes/DivaltoWeavy/DivaltoWeavyTrigger.node';
import { WeavySimulator, WEAVY_USER } from '../simulators/weavy';
import { TriggerHarness } from './trigger';

/** A weavy trigger wired to a running simulator, with the simulator's valid login. */
export function weavyTrigger(
	simulator: WeavySimulator,
	parameters: INodeParameters = { events: ['NewCustomer'] },
	credentials: Partial<typeof WEAVY_USER> & { authToken?: string } = {},
): TriggerHarness {
	return new TriggerHarness({
		nodeType: new DivaltoWeavyTrigger(),
		parameters,
		credentialType: new DivaltoWeavyApi(),
		credentials: { baseUrl: simulator.url, authToken: '', ...WEAVY_USER, ...credentials },
	});
}
