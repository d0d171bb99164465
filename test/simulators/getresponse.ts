import { randomUUID } from 'crypto';

import type { IncomingRequest } from '../harness/trigger';
import { LoopbackServer, type Reply } from './http';
import type { OAuth2Simulator } from './oauth2';

export const GETRESPONSE_KEY = 'gr-api-key-0123456789abcdef';

export interface CallbackConfiguration {
	url: string;
	actions: Record<string, boolean>;
}

/** GetResponse's error body (apidocs.getresponse.com/v3/errors): httpStatus, code, message... */
function error(httpStatus: number, code: number, message: string): Reply {
	return {
		status: httpStatus,
		body: {
			httpStatus,
			code,
			codeDescription: message,
			message,
			moreInfo: `https://apidocs.getresponse.com/v3/errors/${code}`,
			context: [],
			uuid: randomUUID(),
		},
	};
}

/**
 * GetResponse's API v3 on loopback, under /v3: X-Auth-Token (and X-Domain for MAX) checks,
 * GET /accounts, and the one-per-account legacy callback configuration at /accounts/callbacks.
 * It also builds the requests GetResponse sends: JSON webhooks and GET callbacks.
 */
export class GetResponseSimulator extends LoopbackServer {
	/** The account's callback configuration; undefined when callbacks are off. */
	callback: CallbackConfiguration | undefined;

	/** Set to require this X-Domain header, as a GetResponse MAX account does. */
	requiredDomain: string | undefined;

	/** An authorization server whose access tokens are accepted as `Authorization: Bearer` too. */
	oauth?: OAuth2Simulator;

	constructor() {
		super((request) => this.route(request));
	}

	/** Where the trigger's credentials point: the simulator's /v3. */
	get apiUrl(): string {
		return `${this.url}/v3`;
	}

	calls(method: string, path = '/v3/accounts/callbacks'): number {
		return this.log.filter((entry) => entry.method === method && entry.path === path).length;
	}

	private route(request: {
		method: string;
		path: string;
		headers: Record<string, string | string[] | undefined>;
		body: unknown;
	}): Reply {
		const byOAuth2 = this.oauth?.validAccessToken(request.headers.authorization) === true;
		if (request.headers['x-auth-token'] !== `api-key ${GETRESPONSE_KEY}` && !byOAuth2) {
			return error(401, 1014, 'Unable to authenticate request. Check credentials');
		}
		if (this.requiredDomain !== undefined && request.headers['x-domain'] !== this.requiredDomain) {
			return error(401, 1014, 'Unable to authenticate request. Check X-Domain header');
		}
		const route = `${request.method} ${request.path}`;
		switch (route) {
			case 'GET /v3/accounts':
				return {
					status: 200,
					body: {
						accountId: 'def456',
						email: 'owner@example.com',
						href: `${this.apiUrl}/accounts`,
					},
				};
			case 'GET /v3/accounts/callbacks':
				return this.callback
					? { status: 200, body: this.callback }
					: error(404, 1013, 'Callbacks are not enabled for this account');
			case 'POST /v3/accounts/callbacks': {
				const body = (request.body ?? {}) as Partial<CallbackConfiguration>;
				if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) {
					return error(400, 1000, 'url must be a valid http(s) URL');
				}
				if (typeof body.actions !== 'object' || body.actions === null) {
					return error(400, 1000, 'actions is required');
				}
				// One configuration per account: a POST replaces whatever was there.
				this.callback = { url: body.url, actions: { ...body.actions } };
				return { status: 200, body: this.callback };
			}
			case 'DELETE /v3/accounts/callbacks':
				if (!this.callback) return error(404, 1013, 'Callbacks are not enabled for this account');
				this.callback = undefined;
				return { status: 204 };
			default:
				return error(404, 1013, `No route ${route}`);
		}
	}

	/** Makes the callback GET for `action` to the registered URL, as GetResponse does. */
	async deliver(
		action: string,
		parameters: Record<string, string> = {},
	): Promise<Array<{ url: string; status: number; body: string }>> {
		if (!this.callback?.actions[action]) return [];
		return [await callUrl(this.callback.url, { action, ...parameters })];
	}

	/**
	 * The GET GetResponse makes for a callback: the registered URL's own query (the trigger's
	 * secret) plus the action's parameters (apidocs.getresponse.com/article/callbacks).
	 */
	callbackRequest(action: string, parameters: Record<string, string> = {}): IncomingRequest {
		if (!this.callback) throw new Error('no callback is registered');
		if (!this.callback.actions[action]) throw new Error(`callbacks for "${action}" are off`);
		const url = new URL(this.callback.url);
		return {
			method: 'GET',
			query: { ...Object.fromEntries(url.searchParams), action, ...parameters },
		};
	}
}

/** A callback GET to `url` with the action's parameters added to the URL's own query. */
export async function callUrl(
	url: string,
	parameters: Record<string, string>,
): Promise<{ url: string; status: number; body: string }> {
	const target = new URL(url);
	for (const [name, value] of Object.entries(parameters)) target.searchParams.set(name, value);
	const response = await fetch(target, { method: 'GET' });
	return { url, status: response.status, body: await response.text() };
}

/**
 * The POST GetResponse makes for a webhook (apidocs.getresponse.com/v3/payloads): JSON body (one
 * event, or an array when batching is on), X-Webhook-Type/-ID and X-Request-ID headers; the query
 * is the one the user put in the pasted URL.
 */
export function webhookRequest(
	body: unknown,
	{ secret, webhookId = randomUUID() }: { secret?: string; webhookId?: string } = {},
): IncomingRequest {
	const first = (Array.isArray(body) ? body[0] : body) as { type?: string } | undefined;
	return {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-webhook-type': first?.type ?? '',
			'x-webhook-id': webhookId,
			'x-request-id': randomUUID(),
		},
		query: secret === undefined ? {} : { secret },
		body,
	};
}
