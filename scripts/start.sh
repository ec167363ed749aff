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
exec gunicorn --workers 2 --threads 4 --timeout 120 --bind "127.0.0.1:${PORT:-5000}" --access-logfile - \
  'registry:create_app()'
