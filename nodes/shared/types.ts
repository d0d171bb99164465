import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/** A request to the trigger's webhook as webhook() reads it: headers lower-cased, as n8n gives them. */
export interface IncomingDelivery {
	headers: Record<string, string | string[] | undefined>;
	query: IDataObject;
	/** The body as received (after gzip/deflate decoding); empty for a GET. */
	rawBody: Buffer;
}

/** One event a user can pick in the trigger's dropdown. */
export interface ProviderEvent {
	/** The value the provider's API expects when subscribing, and the `event` field of each item. */
	value: string;
	name: string;
	description: string;
	/** Other names the same event arrives as on the wire (legacy codes, localized labels). */
	wireForms?: string[];
}

/** A subscription the trigger made and must remove on unpublish. */
export interface Subscription {
	id: string;
	events: string[];
	/**
	 * The token of the subscribe attempt that made it, in its hook URL; absent for subscriptions
	 * made by versions of this package that had none.
	 */
	token?: string;
}

/** A subscription as the provider's list endpoint reports it. */
export interface ListedSubscription {
	id: string;
	url?: string;
	events?: string[];
}

export interface SubscribeRequest {
	/** One event when the provider subscribes per event, all chosen events otherwise. */
	events: string[];
	/** The URL the provider must call, secret included. */
	url: string;
}

/** How the trigger manages subscriptions through the provider's API. */
export interface SubscriptionApi {
	/** `perEvent`: one subscription per chosen event; `allEvents`: one carrying them all. */
	scope: 'perEvent' | 'allEvents';
	subscribe(context: IHookFunctions, request: SubscribeRequest): Promise<string>;
	/** Resolves when the subscription is gone; throws a not-found error when it already was. */
	unsubscribe(context: IHookFunctions, id: string): Promise<void>;
	/**
	 * Words of the provider's own language meaning "not found", for a 4xx answer to unsubscribe
	 * that says so without a 404 (English ones are known to the core).
	 */
	notFoundWords?: RegExp;
	/**
	 * Where the provider's API is (its base URL, as the credential or the node says): a provider
	 * on this machine may call a webhook URL on loopback, any other cannot (reachability.ts).
	 */
	address?(context: IHookFunctions): Promise<string>;
	/** Lets checkExists ask the provider rather than trust static data alone. */
	list?(context: IHookFunctions): Promise<ListedSubscription[]>;
	/**
	 * Right after subscribing, remove every listed subscription pointing at this node's webhook
	 * URL that the trigger did not just make (a subscribe whose answer was lost after the provider
	 * saved it: a timeout, a 5xx). Needs list() with URLs.
	 */
	sweepOrphans?: boolean;
	/**
	 * Runs before subscribing, after the trigger removed its own leftovers: a provider that allows
	 * one hook per account checks for somebody else's here.
	 */
	beforeSubscribe?(context: IHookFunctions, hookUrl: string): Promise<void>;
}

/** How a delivery proves it comes from the provider. */
export type DeliveryAuth =
	| { scheme: 'none' }
	/** The secret create() put in the hook URLs it subscribed (`?secret=`). */
	| { scheme: 'hookUrlSecret' }
	/** The URL Secret the user appended to the URL they pasted (pastedUrlProperties()). */
	| { scheme: 'pastedUrlSecret' }
	/**
	 * An HMAC of the raw body in a header; `fromOptions` when the settings come from the node's
	 * signature options (hmacAuth()), not a fixed preset.
	 */
	| ({ scheme: 'hmac'; header: string; fromOptions?: boolean } & HmacCheck)
	/** Standard Webhooks: webhook-id, webhook-timestamp and `v1,<base64>` webhook-signature. */
	| ({ scheme: 'standardWebhooks' } & TimestampCheck)
	/** Stripe-style `t=<timestamp>,v1=<hex>` in a header (Stripe-Signature unless told). */
	| ({ scheme: 'stripe'; header?: string } & TimestampCheck);

/**
 * A setting of the node as its description shows it: a parameter's display name, and one of its
 * options where a hint means that choice.
 */
export interface SettingLabel {
	parameter: string;
	option?: string;
}

/**
 * The provider's own settings that a refusal's hint may name (the core names only its own:
 * Options, the signature options, URL Secret). Each must exist in the node's description
 * (test/shared/diagnosis.labels.test.ts); a hint without its label says less, never something
 * false.
 */
export interface SettingLabels {
	/** Where the user chooses how deliveries are authenticated. */
	scheme?: SettingLabel;
	/** The choice of that setting whose signature is set in Options (signatureOptions()). */
	configurableHmac?: SettingLabel;
	/** How far a signed timestamp may be from the server's clock. */
	tolerance?: SettingLabel;
	/** The header of Stripe-style signatures. */
	stripeHeader?: SettingLabel;
}

/** How a delivery's body becomes events. */
export interface DeliveryShape {
	/** Where the events are: the JSON body (POST) or the query string (GET callbacks). */
	source: 'body' | 'query';
	/** The body may be a JSON array of events (batching). */
	batch?: boolean;
	/**
	 * Field of each event that names it, e.g. `type`; a dotted path reaches into objects. A list
	 * names fields to try in order (the first holding a string wins), for providers whose payloads
	 * name the event differently across versions.
	 */
	eventField?: string | string[];
	/**
	 * Deliveries do not say which event they are for: each subscription's hook URL carries it
	 * (`?event=`, one subscription per event), and a delivery's event is read from there.
	 */
	eventInUrl?: boolean;
	/** Unwrap each event from this field (e.g. weavy's `result`); kept as is when absent. */
	unwrap?: string;
	/**
	 * How a retry of a delivery is told from a new one (deliveryKey.ts); absent: by the whole of
	 * its events.
	 */
	identity?: DeliveryIdentity;
	/**
	 * What to answer an accepted delivery, run or not, for senders that retry unless they get a
	 * given status or body (e.g. GetResponse's `{"status":"OK"}`); n8n's 200 and
	 * `{"message":"Workflow was started"}` when absent.
	 */
	answer?: { status?: number; body?: IDataObject };
	/** Adds fields derived from the payload to each item, e.g. a parsed timestamp. */
	enrich?(payload: IDataObject): IDataObject;
}

/**
 * What makes a delivery the same one when the provider sends it again: its key, remembered for the
 * window the user sets (Options > Remember Deliveries For) and carried by every item as
 * `deliveryId`.
 */
export interface DeliveryIdentity {
	/** Header carrying an id that stays the same across retries of one delivery: the key when sent. */
	header?: string;
	/**
	 * Without that header: the fields of an event (dotted paths) that together tell it from every
	 * other event, read after unwrapping; the event's name is always part of the key. Absent: the
	 * whole event.
	 */
	fields?: string[];
	/** Fields without which `fields` cannot tell events apart: an event lacking one is keyed whole. */
	requires?: string[];
	/** The provider never sends a delivery twice: every delivery gets a key of its own. */
	neverRetried?: boolean;
}

/** A sample the editor shows when the user listens for a test event. */
export interface Sample {
	event: string;
	/** The body exactly as a delivery of this event would carry it. */
	body: unknown;
}

/**
 * Everything that differs between providers. The core in nodes/shared/ builds the trigger's
 * lifecycle, authentication, event filtering and samples from it.
 */
export interface Provider {
	/** Used in messages: "Divalto weavy refused to subscribe …". */
	displayName: string;
	/**
	 * The credential type, or how the node's settings choose one where it offers several (an API
	 * key or OAuth2, say).
	 */
	credentialType: string | ((context: IHookFunctions | IWebhookFunctions) => string);
	/** Credential fields that only the user knows; they key the editor's sample token. */
	credentialSecretFields: string[];
	/**
	 * False when the node runs without its credential (a trigger usable without one, whose
	 * deliveries are then not authenticated either); absent means the credential is always set.
	 */
	credentialsInUse?(context: IHookFunctions | IWebhookFunctions): boolean;
	/** The events offered with the node's current settings (a provider may have several sources). */
	events(context: IHookFunctions | IWebhookFunctions): ProviderEvent[];
	/**
	 * True when the credential has no session yet, so its first request logs in: subscribing
	 * several events at once would log in once per event. The core then makes one call first.
	 */
	loginPending?(context: IHookFunctions): Promise<boolean>;
	/** The subscription API in use; undefined when the user pastes the URL in the provider's UI. */
	subscriptionApi(context: IHookFunctions): SubscriptionApi | undefined;
	/** The node's settings that refusal hints may name (see SettingLabels). */
	settingLabels?: SettingLabels;
	/** How this delivery must be authenticated. May be async, for secrets kept in the credentials. */
	deliveryAuth(context: IWebhookFunctions): DeliveryAuth | Promise<DeliveryAuth>;
	deliveryShape(context: IHookFunctions | IWebhookFunctions): DeliveryShape;
	/** Sample bodies for the chosen events, shown in the editor while listening for a test event. */
	samples(context: IHookFunctions, events: string[]): Promise<Sample[]>;
}

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64' | 'auto';

export interface HmacCheck {
	algorithm: HmacAlgorithm;
	/** 'auto' accepts hex or base64, whichever the sender used. */
	encoding: SignatureEncoding;
	/** Text before the signature itself, e.g. `sha256=`; compared case-insensitively. */
	prefix?: string;
	/** Current secret first; a previous one keeps deliveries flowing while the sender rotates. */
	secrets: string[];
}

export interface TimestampCheck {
	/** Current secret first; a previous one keeps deliveries flowing while the sender rotates. */
	secrets: string[];
	/** How far the signed timestamp may be from now, either way; DEFAULT_TOLERANCE_SECONDS unless told. */
	toleranceSeconds?: number;
	/** Now, in seconds since the epoch; the clock unless told (tests). */
	nowSeconds?: number;
}
