import { randomBytes, randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { efidemTrigger, EFIDEM_PREVIOUS_SECRET, EFIDEM_SECRET } from '../harness/efidem';
import {
	getResponseCallbacksTrigger,
	getResponseWebhooksTrigger,
	URL_SECRET,
} from '../harness/getresponse';
import { hooksApiParameters, HOOKS_HEADER_CREDENTIAL, restHookTrigger } from '../harness/resthook';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { signBody } from '../harness/signing';
import { queryOf, type IncomingRequest, type TriggerHarness } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import { GetResponseSimulator } from '../simulators/getresponse';
import type { LoopbackServer } from '../simulators/http';
import { RestHookApiSimulator } from '../simulators/resthook';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';

/**
 * Every trigger of the package, seen from a sender: how a delivery is authenticated, what a
 * well-formed event looks like, and which events an accepted body holds. The hostile corpus and
 * the fuzz properties run the same table against each of these.
 */

/** What a tampering case does to the request's credential: a value, several, or none at all. */
export type Credential = string | string[] | undefined;

export interface ReadySubject {
	trigger: TriggerHarness;
	/** Every secret of this trigger: none may ever show in an answer or an item. */
	secrets: string[];
	/**
	 * The authenticated request carrying `body` (raw bytes as given), its credential replaced by
	 * `tamper(rightCredential)` when a case tampers with it.
	 */
	request(body: string | Buffer, tamper?: (credential: string) => Credential): IncomingRequest;
	/** The request carrying `body` signed for `signedBody` (or with the URL secret `secret`). */
	requestWith(
		body: string | Buffer,
		options: { signedBody?: string; secret?: string },
	): IncomingRequest;
	/** A query-string delivery (GET callbacks) carrying these parameters, authenticated. */
	queryRequest?(
		parameters: IDataObject,
		tamper?: (credential: string) => Credential,
	): IncomingRequest;
	stop(): Promise<void>;
}

export interface Subject {
	name: string;
	/** `urlSecret`: a secret query parameter; `hmac`: a signature of the body in a header. */
	auth: 'urlSecret' | 'hmac';
	/** Where events come from: the JSON body, or the query string of a GET. */
	source: 'body' | 'query';
	/** Whether a JSON array of events is a valid delivery. */
	batch: boolean;
	/** Status of an accepted delivery, and the body GetResponse-style senders require. */
	acceptedStatus: number;
	/** The secret of another workflow of the same kind, that must not open this one. */
	otherSecret: string;
	/** One event of a selected kind, as the provider sends it: one item. */
	event(fields?: IDataObject): IDataObject;
	/** Wraps records as a delivery body would carry them (one, or a batch when allowed). */
	wrap(records: IDataObject[]): unknown;
	/**
	 * Fields the core or the provider add to an item (`event`, `receivedAt`, enrichments) or read
	 * the event's name from: generated records leave them out, and items are compared without them.
	 */
	reservedFields: string[];
	start(): Promise<ReadySubject>;
}

/** A URL-secret trigger's request: the secret in `?secret=`, doubled as n8n's query parser does. */
function urlSecretRequest(
	secret: string,
	extraQuery: IDataObject,
	headers: Record<string, string> = {},
) {
	return (body: string | Buffer, tamper?: (credential: string) => Credential): IncomingRequest => {
		const credential = tamper ? tamper(secret) : secret;
		const query: IDataObject = { ...extraQuery };
		if (credential !== undefined) query.secret = credential;
		return {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			query,
			body,
		};
	};
}

function hmacRequest(secret: string, header = 'x-signature') {
	return (
		body: string | Buffer,
		tamper?: (credential: string) => Credential,
		signedBody: string | Buffer = body,
		signingSecret = secret,
	): IncomingRequest => {
		const signature = signBody(signedBody, signingSecret);
		const credential = tamper ? tamper(signature) : signature;
		const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
		if (credential !== undefined) headers[header] = credential;
		return { method: 'POST', headers, body };
	};
}

/** A random secret of the form the core generates (base64url of 24 bytes). */
export function anotherSecret(): string {
	return randomBytes(24).toString('base64url');
}

async function stopAll(...servers: LoopbackServer[]): Promise<void> {
	await Promise.all(servers.map(async (server) => await server.stop()));
}

/** The secret and the other parameters of a hook URL the trigger subscribed at the provider. */
function subscribedHook(url: string | undefined): { secret: string; query: IDataObject } {
	if (url === undefined) throw new Error('publishing subscribed nothing');
	const { secret, ...query } = queryOf(url);
	if (typeof secret !== 'string') throw new Error('the subscribed URL carries no secret');
	return { secret, query };
}

const OTHER_WORKFLOW_SECRET = anotherSecret();

export const weavy: Subject = {
	name: 'Divalto weavy',
	auth: 'urlSecret',
	source: 'body',
	batch: false,
	acceptedStatus: 200,
	otherSecret: OTHER_WORKFLOW_SECRET,
	event: (fields = {}) => ({ result: { codecustomer: 'CUS000042', name: 'Martin', ...fields } }),
	// weavy's envelope: one record in "result", or several in a "result" array.
	wrap: (records) => ({ result: records.length === 1 ? records[0] : records }),
	reservedFields: ['event', 'receivedAt', 'deliveryId'],
	async start() {
		const simulator = await new WeavySimulator().start();
		const trigger = weavyTrigger(simulator, { events: ['NewCustomer'] });
		await trigger.publish();
		const { secret, query } = subscribedHook([...simulator.subscriptions.values()][0]?.hookUrl);
		return {
			trigger,
			secrets: [secret],
			request: urlSecretRequest(secret, query),
			requestWith: (body, { secret: other }) => urlSecretRequest(other ?? secret, query)(body),
			stop: async () => await stopAll(simulator),
		};
	},
};

const sarbacaneEvent = (fields: IDataObject = {}) => ({
	email: 'user@email.com',
	campaignId: 'vdsioBFBFDS15dsBSGSD',
	date: '2016-08-11 T 12:25:18.889Z',
	type: 'open',
	...fields,
});

export const sarbacaneApi: Subject = {
	name: 'Sarbacane (API webhook)',
	auth: 'urlSecret',
	source: 'body',
	batch: true,
	acceptedStatus: 200,
	otherSecret: OTHER_WORKFLOW_SECRET,
	event: sarbacaneEvent,
	wrap: (records) => records.map((record) => ({ ...record, type: 'open' })),
	reservedFields: ['event', 'receivedAt', 'deliveryId', 'dateIso', 'type', 'kind'],
	async start() {
		const simulator = await new SarbacaneSimulator().start();
		const trigger = sarbacaneTrigger(simulator, { source: 'api', events: ['OPEN'] });
		await trigger.publish();
		const { secret, query } = subscribedHook([...simulator.webhooks.values()][0]?.url);
		return {
			trigger,
			secrets: [secret],
			request: urlSecretRequest(secret, query),
			requestWith: (body, { secret: other }) => urlSecretRequest(other ?? secret, query)(body),
			stop: async () => await stopAll(simulator),
		};
	},
};

export const SARBACANE_PASTED_SECRET = 'pasted-sarbacane-secret-Zq81';

export const sarbacaneManual: Subject = {
	...sarbacaneApi,
	name: 'Sarbacane (Webhook extension, pasted URL)',
	otherSecret: 'pasted-sarbacane-secret-of-another-workflow',
	async start() {
		const simulator = await new SarbacaneSimulator().start();
		const trigger = sarbacaneTrigger(simulator, {
			source: 'manual',
			urlSecret: SARBACANE_PASTED_SECRET,
			events: ['OPEN'],
		});
		const secret = SARBACANE_PASTED_SECRET;
		return {
			trigger,
			secrets: [secret],
			request: urlSecretRequest(secret, {}),
			requestWith: (body, { secret: other }) => urlSecretRequest(other ?? secret, {})(body),
			stop: async () => await stopAll(simulator),
		};
	},
};

const OPENED = {
	type: 'contact_opened_message',
	contact: { contactId: 'abc123', email: 'example@example.com' },
	account: { accountId: 'def456' },
};

/** GetResponse sends an X-Webhook-ID per delivery, kept across its retries: a new one each time. */
function withWebhookId(request: IncomingRequest): IncomingRequest {
	return {
		...request,
		headers: {
			...request.headers,
			'x-webhook-id': randomUUID(),
			'x-webhook-type': 'contact_opened_message',
		},
	};
}

export const getResponseWebhooks: Subject = {
	name: 'GetResponse (webhooks, pasted URL)',
	auth: 'urlSecret',
	source: 'body',
	batch: true,
	acceptedStatus: 200,
	otherSecret: 'getresponse-secret-of-another-workflow',
	event: (fields = {}) => ({ ...OPENED, ...fields }),
	wrap: (records) => records.map((record) => ({ ...record, type: 'contact_opened_message' })),
	reservedFields: ['event', 'receivedAt', 'deliveryId', 'occurredAt', 'type'],
	async start() {
		const trigger = getResponseWebhooksTrigger({ events: ['contact_opened_message'] });
		const request = urlSecretRequest(URL_SECRET, {});
		return {
			trigger,
			secrets: [URL_SECRET],
			request: (body, tamper) => withWebhookId(request(body, tamper)),
			requestWith: (body, { secret }) =>
				withWebhookId(urlSecretRequest(secret ?? URL_SECRET, {})(body)),
			stop: async () => {},
		};
	},
};

export const getResponseCallbacks: Subject = {
	name: 'GetResponse (legacy callbacks, GET)',
	auth: 'urlSecret',
	source: 'query',
	batch: false,
	acceptedStatus: 200,
	otherSecret: OTHER_WORKFLOW_SECRET,
	event: (fields = {}) => ({
		action: 'open',
		CONTACT_ID: 'C1',
		contact_email: 'a@example.com',
		...fields,
	}),
	wrap: (records) => ({ ...records[0], action: 'open' }),
	reservedFields: ['event', 'receivedAt', 'deliveryId', 'action', 'secret'],
	async start() {
		const simulator = await new GetResponseSimulator().start();
		const trigger = getResponseCallbacksTrigger(simulator, { events: ['open', 'click'] });
		await trigger.publish();
		const hook = subscribedHook(simulator.callback?.url);
		const secret = hook.secret;
		const queryRequest = (parameters: IDataObject, tamper?: (credential: string) => Credential) => {
			const credential = tamper ? tamper(secret) : secret;
			const query: IDataObject = { ...hook.query, ...parameters };
			if (credential !== undefined) query.secret = credential;
			return { method: 'GET', query };
		};
		return {
			trigger,
			secrets: [secret],
			// A callback is a GET: n8n hands webhook() no body, the query is the delivery.
			request: (_body, tamper) => queryRequest(getResponseCallbacks.event(), tamper),
			requestWith: (_body, { secret: other }) => ({
				method: 'GET',
				query: { ...hook.query, ...getResponseCallbacks.event(), secret: other ?? secret },
			}),
			queryRequest,
			stop: async () => await stopAll(simulator),
		};
	},
};

export const efidem: Subject = {
	name: 'Efidem SnapShoot',
	auth: 'hmac',
	source: 'body',
	batch: true,
	acceptedStatus: 200,
	otherSecret: 'sk_live_secret_of_another_workflow_0000000',
	event: (fields = {}) => ({ ID: 'e-1', Destination: 'a@example.com', Event: 'Clic', ...fields }),
	wrap: (records) => records.map((record) => ({ ...record, Event: 'Clic' })),
	reservedFields: ['event', 'receivedAt', 'deliveryId', 'Event'],
	async start() {
		const trigger = efidemTrigger(
			{ events: ['clicked'] },
			{ secretKey: EFIDEM_SECRET, previousSecretKey: EFIDEM_PREVIOUS_SECRET },
		);
		const sign = hmacRequest(EFIDEM_SECRET);
		return {
			trigger,
			secrets: [EFIDEM_SECRET, EFIDEM_PREVIOUS_SECRET],
			request: (body, tamper) => sign(body, tamper),
			requestWith: (body, { signedBody, secret }) => sign(body, undefined, signedBody, secret),
			stop: async () => {},
		};
	},
};

export const restHookUrlSecret: Subject = {
	name: 'REST Hook (API subscription, URL secret)',
	auth: 'urlSecret',
	source: 'body',
	batch: false,
	acceptedStatus: 200,
	otherSecret: OTHER_WORKFLOW_SECRET,
	event: (fields = {}) => ({ type: 'contact.created', data: { id: 'c_1' }, ...fields }),
	wrap: (records) => ({ ...records[0], type: 'contact.created' }),
	reservedFields: ['event', 'receivedAt', 'deliveryId', 'type'],
	async start() {
		const simulator = await new RestHookApiSimulator().start();
		const trigger = restHookTrigger(hooksApiParameters(simulator), HOOKS_HEADER_CREDENTIAL);
		await trigger.publish();
		const { secret, query } = subscribedHook(
			[...simulator.subscriptions.values()].find((hook) => hook.events.includes('contact.created'))
				?.target_url,
		);
		return {
			trigger,
			secrets: [secret],
			request: urlSecretRequest(secret, query),
			requestWith: (body, { secret: other }) => urlSecretRequest(other ?? secret, query)(body),
			stop: async () => await stopAll(simulator),
		};
	},
};

const RESTHOOK_SIGNING_SECRET = 'rest-hook-signing-secret-8c1f0e';

export const restHookHmac: Subject = {
	...restHookUrlSecret,
	name: 'REST Hook (HMAC signature)',
	auth: 'hmac',
	otherSecret: 'rest-hook-signing-secret-of-another-workflow',
	async start() {
		const trigger = restHookTrigger(
			{ customEvents: 'contact.created, deal.won', incomingAuthentication: 'hmac' },
			{ apiAuthentication: 'none', signingSecret: RESTHOOK_SIGNING_SECRET },
		);
		const sign = hmacRequest(RESTHOOK_SIGNING_SECRET);
		return {
			trigger,
			secrets: [RESTHOOK_SIGNING_SECRET],
			request: (body, tamper) => sign(body, tamper),
			requestWith: (body, { signedBody, secret }) => sign(body, undefined, signedBody, secret),
			stop: async () => {},
		};
	},
};

export const SUBJECTS: Subject[] = [
	weavy,
	sarbacaneApi,
	sarbacaneManual,
	getResponseWebhooks,
	getResponseCallbacks,
	efidem,
	restHookUrlSecret,
	restHookHmac,
];
