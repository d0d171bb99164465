import { LoopbackServer, type Reply } from './http';

export const SARBACANE_ACCOUNT = { accountId: 'acc-5f3e', apiKey: 'key-correct-horse-battery' };

export const SARBACANE_KINDS = [
	'FORM_SUBMIT',
	'HARD_BOUNCE',
	'SOFT_BOUNCE',
	'SUCCESSFUL',
	'CAPTCHA',
	'COMPLAINT',
	'OPEN',
	'HIT',
	'UNSUBSCRIBE',
];

/** The legacy `type` of a delivery -> the API kind a webhook subscribes to. */
const KIND_OF_TYPE: Record<string, string> = {
	delivered: 'SUCCESSFUL',
	open: 'OPEN',
	click: 'HIT',
	soft_bounce: 'SOFT_BOUNCE',
	hard_bounce: 'HARD_BOUNCE',
};

export interface SarbacaneWebhook {
	id: string;
	accountId: string;
	displayName: string;
	url: string;
	kinds: string[];
	creationDate: string;
}

type Request = Parameters<ConstructorParameters<typeof LoopbackServer>[0]>[0];

/**
 * Sarbacane's API on loopback (base URL `<url>/v1`): `accountId`/`apiKey` headers checked on
 * every call (401 otherwise), GET /info, POST/GET/DELETE /webhooks with the webhooks it stores,
 * faults from LoopbackServer, and deliver() that POSTs events to the registered URLs.
 */
export class SarbacaneSimulator extends LoopbackServer {
	readonly webhooks = new Map<string, SarbacaneWebhook>();

	private counter = 0;

	/** The next POST /webhooks saves the webhook, then answers this status: a lost answer. */
	private failAfterCreate?: number;

	constructor() {
		super((request) => this.route(request));
	}

	/** The base URL users put in the credentials. */
	get baseUrl(): string {
		return `${this.url}/v1`;
	}

	saveNextWebhookThenFail(status = 500): void {
		this.failAfterCreate = status;
	}

	calls(method: string, path: string): number {
		return this.log.filter((entry) => entry.method === method && entry.path === `/v1${path}`)
			.length;
	}

	/**
	 * Posts one event to every webhook subscribed to its kind, as Sarbacane does. A legacy type
	 * (`open`, `click`...) reaches the webhooks of its kind; the body is sent as given.
	 */
	async deliver(
		kindOrType: string,
		payload: unknown,
	): Promise<Array<{ url: string; status: number; body: unknown }>> {
		const kind = KIND_OF_TYPE[kindOrType] ?? kindOrType;
		const targets = [...this.webhooks.values()].filter((webhook) => webhook.kinds.includes(kind));
		return await Promise.all(
			targets.map(async ({ url }) => {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: typeof payload === 'string' ? payload : JSON.stringify(payload),
				});
				const text = await response.text();
				let body: unknown = text;
				try {
					body = JSON.parse(text);
				} catch {
					// Not JSON: kept as text.
				}
				return { url, status: response.status, body };
			}),
		);
	}

	private route(request: Request): Reply {
		const path = request.path.replace(/\/+$/, '');
		if (!path.startsWith('/v1/')) return { status: 404, body: { message: 'Not found' } };
		if (
			request.headers.accountid !== SARBACANE_ACCOUNT.accountId ||
			request.headers.apikey !== SARBACANE_ACCOUNT.apiKey
		) {
			return { status: 401, body: { message: 'Invalid accountId or apiKey' } };
		}
		const route = `${request.method} ${path.slice(3)}`;
		if (route === 'GET /info') {
			return {
				status: 200,
				body: { accountId: SARBACANE_ACCOUNT.accountId, name: 'Boulangerie Martin' },
			};
		}
		if (route === 'GET /webhooks') return { status: 200, body: [...this.webhooks.values()] };
		if (route === 'POST /webhooks') return this.create(request.body);
		const one = /^(GET|DELETE) \/webhooks\/([^/]+)$/.exec(route);
		if (one) {
			const id = decodeURIComponent(one[2]);
			const webhook = this.webhooks.get(id);
			if (!webhook) return { status: 404, body: { message: `Webhook ${id} not found` } };
			if (one[1] === 'DELETE') this.webhooks.delete(id);
			return {
				status: one[1] === 'DELETE' ? 204 : 200,
				body: one[1] === 'DELETE' ? undefined : webhook,
			};
		}
		return { status: 404, body: { message: `No route ${route}` } };
	}

	private create(raw: unknown): Reply {
		const body = (raw ?? {}) as Record<string, unknown>;
		const kinds = body.kinds;
		if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) {
			return { status: 400, body: { message: 'url must be an http(s) URL' } };
		}
		if (
			!Array.isArray(kinds) ||
			kinds.length === 0 ||
			!kinds.every((kind) => SARBACANE_KINDS.includes(String(kind)))
		) {
			return {
				status: 400,
				body: { message: `kinds must be a non-empty list of ${SARBACANE_KINDS.join(', ')}` },
			};
		}
		const webhook: SarbacaneWebhook = {
			id: `wh_${String(++this.counter).padStart(6, '0')}`,
			accountId: SARBACANE_ACCOUNT.accountId,
			displayName: typeof body.displayName === 'string' ? body.displayName : '',
			url: body.url,
			kinds: kinds.map(String),
			creationDate: new Date().toISOString(),
		};
		this.webhooks.set(webhook.id, webhook);
		if (this.failAfterCreate !== undefined) {
			const status = this.failAfterCreate;
			this.failAfterCreate = undefined;
			return { status, body: { message: 'Internal server error' } };
		}
		return { status: 200, body: webhook };
	}
}
