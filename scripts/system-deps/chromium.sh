#!/usr/bin/env bash
# Debian's Chromium (and a Chinese font): the browser the `kg view` page tests drive through playwright.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list :lang=zh 2>/dev/null | grep -q .; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
else
    echo "note: chromium is not installed; the browser tests of tests/test_view.py will be skipped" >&2
fi
