#!/usr/bin/env bash
# Runs warta's whole test suite: unit, conformance, end-to-end (a real warta
# binary, SIGKILL mid-batch) tests, and the store's conformance suite on a
# PostgreSQL server that it starts (scripts/pg.sh). Tests that need ../shared
# skip cleanly without it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# A throwaway PostgreSQL server for the postgres store's tests, stopped on
# exit unless it was already running. Without one those tests skip (and
# fail in CI, where CI is set).
if [ -z "${WARTA_TEST_PG:-}" ]; then
  if ! bash scripts/pg.sh status >/dev/null 2>&1; then
    trap 'bash scripts/pg.sh stop' EXIT
  fi
  if pg=$(bash scripts/pg.sh start); then
    export "${pg?}" # WARTA_TEST_PG=postgres://...
  else
    echo "test.sh: no PostgreSQL server; the postgres store's tests will skip" >&2
  fi
fi

go test -count=1 -timeout 12m ./... "$@"
