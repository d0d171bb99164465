import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { withLog } from './diagnostics';
import { installCommunityPackage } from './install-package';
import { N8N_BIN, N8N_MAJOR, N8N_PROJECT_DIR, NODE_BIN, NODE_BIN_DIR } from './paths';
import { cleanEnv, killGroup, spawnLogged } from './proc';
import { waitFor } from './wait';

export type ExecutionsMode = 'regular' | 'queue';

/** `start` = the main process (editor, API); `worker` and `webhook` are queue mode's other processes. */
export type N8nCommand = 'start' | 'worker' | 'webhook';

/** The log line each command prints once it serves. */
const READY_LINE: Record<N8nCommand, string> = {
	start: 'Editor is now accessible',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests',
};

export interface StartN8nOptions {
	/** Which n8n process to run; default `start`. Only `start` logs in and makes an API key. */
	command?: N8nCommand;
	/** `npm pack` tarball to install as a community package before the first start. */
	tarball?: string;
	/** EXECUTIONS_MODE; queue mode also needs Redis and a database given through `env`. */
	executionsMode?: ExecutionsMode;
	/** Extra environment for n8n; wins over the harness defaults. */
	env?: Record<string, string>;
	/** Reuse an existing user folder instead of a fresh temp one (it is then not deleted on stop). */
	userFolder?: string;
	port?: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	readyTimeoutMs?: number;
}

export interface N8nHandle {
	readonly baseUrl: string;
	readonly port: number;
	readonly apiKey: string;
	/** `n8n-auth=...` for the internal /rest API, as the editor sends it. */
	readonly cookie: string;
	/** Sent as `browser-id` with the cookie: n8n ties its auth cookie to the browser that logged in. */
	readonly browserId: string;
	readonly userFolder: string;
	/** Log of the current (latest) start; each start writes a new file. */
	readonly logPath: string;
	readonly owner: { email: string; password: string };
	/** The running n8n's process group (its task-runner children too); undefined while stopped. */
	readonly processGroup: number | undefined;
	/** Stops n8n (SIGTERM, then SIGKILL if it hangs) and deletes a temp user folder. */
	stop(): Promise<void>;
	/** Stops n8n, waits for it to exit, and starts it again on the same folder and port. */
	restart(): Promise<void>;
	/** Kills n8n and its children at once (SIGKILL, as `kill -9`), with no shutdown of its own. */
	crash(): Promise<void>;
	/** Starts n8n again after crash(), on the same folder and port. */
	start(): Promise<void>;
	logTail(lines?: number): string;
}

const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-Passw0rd!' };
// n8n drains for up to N8N_GRACEFUL_SHUTDOWN_TIMEOUT (30 s) on SIGTERM: give it that and more.
const STOP_TIMEOUT_MS = 45_000;

export async function startN8n(opts: StartN8nOptions = {}): Promise<N8nHandle> {
	if (!existsSync(N8N_BIN) || !existsSync(NODE_BIN)) {
		throw new Error(`n8n is not installed in ${N8N_PROJECT_DIR}: run bash test/e2e/install-n8n.sh`);
	}
	const ownsFolder = opts.userFolder === undefined;
	const userFolder = opts.userFolder ?? (await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-')));
	const instance = new N8nInstance(opts, userFolder, ownsFolder, opts.port ?? (await freePort()));
	try {
		if (opts.tarball) await installCommunityPackage(opts.tarball, userFolder);
		await instance.start();
	} catch (error) {
		// The error already carries the log tail; the caller has no handle to clean up with.
		await instance.stop();
		throw error;
	}
	return instance;
}

class N8nInstance implements N8nHandle {
	readonly baseUrl: string;
	readonly owner = OWNER;
	readonly browserId = 'e2e-browser';
	apiKey = '';
	cookie = '';
	logPath = '';
	private child: ChildProcess | undefined;
	private exited: Promise<void> = Promise.resolve();

	get processGroup(): number | undefined {
		// Spawned detached: its own group, whose id is its pid.
		return this.child?.pid;
	}

	private starts = 0;
	private readonly env: NodeJS.ProcessEnv;

	constructor(
		private readonly opts: StartN8nOptions,
		readonly userFolder: string,
		private readonly ownsFolder: boolean,
		readonly port: number,
	) {
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.env = cleanEnv({ ...n8nEnv(userFolder, port, opts), ...opts.env });
	}

	async start(): Promise<void> {
		this.starts += 1;
		const command = this.opts.command ?? 'start';
		const prefix = command === 'start' ? 'n8n' : `n8n-${command}`;
		this.logPath = path.join(this.userFolder, `${prefix}-start-${this.starts}.log`);
		// Own process group: stop() also reaches n8n's task-runner children.
		const { child, exited } = spawnLogged(NODE_BIN, [N8N_BIN, command], {
			cwd: this.userFolder,
			env: this.env,
			logPath: this.logPath,
		});
		this.child = child;
		this.exited = exited;
		try {
			await this.waitUntilReady(child, command);
			if (command === 'start') {
				// n8n 1.x has no owner-from-environment settings: the owner is set up as in the editor.
				if (N8N_MAJOR < 2) await this.setUpOwner();
				await this.login();
				this.apiKey ||= await this.createApiKey();
			}
		} catch (error) {
			await this.stopProcess();
			throw withLog(error, this);
		}
	}

	async stop(): Promise<void> {
		await this.stopProcess();
		if (this.ownsFolder && process.env.E2E_KEEP_FOLDERS !== '1') {
			await rm(this.userFolder, { recursive: true, force: true, maxRetries: 3 });
		}
	}

	async restart(): Promise<void> {
		await this.stopProcess();
		await this.start();
	}

	async crash(): Promise<void> {
		const child = this.child;
		if (!child) return;
		this.child = undefined;
		killGroup(child, 'SIGKILL');
		await this.exited;
	}

	logTail(lines = 80): string {
		if (!this.logPath || !existsSync(this.logPath)) return '(no n8n log)';
		const all = readFileSync(this.logPath, 'utf8').trimEnd().split('\n');
		return all.slice(-lines).join('\n');
	}

	private async stopProcess(): Promise<void> {
		const child = this.child;
		if (!child) return;
		this.child = undefined;
		if (child.exitCode === null && child.signalCode === null) {
			killGroup(child, 'SIGTERM');
			const timedOut = await Promise.race([
				this.exited.then(() => false),
				new Promise<boolean>((resolve) => setTimeout(() => resolve(true), STOP_TIMEOUT_MS).unref()),
			]);
			if (timedOut) killGroup(child, 'SIGKILL');
		}
		await this.exited;
	}

	private async waitUntilReady(child: ChildProcess, command: N8nCommand): Promise<void> {
		await waitFor(
			async () => {
				if (child.exitCode !== null || child.signalCode !== null) {
					throw new FatalStartError(`n8n exited early (${child.exitCode ?? child.signalCode})`);
				}
				const up = readFileSync(this.logPath, 'utf8').includes(READY_LINE[command]);
				if (!up) return false;
				// A worker serves no HTTP unless its health check is turned on.
				if (command === 'worker') return true;
				const res = await fetch(`${this.baseUrl}/healthz`).catch(() => undefined);
				return res?.ok === true;
			},
			{
				timeoutMs: this.opts.readyTimeoutMs ?? 120_000,
				intervalMs: 250,
				description: `n8n on ${this.baseUrl} to be ready`,
				isFatal: (error) => error instanceof FatalStartError,
			},
		);
	}

	/** The first start of n8n 1.x: the owner set-up form (`POST /rest/owner/setup`), once. */
	private async setUpOwner(): Promise<void> {
		const settings = await fetch(`${this.baseUrl}/rest/settings`);
		const { data } = (await settings.json()) as {
			data: { userManagement?: { showSetupOnFirstLoad?: boolean } };
		};
		if (data.userManagement?.showSetupOnFirstLoad !== true) return;
		const res = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({
				email: OWNER.email,
				password: OWNER.password,
				firstName: 'E2e',
				lastName: 'Owner',
			}),
		});
		if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${await res.text()}`);
	}

	private async login(): Promise<void> {
		const res = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
		const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!auth) throw new Error('login answered without an n8n-auth cookie');
		this.cookie = auth.split(';')[0];
	}

	private async createApiKey(): Promise<string> {
		const headers = {
			'content-type': 'application/json',
			cookie: this.cookie,
			'browser-id': this.browserId,
		};
		const scopesRes = await fetch(`${this.baseUrl}/rest/api-keys/scopes`, { headers });
		if (!scopesRes.ok)
			throw new Error(`api-key scopes: ${scopesRes.status} ${await scopesRes.text()}`);
		const { data: scopes } = (await scopesRes.json()) as { data: string[] };
		const res = await fetch(`${this.baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ label: `e2e-${Date.now()}`, scopes, expiresAt: null }),
		});
		if (!res.ok) throw new Error(`api-key creation: ${res.status} ${await res.text()}`);
		const { data } = (await res.json()) as { data: { rawApiKey: string } };
		return data.rawApiKey;
	}
}

class FatalStartError extends Error {}

function n8nEnv(userFolder: string, port: number, opts: StartN8nOptions): Record<string, string> {
	const baseUrl = `http://127.0.0.1:${port}/`;
	return {
		PATH: `${NODE_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: baseUrl,
		N8N_WEBHOOK_URL: baseUrl,
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: opts.logLevel ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_MODE: opts.executionsMode ?? 'regular',
		// Outbound features off: this machine reaches no internet, and tests must not try.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// Only fetches n8n's catalogue of MCP servers from its website (a 2.x module; n8n 1.x refuses
		// to start when told to disable a module it does not know).
		...(N8N_MAJOR >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// The task-runner broker defaults to port 5679: two n8n at once would collide.
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		...(N8N_MAJOR >= 2
			? {
					N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
					N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
					N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(OWNER.password),
					N8N_INSTANCE_OWNER_FIRST_NAME: 'E2e',
					N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
				}
			: {}),
	};
}

/** n8n checks the owner's password with its own bcryptjs; hash with the same one. */
function bcryptHash(password: string): string {
	const requireFromN8n = createRequire(
		path.join(N8N_PROJECT_DIR, 'node_modules', 'n8n', 'package.json'),
	);
	const bcrypt = requireFromN8n('bcryptjs') as { hashSync(s: string, rounds: number): string };
	return bcrypt.hashSync(password, 10);
}

/** Ports handed out to n8n processes of this test run, with their runner broker's. */
const handedOut = new Set<number>();

/**
 * A loopback port that is free now, and whose neighbour (runner broker) is free too, neither given
 * to another n8n of this run: processes started together would otherwise take each other's
 * broker port (seen: "Task Broker's port … is already in use").
 */
async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const port = await listenOnce(0);
		if ([port, port + 1].some((taken) => handedOut.has(taken))) continue;
		if ((await listenOnce(port + 1).catch(() => 0)) === port + 1) {
			handedOut.add(port).add(port + 1);
			return port;
		}
	}
	throw new Error('no free pair of loopback ports found');
}

function listenOnce(port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const { port: bound } = server.address() as net.AddressInfo;
			server.close(() => resolve(bound));
		});
	});
}
