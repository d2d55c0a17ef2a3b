# shellcheck shell=bash
# Shared by the test-server scripts in this folder (sourced, not run).

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

# Stop the process whose pid PIDFILE holds (TERM, up to 10 s, then KILL) and remove the file.
stop_pidfile() {
    local pidfile=$1 pid
    [ -f "$pidfile" ] || return 0
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
