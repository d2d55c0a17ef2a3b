#!/usr/bin/env bash
# raptor2's `rapper`: an independent Turtle/N-Triples parser the tests cross-check exports with.
set -euo pipefail
command -v rapper >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq raptor2-utils >/dev/null
else
    echo "note: raptor2-utils (rapper) is not installed; its cross-check tests will be skipped" >&2
fi
