import { randomBytes } from 'crypto';
import { LoopbackServer, type Reply } from './http';

export const OAUTH_CLIENT = { id: 'hooks-client-7f3a', secret: 'hooks-client-secret-9b2e41' };

interface Grant {
	scope: string;
	/** Which client authentication the token call used: `header` (Basic) or `body`. */
	clientAuth: 'header' | 'body';
}

interface IssuedToken extends Grant {
	expiresAt: number;
}

/**
 * An OAuth2 authorization server on loopback: a consent page at /oauth/authorize (or, with
 * `autoConsent`, an immediate redirect), /oauth/token for the authorization_code,
 * client_credentials and refresh_token grants, and /oauth/revoke. Access tokens expire after
 * `tokenLifetimeSeconds` (or at once with `expireAccessTokens()`); refresh tokens until revoked.
 * An API behind it (RestHookApiSimulator, GetResponseSimulator) asks `validAccessToken()`.
 */
export class OAuth2Simulator extends LoopbackServer {
	tokenLifetimeSeconds = 3600;

	/** Skip the consent page: /oauth/authorize redirects back with a code at once. */
	autoConsent = false;

	readonly accessTokens = new Map<string, IssuedToken>();

	readonly refreshTokens = new Map<string, Grant>();

	private readonly codes = new Map<string, { redirectUri: string; scope: string }>();

	/** Every token call, in order: the grant type, scope and how the client authenticated. */
	readonly tokenCalls: Array<{ grantType: string; scope?: string; clientAuth: string }> = [];

	constructor() {
		super((request) => this.route(request));
	}

	get authorizeUrl(): string {
		return `${this.url}/oauth/authorize`;
	}

	get tokenUrl(): string {
		return `${this.url}/oauth/token`;
	}

	/** True for an access token this server issued, not expired. */
	validAccessToken(authorization: string | string[] | undefined): boolean {
		const token = String(authorization ?? '').replace(/^Bearer /, '');
		const issued = this.accessTokens.get(token);
		return issued !== undefined && issued.expiresAt > Date.now();
	}

	/** Every access token issued so far stops working, as when they expire. */
	expireAccessTokens(): void {
		for (const token of this.accessTokens.values()) token.expiresAt = 0;
	}

	/** Every refresh token is revoked: refreshing answers invalid_grant. */
	revokeRefreshTokens(): void {
		this.refreshTokens.clear();
	}

	private issue(grant: Grant, withRefresh: boolean): Reply {
		const accessToken = `at-${randomBytes(12).toString('hex')}`;
		this.accessTokens.set(accessToken, {
			...grant,
			expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000,
		});
		const body: Record<string, unknown> = {
			access_token: accessToken,
			token_type: 'Bearer',
			expires_in: this.tokenLifetimeSeconds,
			scope: grant.scope,
		};
		if (withRefresh) {
			const refreshToken = `rt-${randomBytes(12).toString('hex')}`;
			this.refreshTokens.set(refreshToken, grant);
			body.refresh_token = refreshToken;
		}
		return { status: 200, body };
	}

	/** The client's id and secret, from a Basic header or the form body. */
	private client(
		headers: Record<string, string | string[] | undefined>,
		form: URLSearchParams,
	): { id?: string; secret?: string; auth: 'header' | 'body' } {
		const basic = /^Basic (.+)$/.exec(String(headers.authorization ?? ''));
		if (basic) {
			const [id, secret] = Buffer.from(basic[1], 'base64').toString().split(':');
			return {
				id: decodeURIComponent(id),
				secret: decodeURIComponent(secret ?? ''),
				auth: 'header',
			};
		}
		return {
			id: form.get('client_id') ?? undefined,
			secret: form.get('client_secret') ?? undefined,
			auth: 'body',
		};
	}

	private route(request: {
		method: string;
		path: string;
		query: Record<string, string>;
		headers: Record<string, string | string[] | undefined>;
		body: unknown;
	}): Reply {
		if (request.method === 'GET' && request.path === '/oauth/authorize')
			return this.authorize(request.query);
		if (request.method === 'POST' && request.path === '/oauth/authorize') {
			const form = new URLSearchParams(String(request.body ?? ''));
			return this.approve(Object.fromEntries(form));
		}
		if (request.method === 'POST' && request.path === '/oauth/token') {
			return this.token(request.headers, new URLSearchParams(String(request.body ?? '')));
		}
		if (request.method === 'POST' && request.path === '/oauth/revoke') {
			const form = new URLSearchParams(String(request.body ?? ''));
			this.refreshTokens.delete(form.get('token') ?? '');
			return { status: 200, body: {} };
		}
		return { status: 404, body: { error: 'not_found' } };
	}

	private authorize(query: Record<string, string>): Reply {
		if (query.client_id !== OAUTH_CLIENT.id || query.response_type !== 'code') {
			return { status: 400, body: { error: 'invalid_request' } };
		}
		if (this.autoConsent) return this.approve(query);
		const fields = ['client_id', 'redirect_uri', 'state', 'scope']
			.map(
				(name) => `<input type="hidden" name="${name}" value="${escapeHtml(query[name] ?? '')}">`,
			)
			.join('');
		return {
			status: 200,
			html: `<!doctype html><title>Hooks API – allow access</title><h1>Allow n8n to manage your webhooks?</h1><p>Scopes: <b>${escapeHtml(query.scope ?? '(none)')}</b></p><form method="post" action="/oauth/authorize">${fields}<button type="submit">Allow</button></form>`,
		};
	}

	private approve(query: Record<string, string>): Reply {
		const code = `code-${randomBytes(8).toString('hex')}`;
		this.codes.set(code, { redirectUri: query.redirect_uri, scope: query.scope ?? '' });
		const target = new URL(query.redirect_uri);
		target.searchParams.set('code', code);
		if (query.state) target.searchParams.set('state', query.state);
		return { status: 302, headers: { location: target.toString() } };
	}

	private token(
		headers: Record<string, string | string[] | undefined>,
		form: URLSearchParams,
	): Reply {
		const client = this.client(headers, form);
		const grantType = form.get('grant_type') ?? '';
		this.tokenCalls.push({
			grantType,
			scope: form.get('scope') ?? undefined,
			clientAuth: client.auth,
		});
		if (client.id !== OAUTH_CLIENT.id || client.secret !== OAUTH_CLIENT.secret) {
			return { status: 401, body: { error: 'invalid_client' } };
		}
		switch (grantType) {
			case 'authorization_code': {
				const granted = this.codes.get(form.get('code') ?? '');
				if (!granted) return { status: 400, body: { error: 'invalid_grant' } };
				this.codes.delete(form.get('code') ?? '');
				return this.issue({ scope: granted.scope, clientAuth: client.auth }, true);
			}
			case 'client_credentials':
				return this.issue({ scope: form.get('scope') ?? '', clientAuth: client.auth }, false);
			case 'refresh_token': {
				const refreshToken = form.get('refresh_token') ?? '';
				const granted = this.refreshTokens.get(refreshToken);
				if (!granted) {
					return {
						status: 400,
						body: { error: 'invalid_grant', error_description: 'The refresh token was revoked' },
					};
				}
				const reply = this.issue(granted, false);
				(reply.body as Record<string, unknown>).refresh_token = refreshToken;
				return reply;
			}
			default:
				return { status: 400, body: { error: 'unsupported_grant_type' } };
		}
	}
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
