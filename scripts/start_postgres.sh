#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the store's tests and benchmark, and prints the line
# that points them at it. Run as root on Debian with the `postgresql` package installed:
#
#   eval "$(bash scripts/start_postgres.sh)"     # sets SL_TEST_DATABASE_URL
#   bash scripts/start_postgres.sh --stop        # stops it and removes its data
#
# It never touches the system's own cluster: it makes a fresh data directory (SL_PG_DIR, default
# /tmp/sl-postgres), listens only on 127.0.0.1 (SL_PG_PORT, default 54329) and creates one user and one
# database, both called sl_course, with a random password kept in the data directory.
# Running it again while the server is up just prints the line again.
set -euo pipefail
dir="${SL_PG_DIR:-/tmp/sl-postgres}"
port="${SL_PG_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "PostgreSQL isn't installed: apt-get install -y postgresql" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "Run this as root (it runs the server as the 'postgres' user)." >&2
  exit 1
fi
as_postgres() { runuser -u postgres -- "$@"; }

if [ "${1:-}" = "--stop" ]; then
  if [ -d "$dir/data" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  fi
  rm -rf "$dir"
  exit 0
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
  chown postgres:postgres "$dir/password"
  chmod 600 "$dir/password"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
fi
password="$(cat "$dir/password")"

if ! as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=on" start >&2
fi

psql_admin() { as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(psql_admin -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'sl_course'")" != 1 ]; then
  psql_admin -d postgres -c "CREATE ROLE sl_course LOGIN PASSWORD '$password'"
fi
if [ "$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'sl_course'")" != 1 ]; then
  psql_admin -d postgres -c "CREATE DATABASE sl_course OWNER sl_course"
fi

echo "export SL_TEST_DATABASE_URL=postgresql+psycopg://sl_course:${password}@127.0.0.1:${port}/sl_course"
