import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/**
 * The environment for child processes. `npm run` exports its config (ignore-scripts, nodedir,
 * prefix...) as npm_config_*, jest sets NODE_ENV=test (n8n then silences its logger and refuses to
 * load nodes) and a developer's shell may carry n8n settings: none may leak into the n8n under test
 * or its npm calls.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(npm_|N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$|JEST_)/.test(key))
			continue;
		env[key] = value;
	}
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
}

/** Runs a command to completion; the error carries its output, so a failed step explains itself. */
export function run(
	command: string,
	args: string[],
	{ cwd, env = cleanEnv(), timeoutMs = 300_000 }: RunOptions = {},
): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(
			command,
			args,
			{ cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error) {
					const where = cwd ? ` (in ${cwd})` : '';
					reject(
						new Error(
							`${command} ${args.join(' ')}${where} failed: ${error.message}\n${stdout}\n${stderr}`,
						),
					);
				} else {
					resolve(stdout);
				}
			},
		);
	});
}

/** The child processes the harness started and that still run. */
const running = new Set<ChildProcess>();

// A crashed test run must not leave servers behind holding ports and CPU.
process.once('exit', () => {
	for (const child of running) killGroup(child, 'SIGKILL');
});

/**
 * Starts a server in its own process group (stopping it also reaches its children), its output
 * in `logPath`; tracked until it exits. `exited` resolves when it does.
 */
export function spawnLogged(
	command: string,
	args: string[],
	{ cwd, env, logPath }: { cwd: string; env: NodeJS.ProcessEnv; logPath: string },
): { child: ChildProcess; exited: Promise<void> } {
	const logFd = openSync(logPath, 'w');
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', logFd, logFd], detached: true });
	closeSync(logFd);
	running.add(child);
	const exited = new Promise<void>((resolve) => {
		child.once('exit', () => {
			running.delete(child);
			resolve();
		});
	});
	return { child, exited };
}

/** Signals a child's whole process group; nothing when it is gone already. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}
