import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { run } from './proc';

/**
 * Installs a package tarball into an n8n user folder the way n8n 2.41's community-package installer
 * does (community-packages.service.js `downloadPackage`), so n8n loads it as it would for a user.
 * Returns the package directory.
 */
export async function installCommunityPackage(
	tarball: string,
	userFolder: string,
): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const { name, version } = JSON.parse(
		await run('tar', ['-xzOf', tarball, 'package/package.json']),
	);
	const packageDir = path.join(nodesDir, 'node_modules', name);
	await mkdir(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const packageJsonPath = path.join(packageDir, 'package.json');
	const packageJson = JSON.parse(await readFile(packageJsonPath, 'utf8'));
	delete packageJson.devDependencies;
	delete packageJson.peerDependencies;
	delete packageJson.optionalDependencies;
	await writeFile(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf8');

	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir },
	);

	// n8n's ledger of installed packages (`mutatePackageJsonDependencies`).
	const ledgerPath = path.join(nodesDir, 'package.json');
	const ledger = await readFile(ledgerPath, 'utf8')
		.then((text) => JSON.parse(text))
		.catch(() => ({ name: 'installed-nodes', private: true, dependencies: {} }));
	ledger.dependencies = { ...ledger.dependencies, [name]: version };
	await writeFile(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
	return packageDir;
}

export interface PackageManifest {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

/** The package.json of a package installed in an n8n user folder, as n8n reads it. */
export async function readInstalledManifest(
	userFolder: string,
	packageName: string,
): Promise<PackageManifest> {
	const file = path.join(userFolder, '.n8n', 'nodes', 'node_modules', packageName, 'package.json');
	return JSON.parse(await readFile(file, 'utf8')) as PackageManifest;
}
