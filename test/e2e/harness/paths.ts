import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where test/e2e/install-n8n.sh puts n8n and its Node; everything here derives from the repo. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const E2E_DIR = path.join(REPO_ROOT, '.e2e');
export const PACKAGE_NAME = 'n8n-nodes-resthooks';

/** test/e2e/n8n-versions.json: the pinned n8n, the versions of the compatibility suite, their Node. */
export const N8N_VERSIONS = JSON.parse(
	readFileSync(path.join(REPO_ROOT, 'test', 'e2e', 'n8n-versions.json'), 'utf8'),
) as { pinned: string; compatibility: string[]; node: Record<string, string> };

/** The n8n the suites run against: N8N_VERSION, or the pinned one. */
export const N8N_VERSION = process.env.N8N_VERSION || N8N_VERSIONS.pinned;
export const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
export const NODE_VERSION = N8N_VERSIONS.node[String(N8N_MAJOR)];

export const NODE_BIN_DIR = path.join(E2E_DIR, `node-${NODE_VERSION}`, 'node_modules', '.bin');
export const NODE_BIN = path.join(NODE_BIN_DIR, 'node');
export const N8N_PROJECT_DIR = path.join(E2E_DIR, `n8n-${N8N_VERSION}`);
export const N8N_PACKAGE_DIR = path.join(N8N_PROJECT_DIR, 'node_modules', 'n8n');
export const N8N_BIN = path.join(N8N_PACKAGE_DIR, 'bin', 'n8n');
