#!/usr/bin/env bash
# Installs JupyterHub's proxy (configurable-http-proxy, from npm, at the version package-lock.json pins) into
# deploy/hub/node_modules. JupyterHub itself is in requirements.txt. Safe to run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hub="$root/deploy/hub"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm isn't installed: apt-get install -y nodejs npm" >&2
  exit 1
fi
stamp="$hub/node_modules/.installed"
want="$(sha256sum "$hub/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --prefix "$hub" --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
