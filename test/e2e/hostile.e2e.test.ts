import { randomUUID } from 'node:crypto';

import { signBody } from '../harness/signing';
import { N8nApi, waitFor, type Workflow } from './harness/api';
import { withN8nLog } from './harness/diagnostics';
import type { N8nHandle } from './harness/n8n';
import { startSuite } from './harness/suite';
import { PACKAGE_NAME } from './harness/paths';

const SIGNING_SECRET = 'sk_live_e2e_hostile_3b9f0c2a7d1e';
const URL_SECRET = 'e2e-hostile-url-secret-41c8d';
const MB = 1024 * 1024;

interface Sent {
	/** Extra query string, e.g. `&secret=x`. */
	query?: string;
	headers?: Array<[string, string]>;
	body: string | Buffer;
	/** `application/json` unless told; null sends none. */
	contentType?: string | null;
}

interface E2eCase {
	name: string;
	request(credential: (body: string | Buffer) => Array<[string, string]> | string): Sent;
	status: number;
	/** Runs this request starts. */
	runs: number;
}

const EVENT = JSON.stringify({ type: 'contact_opened_message', Event: 'Clic', id: 'e-1' });
const padded = (bytes: number) =>
	JSON.stringify({ type: 'contact_opened_message', Event: 'Clic', pad: 'x'.repeat(bytes) });

/**
 * A slice of the hostile corpus (test/hostile/cases.ts) sent over HTTP to real n8n, where n8n's
 * own body parser and size limit come first: the answers a sender really gets, and the runs.
 */
function cases(kind: 'signature' | 'urlSecret'): E2eCase[] {
	const withCredential = (
		credential: (body: string | Buffer) => Array<[string, string]> | string,
		body: string | Buffer,
		headers: Array<[string, string]> = [],
	): Sent => {
		const given = credential(body);
		return typeof given === 'string'
			? { query: given, headers, body }
			: { headers: [...headers, ...given], body };
	};
	return [
		{ name: 'no credential', request: () => ({ body: EVENT }), status: 401, runs: 0 },
		{
			name: 'a forged credential',
			request: () =>
				kind === 'signature'
					? { headers: [['x-signature', 'ab'.repeat(32)]], body: EVENT }
					: { query: '&secret=forged-secret-000000000', body: EVENT },
			status: 401,
			runs: 0,
		},
		{
			name: 'the credential sent twice',
			request: (credential) => {
				const sent = withCredential(credential, EVENT);
				return sent.query
					? { ...sent, query: `${sent.query}${sent.query}` }
					: { ...sent, headers: [...sent.headers!, ...sent.headers!] };
			},
			status: 401,
			runs: 0,
		},
		{
			name: 'the right credential of another body',
			request: (credential) => {
				const sent = withCredential(credential, EVENT);
				return { ...sent, body: padded(10) };
			},
			// A URL secret does not cover the body: it authenticates whatever it comes with.
			status: kind === 'signature' ? 401 : 200,
			runs: kind === 'signature' ? 0 : 1,
		},
		{
			name: 'malformed JSON',
			request: (credential) => withCredential(credential, '{"type": '),
			status: 422,
			runs: 0,
		},
		{
			name: 'an empty body',
			request: (credential) => withCredential(credential, ''),
			status: 400,
			runs: 0,
		},
		{
			name: 'a JSON number',
			request: (credential) => withCredential(credential, '42'),
			status: 400,
			runs: 0,
		},
		{
			name: 'a JSON array of numbers',
			request: (credential) => withCredential(credential, '[1,2]'),
			status: 400,
			runs: 0,
		},
		{
			name: 'JSON nested 10,000 levels deep',
			request: (credential) =>
				withCredential(credential, `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
			status: 400,
			runs: 0,
		},
		{
			name: 'a well-formed event as text/plain',
			request: (credential) => ({
				...withCredential(credential, EVENT),
				contentType: 'text/plain',
			}),
			status: 200,
			runs: 1,
		},
		{
			// From node version 2 on, n8n leaves such a body unread: the trigger reads it.
			name: 'a well-formed event without a content type',
			request: (credential) => ({
				...withCredential(credential, Buffer.from(EVENT)),
				contentType: null,
			}),
			status: 200,
			runs: 1,
		},
		{
			name: 'a well-formed event as application/octet-stream',
			request: (credential) => ({
				...withCredential(credential, EVENT),
				contentType: 'application/octet-stream',
			}),
			status: 200,
			runs: 1,
		},
		{
			name: 'a form body',
			request: (credential) => ({
				...withCredential(credential, 'type=contact_opened_message&Event=Clic'),
				contentType: 'application/x-www-form-urlencoded',
			}),
			status: 400,
			runs: 0,
		},
		{
			name: 'a 5 MB event',
			request: (credential) => withCredential(credential, padded(5 * MB)),
			status: 200,
			runs: 1,
		},
		{
			name: 'an 11 MB event (over the trigger’s 10 MiB)',
			request: (credential) => withCredential(credential, padded(11 * MB)),
			status: 413,
			runs: 0,
		},
		{
			name: 'a 17 MB event (over n8n’s own 16 MiB)',
			request: (credential) => withCredential(credential, padded(17 * MB)),
			// n8n 2.41.1 refuses it itself, before the trigger, answering its body limit with 500.
			status: 500,
			runs: 0,
		},
	];
}

describe('hostile requests to triggers in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	const inN8n = <T>(body: () => Promise<T>) => withN8nLog(() => n8n, body);

	beforeAll(async () => {
		({ n8n, api } = await startSuite());
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	async function send(url: string, sent: Sent) {
		const headers = new Headers();
		const contentType = sent.contentType === undefined ? 'application/json' : sent.contentType;
		if (contentType !== null) headers.set('content-type', contentType);
		for (const [name, value] of sent.headers ?? []) headers.append(name, value);
		const response = await fetch(`${url}${sent.query ?? ''}`, {
			method: 'POST',
			headers,
			body: sent.body,
		});
		return { status: response.status, body: await response.text() };
	}

	async function executions(made: Workflow): Promise<number> {
		return (await api.listExecutions(made.id, { limit: 250 })).length;
	}

	async function run(
		made: Workflow,
		url: string,
		list: E2eCase[],
		credential: Parameters<E2eCase['request']>[0],
	) {
		await api.publish(made.id);
		await waitFor(
			async () => ((await send(url, { body: 'probe' })).status === 404 ? undefined : true),
			{ timeoutMs: 30_000, description: 'the webhook URL served' },
		);
		const seen: Array<{ name: string; status: number; body: string }> = [];
		for (const hostile of list) {
			const answer = await send(url, hostile.request(credential));
			seen.push({ name: hostile.name, status: answer.status, body: answer.body.slice(0, 120) });
		}
		expect(seen.map(({ name, status }) => ({ name, status }))).toEqual(
			list.map(({ name, status }) => ({ name, status })),
		);
		for (const { body } of seen) {
			expect(body).not.toContain(SIGNING_SECRET);
			expect(body).not.toContain(URL_SECRET);
		}
		const expectedRuns = list.reduce((sum, hostile) => sum + hostile.runs, 0);
		await waitFor(async () => (await executions(made)) >= expectedRuns, {
			timeoutMs: 60_000,
			description: `${expectedRuns} executions`,
		});
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(await executions(made)).toBe(expectedRuns);
		await api.unpublish(made.id);
	}

	// Version 1 nodes have n8n read and parse every body; version 2 only the types it knows.
	test.each([1, 2])(
		'Efidem SnapShoot (HMAC), node version %i: each hostile request gets its defined answer and only authentic, well-formed ones run',
		(typeVersion) =>
			inN8n(async () => {
				const credential = await api.createCredential('efidemSnapShootApi', 'hostile e2e', {
					secretKey: SIGNING_SECRET,
					previousSecretKey: '',
				});
				const webhookId = randomUUID();
				const made = await api.createWorkflow({
					name: `efidem hostile v${typeVersion}`,
					nodes: [
						{
							name: 'Efidem SnapShoot Trigger',
							type: `${PACKAGE_NAME}.efidemSnapShootTrigger`,
							typeVersion,
							position: [0, 0],
							webhookId,
							// Each case sends the same event another way, judged alone: the memory of
							// deliveries (one run per event) is off here, tested in compat.e2e.test.ts.
							parameters: { events: ['clicked'], options: { deliveryWindowMinutes: 0 } },
							credentials: { efidemSnapShootApi: { id: credential.id, name: credential.name } },
						},
					],
					connections: {},
				});
				const sign = (body: string | Buffer): Array<[string, string]> => [
					['x-signature', signBody(body, SIGNING_SECRET)],
				];
				await run(made, `${n8n!.baseUrl}/webhook/${webhookId}/webhook`, cases('signature'), sign);
			}),
	);

	test.each([1, 2])(
		'GetResponse webhooks (URL secret), node version %i: each hostile request gets its defined answer and only authentic, well-formed ones run',
		(typeVersion) =>
			inN8n(async () => {
				const webhookId = randomUUID();
				const made = await api.createWorkflow({
					name: `getresponse hostile v${typeVersion}`,
					nodes: [
						{
							name: 'GetResponse Webhooks Trigger',
							type: `${PACKAGE_NAME}.getResponseWebhooksTrigger`,
							typeVersion,
							position: [0, 0],
							webhookId,
							parameters: {
								source: 'webhooks',
								urlSecret: URL_SECRET,
								events: ['contact_opened_message'],
								// Each case judged alone (see the Efidem test above).
								options: { deliveryWindowMinutes: 0 },
							},
						},
					],
					connections: {},
				});
				await run(
					made,
					`${n8n!.baseUrl}/webhook/${webhookId}/webhook?source=e2e`,
					cases('urlSecret'),
					() => `&secret=${URL_SECRET}`,
				);
			}),
	);
});
