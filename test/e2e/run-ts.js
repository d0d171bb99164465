#!/usr/bin/env node
/**
 * Runs a TypeScript file of this repo without a build step and without the network: each .ts file
 * is transpiled in memory by the repo's own `typescript` when required (no type check; `npm run
 * typecheck` does that). Files keep their real paths, so __dirname-based paths work.
 * Usage: node test/e2e/run-ts.js <file.ts> [args...]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2021,
			esModuleInterop: true,
			resolveJsonModule: true,
			inlineSourceMap: true,
		},
	});
	module._compile(outputText, filename);
};

const [file, ...args] = process.argv.slice(2);
if (!file) {
	console.error('usage: node test/e2e/run-ts.js <file.ts> [args...]');
	process.exit(2);
}
process.argv = [process.argv[0], path.resolve(file), ...args];
require(path.resolve(file));
