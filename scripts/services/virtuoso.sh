#!/usr/bin/env bash
# A throw-away Virtuoso for tests: `virtuoso.sh start DIR PORT SQLPORT` writes a minimal
# virtuoso.ini into DIR (database, log and pid file live there too), starts virtuoso-t in the
# background with its HTTP server on 127.0.0.1:PORT and its SQL server on 127.0.0.1:SQLPORT,
# waits (bounded) until the SPARQL endpoint answers, then lets the anonymous SPARQL user
# write through the Graph Store endpoint /sparql-graph-crud (loopback only; the auth
# variant /sparql-graph-crud-auth takes dba/dba with digest auth). `virtuoso.sh stop DIR`
# stops it again. Environment: VIRTUOSO_WAIT (seconds, default 60).
set -euo pipefail

usage() {
    echo "usage: $0 start DIR PORT SQLPORT | stop DIR" >&2
    exit 64
}

find_program() {
    local name
    for name in "$@"; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
    done
    return 1
}

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 2 ] || usage
action=$1
dir=$2
pidfile="$dir/virtuoso.pid"

stop() {
    stop_pidfile "$pidfile"
}

case "$action" in
stop)
    stop
    exit 0
    ;;
start)
    [ $# -eq 4 ] || usage
    ;;
*)
    usage
    ;;
esac

port=$3
sqlport=$4
server=$(find_program virtuoso-t virtuoso) || {
    echo "virtuoso.sh: virtuoso-t not found (run scripts/system-deps/virtuoso.sh)" >&2
    exit 69
}
isql=$(find_program isql-vt isql-v) || {
    echo "virtuoso.sh: isql-vt not found (run scripts/system-deps/virtuoso.sh)" >&2
    exit 69
}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pidfile="$dir/virtuoso.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "virtuoso.sh: already running in $dir (pid $(cat "$pidfile"))" >&2
    exit 1
fi

for p in "$port" "$sqlport"; do
    if listening "$p"; then
        echo "virtuoso.sh: port $p on 127.0.0.1 is already in use" >&2
        exit 1
    fi
done

cat >"$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:$sqlport
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = .
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 2
MaxQueryMem          = 256M

[HTTPServer]
ServerPort           = 127.0.0.1:$port
ServerRoot           = $dir
MaxClientConnections = 5
ServerThreads        = 5
Charset              = UTF-8
EnabledDavVSP        = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
MaxSortedTopRows           = 1000000
INI

(
    cd "$dir"
    exec "$server" +foreground +configfile "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1
) &
echo $! >"$pidfile"

deadline=$((SECONDS + ${VIRTUOSO_WAIT:-60}))
until answers "$port" "/sparql?query=ASK%7B%7D"; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "virtuoso.sh: virtuoso-t exited; its log:" >&2
        tail -n 20 "$dir/virtuoso.log" "$dir/stdout.log" >&2 2>/dev/null || true
        rm -f "$pidfile"
        exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
        echo "virtuoso.sh: no answer on 127.0.0.1:$port after ${VIRTUOSO_WAIT:-60}s" >&2
        stop
        exit 1
    fi
    sleep 0.3
done
if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then # something else answered on the port
    echo "virtuoso.sh: virtuoso-t exited; its log:" >&2
    tail -n 20 "$dir/virtuoso.log" "$dir/stdout.log" >&2 2>/dev/null || true
    rm -f "$pidfile"
    exit 1
fi

# Let the anonymous SPARQL user write, through /sparql-graph-crud (loopback only).
cat >"$dir/setup.sql" <<'SQL'
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
SQL
if ! "$isql" "127.0.0.1:$sqlport" dba dba "$dir/setup.sql" >"$dir/isql.log" 2>&1 \
    || grep '^\*\*\* Error' "$dir/isql.log" | grep -qv 'U0013'; then # U0013: already granted
    echo "virtuoso.sh: isql set-up failed:" >&2
    cat "$dir/isql.log" >&2
    stop
    exit 1
fi
echo "virtuoso: http://127.0.0.1:$port/sparql (pid $(cat "$pidfile"))"
