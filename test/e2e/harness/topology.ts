import { randomBytes } from 'node:crypto';

import { N8nApi } from './api';
import { startN8n, type N8nHandle, type StartN8nOptions } from './n8n';
import { packPackage } from './pack';
import { run } from './proc';
import {
	freeLoopbackPort,
	startNginx,
	startPostgres,
	startRedis,
	type NginxHandle,
	type RedisHandle,
	type ServiceHandle,
} from './services';

/**
 * n8n scaled out as its docs describe: a main process (editor, API, publication; production
 * webhooks off), two `n8n webhook` processes behind nginx, two `n8n worker`s, PostgreSQL and
 * Redis, all on 127.0.0.1. Each n8n process has its own user folder with the package installed
 * as n8n's community-package installer does, and the same encryption key. Providers deliver to
 * nginx (N8N_WEBHOOK_URL).
 */
export interface Topology {
	postgres: ServiceHandle;
	redis: RedisHandle;
	nginx: NginxHandle;
	main: N8nHandle;
	webhooks: N8nHandle[];
	workers: N8nHandle[];
	api: N8nApi;
	/** Where providers deliver: nginx. */
	webhookBaseUrl: string;
	/** Runs SQL on n8n's database; returns the rows, one array of columns each. */
	sql(query: string): Promise<string[][]>;
	/** Runs a redis-cli command on n8n's Redis; returns its output. */
	redisCli(...args: string[]): Promise<string>;
	logTails(): string;
	stop(): Promise<void>;
}

export async function startTopology(env: Record<string, string> = {}): Promise<Topology> {
	const [tarball, postgres, redis] = await Promise.all([
		packPackage(),
		startPostgres(),
		startRedis(),
	]);
	const [mainPort, webhookPorts] = await Promise.all([
		freeLoopbackPort(),
		Promise.all([freeLoopbackPort(), freeLoopbackPort()]),
	]);
	const nginx = await startNginx({ webhookPorts, mainPort });
	const webhookBaseUrl = `http://127.0.0.1:${nginx.port}`;
	const common: StartN8nOptions = {
		tarball,
		executionsMode: 'queue',
		readyTimeoutMs: 240_000,
		env: {
			...postgres.n8nEnv,
			...redis.n8nEnv,
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			N8N_WEBHOOK_URL: `${webhookBaseUrl}/`,
			...env,
		},
	};
	// Started together, as a deployment does: one process migrates the empty database, the
	// others wait on PostgreSQL's advisory lock.
	const [main, ...others] = await Promise.all([
		startN8n({
			...common,
			port: mainPort,
			env: { ...common.env, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
		}),
		...webhookPorts.map((port) => startN8n({ ...common, command: 'webhook', port })),
		startN8n({ ...common, command: 'worker' }),
		startN8n({ ...common, command: 'worker' }),
	]);
	const webhooks = others.slice(0, 2);
	const workers = others.slice(2);
	const all = [main, ...webhooks, ...workers];
	return {
		postgres,
		redis,
		nginx,
		main,
		webhooks,
		workers,
		api: new N8nApi(main),
		webhookBaseUrl,
		async sql(query) {
			const out = await run('psql', [
				'-h',
				'127.0.0.1',
				'-p',
				String(postgres.port),
				'-U',
				'n8n',
				'-d',
				'postgres',
				'-At',
				'-F',
				'\t',
				'-c',
				query,
			]);
			return out
				.split('\n')
				.filter(Boolean)
				.map((line) => line.split('\t'));
		},
		async redisCli(...args) {
			return await run('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), ...args]);
		},
		logTails() {
			return [
				...all.map((process, index) => `--- n8n process ${index} ---\n${process.logTail(30)}`),
				`--- nginx ---\n${nginx.logTail(20)}`,
			].join('\n');
		},
		async stop() {
			await Promise.all([...webhooks, ...workers].map(async (process) => await process.stop()));
			await main.stop();
			await Promise.all([nginx.stop(), redis.stop(), postgres.stop()]);
		},
	};
}
