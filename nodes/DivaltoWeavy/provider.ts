import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { missingIdError } from '../shared/providerErrors';
import { baseUrl } from '../../credentials/common/http';
import { providerRequest } from '../shared/transport';
import type { ProviderEvent, Provider, Sample } from '../shared/types';
import { nodeParameter } from '../shared/nodeReads';

export const WEAVY_CREDENTIAL = 'divaltoWeavyApi';
const PROVIDER = 'Divalto weavy';

export const WEAVY_EVENTS: ProviderEvent[] = [
	{ value: 'NewCustomer', name: 'New Customer', description: 'A customer is created in weavy' },
	{ value: 'NewProspect', name: 'New Prospect', description: 'A prospect is created in weavy' },
	{ value: 'NewSuspect', name: 'New Suspect', description: 'A suspect is created in weavy' },
	{
		value: 'NewSubcontractor',
		name: 'New Subcontractor',
		description: 'A subcontractor is created in weavy',
	},
	{ value: 'NewDeal', name: 'New Deal', description: 'A deal (affaire) is created in weavy' },
	{
		value: 'NewOpportunity',
		name: 'New Opportunity',
		description: 'An opportunity is created in weavy',
	},
];

/** Calls one of weavy's process entry points (EPT_Webhook*) of the credential's project. */
async function entryPoint(
	context: IHookFunctions,
	name: string,
	body: IDataObject,
	action: string,
): Promise<IDataObject> {
	const credentials = await context.getCredentials(WEAVY_CREDENTIAL);
	const project = encodeURIComponent(String(credentials.projectCode));
	return await providerRequest<IDataObject>(
		context,
		{ provider: PROVIDER, credentialType: WEAVY_CREDENTIAL, action },
		{
			method: 'POST',
			url: `${baseUrl(credentials.baseUrl)}/v1/EntryPoints/${project}/process/`,
			qs: { c: name },
			body,
		},
	);
}

export const divaltoWeavy: Provider = {
	displayName: PROVIDER,
	credentialType: WEAVY_CREDENTIAL,
	credentialSecretFields: ['password'],
	events: () => WEAVY_EVENTS,

	// The credential logs in (POST /v1/Authenticate) when it holds no token yet.
	loginPending: async (context) => !(await context.getCredentials(WEAVY_CREDENTIAL)).authToken,

	subscriptionApi: () => ({
		scope: 'perEvent',
		// weavy is French: its messages may say so in French.
		notFoundWords: /introuvable|n'existe pas|inconnu/i,
		address: async (context) => baseUrl((await context.getCredentials(WEAVY_CREDENTIAL)).baseUrl),
		async subscribe(context, { events, url }) {
			const [event] = events;
			const action = `subscribe to event "${event}"`;
			const response = await entryPoint(
				context,
				'EPT_WebhookSubscribe',
				{ event, hookUrl: url },
				action,
			);
			const code = (response?.result as IDataObject | undefined)?.codeWebhookSubscription;
			if (typeof code !== 'string' || !code) {
				throw missingIdError(context.getNode(), PROVIDER, action, 'result.codeWebhookSubscription');
			}
			return code;
		},
		async unsubscribe(context, id) {
			await entryPoint(
				context,
				'EPT_WebhookUnsubscribe',
				{ codeWebhookSubscription: id },
				`unsubscribe "${id}"`,
			);
		},
	}),

	deliveryAuth: () => ({ scheme: 'hookUrlSecret' }),

	deliveryShape: (context) => ({
		source: 'body',
		// A weavy delivery carries only the record: the hook URL says which event it is for.
		eventInUrl: true,
		unwrap: (nodeParameter(context, 'options.keepEnvelope', false) as boolean)
			? undefined
			: 'result',
		// No delivery id, no retry documented: a record is created once, so its event (the whole
		// record, under the event of its hook URL) is the key.
		identity: {},
	}),

	async samples(context, events): Promise<Sample[]> {
		const lists = await Promise.all(
			events.map(async (event) => ({
				event,
				body: await entryPoint(
					context,
					'EPT_WebhookPerformList',
					{ event },
					`list samples of event "${event}"`,
				),
			})),
		);
		return lists;
	},
};
