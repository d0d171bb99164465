import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { WEBHOOK_SAMPLES } from '../../nodes/GetResponse/samples';
import { deletedSubscriptionComesBack, wordsOf } from '../../nodes/shared/n8nWords';
import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { efidemPayload } from '../harness/efidem';
import { signedRequest } from '../harness/signing';
import { GetResponseSimulator } from '../simulators/getresponse';
import { HOOK_SAMPLES, HOOKS_API_KEY, RestHookApiSimulator } from '../simulators/resthook';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WEAVY_SAMPLES, WeavySimulator } from '../simulators/weavy';
import { N8nApi, waitFor, type Workflow } from './harness/api';
import { SlowAnswers, sendUntilAnswered } from './harness/slowAnswers';
import type { N8nHandle } from './harness/n8n';
import { credentialData, startSuite } from './harness/suite';
import { N8N_MAJOR, N8N_VERSION, PACKAGE_NAME } from './harness/paths';
import {
	expectOneRunPerDeliveredEvent,
	republishUnderLoad,
	weavyScenario,
} from './harness/republish';
import {
	finishedExecutions,
	postJson,
	publishAndServe,
	servedAt,
	triggerItems,
	triggerWorkflow,
	withDiagnostics,
	type TriggerWorkflow,
} from './harness/triggers';

/** The words of the n8n under test, as its editor says them. */
const WORDS =
	N8N_MAJOR >= 2
		? { publish: 'publish', Publish: 'Publish', unpublish: 'unpublish', published: 'published' }
		: { publish: 'activate', Publish: 'Activate', unpublish: 'deactivate', published: 'active' };

const EFIDEM_SECRET = 'sk_compat_3e9a1c7f5b2d8e04';
const URL_SECRET = 'compat-url-secret-7c2e9a4f1b8d';
const CUSTOMER = { codecustomer: 'CUS000555', name: 'Cidrerie Leroy', city: 'Caen' };
const OPEN = { ...SARBACANE_SAMPLES.OPEN, email: 'jeanne@example.fr', campaignId: 'cmp-compat' };
const CONTACT_ADDED = WEBHOOK_SAMPLES.contact_added;
const DELIVERED = efidemPayload('Délivré', { ID: 'msg-compat' });
const CONTACT = { type: 'contact.created', data: { id: 'c_compat', email: 'lea@example.com' } };

/** One trigger as the compatibility suite drives it. */
interface Subject {
	name: string;
	nodeName: string;
	nodeType: string;
	credentialType?: string;
	parameters: Record<string, unknown>;
	/** Subscriptions the provider holds (undefined: the user pastes the URL, nothing to hold). */
	held?: () => number;
	/** The provider's authentic delivery of one event to the workflow; the HTTP statuses. */
	deliver: (wf: TriggerWorkflow) => Promise<number[]>;
	/** A delivery with the wrong secret or signature; its HTTP status. */
	forge: (wf: TriggerWorkflow) => Promise<number>;
	/** The items the authentic delivery gives. */
	items: object[];
	/** The URL n8n serves the trigger at once published (to wait for it). */
	served: (wf: TriggerWorkflow) => string;
	/** What "Listen for test event" shows at once. */
	samples: object[];
}

/**
 * The compatibility suite: every trigger, in the n8n given by N8N_VERSION (the pinned one by
 * default), installed as n8n's community-package installer does. The package loads, the
 * credentials test, publishing (activating in 1.x) subscribes, an authentic delivery runs once
 * with its items, a forged one gets 401 and runs nothing, the test event shows samples and leaves
 * no test subscription, a restart duplicates nothing, unpublishing unsubscribes, and a refused
 * subscription reads in this n8n's words.
 */
describe(`compatibility with n8n ${N8N_VERSION}`, () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let weavy: WeavySimulator | undefined;
	let sarbacane: SarbacaneSimulator | undefined;
	let getResponse: GetResponseSimulator | undefined;
	let hooks: RestHookApiSimulator | undefined;
	const credentials: Record<string, { id: string; name: string; data: Record<string, unknown> }> =
		{};
	const published = new Map<string, { wf: TriggerWorkflow; made: Workflow }>();
	const inN8n = <T>(body: () => Promise<T>) =>
		withDiagnostics(
			() => n8n,
			{
				weavy: () => weavy,
				sarbacane: () => sarbacane,
				getResponse: () => getResponse,
				hooks: () => hooks,
			},
			body,
		);

	const subjects: Subject[] = [
		{
			name: 'Divalto weavy',
			nodeName: 'Divalto Weavy Trigger',
			nodeType: 'divaltoWeavyTrigger',
			credentialType: 'divaltoWeavyApi',
			parameters: { events: ['NewCustomer'] },
			held: () => weavy!.subscriptions.size,
			deliver: async () =>
				(await weavy!.deliver('NewCustomer', CUSTOMER)).map(({ status }) => status),
			forge: async (wf) =>
				(await postJson(`${wf.productionUrl}?secret=guess`, { result: CUSTOMER })).status,
			items: [
				{
					event: 'NewCustomer',
					receivedAt: expect.any(String),
					deliveryId: expect.any(String),
					...CUSTOMER,
				},
			],
			served: () => '',
			samples: [
				expect.objectContaining({
					event: 'NewCustomer',
					...(WEAVY_SAMPLES.NewCustomer as { result: object }).result,
				}),
			],
		},
		{
			name: 'Sarbacane',
			nodeName: 'Sarbacane Trigger',
			nodeType: 'sarbacaneTrigger',
			credentialType: 'sarbacaneApi',
			parameters: { source: 'api', events: ['OPEN'] },
			held: () => sarbacane!.webhooks.size,
			deliver: async () => (await sarbacane!.deliver('open', OPEN)).map(({ status }) => status),
			forge: async (wf) => (await postJson(`${wf.productionUrl}?secret=guess`, OPEN)).status,
			items: [expect.objectContaining({ ...OPEN, event: 'OPEN' })],
			served: () => '',
			samples: [expect.objectContaining({ event: 'OPEN', ...SARBACANE_SAMPLES.OPEN })],
		},
		{
			name: 'GetResponse',
			nodeName: 'GetResponse Webhooks Trigger',
			nodeType: 'getResponseWebhooksTrigger',
			parameters: { source: 'webhooks', urlSecret: URL_SECRET, events: ['contact_added'] },
			deliver: async (wf) => [
				(
					await postJson(`${wf.productionUrl}?secret=${URL_SECRET}`, [CONTACT_ADDED], {
						'x-webhook-id': randomUUID(),
					})
				).status,
			],
			forge: async (wf) =>
				(await postJson(`${wf.productionUrl}?secret=guess`, [CONTACT_ADDED])).status,
			items: [expect.objectContaining({ event: 'contact_added', contact: CONTACT_ADDED.contact })],
			served: (wf) => `${wf.productionUrl}?secret=${URL_SECRET}`,
			samples: [expect.objectContaining({ event: 'contact_added', type: 'contact_added' })],
		},
		{
			name: 'Efidem SnapShoot',
			nodeName: 'Efidem SnapShoot Trigger',
			nodeType: 'efidemSnapShootTrigger',
			credentialType: 'efidemSnapShootApi',
			parameters: { events: ['delivered'] },
			deliver: async (wf) => {
				const signed = signedRequest(DELIVERED, EFIDEM_SECRET);
				return [(await postJson(wf.productionUrl, signed.body, signed.headers)).status];
			},
			forge: async (wf) => {
				const forged = signedRequest(DELIVERED, 'not-the-secret');
				return (await postJson(wf.productionUrl, forged.body, forged.headers)).status;
			},
			items: [expect.objectContaining({ event: 'delivered', ID: 'msg-compat' })],
			served: (wf) => wf.productionUrl,
			samples: [expect.objectContaining({ event: 'delivered' })],
		},
		{
			name: 'REST Hook',
			nodeName: 'REST Hook Trigger',
			nodeType: 'restHookTrigger',
			credentialType: 'restHookSigningSecretApi',
			parameters: {
				customEvents: 'contact.created',
				subscribeUrl: '', // set in beforeAll, with the simulator's address
				unsubscribeUrl: '',
				sampleEndpoint: { method: 'GET', url: '' },
			},
			held: () => hooks!.subscriptions.size,
			deliver: async () =>
				(await hooks!.deliver('contact.created', CONTACT)).map(({ status }) => status),
			forge: async (wf) => (await postJson(`${wf.productionUrl}?secret=guess`, CONTACT)).status,
			items: [expect.objectContaining({ event: 'contact.created', data: CONTACT.data })],
			served: () => '',
			samples: (HOOK_SAMPLES['contact.created'] as object[]).map((sample) =>
				expect.objectContaining({ event: 'contact.created', ...sample }),
			),
		},
	];

	beforeAll(async () => {
		[weavy, sarbacane, getResponse, hooks] = await Promise.all([
			new WeavySimulator().start(),
			new SarbacaneSimulator().start(),
			new GetResponseSimulator().start(),
			new RestHookApiSimulator().start(),
		]);
		const restHook = subjects.find((subject) => subject.nodeType === 'restHookTrigger')!;
		Object.assign(restHook.parameters, {
			subscribeUrl: `${hooks.url}/hooks`,
			unsubscribeUrl: `${hooks.url}/hooks/{{id}}`,
			sampleEndpoint: { method: 'GET', url: `${hooks.url}/hooks/sample?event={{event}}` },
		});
		({ n8n, api } = await startSuite());
		const data: Record<string, Record<string, unknown>> = {
			divaltoWeavyApi: credentialData.weavy(weavy),
			sarbacaneApi: credentialData.sarbacane(sarbacane),
			getResponseWebhooksApi: credentialData.getResponse(getResponse),
			efidemSnapShootApi: { secretKey: EFIDEM_SECRET, previousSecretKey: '' },
			restHookSigningSecretApi: {
				apiAuthentication: 'header',
				headerName: 'X-API-Key',
				headerSecret: HOOKS_API_KEY,
				signingSecret: '',
				previousSigningSecret: '',
			},
		};
		for (const [type, fields] of Object.entries(data)) {
			const made = await api.createCredential(type, `${type} compat`, fields);
			credentials[type] = { id: made.id, name: made.name, data: fields };
		}
	});

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([weavy?.stop(), sarbacane?.stop(), getResponse?.stop(), hooks?.stop()]);
	});

	function workflowOf(subject: Subject, name: string): TriggerWorkflow {
		const credential = subject.credentialType ? credentials[subject.credentialType] : undefined;
		return triggerWorkflow(n8n!, {
			name,
			nodeName: subject.nodeName,
			nodeType: subject.nodeType,
			parameters: subject.parameters,
			credential: credential && {
				type: subject.credentialType!,
				id: credential.id,
				name: credential.name,
			},
		});
	}

	test('the package loads: n8n offers its five triggers and logs no error about it', () =>
		inN8n(async () => {
			const types = await api.listNodeTypes();
			const ours = [
				...new Set(
					types.map((type) => type.name).filter((name) => name.startsWith(`${PACKAGE_NAME}.`)),
				),
			];
			expect(ours.sort()).toEqual(
				subjects.map((subject) => `${PACKAGE_NAME}.${subject.nodeType}`).sort(),
			);
			const complaints = readFileSync(n8n!.logPath, 'utf8')
				.split('\n')
				.filter((line) => line.includes(PACKAGE_NAME) && /error|fail|skipping/i.test(line));
			expect(complaints).toEqual([]);
		}));

	test(`the triggers' notices speak n8n ${N8N_MAJOR}.x's words and say how a subscription deleted at the provider comes back in it`, () =>
		inN8n(async () => {
			const words = wordsOf(N8N_MAJOR >= 2 ? { calculateWorkflowChecksum: true } : {});
			const noticeOf = async (nodeType: string, about: string) => {
				const types = (await api.listNodeTypes()) as unknown as Array<{
					name: string;
					properties: Array<{ type: string; displayName: string }>;
				}>;
				const type = types.find((t) => t.name === `${PACKAGE_NAME}.${nodeType}`)!;
				return type.properties.find((p) => p.type === 'notice' && p.displayName.includes(about))!
					.displayName;
			};

			const sarbacane = await noticeOf('sarbacaneTrigger', 'Sarbacane webhook');
			const weavy = await noticeOf('divaltoWeavyTrigger', 'weavy');

			expect(sarbacane.startsWith(N8N_MAJOR >= 2 ? 'Publishing ' : 'Activating ')).toBe(true);
			expect(sarbacane.endsWith(deletedSubscriptionComesBack('always', words))).toBe(true);
			expect(weavy.endsWith(deletedSubscriptionComesBack('never', words))).toBe(true);
			expect(sarbacane).toContain(
				N8N_MAJOR >= 2 ? 'n8n does not check it by itself' : 'n8n checks it only when it starts',
			);
		}));

	test.each([
		['divaltoWeavyApi', 'OK'],
		['sarbacaneApi', 'OK'],
		['getResponseWebhooksApi', 'OK'],
		['efidemSnapShootApi', 'OK'],
	])("the %s credential's Test answers %s", (type, expected) =>
		inN8n(async () => {
			const credential = credentials[type];
			const { data } = await api.restCall<{ data: { status: string; message: string } }>(
				'POST',
				'/credentials/test',
				{ credentials: { id: credential.id, name: credential.name, type, data: credential.data } },
			);
			expect(data).toMatchObject({ status: expected });
		}),
	);

	test.each(subjects.map((subject) => [subject.name, subject] as const))(
		`%s: once ${WORDS.published} (subscribed through the provider's API where it has one), an authentic delivery runs once with its items and a forged one gets 401 and runs nothing`,
		(_name, subject) =>
			inN8n(async () => {
				const wf = workflowOf(subject, `compat ${subject.name}`);
				const made = await api.createWorkflow(wf.input);
				const heldBefore = subject.held?.() ?? 0;

				if (subject.served(wf)) await publishAndServe(api, made, subject.served(wf));
				else await api.publish(made.id);
				published.set(subject.name, { wf, made });

				if (subject.held) expect(subject.held() - heldBefore).toBe(1);
				expect(await subject.forge(wf)).toBe(401);
				expect(await subject.deliver(wf)).toEqual([200]);
				const executions = await finishedExecutions(api, made, 1);
				expect(executions).toHaveLength(1);
				expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
				expect(await triggerItems(api, executions[0], subject.nodeName)).toEqual(subject.items);
			}),
	);

	test.each(subjects.map((subject) => [subject.name, subject] as const))(
		"%s: the editor's test event shows samples at once and leaves no test subscription",
		(_name, subject) =>
			inN8n(async () => {
				const wf = workflowOf(subject, `compat samples ${subject.name}`);
				const made = await api.createWorkflow(wf.input);
				const heldBefore = subject.held?.() ?? 0;

				await expect(api.listenForTestEvent(made.id, subject.nodeName)).resolves.toMatchObject({
					waitingForWebhook: true,
				});

				const [execution] = await finishedExecutions(api, made, 1);
				expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
				expect(await triggerItems(api, execution, subject.nodeName)).toEqual(subject.samples);
				if (subject.held) {
					await waitFor(async () => subject.held!() === heldBefore, {
						timeoutMs: 30_000,
						description: `no test subscription left in ${subject.name}`,
					});
				}
			}),
	);

	test(`a restart with every trigger ${WORDS.published} duplicates no subscription, and each still runs once per delivery`, () =>
		inN8n(async () => {
			expect([...published.keys()].sort()).toEqual(subjects.map((s) => s.name).sort());
			const held = subjects.map((subject) => subject.held?.());

			await n8n!.restart();

			expect(subjects.map((subject) => subject.held?.())).toEqual(held);
			for (const subject of subjects) {
				const { wf, made } = published.get(subject.name)!;
				await servedAt(wf.productionUrl);
				expect(await subject.deliver(wf)).toEqual([200]);
				expect(await finishedExecutions(api, made, 2)).toHaveLength(2);
			}
		}));

	test(
		N8N_MAJOR >= 2
			? 'a Sarbacane webhook deleted in Sarbacane stays deleted across a restart: n8n 2.x calls nothing on the trigger at start'
			: 'a Sarbacane webhook deleted in Sarbacane comes back with a restart: n8n 1.x checks every subscription at start and subscribes again',
		() =>
			inN8n(async () => {
				const subject = subjects.find((s) => s.name === 'Sarbacane')!;
				const { wf, made } = published.get(subject.name)!;
				const [webhook] = [...sarbacane!.webhooks.values()].filter((hook) =>
					hook.url.startsWith(wf.productionUrl),
				);
				sarbacane!.webhooks.delete(webhook.id);

				await n8n!.restart();
				await servedAt(wf.productionUrl);

				if (N8N_MAJOR >= 2) {
					expect(subject.held!()).toBe(0);
					expect(await subject.deliver(wf)).toEqual([]);
				} else {
					await waitFor(async () => subject.held!() === 1, {
						timeoutMs: 30_000,
						description: 'the Sarbacane webhook subscribed again at start',
					});
					expect(await subject.deliver(wf)).toEqual([200]);
					expect(await finishedExecutions(api, made, 3)).toHaveLength(3);
				}
			}),
	);

	test(`${WORDS.unpublish} removes every subscription`, () =>
		inN8n(async () => {
			for (const { made } of published.values()) await api.unpublish(made.id);

			for (const subject of subjects) {
				if (subject.held) expect(`${subject.name}: ${subject.held()}`).toBe(`${subject.name}: 0`);
			}
		}));

	test(`a subscription weavy refuses (HTTP 500) shows the user provider, action, event, status, weavy's words and what to do, in n8n ${N8N_MAJOR}.x's words`, () =>
		inN8n(async () => {
			const refusal = 'Database unavailable, try later';
			weavy!.inject({
				match: (request) => request.query.c === 'EPT_WebhookSubscribe',
				status: 500,
				body: { message: refusal },
				times: 1000,
			});
			const subject = subjects[0];
			const wf = workflowOf(subject, 'compat weavy refused');
			const made = await api.createWorkflow(wf.input);
			try {
				const shown = await api.publishRefusal(made.id);

				expect(shown).toContain(
					`Divalto weavy could not subscribe to event "NewCustomer" (HTTP 500): ${refusal}`,
				);
				// n8n 2.x shows the description beside the message; 1.x shows only the description.
				if (N8N_MAJOR < 2) {
					expect(shown).toContain(`${WORDS.Publish} the workflow again later`);
					// n8n 1.x rolls a refused activation back and does not try again.
					const subscribes = weavy!.calls('EPT_WebhookSubscribe');
					await new Promise((resolve) => setTimeout(resolve, 3_000));
					expect((await api.getWorkflow(made.id)).active).toBe(false);
					expect(weavy!.calls('EPT_WebhookSubscribe')).toBe(subscribes);
				}
				expect(weavy!.subscriptions.size).toBe(0);
			} finally {
				weavy!.clearFaults();
				await api.unpublish(made.id).catch(() => undefined);
			}
		}));

	test(`editing the ${WORDS.published} weavy trigger three times while weavy delivers continuously: no delivered event refused or doubled`, () =>
		inN8n(async () => {
			const subject = subjects[0];
			const wf = workflowOf(subject, 'compat weavy republish');
			const made = await api.createWorkflow(wf.input);
			await publishAndServe(api, made, wf.productionUrl);
			const { outcome, windows } = await republishUnderLoad({
				api,
				made,
				nodeName: subject.nodeName,
				productionUrl: wf.productionUrl,
				// 5 a second: well within what n8n's default settings run here (7-12 a second, see
				// BENCHMARKS.md), so its executions never queue up behind each other.
				...weavyScenario(weavy!, wf.productionUrl, { everyMs: 200, lagMs: 300 }),
				name: `weavy on n8n ${N8N_VERSION}`,
			});

			expect(windows).toHaveLength(3);
			expect(outcome.delivered).toBeGreaterThan(20);
			// weavy documents no retry.
			expectOneRunPerDeliveredEvent(outcome, { retried: false });
			await api.unpublish(made.id);
			expect(weavy!.subscriptions.size).toBe(0);
		}));

	test('a Sarbacane delivery answered too late for its sender, sent 11 times (Sarbacane retries 10 times), starts one execution; another event starts its own', () =>
		inN8n(async () => {
			const subject = subjects.find((s) => s.name === 'Sarbacane')!;
			const wf = workflowOf(
				{ ...subject, parameters: { source: 'manual', urlSecret: URL_SECRET, events: ['OPEN'] } },
				'compat sarbacane slow answers',
			);
			const made = await api.createWorkflow(wf.input);
			const url = `${wf.productionUrl}?secret=${URL_SECRET}`;
			await publishAndServe(api, made, url);
			// n8n answers within milliseconds here; the proxy holds each answer back 1.5 s, past the
			// sender's 0.5 s: every answer is lost to the sender, which sends the delivery again.
			const slow = await new SlowAnswers(url, 1_500).start();
			try {
				const retry = { timeoutMs: 500, retries: 10, pauseMs: 200 };
				const event = JSON.stringify({ ...OPEN, date: '2026-12-07 T 10:00:00.001Z' });
				const seen = await sendUntilAnswered(slow.urlFor(url), event, retry);
				const other = JSON.stringify({ ...OPEN, date: '2026-12-07 T 10:00:00.002Z' });
				await sendUntilAnswered(slow.urlFor(url), other, { ...retry, retries: 0 });
				await waitFor(async () => slow.answered.length === 12, {
					timeoutMs: 30_000,
					description: "n8n's answers to the 12 deliveries",
				});

				expect(seen).toEqual(Array(11).fill(0));
				expect(slow.answered).toEqual(Array(12).fill(200));
				const executions = await finishedExecutions(api, made, 2);
				// Another execution would have finished by now: a dozen deliveries took seconds.
				await new Promise((resolve) => setTimeout(resolve, 3_000));
				expect(await api.listExecutions(made.id)).toHaveLength(executions.length);
				expect(executions).toHaveLength(2);
			} finally {
				await slow.stop();
				await api.unpublish(made.id);
			}
		}));
});
