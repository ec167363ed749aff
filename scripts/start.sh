#!/usr/bin/env bash
# Set everything up and start the registry on SQLite with demo data at http://127.0.0.1:5000.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
registry db upgrade 2>/dev/null
registry demo --if-empty --accounts --patients "${DEMO_PATIENTS:-5000}" --seed "${DEMO_SEED:-1}"
echo
echo "Starting on http://127.0.0.1:${PORT:-5000} (Ctrl-C stops it)"
# Plain HTTP on this machine only: the session cookie cannot be Secure here (production serves HTTPS and keeps the
# default, see docs/security-accounts.md).
export REGISTRY_SESSION_COOKIE_SECURE="${REGISTRY_SESSION_COOKIE_SECURE:-false}"
# gunicorn.conf.py: 2 workers x 4 threads, the app preloaded and its reference tables loaded before the workers fork
exec gunicorn --config "$ROOT/gunicorn.conf.py" --bind "127.0.0.1:${PORT:-5000}" --access-logfile -
