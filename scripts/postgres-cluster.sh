#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and CI.
#   scripts/postgres-cluster.sh start DIR   creates DIR, starts a cluster listening on 127.0.0.1 at a
#                                          free port (socket in DIR), creates database goldset_test
#                                          and prints its URL: postgres://goldset@127.0.0.1:PORT/goldset_test
#   scripts/postgres-cluster.sh stop DIR    stops that cluster and removes DIR
# Trust authentication, superuser "goldset": for tests on one machine only.
# The binaries: $GOLDSET_PG_BIN, else Debian's PostgreSQL 15, else the newest installed.
set -euo pipefail

command="${1:-}"
dir="${2:-}"
if [ -z "$command" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

bin="${GOLDSET_PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$bin/initdb" ]; then
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then bin="$newest"; fi
fi
if [ ! -x "$bin/initdb" ]; then
  echo "no PostgreSQL binaries at $bin (install Debian's postgresql, or set GOLDSET_PG_BIN)" >&2
  exit 3
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres OS user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U goldset --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    started=""
    for _ in 1 2 3 4 5; do
      port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_pred_locks_per_transaction=1024" -w start >/dev/null; then
        started=1
        break
      fi
    done
    if [ -z "$started" ]; then
      cat "$dir/server.log" >&2 || true
      echo "PostgreSQL did not start" >&2
      exit 1
    fi
    echo "$port" >"$dir/port"
    "$bin/createdb" -h "$dir" -p "$port" -U goldset goldset_test
    echo "postgres://goldset@127.0.0.1:$port/goldset_test"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
