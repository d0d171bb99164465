import type { INodeParameters } from 'n8n-workflow';

import { DivaltoWeavyApi } from '../../credentials/DivaltoWeavyApi.credentials';
import { DivaltoWeavyTrigger } from '../../nodes/DivaltoWeavy/DivaltoWeavyTrigger.node';
import { WeavySimulator, WEAVY_USER } from '../simulators/weavy';
import { TriggerHarness } from './trigger';

/** A weavy trigger wired to a running simulator, with the simulator's valid login. */
export function weavyTrigger(
	simulator: WeavySimulator,
	parameters: INodeParameters = { events: ['NewCustomer'] },
	credentials: Partial<typeof WEAVY_USER> & { authToken?: string; baseUrl?: string } = {},
): TriggerHarness {
	return new TriggerHarness({
		nodeType: new DivaltoWeavyTrigger(),
		parameters,
		credentialType: new DivaltoWeavyApi(),
		credentials: { baseUrl: simulator.url, authToken: '', ...WEAVY_USER, ...credentials },
	});
}

/**
 * Publishes with weavy saving the first subscribe and answering 500 (a lost answer): the trigger
 * retries and holds the second. Returns the lost subscription's hook URL.
 */
export async function publishWithLostAnswer(
	trigger: TriggerHarness,
	simulator: WeavySimulator,
): Promise<string> {
	simulator.inject({
		match: (request) => request.query.c === 'EPT_WebhookSubscribe',
		status: 500,
		afterSaving: true,
	});
	await trigger.publish();
	const held = (trigger.nodeStaticData().subscriptions as Array<{ id: string }>)[0].id;
	return [...simulator.subscriptions.values()].find((sub) => sub.code !== held)!.hookUrl;
}
