#!/usr/bin/env bash
# A throw-away Oxigraph server for tests: `oxigraph.sh start DIR PORT` runs
# `oxigraph serve --location DIR --bind 127.0.0.1:PORT` in the background (pid file and log
# in DIR), and waits (bounded) until it answers; `oxigraph.sh stop DIR` stops it again.
# The program is $OXIGRAPH, else `oxigraph` next to this repository's venv python, else on PATH.
# Environment: OXIGRAPH_WAIT (seconds, default 30).
set -euo pipefail

usage() {
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 64
}

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 2 ] || usage
action=$1
dir=$2
pidfile="$dir/oxigraph.pid"

stop() {
    stop_pidfile "$pidfile"
}

case "$action" in
stop)
    stop
    exit 0
    ;;
start)
    [ $# -eq 3 ] || usage
    ;;
*)
    usage
    ;;
esac

port=$3
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ -n "${OXIGRAPH:-}" ]; then
    server=$OXIGRAPH
elif [ -x "$repo/.venv/bin/oxigraph" ]; then
    server="$repo/.venv/bin/oxigraph"
elif command -v oxigraph >/dev/null 2>&1; then
    server=$(command -v oxigraph)
else
    echo "oxigraph.sh: oxigraph not found (pip install oxigraph)" >&2
    exit 69
fi

mkdir -p "$dir/data"
dir=$(cd "$dir" && pwd)
pidfile="$dir/oxigraph.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "oxigraph.sh: already running in $dir (pid $(cat "$pidfile"))" >&2
    exit 1
fi

if listening "$port"; then
    echo "oxigraph.sh: port $port on 127.0.0.1 is already in use" >&2
    exit 1
fi

"$server" serve --location "$dir/data" --bind "127.0.0.1:$port" >"$dir/oxigraph.log" 2>&1 &
echo $! >"$pidfile"

deadline=$((SECONDS + ${OXIGRAPH_WAIT:-30}))
until answers "$port" "/query?query=ASK%7B%7D"; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "oxigraph.sh: oxigraph exited; its log:" >&2
        tail -n 20 "$dir/oxigraph.log" >&2 || true
        rm -f "$pidfile"
        exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
        echo "oxigraph.sh: no answer on 127.0.0.1:$port after ${OXIGRAPH_WAIT:-30}s" >&2
        stop
        exit 1
    fi
    sleep 0.2
done
sleep 0.2
if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then # something else answered on the port
    echo "oxigraph.sh: oxigraph exited; its log:" >&2
    tail -n 20 "$dir/oxigraph.log" >&2 || true
    rm -f "$pidfile"
    exit 1
fi
echo "oxigraph: http://127.0.0.1:$port/query (pid $(cat "$pidfile"))"
