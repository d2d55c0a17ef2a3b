#!/usr/bin/env bash
# OpenLink Virtuoso (virtuoso-t, isql-vt): a second SPARQL server the `kg push` tests load into.
# The tests run their own throw-away servers on 127.0.0.1 (scripts/services/virtuoso.sh, each
# with a fresh database, so dba/dba), so the package's system-wide server, which would listen
# on every interface, is kept from starting: a temporary policy-rc.d denies it unless one is
# there already. Debconf's dba-password question is answered non-interactively (left blank).
set -euo pipefail
command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod +x "$policy"
        trap 'rm -f "$policy"' EXIT
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null
else
    echo "note: virtuoso-opensource is not installed; its kg push tests will be skipped" >&2
fi
