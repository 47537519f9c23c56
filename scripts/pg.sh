#!/usr/bin/env bash
# A throwaway PostgreSQL server for warta's tests and benchmarks.
#
#   bash scripts/pg.sh install   install PostgreSQL from apt when it is missing
#   bash scripts/pg.sh start     install if needed, start a cluster, print its DSN
#   bash scripts/pg.sh stop      stop the cluster and delete its files
#   bash scripts/pg.sh status    print the DSN if the cluster runs, else exit 1
#
# start prints one line for eval, WARTA_TEST_PG=postgres://..., and nothing
# else on stdout:
#
#   eval "$(bash scripts/pg.sh start)" && export WARTA_TEST_PG
#
# The cluster lives in $WARTA_PG_DIR (default: a directory in /tmp named
# after this checkout, so that two checkouts never share one). It listens on
# 127.0.0.1 only, on the first free port from 55432, trusts local
# connections and, being disposable, runs without fsync unless
# WARTA_PG_DURABLE=1. Starting twice reuses the running cluster. When run as
# root the server runs as the postgres user, since PostgreSQL refuses root.
# WARTA_PG_NO_INSTALL=1 makes start fail instead of calling apt-get.
set -euo pipefail

say() { echo "pg.sh: $*" >&2; }
die() { say "$*"; exit 1; }

repo_key=$(cd "$(dirname "$0")/.." && pwd -P | cksum | cut -d' ' -f1)
dir=$(realpath -m "${WARTA_PG_DIR:-${TMPDIR:-/tmp}/warta-pg-$repo_key}")
data=$dir/data
db=warta

# bindir prints the directory of the newest installed server's programs.
bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  # Other systems put the server on PATH; psql alone is only the client.
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return
  fi
  return 1
}

install_pg() {
  if bindir >/dev/null; then return; fi
  [ "${WARTA_PG_NO_INSTALL:-}" = 1 ] && die "PostgreSQL is not installed (WARTA_PG_NO_INSTALL=1)"
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; run as root, or: sudo apt-get install -y postgresql"
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and there is no apt-get"
  say "installing PostgreSQL from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir >/dev/null || die "PostgreSQL installed, but no initdb found under /usr/lib/postgresql"
}

# as_owner runs a command as the cluster's owner: postgres when we are root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    # From /, which postgres may enter, unlike a private working directory.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

dsn() { echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/$db?sslmode=disable"; }

running() {
  local bin
  bin=$(bindir) || return 1
  [ -f "$dir/port" ] && [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1
}

start() {
  install_pg
  local bin port
  bin=$(bindir)
  if running; then
    say "reusing the cluster in $dir"
    echo "WARTA_TEST_PG=$(dsn)"
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user to run the server"
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  as_owner test -w "$dir" || die "the server's user cannot reach $dir: set WARTA_PG_DIR to a directory under /tmp"
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }

  # Another process may take the port between the check and the start: try
  # the next one then.
  for port in $(seq 55432 55531); do
    port_free "$port" || continue
    local opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir"
    opts+=" -c max_connections=200 -c shared_buffers=256MB"
    if [ "${WARTA_PG_DURABLE:-}" != 1 ]; then
      opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    if as_owner "$bin/pg_ctl" start -w -t 60 -D "$data" -l "$dir/server.log" -o "$opts" >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      break
    fi
    grep -q 'could not bind\|already in use' "$dir/server.log" 2>/dev/null ||
      { tail -n 20 "$dir/server.log" >&2 2>/dev/null; die "pg_ctl start failed"; }
  done
  [ -f "$dir/port" ] || die "no free port in 55432-55531"
  as_owner "$bin/psql" -h "$dir" -p "$(cat "$dir/port")" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE $db" >&2 || die "create database $db failed"
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running in $dir on port $(cat "$dir/port")"
  echo "WARTA_TEST_PG=$(dsn)"
}

stop() {
  [ -d "$dir" ] || return 0
  local bin
  if bin=$(bindir) && [ -f "$data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w >/dev/null 2>&1 || say "pg_ctl stop failed; see $dir/server.log"
  fi
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  install) install_pg ;;
  start) start ;;
  stop) stop ;;
  status) running && echo "WARTA_TEST_PG=$(dsn)" ;;
  *) die "usage: pg.sh install|start|stop|status" ;;
esac
