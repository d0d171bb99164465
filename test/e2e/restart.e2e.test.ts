import { randomUUID } from 'node:crypto';

import { signedRequest } from '../harness/signing';
import { GetResponseSimulator } from '../simulators/getresponse';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';
import { N8nApi, type Workflow } from './harness/api';
import type { N8nHandle } from './harness/n8n';
import { credentialData, startSuite } from './harness/suite';
import {
	finishedExecutions,
	postJson,
	servedAt,
	triggerItems,
	triggerWorkflow,
	withDiagnostics,
	type TriggerWorkflow,
} from './harness/triggers';

const EFIDEM_SECRET = 'sk_e2e_restart_4a7e2b8d5f3a6c0e9b7d4a1f';
const URL_SECRET = 'e2e-restart-url-secret-7c1e4';
const EFIDEM_DELIVERED = {
	ID: '0d6f1b7e-9f35-4c41-a3c5-5f0c6d3f0b11',
	Destination: 'jeanne@example.fr',
	Event: 'Délivré',
	Info: '',
	DateEvent: '2025-05-02T10:11:12.1234567+02:00',
	CustomerReference: 'CMD-43',
	BillingCode: '',
	Subject: 'Votre commande',
	Attention1: '',
};
const GR_OPENED = {
	type: 'contact_opened_message',
	contact: { contactId: 'abc123', email: 'example@example.com', name: 'Friend' },
	message: { resourceType: 'newsletters', resourceId: 'cde345', subject: 'Hello' },
	account: { accountId: 'def456' },
	event: { occurredAt: '2021-04-27T12:56:00+00:00' },
};

interface Published {
	wf: TriggerWorkflow;
	made: Workflow;
	node: string;
}

/**
 * Every trigger of the package, published, survives an n8n restart: the subscriptions n8n's start
 * re-checks are neither duplicated nor lost, and deliveries (to subscribed or pasted URLs) still run.
 * One n8n and one restart for all of them: a start costs ~15-30 s on 2 cores.
 */
describe('published triggers across an n8n restart', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let weavy: WeavySimulator | undefined;
	let sarbacane: SarbacaneSimulator | undefined;
	let getResponse: GetResponseSimulator | undefined;
	const published: Record<string, Published> = {};
	const before: {
		weavy?: string[];
		weavySubscribes?: number;
		sarbacane?: string[];
		sarbacaneCreates?: number;
		callback?: unknown;
		callbackPosts?: number;
		providerCalls?: number;
	} = {};
	const inN8n = <T>(body: () => Promise<T>) =>
		withDiagnostics(
			() => n8n,
			{ weavy: () => weavy, sarbacane: () => sarbacane, getresponse: () => getResponse },
			body,
		);

	async function credential(type: string, name: string, data: Record<string, unknown>) {
		const made = await api.createCredential(type, name, data);
		return { type, id: made.id, name };
	}

	async function publish(
		key: string,
		node: string,
		nodeType: string,
		parameters: Record<string, unknown>,
		cred?: { type: string; id: string; name: string },
	): Promise<void> {
		const wf = triggerWorkflow(n8n!, {
			name: `restart ${key}`,
			nodeName: node,
			nodeType,
			parameters,
			credential: cred,
		});
		const made = await api.createWorkflow(wf.input);
		await api.publish(made.id);
		published[key] = { wf, made, node };
	}

	/** n8n serves the trigger's URL (again): a probe without secret or signature never runs. */
	const served = async ({ wf }: Published, method = 'POST') =>
		await servedAt(wf.productionUrl, method);

	const weavyHooks = () =>
		[...weavy!.subscriptions.values()]
			.map((sub) => `${sub.code} ${sub.event} ${sub.hookUrl}`)
			.sort();
	/** Every request any provider simulator received so far. */
	const providerCalls = () => weavy!.log.length + sarbacane!.log.length + getResponse!.log.length;
	const sarbacaneHooks = () =>
		[...sarbacane!.webhooks.values()].map((hook) => `${hook.id} ${hook.kinds} ${hook.url}`).sort();

	beforeAll(() =>
		inN8n(async () => {
			weavy = await new WeavySimulator().start();
			sarbacane = await new SarbacaneSimulator().start();
			getResponse = await new GetResponseSimulator().start();
			({ n8n, api } = await startSuite());

			const weavyCredential = await credential(
				'divaltoWeavyApi',
				'weavy restart',
				credentialData.weavy(weavy),
			);
			const sarbacaneCredential = await credential(
				'sarbacaneApi',
				'Sarbacane restart',
				credentialData.sarbacane(sarbacane),
			);
			const getResponseCredential = await credential(
				'getResponseWebhooksApi',
				'GR restart',
				credentialData.getResponse(getResponse),
			);
			const efidemCredential = await credential('efidemSnapShootApi', 'Efidem restart', {
				secretKey: EFIDEM_SECRET,
				previousSecretKey: '',
			});

			await publish(
				'weavy',
				'Divalto Weavy Trigger',
				'divaltoWeavyTrigger',
				{ events: ['NewCustomer', 'NewDeal'] },
				weavyCredential,
			);
			await publish(
				'sarbacane',
				'Sarbacane Trigger',
				'sarbacaneTrigger',
				{ source: 'api', events: ['OPEN', 'HIT'] },
				sarbacaneCredential,
			);
			await publish(
				'callbacks',
				'GetResponse Webhooks Trigger',
				'getResponseWebhooksTrigger',
				{ source: 'callbacks', events: ['open', 'subscribe'] },
				getResponseCredential,
			);
			await publish(
				'efidem',
				'Efidem SnapShoot Trigger',
				'efidemSnapShootTrigger',
				{ events: ['*'] },
				efidemCredential,
			);
			await publish('webhooks', 'GetResponse Webhooks Trigger', 'getResponseWebhooksTrigger', {
				source: 'webhooks',
				urlSecret: URL_SECRET,
				events: ['contact_opened_message'],
			});
			// A second Sarbacane workflow, whose webhook the user then deletes in Sarbacane.
			await publish(
				'sarbacaneDeleted',
				'Sarbacane Trigger',
				'sarbacaneTrigger',
				{ source: 'api', events: ['OPEN'] },
				sarbacaneCredential,
			);
			for (const key of ['weavy', 'sarbacane', 'sarbacaneDeleted', 'efidem', 'webhooks']) {
				await served(published[key]);
			}
			await served(published.callbacks, 'GET');
			const deleted = [...sarbacane.webhooks.values()].find((hook) =>
				hook.url.startsWith(published.sarbacaneDeleted.wf.productionUrl),
			);
			sarbacane.webhooks.delete(deleted!.id);

			before.weavy = weavyHooks();
			before.weavySubscribes = weavy.calls('EPT_WebhookSubscribe');
			before.sarbacane = sarbacaneHooks();
			before.sarbacaneCreates = sarbacane.calls('POST', '/webhooks');
			before.callback = structuredClone(getResponse.callback);
			before.callbackPosts = getResponse.calls('POST');
			expect(before.weavy).toHaveLength(2);
			expect(before.sarbacane).toHaveLength(1);
			expect(before.callback).toBeDefined();

			before.providerCalls = providerCalls();
			const t0 = Date.now();
			await n8n.restart();
			for (const key of ['weavy', 'sarbacane', 'sarbacaneDeleted', 'efidem', 'webhooks']) {
				await served(published[key]);
			}
			await served(published.callbacks, 'GET');
			for (const { made } of Object.values(published)) await api.waitForPublication(made.id);
			console.info(`restart until every trigger is served again: ${Date.now() - t0} ms`);
		}),
	);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([weavy?.stop(), sarbacane?.stop(), getResponse?.stop()]);
	});

	async function ranOnce(key: string): Promise<Array<Record<string, unknown>>> {
		const { made, node } = published[key];
		const executions = await finishedExecutions(api, made, 1);
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
		return await triggerItems(api, executions[0], node);
	}

	test('Divalto weavy keeps exactly its one subscription per event, and a delivery still runs', () =>
		inN8n(async () => {
			expect(weavyHooks()).toEqual(before.weavy);
			expect(weavy!.calls('EPT_WebhookSubscribe')).toBe(before.weavySubscribes);

			const answers = await weavy!.deliver('NewDeal', { codedeal: 'D-AFTER-RESTART' });

			expect(answers.map((answer) => answer.status)).toEqual([200]);
			expect(await ranOnce('weavy')).toEqual([
				expect.objectContaining({ event: 'NewDeal', codedeal: 'D-AFTER-RESTART' }),
			]);
		}));

	test('Sarbacane keeps exactly its one webhook, and a delivery still runs', () =>
		inN8n(async () => {
			expect(sarbacaneHooks()).toEqual(before.sarbacane);
			expect(sarbacane!.calls('POST', '/webhooks')).toBe(before.sarbacaneCreates);

			const answers = await sarbacane!.deliver('click', {
				email: 'jeanne@example.fr',
				url: 'https://example.fr',
				type: 'click',
			});

			expect(answers.map((answer) => answer.status)).toEqual([200]);
			expect(await ranOnce('sarbacane')).toEqual([
				expect.objectContaining({ event: 'HIT', email: 'jeanne@example.fr' }),
			]);
		}));

	test('GetResponse callbacks keep the one callback, and a callback still runs', () =>
		inN8n(async () => {
			expect(getResponse!.callback).toEqual(before.callback);
			expect(getResponse!.calls('POST')).toBe(before.callbackPosts);
			const { query } = getResponse!.callbackRequest('subscribe', { CONTACT_ID: 'C-RESTART' });
			const url = `${published.callbacks.wf.productionUrl}?${new URLSearchParams(
				query as Record<string, string>,
			).toString()}`;

			const res = await fetch(url);

			expect(res.status).toBe(200);
			expect(await ranOnce('callbacks')).toEqual([
				expect.objectContaining({ event: 'subscribe', CONTACT_ID: 'C-RESTART' }),
			]);
		}));

	test('Efidem SnapShoot: the pasted URL still accepts a signed delivery', () =>
		inN8n(async () => {
			const request = signedRequest(EFIDEM_DELIVERED, EFIDEM_SECRET, { encoding: 'base64' });

			const answer = await postJson(
				published.efidem.wf.productionUrl,
				request.body,
				request.headers,
			);

			expect(answer.status).toBe(200);
			expect(await ranOnce('efidem')).toEqual([
				expect.objectContaining({ event: 'delivered', CustomerReference: 'CMD-43' }),
			]);
		}));

	test('GetResponse webhooks: the pasted URL still accepts a delivery', () =>
		inN8n(async () => {
			const answer = await postJson(
				`${published.webhooks.wf.productionUrl}?secret=${URL_SECRET}`,
				GR_OPENED,
				{ 'x-webhook-id': randomUUID(), 'x-webhook-type': 'contact_opened_message' },
			);

			expect(answer).toEqual({ status: 200, body: '{"status":"OK"}' });
			expect(await ranOnce('webhooks')).toEqual([
				expect.objectContaining({ event: 'contact_opened_message' }),
			]);
		}));

	test('n8n called no provider during its restart: nothing was checked or recreated', () =>
		inN8n(async () => {
			expect(providerCalls()).toBe(before.providerCalls);
		}));

	test('a webhook deleted in Sarbacane stays deleted across a restart and an unchanged republish; unpublish and publish recreate it', () =>
		inN8n(async () => {
			const { wf, made } = published.sarbacaneDeleted;
			const ownHooks = () =>
				[...sarbacane!.webhooks.values()].filter((hook) => hook.url.startsWith(wf.productionUrl));
			expect(ownHooks()).toEqual([]);
			const callsBefore = providerCalls();

			// Republished unchanged (the same nodes, ids included), then published again.
			const stored = await api.getWorkflow(made.id);
			const { name, nodes, connections } = stored;
			await api.updateWorkflow(made.id, { name, nodes, connections });
			await api.waitForPublication(made.id);
			await api.publish(made.id);

			expect(providerCalls()).toBe(callsBefore);
			expect(ownHooks()).toEqual([]);

			await api.unpublish(made.id);
			await api.publish(made.id);

			expect(ownHooks()).toHaveLength(1);
			expect(ownHooks()[0].kinds).toEqual(['OPEN']);
		}));

	test('after the restart, unpublishing still removes every subscription it made', () =>
		inN8n(async () => {
			for (const { made } of Object.values(published)) await api.unpublish(made.id);

			expect(weavy!.subscriptions.size).toBe(0);
			expect(sarbacane!.webhooks.size).toBe(0);
			expect(getResponse!.callback).toBeUndefined();
		}));
});
