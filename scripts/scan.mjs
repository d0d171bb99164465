// `npm run scan`: the lint of n8n's verification scanner (@n8n/scan-community-package), offline.
// The scanner itself first checks the npm provenance of a published version, downloads the commit
// it attests from GitHub and the tarball from npm, then lints both with its own ESLint config
// (inline `eslint-disable` comments ignored). Here the same lint runs on what those downloads would
// hold: this checkout's shipped sources (the files the scanner reads in the attested commit) and
// the tarball `npm pack` makes now. Run `npm run build` first: the tarball holds dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/** The files under `dir`'s `folders` whose names end with one of `endings` (no node_modules). */
function filesUnder(dir, folders, endings) {
	const found = [];
	const walk = (path) => {
		for (const entry of readdirSync(path, { withFileTypes: true })) {
			if (entry.name === 'node_modules') continue;
			const full = join(path, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (endings.some((ending) => entry.name.endsWith(ending))) found.push(full);
		}
	};
	for (const folder of folders) if (existsSync(join(dir, folder))) walk(join(dir, folder));
	return found.length;
}

async function leg(label, dir, patterns, files) {
	const result = await analyzePackage(dir, patterns);
	console.log(`${result.passed ? 'passed' : 'FAILED'}: ${label}, ${files} files`);
	if (!result.passed) console.log(result.details ?? result.message);
	return result.passed && files > 0;
}

const work = mkdtempSync(join(tmpdir(), 'resthooks-scan-'));
try {
	const source = await leg(
		'source (package.json, nodes/, credentials/)',
		root,
		SOURCE_FILE_PATTERNS,
		1 + filesUnder(root, ['nodes', 'credentials'], ['.js', '.ts', '.json']),
	);

	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: root,
		stdio: 'ignore',
	});
	const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack made no tarball');
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', tarball], { cwd: work });
	const packed = await leg(
		`tarball ${tarball} (**/*.js, package.json)`,
		unpacked,
		TARBALL_FILE_PATTERNS,
		1 + filesUnder(unpacked, ['.'], ['.js']),
	);

	if (!source || !packed) process.exitCode = 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
