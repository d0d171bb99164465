/** Browser tests: the n8n editor in headless Debian chromium (playwright-core) against a real n8n. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.test.ts'],
	// One n8n and one browser for the whole suite; starting both takes ~25 s on 2 cores.
	testTimeout: 180_000,
	maxWorkers: 1,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
};
