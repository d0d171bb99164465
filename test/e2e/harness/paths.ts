import path from 'node:path';

/** Where test/e2e/install-n8n.sh puts Node 24 and n8n; everything here derives from the repo. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const E2E_DIR = path.join(REPO_ROOT, '.e2e');
export const NODE24_BIN_DIR = path.join(E2E_DIR, 'node', 'node_modules', '.bin');
export const NODE24 = path.join(NODE24_BIN_DIR, 'node');
export const N8N_PROJECT_DIR = path.join(E2E_DIR, 'n8n');
export const N8N_PACKAGE_DIR = path.join(N8N_PROJECT_DIR, 'node_modules', 'n8n');
export const N8N_BIN = path.join(N8N_PACKAGE_DIR, 'bin', 'n8n');
export const PACKAGE_NAME = 'n8n-nodes-resthooks';
