#!/usr/bin/env bash
# The PostgreSQL pass: the unit tests (every database-touching test opens a fresh PostgreSQL
# database instead of a SQLite file) and the Playwright suite, with GOLDSET_DATABASE_URL set.
#
#   npm run test:pg            against GOLDSET_TEST_PG_URL when set, else a throwaway cluster this
#                              script starts (scripts/postgres-cluster.sh) and removes afterwards.
#   scripts/test-pg.sh --if-configured
#                              (the last step of `npm test`) runs only when GOLDSET_TEST_PG_URL
#                              names a server, as .ci/run sets it; otherwise says it was skipped.
# The Playwright part needs the production build (`npm run build`), which `npm test` makes first.
# Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--if-configured" ]; then
  shift
  if [ -z "${GOLDSET_TEST_PG_URL:-}" ]; then
    echo "PostgreSQL pass skipped: GOLDSET_TEST_PG_URL is not set (npm run test:pg starts a throwaway server)."
    exit 0
  fi
fi

if [ -z "${GOLDSET_TEST_PG_URL:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ ! -x "${GOLDSET_PG_BIN:-/nonexistent}/initdb" ]; then
    echo "test:pg: no PostgreSQL server found: GOLDSET_TEST_PG_URL is not set and there are no PostgreSQL binaries" >&2
    echo "         under /usr/lib/postgresql/*/bin (apt-get install postgresql) or in \$GOLDSET_PG_BIN. Nothing was run." >&2
    exit 1
  fi
  cluster="$(mktemp -d "${TMPDIR:-/tmp}/goldset-test-pg.XXXXXX")"
  trap 'scripts/postgres-cluster.sh stop "$cluster"' EXIT
  GOLDSET_TEST_PG_URL="$(scripts/postgres-cluster.sh start "$cluster")"
  export GOLDSET_TEST_PG_URL
  echo "test:pg: throwaway PostgreSQL at $GOLDSET_TEST_PG_URL"
fi

echo "== PostgreSQL pass: unit tests"
GOLDSET_DATABASE_URL="$GOLDSET_TEST_PG_URL" npx vitest run "$@"

echo "== PostgreSQL pass: end-to-end tests"
if [ ! -f .next/BUILD_ID ]; then
  echo "test:pg: no production build (.next/BUILD_ID): run npm run build first" >&2
  exit 1
fi
e2e_db="goldset_e2e_$(node -e 'console.log(require("crypto").randomBytes(6).toString("hex"))')"
psql_admin() { node -e '
  const pg = require("pg");
  const c = new pg.Client({ connectionString: process.argv[1] });
  c.connect().then(() => c.query(process.argv[2])).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });
' "$GOLDSET_TEST_PG_URL" "$1"; }
psql_admin "create database \"$e2e_db\""
drop_e2e() { psql_admin "drop database if exists \"$e2e_db\" with (force)" || true; }
cleanup() {
  drop_e2e
  if [ -n "${cluster:-}" ]; then scripts/postgres-cluster.sh stop "$cluster"; fi
}
trap cleanup EXIT
e2e_url="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$GOLDSET_TEST_PG_URL" "$e2e_db")"
GOLDSET_DATABASE_URL="$e2e_url" npx playwright test
