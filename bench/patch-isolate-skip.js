'use strict';
/*
 * Preloaded (`node --require`) into the benchmark's own n8n only, never a user's: rewrites, as
 * n8n loads it, one line of n8n's live-webhooks.js so that webhookPhaseNeedsIsolate() stops
 * requiring n8n's own Webhook node before its generic checks (static parameters, a natively
 * resolvable webhook description, typeVersion > 1, N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP).
 * Nothing on disk changes. When the line is not there as expected (another n8n version), n8n
 * fails to start with this file's error: the benchmark stops, loudly. Plain JavaScript: it runs
 * in n8n's Node before anything is compiled. docs/n8n-isolate-skip.md is the case for the change.
 */
const Module = require('module');
const path = require('path');

const TARGET = path.join('n8n', 'dist', 'webhooks', 'live-webhooks.js');
const ORIGINAL =
	'        if (startNode.type !== n8n_workflow_1.WEBHOOK_NODE_TYPE)\n            return true;\n';
const MARKER = '[n8n-nodes-resthooks bench] webhookPhaseNeedsIsolate patched: any node type';

const compile = Module.prototype._compile;
Module.prototype._compile = function patchedCompile(content, filename) {
	if (filename.endsWith(TARGET)) {
		const count = content.split(ORIGINAL).length - 1;
		if (count !== 1) {
			throw new Error(
				`n8n-nodes-resthooks bench: the isolate-skip patch does not apply to ${filename}: the line "if (startNode.type !== n8n_workflow_1.WEBHOOK_NODE_TYPE) return true;" is there ${count} times, not once. Update bench/patch-isolate-skip.js for this n8n.`,
			);
		}
		content = content.replace(ORIGINAL, '');
		process.stderr.write(`${MARKER} (${filename})\n`);
	}
	return compile.call(this, content, filename);
};

module.exports = { MARKER, ORIGINAL, TARGET };
