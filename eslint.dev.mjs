// The lint rules of the code that is never shipped to n8n (tests, benchmarks), imported by
// test/eslint.config.mjs and bench/eslint.config.mjs. The shipped code (nodes/, credentials/,
// package.json) is linted by eslint.config.mjs, n8n's default community-node config, unchanged.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What Node scripts use without importing it. */
const NODE_GLOBALS = Object.fromEntries(
	[
		'require',
		'module',
		'exports',
		'__dirname',
		'__filename',
		'process',
		'console',
		'Buffer',
		'URL',
		'setTimeout',
		'clearTimeout',
		'setInterval',
		'clearInterval',
		'setImmediate',
	].map((name) => [name, 'readonly']),
);

export const devConfig = tseslint.config(
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			// `const { omitted: _omitted, ...rest } = value` is how a test drops a field.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_' },
			],
		},
	},
	{
		files: ['**/*.js', '**/*.cjs'],
		extends: [js.configs.recommended],
		languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
	},
	{
		files: ['**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { sourceType: 'module', globals: NODE_GLOBALS },
	},
);
