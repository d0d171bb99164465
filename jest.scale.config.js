/**
 * The scale suite (`npm run test:scale`): n8n's queue mode behind nginx with processes killed
 * under load (test/e2e/queue.scale.test.ts). SCALE_EVENTS sets the run's size (default 10,000).
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.scale.test.ts'],
	testTimeout: 900_000,
	maxWorkers: 1,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
};
