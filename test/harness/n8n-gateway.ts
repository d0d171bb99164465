import { LoopbackServer } from '../simulators/http';
import { WEBHOOK_ID, type DeliveryOutcome, type TriggerHarness } from './trigger';

export interface GatewayDelivery {
	/** 'webhook' for the production URL, 'manual' for the editor's test URL. */
	mode: 'webhook' | 'manual';
	outcome: DeliveryOutcome;
}

/**
 * Stands in for n8n's HTTP front: a loopback server that hands requests to the trigger's
 * /webhook/<id>/<path> (production) and /webhook-test/<id>/<path> (test) URLs to webhook(), and
 * answers what n8n would. Set as the harness's n8nUrl, so the URLs the trigger registers with a
 * simulator really reach it when the simulator delivers.
 */
export class N8nGateway extends LoopbackServer {
	readonly deliveries: GatewayDelivery[] = [];

	constructor(private readonly trigger: TriggerHarness) {
		super(async (request) => {
			const match = /^\/(webhook|webhook-test)\/([^/]+)\/(.+)$/.exec(request.path);
			if (!match || match[2] !== WEBHOOK_ID) {
				return {
					status: 404,
					body: { message: `The requested webhook "${request.path}" is not registered.` },
				};
			}
			const mode = match[1] === 'webhook' ? 'webhook' : 'manual';
			const outcome = await this.trigger.deliver(
				{
					method: request.method,
					headers: request.headers as Record<string, string>,
					query: request.query,
					body: request.body,
				},
				mode,
			);
			this.deliveries.push({ mode, outcome });
			return { status: outcome.status, body: outcome.body ?? { message: 'Workflow was started' } };
		});
	}

	/** Starts listening and points the trigger's webhook URLs here. */
	async start(port = 0): Promise<this> {
		await super.start(port);
		this.trigger.n8nUrl = this.url;
		return this;
	}
}
