import type { IWebhookFunctions } from 'n8n-workflow';

import { PASTED_URL_LABELS, PASTED_URL_PARAMETERS } from './descriptions';
import { SECRET_PARAMETER } from './hookUrl';
import { N8N } from './n8nWords';
import type { IncomingDelivery } from './types';
import type { Diagnosis, HookState } from './coreTypes';

/**
 * Why a delivery failed a URL secret check (diagnosis.ts explains the signatures): the URL the
 * trigger subscribed, or the one the user pasted in the provider.
 */

export function diagnoseHookUrlSecret(
	provider: string,
	state: HookState,
	{ query }: IncomingDelivery,
): Diagnosis {
	const hint = `Deliveries must come to the URL the trigger subscribed in ${provider}, with its secret. ${N8N.Unpublish} and ${N8N.publish} the workflow again to renew the subscription.`;
	if (typeof query[SECRET_PARAMETER] !== 'string') {
		return { reason: 'the URL it was sent to has no ?secret= parameter', hint };
	}
	if (!state.secret) {
		return { reason: 'the trigger holds no subscription at the moment', hint };
	}
	return { reason: "the URL's secret is not the one the trigger subscribed with", hint };
}

export function diagnosePastedUrlSecret(
	context: IWebhookFunctions,
	provider: string,
	{ query }: IncomingDelivery,
): Diagnosis {
	const own = context.getNodeParameter(PASTED_URL_PARAMETERS.secret, '') as string;
	if (!own) {
		return {
			reason: `the node has no ${PASTED_URL_LABELS.secret}`,
			hint: `Set ${PASTED_URL_LABELS.secret} in the node, and add ?secret= followed by it to the URL you pasted in ${provider}.`,
		};
	}
	if (typeof query[SECRET_PARAMETER] !== 'string') {
		return {
			reason: 'the URL it was sent to has no ?secret= parameter',
			hint: `In ${provider}, paste the node's URL followed by ?secret= and the node's ${PASTED_URL_LABELS.secret}.`,
		};
	}
	return {
		reason: `the URL's secret is not the node's ${PASTED_URL_LABELS.secret} (nor its ${PASTED_URL_LABELS.previousSecret})`,
		hint: `Make the secret after ?secret= in the URL pasted in ${provider} and the node's ${PASTED_URL_LABELS.secret} the same.`,
	};
}
