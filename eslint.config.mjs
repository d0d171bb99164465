import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		// Tests, simulators, benchmarks and build scripts are not shipped to n8n: they run on the
		// developer's machine, so only the shipped code (nodes/, credentials/) is held to the
		// community-node rules. Nothing is disabled there.
		ignores: ['test/**', 'bench/**', 'coverage/**', 'gulpfile.js', 'jest.config.js', 'jest.e2e.config.js', '.e2e/**'],
	},
];
