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

# Exit status 0 when something accepts connections on 127.0.0.1:PORT.
listening() {
    (exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Exit status 0 when an HTTP GET of PATH on 127.0.0.1:PORT answers 2xx (bash's /dev/tcp: no curl).
answers() {
    local status
    status=$(
        exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
        IFS= read -r -t 5 line <&3 && echo "$line"
    ) || return 1
    [[ $status == HTTP/1.[01]\ 2* ]]
}

[ $# -ge 2 ] || usage
action=$1
dir=$2
pidfile="$dir/oxigraph.pid"

stop() {
    [ -f "$pidfile" ] || return 0
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
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
