/**
 * `npm run try`: this package inside a real n8n on http://127.0.0.1:5678, with the Divalto weavy,
 * Sarbacane and GetResponse simulators on loopback and credentials pointing at them, so every
 * trigger can be published, tested and fed deliveries without any account. Ctrl-C stops it all.
 *
 * Ports (loopback only): n8n 5678 (+5679 for its task runners), weavy 5701, Sarbacane 5702,
 * GetResponse 5703, and 5700 for the delivery commands this script serves.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';

import { GETRESPONSE_KEY, GetResponseSimulator } from '../simulators/getresponse';
import { SARBACANE_ACCOUNT, SarbacaneSimulator } from '../simulators/sarbacane';
import { WEAVY_USER, WeavySimulator } from '../simulators/weavy';
import { N8nApi } from './harness/api';
import { startN8n, type N8nHandle } from './harness/n8n';
import { packPackage } from './harness/pack';
import { REPO_ROOT } from './harness/paths';

const PORTS = { n8n: 5678, control: 5700, weavy: 5701, sarbacane: 5702, getResponse: 5703 };
const CONTROL = `http://127.0.0.1:${PORTS.control}`;

function say(text = ''): void {
	process.stdout.write(`${text}\n`);
}

function installN8n(): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('bash', [path.join(REPO_ROOT, 'test', 'e2e', 'install-n8n.sh')], {
			stdio: 'inherit',
		});
		child.once('error', reject);
		child.once('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`install-n8n.sh exited with ${code}`)),
		);
	});
}

async function readJson(request: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString().trim();
	return text ? JSON.parse(text) : undefined;
}

/**
 * The delivery commands: each makes a simulator send what the real provider would, to the URLs
 * the triggers subscribed (so the secret in those URLs is right).
 */
function controlServer(
	weavy: WeavySimulator,
	sarbacane: SarbacaneSimulator,
	getResponse: GetResponseSimulator,
): Server {
	const routes: Array<[RegExp, (match: RegExpExecArray, body: unknown) => Promise<unknown>]> = [
		[
			/^\/weavy\/([\w-]+)$/,
			async ([, event], body) =>
				await weavy.deliver(event, body ?? { codecustomer: 'CUS-TRY-1', name: 'Try customer' }),
		],
		[
			/^\/sarbacane\/([\w-]+)$/,
			async ([, kind], body) =>
				await sarbacane.deliver(
					kind,
					body ?? {
						email: 'someone@example.com',
						campaignId: 'try-campaign',
						date: new Date().toISOString(),
						type: kind.toLowerCase(),
					},
				),
		],
		[
			/^\/getresponse\/([\w-]+)$/,
			async ([, action], body) => {
				const { query } = getResponse.callbackRequest(
					action,
					(body as Record<string, string> | undefined) ?? { contact_email: 'friend@example.com' },
				);
				const url = new URL(getResponse.callback!.url);
				url.search = new URLSearchParams(query as Record<string, string>).toString();
				const res = await fetch(url);
				return [{ url: url.toString(), status: res.status }];
			},
		],
		[
			/^\/subscriptions$/,
			async () => ({
				weavy: [...weavy.subscriptions.values()],
				sarbacane: [...sarbacane.webhooks.values()],
				getResponseCallback: getResponse.callback ?? null,
			}),
		],
	];
	return createServer((request: IncomingMessage, response: ServerResponse) => {
		void (async () => {
			const pathname = new URL(request.url ?? '/', CONTROL).pathname;
			let status = 200;
			let answer: unknown;
			try {
				const route = routes.find(([pattern]) => pattern.test(pathname));
				if (!route) {
					status = 404;
					answer = { message: `no command ${pathname}` };
				} else {
					answer = await route[1](route[0].exec(pathname)!, await readJson(request));
					if (Array.isArray(answer) && answer.length === 0) {
						answer = { message: 'nothing is subscribed to that event: publish a workflow first' };
					}
				}
			} catch (error) {
				status = 400;
				answer = { message: error instanceof Error ? error.message : String(error) };
			}
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(`${JSON.stringify(answer, null, 2)}\n`);
		})();
	});
}

async function main(): Promise<void> {
	say('[try] installing n8n into .e2e/ if needed (the first time takes several minutes)...');
	await installN8n();
	say('[try] building and packing the package...');
	const tarball = await packPackage();

	const weavy = await new WeavySimulator().start(PORTS.weavy);
	const sarbacane = await new SarbacaneSimulator().start(PORTS.sarbacane);
	const getResponse = await new GetResponseSimulator().start(PORTS.getResponse);
	const control = controlServer(weavy, sarbacane, getResponse);
	await new Promise<void>((resolve) => control.listen(PORTS.control, '127.0.0.1', resolve));

	// Set once n8n is up; a Ctrl+C during its start stops what is running so far.
	const running: { n8n?: N8nHandle } = {};
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\n[try] stopping n8n and the simulators...');
		await running.n8n?.stop();
		control.closeAllConnections();
		control.close();
		await Promise.all([weavy.stop(), sarbacane.stop(), getResponse.stop()]);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	say(`[try] starting n8n on http://127.0.0.1:${PORTS.n8n} with the package installed...`);
	const n8n = await startN8n({ tarball, port: PORTS.n8n });
	running.n8n = n8n;
	const api = new N8nApi(n8n);
	const credentials = [
		await api.createCredential('divaltoWeavyApi', 'Divalto weavy (simulator)', {
			baseUrl: weavy.url,
			projectCode: WEAVY_USER.projectCode,
			username: WEAVY_USER.username,
			password: WEAVY_USER.password,
		}),
		await api.createCredential('sarbacaneApi', 'Sarbacane (simulator)', {
			accountId: SARBACANE_ACCOUNT.accountId,
			apiKey: SARBACANE_ACCOUNT.apiKey,
			baseUrl: sarbacane.baseUrl,
		}),
		await api.createCredential('getResponseWebhooksApi', 'GetResponse (simulator)', {
			apiKey: GETRESPONSE_KEY,
			baseUrl: 'custom',
			customBaseUrl: getResponse.apiUrl,
			domain: '',
		}),
	];

	say(`
n8n is running with n8n-nodes-resthooks installed as a community package.

  Editor:    ${n8n.baseUrl}
  Log in:    ${n8n.owner.email}  /  ${n8n.owner.password}
  n8n log:   ${n8n.logPath}
  Credentials made for the simulators: ${credentials.map((c) => `"${c.name}"`).join(', ')}

Try it:
  1. Open the editor, create a workflow, add "Divalto Weavy Trigger" (or "Sarbacane Trigger", or
     "GetResponse Webhooks Trigger" with Source = Callbacks) and pick its simulator credential.
  2. Choose events and click "Listen for test event": sample records appear at once, without any
     real event.
  3. Publish the workflow: the trigger subscribes in the simulator. See the subscriptions:
       curl ${CONTROL}/subscriptions
  4. Make a simulator deliver an event to the subscribed URL (optional JSON body = the record):
       curl -X POST ${CONTROL}/weavy/NewCustomer -d '{"codecustomer":"CUS1","name":"Martin"}'
       curl -X POST ${CONTROL}/sarbacane/OPEN
       curl -X POST ${CONTROL}/getresponse/subscribe -d '{"contact_email":"a@example.com"}'
     Then open the workflow's Executions tab. A request without the URL's secret gets 401.
  5. Unpublish: the subscriptions disappear from the simulators.

Press Ctrl-C to stop n8n and the simulators (the n8n data folder is deleted; set
E2E_KEEP_FOLDERS=1 to keep ${n8n.userFolder}).
`);
}

main().catch((error: unknown) => {
	process.stderr.write(`[try] failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
