import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from './paths';
import { run } from './proc';

let packed: Promise<string> | undefined;

/**
 * Builds the package and packs it with `npm pack` into a fresh temp folder; returns the tarball's
 * path. Built once per test file. E2E_SKIP_BUILD=1 reuses an existing dist/ (CI that built already).
 */
export function packPackage(): Promise<string> {
	packed ??= buildAndPack();
	return packed;
}

async function buildAndPack(): Promise<string> {
	const hasDist = existsSync(path.join(REPO_ROOT, 'dist'));
	if (!hasDist || process.env.E2E_SKIP_BUILD !== '1') {
		await run('npm', ['run', 'build'], { cwd: REPO_ROOT });
	}
	const destination = await mkdtemp(path.join(os.tmpdir(), 'resthooks-pack-'));
	const output = await run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: REPO_ROOT },
	);
	const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
	return path.join(destination, filename);
}
