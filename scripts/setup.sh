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

# PostgreSQL, for the postgres store's tests (scripts/test.sh starts a
# throwaway server). Without root it cannot be installed: those tests skip.
bash scripts/pg.sh install || echo "setup: PostgreSQL is not installed; the postgres store's tests will skip" >&2

# Chromium, for the browser tests of warta serve (internal/server). They
# skip without it, except in CI. apt-get needs root: sudo when not root.
if ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing chromium" >&2
  if [ "$(id -u)" -eq 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  { $apt_get update -qq && DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq chromium; } >&2 ||
    echo "setup: chromium is not installed; the browser tests will skip" >&2
fi

# Go modules, so that tests do not race to download them.
go mod download
