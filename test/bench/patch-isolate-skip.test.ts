import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/*
 * bench/patch-isolate-skip.js, preloaded into the benchmark's n8n: it removes one exact line of
 * n8n's live-webhooks.js as n8n loads it, and stops n8n when that line is not there as expected,
 * so a benchmark of "patched n8n" can never silently measure an unpatched one. Run here in a
 * child Node process on a stand-in for that file.
 */
const PRELOAD = join(__dirname, '..', '..', 'bench', 'patch-isolate-skip.js');

/** The function as n8n 2.41.1 builds it; `typeCheck` is the line the patch removes. */
function liveWebhooks(typeCheck: string): string {
	return `'use strict';
const n8n_workflow_1 = { WEBHOOK_NODE_TYPE: 'n8n-nodes-base.webhook' };
function webhookPhaseNeedsIsolate(startNode) {
        if (startNode === null)
            return true;
${typeCheck}        if (startNode.typeVersion === 1)
            return true;
        return false;
}
console.log(JSON.stringify({
    community: webhookPhaseNeedsIsolate({ type: 'n8n-nodes-resthooks.weavyTrigger', typeVersion: 2 }),
    communityV1: webhookPhaseNeedsIsolate({ type: 'n8n-nodes-resthooks.weavyTrigger', typeVersion: 1 }),
}));
`;
}

const ORIGINAL_LINE =
	'        if (startNode.type !== n8n_workflow_1.WEBHOOK_NODE_TYPE)\n            return true;\n';

describe('the isolate-skip patch of the benchmark', () => {
	let folder: string;

	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'patch-isolate-skip-'));
	});

	afterEach(() => {
		rmSync(folder, { recursive: true, force: true });
	});

	function run(source: string): { stdout: string; stderr: string; status: number } {
		const file = join(folder, 'n8n', 'dist', 'webhooks', 'live-webhooks.js');
		mkdirSync(join(folder, 'n8n', 'dist', 'webhooks'), { recursive: true });
		writeFileSync(file, source);
		try {
			const stdout = execFileSync(process.execPath, ['--require', PRELOAD, file], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			return { stdout, stderr: '', status: 0 };
		} catch (error) {
			const failed = error as { stdout: string; stderr: string; status: number };
			return { stdout: failed.stdout, stderr: failed.stderr, status: failed.status };
		}
	}

	test('on the line as n8n 2.41.1 has it, a community trigger at version 2 goes on to the generic checks', () => {
		const { stdout, status } = run(liveWebhooks(ORIGINAL_LINE));

		expect(status).toBe(0);
		expect(JSON.parse(stdout)).toEqual({ community: false, communityV1: true });
	});

	test('without the patch, the same file makes every community trigger build an isolate', () => {
		const file = join(folder, 'plain.js');
		writeFileSync(file, liveWebhooks(ORIGINAL_LINE));

		const stdout = execFileSync(process.execPath, [file], { encoding: 'utf8' });

		expect(JSON.parse(stdout)).toEqual({ community: true, communityV1: true });
	});

	test('a changed line stops n8n from starting, naming the file and what to update', () => {
		const changed = ORIGINAL_LINE.replace('WEBHOOK_NODE_TYPE', 'WEBHOOK_NODE_TYPES');

		const { status, stderr } = run(liveWebhooks(changed));

		expect(status).not.toBe(0);
		expect(stderr).toContain('the isolate-skip patch does not apply to');
		expect(stderr).toContain('Update bench/patch-isolate-skip.js for this n8n.');
	});
});
