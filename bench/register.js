/**
 * Runs the benchmarks' TypeScript in place (no build step, no extra dependency): each .ts file is
 * transpiled with the project's own `typescript` when required. Type checking is a separate step
 * (`tsc -p bench/tsconfig.json`, run by `npm run bench` first). In place matters: the e2e harness
 * finds the repository and .e2e/ from its own __dirname.
 */
const fs = require('fs');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2021,
	esModuleInterop: true,
	resolveJsonModule: true,
	sourceMap: false,
	inlineSourceMap: true,
};

const extensions = require.extensions;
// Node tries extensions in this object's order: `.ts` must come before `.json`, or
// `require('./X.node')` finds the codex file X.node.json instead of X.node.ts.
const later = Object.entries(extensions).filter(([extension]) => extension !== '.js');
for (const [extension] of later) delete extensions[extension];
extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};
for (const [extension, load] of later) extensions[extension] = load;
