import type { INodeParameters } from 'n8n-workflow';

import { SarbacaneApi } from '../../credentials/SarbacaneApi.credentials';
import { SarbacaneTrigger } from '../../nodes/Sarbacane/SarbacaneTrigger.node';
import { SARBACANE_ACCOUNT, type SarbacaneSimulator } from '../simulators/sarbacane';
import { TriggerHarness } from './trigger';

/** A Sarbacane trigger wired to a running simulator, with the simulator's valid account. */
export function sarbacaneTrigger(
	simulator: SarbacaneSimulator,
	parameters: INodeParameters = { source: 'api', events: ['OPEN'] },
	credentials: Partial<typeof SARBACANE_ACCOUNT> & { baseUrl?: string } = {},
): TriggerHarness {
	return new TriggerHarness({
		nodeType: new SarbacaneTrigger(),
		parameters,
		credentialType: new SarbacaneApi(),
		credentials: { baseUrl: simulator.baseUrl, ...SARBACANE_ACCOUNT, ...credentials },
	});
}
