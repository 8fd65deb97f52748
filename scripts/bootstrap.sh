#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for Jiefen, then the workspace itself:
# Chromium (browser tests) with a Chinese font, a C++ toolchain (better-sqlite3 compiles from source here),
# PostgreSQL binaries (the server suite runs on both engines), pnpm 12.4.2, node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

have_postgres() {
  command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

missing=()
[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
have_postgres || missing+=(postgresql)
# A Chinese font, so Chromium draws the widgets' zh-CN and zh-HK text (the e2e screenshots in
# .ci/artifacts/, the README's images) instead of empty boxes: WenQuanYi Micro Hei, 5 MB.
{ command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; } || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]} with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# pnpm 12.4.2 exactly: other 12.x pins fetch platform binaries this registry does not serve.
if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  echo "bootstrap: installing pnpm 12.4.2"
  as_root npm install -g --silent pnpm@12.4.2
  hash -r
fi

# better-sqlite3 has no reachable prebuilt binary: node-gyp builds it against Node's own headers.
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
pnpm install --frozen-lockfile
