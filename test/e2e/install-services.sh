#!/usr/bin/env bash
# Installs what the queue-mode end-to-end tests need beside n8n: PostgreSQL, Redis, nginx (the
# load balancer of the scale suite) and HAProxy (the other load balancer docs/operations.md names), all from Debian's own packages. Idempotent: a no-op when all
# are installed. The tests start throwaway instances of their own (test/e2e/harness/services.ts);
# the packages' system services are not used.
set -euo pipefail

have_postgres() {
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1
}
have_redis() { command -v redis-server >/dev/null 2>&1; }
have_nginx() { [[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null 2>&1; }
have_haproxy() { [[ -x /usr/sbin/haproxy ]] || command -v haproxy >/dev/null 2>&1; }

missing=()
have_postgres || missing+=(postgresql)
have_redis || missing+=(redis-server)
have_nginx || missing+=(nginx-light)
have_haproxy || missing+=(haproxy)
if [[ ${#missing[@]} -eq 0 ]]; then
	echo "[install-services] postgresql, redis-server, nginx and haproxy already installed"
	exit 0
fi

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "[install-services] missing ${missing[*]} and not root: install them with apt-get" >&2
		exit 1
	}
	SUDO=(sudo)
fi

t0=$(date +%s)
echo "[install-services] installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
have_postgres && have_redis && have_nginx && have_haproxy || {
	echo "[install-services] ${missing[*]} still missing after apt-get install" >&2
	exit 1
}
echo "[install-services] installed ${missing[*]} in $(($(date +%s) - t0)) s"
