import type {
	ICredentialDataDecryptedObject,
	IHookFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';

import { hmacAuth } from '../shared/authentication';
import { deliveryCredentials } from '../shared/credentialCache';
import { signingSecretProblem } from '../shared/signatures';
import type { ProviderEvent, Provider, Sample } from '../shared/types';
import { nodeParameter } from '../shared/nodeReads';

export const EFIDEM_CREDENTIAL = 'efidemSnapShootApi';
const PROVIDER = 'Efidem SnapShoot';

/**
 * The node parameter that turns signing on or off. Its stored name, `authentication`, stays as
 * saved workflows hold it; in other triggers that name chooses the credential.
 */
export const SIGNING_PARAMETER = 'authentication';
/** Values of the signing parameter. */
export const SIGNING = { signature: 'signature', none: 'none' } as const;

/**
 * The statuses SnapShoot lists in its dashboard. Only `TEST` is documented as it arrives on the
 * wire; for the others the French labels of the dashboard, their English names and usual
 * variants are all accepted (case, accents and punctuation do not matter).
 */
export const EFIDEM_EVENTS: ProviderEvent[] = [
	{
		value: 'delivered',
		name: 'Delivered',
		description: 'The email was delivered to the recipient\'s server ("Délivré")',
		wireForms: ['Délivré', 'Delivered', 'Delivery', 'Livré'],
	},
	{
		value: 'opened',
		name: 'Opened',
		description: 'The recipient opened the email ("Ouverture")',
		wireForms: ['Ouverture', 'Open', 'Opened', 'Ouvert'],
	},
	{
		value: 'cancelled',
		name: 'Cancelled',
		description: 'The sending of the email was cancelled ("Annulé")',
		wireForms: ['Annulé', 'Annulation', 'Cancelled', 'Canceled', 'Cancel'],
	},
	{
		value: 'clicked',
		name: 'Clicked',
		description: 'The recipient clicked a link in the email ("Clic")',
		wireForms: ['Clic', 'Click', 'Clicked', 'Cliqué'],
	},
	{
		value: 'markedAsSpam',
		name: 'Marked as Spam',
		description: 'The recipient reported the email as spam ("Déclaré comme SPAM")',
		wireForms: ['Déclaré comme SPAM', 'Spam', 'Marked as spam', 'Complaint', 'Plainte', 'Abuse'],
	},
	{
		value: 'test',
		name: 'Test',
		description: 'The test event SnapShoot sends from its webhook settings ("TEST")',
		wireForms: ['TEST'],
	},
];

/** The example SnapShoot shows for its TEST push (its documentation cuts it after Attention1). */
export const TEST_PAYLOAD = {
	ID: '00000000-0000-0000-0000-000000000000',
	Destination: 'test@efidem.com',
	Event: 'TEST',
	Info: 'Message de test WebHook Email SnapShoot',
	DateEvent: '2025-04-28T17:33:22.2725533+02:00',
	CustomerReference: '',
	BillingCode: '',
	Subject: 'Sujet du message',
	Attention1: 'Attention 1',
};

/** Whether deliveries must carry SnapShoot's X-Signature (the node's signing parameter). */
function signingOn(context: IHookFunctions | IWebhookFunctions): boolean {
	return nodeParameter(context, SIGNING_PARAMETER, SIGNING.signature) !== SIGNING.none;
}

/**
 * The credential test: SnapShoot has no API, so only the form of the keys can be checked; the
 * message says so, and how to check the key itself.
 */
export function checkSecretKeys(
	data: ICredentialDataDecryptedObject | undefined,
): INodeCredentialTestResult {
	const problem = signingSecretProblem(data?.secretKey);
	if (problem) return { status: 'Error', message: `The SecretKey cannot be used: ${problem}.` };
	const previous = data?.previousSecretKey;
	const previousProblem = previous ? signingSecretProblem(previous) : undefined;
	if (previousProblem) {
		return {
			status: 'Error',
			message: `The previous SecretKey cannot be used: ${previousProblem}.`,
		};
	}
	return {
		status: 'OK',
		message:
			'The SecretKey is well-formed. SnapShoot has no API to check it against: send its TEST event to the workflow to confirm the signature verifies.',
	};
}

export const efidemSnapShoot: Provider = {
	displayName: PROVIDER,
	credentialType: EFIDEM_CREDENTIAL,
	credentialSecretFields: ['secretKey'],
	credentialsInUse: signingOn,
	events: () => EFIDEM_EVENTS,

	// The URL is pasted in SnapShoot's dashboard: nothing to subscribe.
	subscriptionApi: () => undefined,

	async deliveryAuth(context) {
		if (!signingOn(context)) return { scheme: 'none' };
		const credentials = await deliveryCredentials(context, EFIDEM_CREDENTIAL);
		return hmacAuth(context, [
			credentials.secretKey as string | undefined,
			credentials.previousSecretKey as string | undefined,
		]);
	},

	deliveryShape: () => ({
		source: 'body',
		eventField: 'Event',
		// One JSON object per event is documented; an array is accepted in case SnapShoot batches.
		batch: true,
		// No delivery id: the message, its recipient and the date (to 100 ns) with the event name;
		// an event lacking the message ID or the date is known by all of its fields.
		identity: { fields: ['ID', 'Destination', 'DateEvent'], requires: ['ID', 'DateEvent'] },
	}),

	/**
	 * Only the TEST payload is documented: every chosen event gets a copy of it named as the
	 * dashboard names that event.
	 */
	async samples(_context, events): Promise<Sample[]> {
		return events.flatMap((value) => {
			const event = EFIDEM_EVENTS.find((candidate) => candidate.value === value);
			if (!event) return [];
			const wireName = event.wireForms?.[0] ?? event.name;
			return [{ event: value, body: { ...TEST_PAYLOAD, Event: wireName } }];
		});
	},
};
