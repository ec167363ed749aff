#!/usr/bin/env bash
# Run the whole test suite against SQLite and PostgreSQL. Installs what it needs first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REGISTRY_EXTRAS="[test]" source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"

# Browser tests use Debian's chromium; PDF checks use poppler-utils.
apt_install chromium poppler-utils fonts-dejavu-core || echo "Browser/PDF tests will be skipped." >&2

# PostgreSQL: start the local cluster if it is installed and down, then require it.
PG_URL="${REGISTRY_TEST_PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}"
pg_up() { python -c "import sqlalchemy as sa; sa.create_engine('$PG_URL').connect().close()" 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  for v in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true
  done
  for _ in $(seq 1 20); do pg_up && break; sleep 0.5; done
fi
if pg_up; then
  export REGISTRY_REQUIRE_POSTGRES=1
else
  echo "PostgreSQL is not reachable at $PG_URL: running on SQLite only." >&2
  export REGISTRY_TEST_BACKENDS=sqlite
fi

ruff check registry tests bench
exec python -m pytest -p no:cacheprovider "$@"
