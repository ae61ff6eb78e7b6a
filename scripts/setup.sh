#!/usr/bin/env bash
# Installs what the project needs on a Debian 12 machine, or stops with the
# exact command to run. Usage: scripts/setup.sh [native] [wasm] [browser] [npm] [fuzz]
# (no argument: everything).
set -euo pipefail
cd "$(dirname "$0")/.."

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(native wasm browser npm fuzz)
want() { local p; for p in "${parts[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

missing=()
has_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
need() { has_pkg "$1" || missing+=("$1"); }

if want native || want wasm || want fuzz; then
  need cmake; need g++; need make; need libeigen3-dev
fi
want native && need catch2
want wasm && need emscripten
want browser && need chromium
# libFuzzer targets (scripts/test-fuzz.sh): clang 14 with its sanitizer and fuzzer runtimes.
if want fuzz; then
  need clang-14; need libclang-rt-14-dev; need libfuzzer-14-dev
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them with:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "setup: install it with:  sudo apt-get install -y nodejs npm   (Debian 12 ships 18: use NodeSource's node 20)" >&2
  exit 1
fi

if want npm && [ -f package-lock.json ]; then
  # Reinstall only when the lock file changed since the last install.
  stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
