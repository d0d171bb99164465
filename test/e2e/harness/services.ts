import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { cleanEnv, run } from './proc';
import { waitFor } from './wait';

/**
 * Throwaway PostgreSQL and Redis servers for n8n's queue mode, on 127.0.0.1 only, from Debian's
 * `postgresql` and `redis-server` packages (test/e2e/install-services.sh installs them). Nothing is
 * kept: no Redis persistence, and the database cluster lives in a temp folder deleted on stop.
 */
export interface ServiceHandle {
	readonly port: number;
	/** The n8n environment that points at this service. */
	readonly n8nEnv: Record<string, string>;
	readonly logPath: string;
	logTail(lines?: number): string;
	/** Stops the server as its own shutdown does and starts it again on the same port and data. */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) killGroup(child, 'SIGKILL');
});

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
	// Durability off: the cluster is thrown away, and fsync is slow on CI disks.
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
		'synchronous_commit=off',
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
	// SIGINT is PostgreSQL's "fast" shutdown.
	await service.start(cmd, args, 'database system is ready to accept connections', 'SIGINT');
	return service;
}

/** A redis-server on a free loopback port, without RDB or AOF persistence. */
export async function startRedis(): Promise<ServiceHandle> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-redis-'));
	const port = await freeLoopbackPort();
	const service = new Service('redis', dir, port, {
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(port),
	});
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
	await service.start(
		'redis-server',
		[...args, '--dir', dir, '--daemonize', 'no'],
		'Ready to accept connections',
		'SIGTERM',
	);
	return service;
}

/**
 * nginx in front of n8n, as n8n's docs suggest for webhook processes: `/webhook/` goes to the
 * webhook processes (round robin; one that refuses connections is skipped and left out for a few
 * seconds: passive failover), everything else to the main process. A request already sent to a
 * process that dies gets 502: nginx does not send a POST twice, the sender retries it.
 */
export async function startNginx({
	webhookPorts,
	mainPort,
}: {
	webhookPorts: number[];
	mainPort: number;
}): Promise<ServiceHandle> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-nginx-'));
	const port = await freeLoopbackPort();
	const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
	const config = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log stderr notice;
events { worker_connections 4096; }
http {
	access_log off;
	${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n\t')}
	client_max_body_size 16m;
	upstream webhooks {
		${webhookPorts.map((webhook) => `server 127.0.0.1:${webhook} max_fails=1 fail_timeout=3s;`).join('\n\t\t')}
		keepalive 64;
	}
	upstream main { server 127.0.0.1:${mainPort}; }
	server {
		listen 127.0.0.1:${port};
		location /webhook/ {
			proxy_pass http://webhooks;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_next_upstream error timeout http_502 http_503;
			proxy_connect_timeout 2s;
			proxy_read_timeout 120s;
		}
		location / {
			proxy_pass http://main;
		}
	}
}
`;
	const configPath = path.join(dir, 'nginx.conf');
	writeFileSync(configPath, config);
	const service = new Service('nginx', dir, port, {});
	await service.start(
		nginxBin(),
		['-p', dir, '-c', configPath, '-g', 'daemon off;'],
		'start worker process',
		'SIGQUIT',
	);
	return service;
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
		private readonly dir: string,
		readonly port: number,
		readonly n8nEnv: Record<string, string>,
	) {
		this.logPath = path.join(dir, `${name}.log`);
	}

	async start(command: string, args: string[], readyLine: string, stopSignal: NodeJS.Signals) {
		this.stopSignal = stopSignal;
		this.launch = { command, args, readyLine };
		const logFd = openSync(this.logPath, 'w');
		const child = spawn(command, args, {
			cwd: this.dir,
			env: cleanEnv(),
			stdio: ['ignore', logFd, logFd],
			detached: true,
		});
		closeSync(logFd);
		this.child = child;
		running.add(child);
		this.exited = new Promise((resolve) => {
			child.once('exit', () => {
				running.delete(child);
				resolve();
			});
		});
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

	logTail(lines = 40): string {
		if (!existsSync(this.logPath)) return `(no ${this.name} log)`;
		return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	}

	async restart(): Promise<void> {
		await this.stopProcess();
		const { command, args, readyLine } = this.launch!;
		await this.start(command, args, readyLine, this.stopSignal);
	}

	private async stopProcess(): Promise<void> {
		const child = this.child;
		this.child = undefined;
		if (child && child.exitCode === null && child.signalCode === null) {
			killGroup(child, this.stopSignal);
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

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}
