/** End-to-end tests: our packed package inside a real n8n (installed by test/e2e/install-n8n.sh). */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// Starting n8n takes ~10 s on 2 cores; a suite may restart it and wait for retries.
	testTimeout: 300_000,
	maxWorkers: 1,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
};
