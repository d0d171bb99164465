import { LoopbackServer, type Reply } from './http';
import type { OAuth2Simulator } from './oauth2';

export interface HookSubscription {
	id: number;
	target_url: string;
	events: string[];
}

/** The API key the simulator expects in X-API-Key (header auth), or as ?api_key= (query auth). */
export const HOOKS_API_KEY = 'key-4b1d9c0e7a';
export const HOOKS_BASIC = { user: 'hooks', password: 'p4ss w0rd' };
export const HOOKS_BEARER = 'tok-7e2a91';

/** Example deliveries the sample endpoint returns, as a delivery of each event would carry them. */
export const HOOK_SAMPLES: Record<string, unknown[]> = {
	'contact.created': [
		{ type: 'contact.created', data: { id: 'c_1', email: 'ada@example.com' } },
		{ type: 'contact.created', data: { id: 'c_2', email: 'grace@example.com' } },
	],
	'deal.won': [{ type: 'deal.won', data: { id: 'd_9', amount: 1200 } }],
};

/**
 * A Zapier-style REST-hook API on loopback: POST /hooks {target_url, event | events} answers
 * {"id": <number>}, DELETE /hooks/:id, GET /hooks lists {"data": [...]}, GET /hooks/sample?event=
 * returns example deliveries. Every call must be authenticated the way `auth` says.
 */
export class RestHookApiSimulator extends LoopbackServer {
	readonly subscriptions = new Map<number, HookSubscription>();

	auth: 'header' | 'bearer' | 'basic' | 'query' | 'oauth2' | 'none' = 'header';

	/** With `auth = 'oauth2'`: the authorization server whose access tokens this API accepts. */
	oauth?: OAuth2Simulator;

	private counter = 100;

	constructor() {
		super((request) => this.route(request));
	}

	private authenticated(request: {
		query: Record<string, string>;
		headers: Record<string, string | string[] | undefined>;
	}): boolean {
		const basic = `Basic ${Buffer.from(`${HOOKS_BASIC.user}:${HOOKS_BASIC.password}`).toString('base64')}`;
		switch (this.auth) {
			case 'header':
				return request.headers['x-api-key'] === HOOKS_API_KEY;
			case 'bearer':
				return request.headers.authorization === `Bearer ${HOOKS_BEARER}`;
			case 'basic':
				return request.headers.authorization === basic;
			case 'query':
				return request.query.api_key === HOOKS_API_KEY;
			case 'oauth2':
				return this.oauth?.validAccessToken(request.headers.authorization) === true;
			default:
				return true;
		}
	}

	/** Posts `body` to every target subscribed to `event`, as the API does. */
	async deliver(
		event: string,
		body: unknown,
		headers: Record<string, string> = {},
	): Promise<Array<{ url: string; status: number; body: string }>> {
		const targets = [...this.subscriptions.values()].filter((sub) => sub.events.includes(event));
		return await Promise.all(
			targets.map(async ({ target_url }) => {
				const response = await fetch(target_url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...headers },
					body: JSON.stringify(body),
				});
				return { url: target_url, status: response.status, body: await response.text() };
			}),
		);
	}

	private route(request: {
		method: string;
		path: string;
		query: Record<string, string>;
		headers: Record<string, string | string[] | undefined>;
		body: unknown;
	}): Reply {
		if (!this.authenticated(request)) return { status: 401, body: { error: 'Invalid API key' } };
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (request.method === 'POST' && request.path === '/hooks') {
			const events = Array.isArray(body.events)
				? (body.events as string[])
				: typeof body.event === 'string'
					? [body.event]
					: [];
			if (typeof body.target_url !== 'string' || events.length === 0) {
				return { status: 422, body: { error: 'target_url and event are required' } };
			}
			const id = ++this.counter;
			this.subscriptions.set(id, { id, target_url: body.target_url, events });
			return { status: 201, body: { id, target_url: body.target_url, events } };
		}
		if (request.method === 'GET' && request.path === '/hooks') {
			return { status: 200, body: { data: [...this.subscriptions.values()] } };
		}
		if (request.method === 'GET' && request.path === '/hooks/sample') {
			return { status: 200, body: HOOK_SAMPLES[request.query.event] ?? [] };
		}
		const one = /^\/hooks\/(\d+)$/.exec(request.path);
		if (request.method === 'DELETE' && one) {
			if (!this.subscriptions.delete(Number(one[1]))) {
				return { status: 404, body: { error: `Hook ${one[1]} not found` } };
			}
			return { status: 204 };
		}
		return { status: 404, body: { error: 'No route' } };
	}
}
