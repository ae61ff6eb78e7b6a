#!/usr/bin/env bash
# One command from a fresh checkout to the teaching page: installs what is
# missing (scripts/setup.sh), builds the WebAssembly module and the site, then
# serves dist/ on 127.0.0.1 and prints the URL. PORT=8080 picks the port.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
npm run --silent build:wasm
npm run --silent build:web

port=${PORT:-4173}
echo
echo "Serving the teaching page from dist/ (Ctrl-C stops it)."
echo "Open: http://127.0.0.1:${port}/   (if that port is taken, use the address Vite prints below)"
exec npx vite preview --host 127.0.0.1 --port "$port"
