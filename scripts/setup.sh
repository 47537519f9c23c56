#!/usr/bin/env bash
# Installs what building and testing warta need beyond Go itself. Safe to
# run twice: each step checks first and does nothing when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

GOBIN="$(go env GOPATH)/bin"
export PATH="$GOBIN:$PATH"

# staticcheck, pinned, for .ci/run.
if ! command -v staticcheck >/dev/null 2>&1 || ! staticcheck -version 2>/dev/null | grep -q '(0.8.2)'; then
  echo "setup: installing staticcheck" >&2
  GOFLAGS= go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi

# Go modules, so that tests do not race to download them.
go mod download
