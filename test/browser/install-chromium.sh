#!/usr/bin/env bash
# The browser suite drives Debian's chromium with playwright-core (`npx playwright install`
# downloads browsers from the internet, which CI cannot reach). Installs it when missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
	exit 0
fi
SUDO=''
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-liberation
