import { LoopbackServer, type Reply } from './http';

export interface WeavySubscription {
	code: string;
	event: string;
	hookUrl: string;
}

export const WEAVY_USER = { username: 'api-user', password: 'correct horse', projectCode: 'DEMO' };

/** Sample records as EPT_WebhookPerformList returns them, per event ({"result": ...}). */
export const WEAVY_SAMPLES: Record<string, unknown> = {
	NewCustomer: {
		result: {
			codecustomer: 'CUS000042',
			name: 'Boulangerie Martin',
			address1: '12 rue de la Gare',
			postalCode: '59000',
			city: 'Lille',
			phoneNumber: '+33 3 20 00 00 00',
		},
	},
	NewOpportunity: {
		result: [
			{
				codedeal: 'OPP000007',
				customerName: 'Boulangerie Martin',
				label: 'Oven maintenance contract',
				type: 'Opportunity',
				dealNumber: '7',
				status: 'Open',
				creationDate: '2023-10-31 00:00:00',
				url: 'https://weavy.example/deal/OPP000007',
			},
			{
				codedeal: 'OPP000008',
				customerName: 'Fromagerie Dupont',
				label: 'Cold room',
				type: 'Opportunity',
				dealNumber: '8',
				status: 'Open',
				creationDate: '2023-11-02 00:00:00',
				url: 'https://weavy.example/deal/OPP000008',
			},
		],
	},
};

/**
 * Divalto weavy's REST-hook API on loopback: /v1/Authenticate and the EPT_Webhook* process
 * entry points, with Bearer tokens that can be expired, subscriptions it remembers, and faults
 * that can be injected per entry point.
 */
export class WeavySimulator extends LoopbackServer {
	readonly subscriptions = new Map<string, WeavySubscription>();

	/** The hook URL of the (first) subscription for `event`; throws when there is none. */
	hookUrlOf(event: string): string {
		const found = [...this.subscriptions.values()].find((sub) => sub.event === event);
		if (!found) throw new Error(`weavy simulator: no subscription for ${event}`);
		return found.hookUrl;
	}

	private readonly tokens = new Set<string>();

	private counter = 0;

	/** Answer EPT_WebhookUnsubscribe of an unknown code with this status (weavy's is undocumented). */
	unknownCodeStatus = 404;

	constructor() {
		super((request) => this.route(request));
	}

	/** Every issued token stops working, as after weavy's (unknown) token lifetime. */
	expireTokens(): void {
		this.tokens.clear();
	}

	calls(entryPoint: string): number {
		return this.log.filter((entry) => entry.query.c === entryPoint).length;
	}

	/** Posts a delivery of `event` to every hook URL subscribed to it, as weavy does. */
	async deliver(event: string, record: unknown): Promise<Array<{ url: string; status: number }>> {
		const targets = [...this.subscriptions.values()].filter((sub) => sub.event === event);
		return await Promise.all(
			targets.map(async ({ hookUrl }) => {
				const response = await fetch(hookUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ result: record }),
				});
				return { url: hookUrl, status: response.status };
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
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (request.method === 'POST' && request.path === '/v1/Authenticate') {
			const valid =
				body.username === WEAVY_USER.username &&
				body.password === WEAVY_USER.password &&
				body.projectCode === WEAVY_USER.projectCode &&
				body.scope === 'API';
			if (!valid) return { status: 401, body: { message: 'Invalid username or password' } };
			const token = `token-${++this.counter}`;
			this.tokens.add(token);
			return { status: 200, body: { authToken: token } };
		}
		const entry = /^\/v1\/EntryPoints\/([^/]+)\/process\/?$/.exec(request.path);
		if (request.method !== 'POST' || !entry) return { status: 404, body: { message: 'No route' } };
		const authorization = String(request.headers.authorization ?? '');
		if (!this.tokens.has(authorization.replace(/^Bearer /, ''))) {
			return { status: 401, body: { message: 'Token expired or invalid' } };
		}
		if (entry[1] !== WEAVY_USER.projectCode) {
			return { status: 404, body: { message: `Unknown project ${entry[1]}` } };
		}
		switch (request.query.c) {
			case 'EPT_WebhookSubscribe': {
				if (typeof body.event !== 'string' || typeof body.hookUrl !== 'string') {
					return { status: 400, body: { message: 'event and hookUrl are required' } };
				}
				const code = `SUB${String(++this.counter).padStart(5, '0')}`;
				this.subscriptions.set(code, { code, event: body.event, hookUrl: body.hookUrl });
				return { status: 200, body: { result: { codeWebhookSubscription: code } } };
			}
			case 'EPT_WebhookUnsubscribe': {
				const code = String(body.codeWebhookSubscription ?? '');
				if (!this.subscriptions.delete(code)) {
					return {
						status: this.unknownCodeStatus,
						body: { message: `Subscription ${code} not found` },
					};
				}
				return { status: 200, body: { result: { success: true } } };
			}
			case 'EPT_WebhookPerformList': {
				const sample = WEAVY_SAMPLES[String(body.event)];
				return { status: 200, body: sample ?? { result: [] } };
			}
			default:
				return { status: 404, body: { message: `Unknown entry point ${request.query.c}` } };
		}
	}
}
