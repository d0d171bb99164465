/**
 * End-to-end tests: our packed package inside a real n8n (installed by test/e2e/install-n8n.sh).
 * On the pinned n8n (test/e2e/n8n-versions.json) every suite runs; on any other version chosen
 * with N8N_VERSION, the compatibility suite only (the others drive 2.41-only features: the
 * publication outbox, queue-mode settings, the editor).
 */
const { pinned } = require('./test/e2e/n8n-versions.json');

const version = process.env.N8N_VERSION || pinned;

module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: version === pinned ? ['**/*.e2e.test.ts'] : ['**/compat.e2e.test.ts'],
	// Starting n8n takes ~10 s on 2 cores; a suite may restart it and wait for retries.
	testTimeout: 300_000,
	maxWorkers: 1,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
};
