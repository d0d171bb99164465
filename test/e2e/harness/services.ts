import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { cleanEnv, killGroup, run, spawnLogged } from './proc';
import { waitFor } from './wait';

/**
 * Throwaway PostgreSQL and Redis servers for n8n's queue mode, on 127.0.0.1 only, from Debian's
 * `postgresql` and `redis-server` packages (test/e2e/install-services.sh installs them). Nothing is
 * kept past stop(): the data folders are temp folders. Redis starts without persistence (as n8n's
 * docs show it); `RedisHandle.persist` turns its append-only file on, as a careful operator would.
 */
export interface ServiceHandle {
	readonly port: number;
	/** The n8n environment that points at this service. */
	readonly n8nEnv: Record<string, string>;
	readonly logPath: string;
	logTail(lines?: number): string;
	/** Stops the server as its own shutdown does and starts it again on the same port and data. */
	restart(): Promise<void>;
	/** Kills the server at once (SIGKILL, as `kill -9`) and starts it again on the same port and data. */
	crashAndStart(): Promise<void>;
	stop(): Promise<void>;
}

/** Redis' persistence: none (n8n's docs), or an append-only file fsynced always or every second. */
export type RedisPersistence = 'none' | 'appendfsync always' | 'appendfsync everysec';

export interface RedisHandle extends ServiceHandle {
	/** The persistence Redis has now, and keeps across restarts. */
	readonly persistence: RedisPersistence;
	/** Switches persistence on the running server (CONFIG SET) and for every later start. */
	persist(persistence: RedisPersistence): Promise<void>;
}

export interface NginxOptions {
	/**
	 * Also pass a POST that a dying webhook process never answered to the other one
	 * (`proxy_next_upstream error timeout non_idempotent`): nginx does not by default, since the
	 * first process may have acted on it.
	 */
	nonIdempotent?: boolean;
	/** Webhook processes (their ports) out of rotation: nginx sends them nothing new. */
	down?: number[];
	/**
	 * Route every copy of a delivery to the same webhook process (`hash … consistent`): on the
	 * provider's delivery id header where it sends one (X-Webhook-ID, webhook-id,
	 * X-GitHub-Delivery), else on the body, which a retry sends again byte for byte. That
	 * process's memory of deliveries then catches the retry. A process out of rotation or failed
	 * hands its keys to the next one on the ring.
	 */
	hashRouting?: boolean;
}

export interface NginxHandle extends ServiceHandle {
	readonly options: NginxOptions;
	/**
	 * Writes the configuration with these options; nginx reloads it without dropping a request
	 * (its old workers finish theirs).
	 */
	configure(options: NginxOptions): Promise<void>;
}

/** PostgreSQL's server binaries of the newest major version Debian installed. */
function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) {
		throw new Error('PostgreSQL is not installed: run bash test/e2e/install-services.sh');
	}
	return path.join(root, versions[0], 'bin');
}

/** initdb and postgres refuse to run as root: run them as Debian's `postgres` user then. */
async function asDbUser(): Promise<{
	wrap: (cmd: string, args: string[]) => [string, string[]];
	uid?: number;
	gid?: number;
}> {
	if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args] };
	const uid = Number((await run('id', ['-u', 'postgres'])).trim());
	const gid = Number((await run('id', ['-g', 'postgres'])).trim());
	return { wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]], uid, gid };
}

/** A fresh cluster (initdb, trust auth, user `n8n`) served on a free loopback port, no socket file. */
export async function startPostgres(): Promise<ServiceHandle> {
	const bin = postgresBinDir();
	const user = await asDbUser();
	const dir = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-pg-'));
	if (user.uid !== undefined) await chown(dir, user.uid, user.gid!);
	const dataDir = path.join(dir, 'data');
	const [initdb, initArgs] = user.wrap(path.join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		'n8n',
		'--auth=trust',
		'-E',
		'UTF8',
		'--locale=C',
		'--no-sync',
	]);
	try {
		await run(initdb, initArgs, { cwd: dir, timeoutMs: 120_000 });
	} catch (error) {
		await rm(dir, { recursive: true, force: true });
		throw error;
	}
	const port = await freeLoopbackPort();
	// fsync off: the cluster is thrown away, and fsync is slow on CI disks; only a machine crash
	// could lose a commit then. Commits stay synchronous (PostgreSQL's default, as in production):
	// with synchronous_commit=off a commit n8n was told of could be gone after the restart, and the
	// suite could not tell that from an event answered 2xx without a run.
	const [cmd, args] = user.wrap(path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'unix_socket_directories=',
		'-c',
		'fsync=off',
		'-c',
		'full_page_writes=off',
	]);
	const service = new Service('postgres', dir, port, {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(port),
		DB_POSTGRESDB_DATABASE: 'postgres',
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: '',
	});
	// SIGINT to the postmaster alone is PostgreSQL's "fast" shutdown (to each backend, SIGINT
	// would cancel its query).
	service.signalOnly(() => postmasterPid(dataDir));
	await service.start(cmd, args, 'database system is ready to accept connections', 'SIGINT');
	return service;
}

/** A redis-server on a free loopback port, without RDB or AOF persistence until told otherwise. */
export async function startRedis(): Promise<RedisHandle> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-redis-'));
	const port = await freeLoopbackPort();
	const service = new RedisService('redis', dir, port, {
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(port),
	});
	await service.startWith('none');
	return service;
}

/**
 * nginx in front of n8n, as n8n's docs suggest for webhook processes: `/webhook/` goes to the
 * webhook processes (round robin; one that refuses connections is skipped and left out for a few
 * seconds: passive failover), everything else to the main process. A request already sent to a
 * process that dies gets 502: nginx does not send a POST twice, the sender retries it — unless
 * `nonIdempotent` is set, when nginx passes it to the other process.
 */
export async function startNginx({
	webhookPorts,
	mainPort,
	options = {},
}: {
	webhookPorts: number[];
	mainPort: number;
	/**
	 * The configuration to start with. Started with it, nginx has no old workers still serving
	 * kept-alive connections with the previous one, as for a while after a reload.
	 */
	options?: NginxOptions;
}): Promise<NginxHandle> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-nginx-'));
	const port = await freeLoopbackPort();
	const service = new NginxService('nginx', dir, port, {}, { webhookPorts, mainPort });
	await service.configure(options);
	return service;
}

/**
 * HAProxy in front of the webhook processes, with the lines docs/operations.md gives: every copy of
 * a delivery goes to one process, chosen by a consistent hash of the provider's delivery id header
 * where it sends one, else of the body.
 */
export async function startHaproxy({
	webhookPorts,
}: {
	webhookPorts: number[];
}): Promise<ServiceHandle> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-haproxy-'));
	const port = await freeLoopbackPort();
	const configPath = path.join(dir, 'haproxy.cfg');
	writeFileSync(
		configPath,
		`global
	maxconn 1024
defaults
	mode http
	timeout connect 2s
	timeout client 120s
	timeout server 120s
frontend webhooks
	bind 127.0.0.1:${port}
	default_backend n8n_webhooks
backend n8n_webhooks
	${HAPROXY_ROUTING.join('\n\t')}
	${webhookPorts.map((webhook, index) => `server webhook${index + 1} 127.0.0.1:${webhook}`).join('\n\t')}
`,
	);
	const service = new Service('haproxy', dir, port, {});
	await service.start(haproxyBin(), ['-db', '-f', configPath], '', 'SIGTERM');
	return service;
}

/** The nginx lines of docs/operations.md that route every copy of a delivery to one process. */
export const NGINX_ROUTING = {
	map: [
		'map $http_x_webhook_id$http_webhook_id$http_x_github_delivery $delivery_route {',
		'    ""      $request_body;',
		'    default $http_x_webhook_id$http_webhook_id$http_x_github_delivery;',
		'}',
	],
	upstream: 'hash $delivery_route consistent;',
	// The body in memory before the upstream is chosen (else $request_body is empty for the hash).
	location: 'client_body_buffer_size 16m;',
};

/** The backend lines of docs/operations.md that route every copy of a delivery to one process. */
export const HAPROXY_ROUTING = [
	'option http-buffer-request',
	'http-request set-var(txn.route) req.body',
	...['X-GitHub-Delivery', 'webhook-id', 'X-Webhook-ID'].map(
		(header) =>
			`http-request set-var(txn.route) req.hdr(${header}) if { req.hdr(${header}) -m found }`,
	),
	// Hashed first: HAProxy 2.6 sends every request to one server on the variable itself.
	'balance hash var(txn.route),sha1',
	'hash-type consistent',
];

function haproxyBin(): string {
	for (const candidate of ['/usr/sbin/haproxy', '/usr/bin/haproxy']) {
		if (existsSync(candidate)) return candidate;
	}
	throw new Error('HAProxy is not installed: run bash test/e2e/install-services.sh');
}

/** nginx's configuration for the scale suite's topology. */
function nginxConfig(
	dir: string,
	port: number,
	{ webhookPorts, mainPort }: { webhookPorts: number[]; mainPort: number },
	options: NginxOptions,
): string {
	const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
	// A 502 or 503 of n8n's means the other process would answer the same (its database is down):
	// passing a POST on for it only marks both processes failed. A connection that broke is what a
	// dying process leaves.
	const retryOn = options.nonIdempotent
		? ['error', 'timeout', 'non_idempotent']
		: ['error', 'timeout', 'http_502', 'http_503'];
	return `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log stderr notice;
events { worker_connections 4096; }
http {
	access_log off;
	${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n\t')}
	client_max_body_size 16m;
	${options.hashRouting ? NGINX_ROUTING.map.join('\n\t') : ''}
	upstream webhooks {
		${options.hashRouting ? NGINX_ROUTING.upstream : ''}
		${webhookPorts.map((webhook) => `server 127.0.0.1:${webhook} max_fails=1 fail_timeout=3s${options.down?.includes(webhook) ? ' down' : ''};`).join('\n\t\t')}
		keepalive 64;
		# Below Node's 5 s keepAliveTimeout, which n8n keeps: a connection n8n is closing is never
		# reused for a POST (that one would get 502, and nginx passes no POST on).
		keepalive_timeout 4s;
	}
	upstream main { server 127.0.0.1:${mainPort}; }
	server {
		listen 127.0.0.1:${port};
		location /webhook/ {
			proxy_pass http://webhooks;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_next_upstream ${retryOn.join(' ')};
			proxy_connect_timeout 2s;
			proxy_read_timeout 120s;
			${NGINX_ROUTING.location}
		}
		location / {
			proxy_pass http://main;
		}
	}
}
`;
}

function postmasterPid(dataDir: string): number | undefined {
	const file = path.join(dataDir, 'postmaster.pid');
	if (!existsSync(file)) return undefined;
	const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function nginxBin(): string {
	for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
		if (existsSync(candidate)) return candidate;
	}
	throw new Error('nginx is not installed: run bash test/e2e/install-services.sh');
}

class Service implements ServiceHandle {
	readonly logPath: string;
	private child: ChildProcess | undefined;
	private exited: Promise<void> = Promise.resolve();
	private stopSignal: NodeJS.Signals = 'SIGTERM';
	private launch: { command: string; args: string[]; readyLine: string } | undefined;

	constructor(
		private readonly name: string,
		protected readonly dir: string,
		readonly port: number,
		readonly n8nEnv: Record<string, string>,
	) {
		this.logPath = path.join(dir, `${name}.log`);
	}

	async start(command: string, args: string[], readyLine: string, stopSignal: NodeJS.Signals) {
		this.stopSignal = stopSignal;
		this.launch = { command, args, readyLine };
		const { child, exited } = spawnLogged(command, args, {
			cwd: this.dir,
			env: cleanEnv(),
			logPath: this.logPath,
		});
		this.child = child;
		this.exited = exited;
		try {
			await waitFor(
				async () => {
					if (child.exitCode !== null || child.signalCode !== null) {
						throw new ServiceExited(`${this.name} exited (${child.exitCode ?? child.signalCode})`);
					}
					if (!readFileSync(this.logPath, 'utf8').includes(readyLine)) return false;
					return await canConnect(this.port);
				},
				{
					timeoutMs: 60_000,
					intervalMs: 100,
					description: `${this.name} on 127.0.0.1:${this.port}`,
					isFatal: (error) => error instanceof ServiceExited,
				},
			);
		} catch (error) {
			const err = error instanceof Error ? error : new Error(String(error));
			err.message += `\n--- ${this.name} log ---\n${this.logTail()}`;
			await this.stop();
			throw err;
		}
	}

	private stopTarget: (() => number | undefined) | undefined;

	/** Sends the stop signal to this process alone (its pid, read when stopping), not the group. */
	signalOnly(target: () => number | undefined): void {
		this.stopTarget = target;
	}

	/** What the next restart starts (the same ready line and stop signal). */
	protected relaunch(command: string, args: string[]): void {
		this.launch = { ...this.launch!, command, args };
	}

	logTail(lines = 40): string {
		if (!existsSync(this.logPath)) return `(no ${this.name} log)`;
		return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	}

	async restart(): Promise<void> {
		await this.stopProcess();
		await this.startAgain();
	}

	async crashAndStart(): Promise<void> {
		const child = this.child;
		this.child = undefined;
		if (child) {
			killGroup(child, 'SIGKILL');
			await this.exited;
		}
		await this.startAgain();
	}

	/** Starts what the last start (or relaunch) named, on the same port and data. */
	private async startAgain(): Promise<void> {
		const { command, args, readyLine } = this.launch!;
		await this.start(command, args, readyLine, this.stopSignal);
	}

	/** Sends SIGHUP (a reload) to the running process; false when none runs. */
	protected reload(): boolean {
		const child = this.child;
		if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return false;
		process.kill(child.pid, 'SIGHUP');
		return true;
	}

	protected async stopProcess(): Promise<void> {
		const child = this.child;
		this.child = undefined;
		if (child && child.exitCode === null && child.signalCode === null) {
			const pid = this.stopTarget?.();
			if (pid === undefined) killGroup(child, this.stopSignal);
			else process.kill(pid, this.stopSignal);
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
			await this.exited;
			clearTimeout(timer);
		}
	}

	async stop(): Promise<void> {
		await this.stopProcess();
		if (process.env.E2E_KEEP_FOLDERS !== '1') {
			await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
		}
	}
}

class RedisService extends Service implements RedisHandle {
	persistence: RedisPersistence = 'none';

	async startWith(persistence: RedisPersistence): Promise<void> {
		this.persistence = persistence;
		await this.start('redis-server', this.args(), 'Ready to accept connections', 'SIGTERM');
	}

	async persist(persistence: RedisPersistence): Promise<void> {
		const [, fsync] = persistence.split(' ');
		const settings =
			persistence === 'none' ? ['appendonly', 'no'] : ['appendonly', 'yes', 'appendfsync', fsync];
		const cli = async (...args: string[]) =>
			await run('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), ...args]);
		await cli('CONFIG', 'SET', ...settings);
		// Turning the append-only file on writes it anew in the background: done before any fault.
		await waitFor(async () => /aof_rewrite_in_progress:0/.test(await cli('INFO', 'persistence')), {
			timeoutMs: 60_000,
			intervalMs: 200,
			description: 'Redis writing its append-only file',
		});
		this.persistence = persistence;
		// Later starts (restart, crashAndStart) start with the same persistence.
		this.relaunch('redis-server', this.args());
	}

	private args(): string[] {
		const [, fsync] = this.persistence.split(' ');
		return [
			'--bind',
			'127.0.0.1',
			'--port',
			String(this.port),
			'--save',
			'',
			...(fsync ? ['--appendonly', 'yes', '--appendfsync', fsync] : ['--appendonly', 'no']),
			'--dir',
			this.dir,
			'--daemonize',
			'no',
		];
	}
}

class NginxService extends Service implements NginxHandle {
	options: NginxOptions = {};

	constructor(
		name: string,
		dir: string,
		port: number,
		n8nEnv: Record<string, string>,
		private readonly upstreams: { webhookPorts: number[]; mainPort: number },
	) {
		super(name, dir, port, n8nEnv);
	}

	async configure(options: NginxOptions): Promise<void> {
		this.options = options;
		const configPath = path.join(this.dir, 'nginx.conf');
		writeFileSync(configPath, nginxConfig(this.dir, this.port, this.upstreams, options));
		const workersStarted = () => this.logTail(10_000).split('start worker process').length;
		const before = workersStarted();
		if (this.reload()) {
			await waitFor(async () => workersStarted() > before, {
				timeoutMs: 30_000,
				intervalMs: 100,
				description: 'nginx reloading its configuration',
			});
			return;
		}
		await this.start(
			nginxBin(),
			['-p', this.dir, '-c', configPath, '-g', 'daemon off;'],
			'start worker process',
			'SIGQUIT',
		);
	}
}

class ServiceExited extends Error {}

/** A loopback port nobody listens on now. */
export async function freeLoopbackPort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function canConnect(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}
