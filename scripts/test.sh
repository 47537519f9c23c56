#!/usr/bin/env bash
# Runs warta's whole test suite: unit, conformance, end-to-end (a real warta
# binary, SIGKILL mid-batch) tests. Tests that need ../shared skip cleanly
# without it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
go test -count=1 -timeout 12m ./... "$@"
