#!/usr/bin/env bash
# Herald HTTP benchmark: create / fetch / list-by-tag Bindings with wrk, against a Herald started here on
# 127.0.0.1 with a fresh data directory. See bench/README.md.
#
# Parameters (environment):
#   DURATION      length of each measured wrk run (wrk syntax: 20s, 1m)          default 20s
#   WARMUP        create run before the measured one, to warm the JVM (0 = none)  default 5s
#   BINDINGS      Bindings in the Service before the read workloads              default 100000
#   THREADS       wrk threads                                                    default 2
#   CONNECTIONS   wrk connections                                                default 64
#   PORT          Herald's port on 127.0.0.1                                     default 18090
#   LIST_TAGS     tags of the list workloads, space separated                    default "news tag-7 rare"
#   LATENCY_CONNECTIONS  connections of extra list runs below saturation       default "1 8"
#   FETCH_SIDS    how many Binding sids the fetch workload cycles over (<=1000)  default 1000
#   LOAD_TIMEOUT  upper bound in seconds of the load (top-up) run                default 900
#   VERIFY        1 = page through all Bindings after the load to count them     default 1
#   HERALD_JAVA_OPTS  JVM options for Herald                                      default none
#   HERALD_ARGS   extra flags for herald serve, e.g. "--http-threads 8"           default none
#   RESULTS_DIR   where each run's directory goes                                default bench/results
#   HERALD_JAR    a jar to measure instead of target/herald.jar (no build), e.g. an earlier build   default none
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
LUA="$HERE/lua"
JAR="${HERALD_JAR:-$ROOT/target/herald.jar}"

DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-5s}"
BINDINGS="${BINDINGS:-100000}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-18090}"
LIST_TAGS="${LIST_TAGS:-news tag-7 rare}"
LATENCY_CONNECTIONS="${LATENCY_CONNECTIONS:-1 8}"
FETCH_SIDS="${FETCH_SIDS:-1000}"
LOAD_TIMEOUT="${LOAD_TIMEOUT:-900}"
VERIFY="${VERIFY:-1}"
HERALD_JAVA_OPTS="${HERALD_JAVA_OPTS:-}"
HERALD_ARGS="${HERALD_ARGS:-}"
RESULTS_DIR="${RESULTS_DIR:-$HERE/results}"

HOST=127.0.0.1 # loopback only, on purpose: not a parameter
BASE="http://$HOST:$PORT"
ACCOUNT_SID="AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN="0b5e1c2d3e4f5a6b7c8d9e0f1a2b3c4d"
AUTH_HEADER="Authorization: Basic $(printf '%s:%s' "$ACCOUNT_SID" "$AUTH_TOKEN" | base64 -w0)"

die() { echo "run.sh: $*" >&2; exit 1; }

# "20s" / "2m" / "1h" / "20" -> seconds
secs() {
    local v="$1"
    case "$v" in
        *ms) echo 1 ;;
        *s) echo "${v%s}" ;;
        *m) echo $(( ${v%m} * 60 )) ;;
        *h) echo $(( ${v%h} * 3600 )) ;;
        *) echo "$v" ;;
    esac
}

[[ "$BINDINGS" =~ ^[0-9]+$ ]] || die "BINDINGS must be a number"
[[ "$THREADS" =~ ^[1-9][0-9]*$ && "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "THREADS and CONNECTIONS must be positive"
(( CONNECTIONS >= THREADS )) || die "CONNECTIONS must be >= THREADS"
(( FETCH_SIDS >= 1 && FETCH_SIDS <= 1000 )) || die "FETCH_SIDS must be 1..1000 (one page)"
DURATION_S="$(secs "$DURATION")"
[[ "$DURATION_S" =~ ^[1-9][0-9]*$ ]] || die "DURATION must look like 20s, 2m or 20"
for tool in wrk curl java; do
    command -v "$tool" >/dev/null || die "$tool is not installed (wrk: apt-get install -y wrk)"
done

# ---------------------------------------------------------------- results and cleanup
STAMP="$(date -u +%Y%m%d-%H%M%S)"
RUN_DIR="$RESULTS_DIR/$STAMP"
mkdir -p "$RUN_DIR"
exec > >(tee "$RUN_DIR/output.txt") 2>&1

TMP="$(mktemp -d -t herald-bench.XXXXXX)"
HERALD_PID=""
WRK_PID=""
cleanup() {
    local rc=$?
    set +e
    if [[ -n "$WRK_PID" ]] && kill -0 "$WRK_PID" 2>/dev/null; then
        kill -INT "$WRK_PID" 2>/dev/null; sleep 1; kill -KILL "$WRK_PID" 2>/dev/null
    fi
    if [[ -n "$HERALD_PID" ]] && kill -0 "$HERALD_PID" 2>/dev/null; then
        kill -TERM "$HERALD_PID"
        for _ in $(seq 1 150); do kill -0 "$HERALD_PID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$HERALD_PID" 2>/dev/null; then
            echo "Herald did not stop within 15 s of SIGTERM; killing it"
            kill -KILL "$HERALD_PID"
        fi
        wait "$HERALD_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
    echo "results in $RUN_DIR"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- machine
section() { printf '\n== %s\n' "$*"; }

section "machine"
echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit:      $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?') ($(git -C "$ROOT" rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?'))"
echo "kernel:      $(uname -srm)"
echo "nproc:       $(nproc)"
echo "cpu:         $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory:      $(awk '/^MemTotal/ {printf "%.1f GiB total", $2/1048576} /^MemAvailable/ {printf ", %.1f GiB available", $2/1048576}' /proc/meminfo)"
echo "loadavg:     $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:        $(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
echo "wrk:         $(wrk -v 2>&1 | head -1)"
echo "data disk:   $(df -hT "$TMP" | awk 'NR==2 {print $1" ("$2") size "$3", avail "$5", mounted on "$7}')"
echo "params:      DURATION=$DURATION WARMUP=$WARMUP BINDINGS=$BINDINGS THREADS=$THREADS CONNECTIONS=$CONNECTIONS LIST_TAGS=\"$LIST_TAGS\" FETCH_SIDS=$FETCH_SIDS HERALD_JAVA_OPTS=\"$HERALD_JAVA_OPTS\" HERALD_ARGS=\"$HERALD_ARGS\""

# ---------------------------------------------------------------- build
section "build"
if [[ -n "${HERALD_JAR:-}" ]]; then
    echo "measuring $JAR as given"
elif [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    echo "building $JAR"
    (cd "$ROOT" && timeout 900 mvn -q -B -DskipTests package)
else
    echo "$JAR is up to date"
fi
[[ -f "$JAR" ]] || die "no $JAR after the build"

# ---------------------------------------------------------------- start Herald
section "start Herald"
if curl -s -o /dev/null --max-time 2 "$BASE/healthz"; then
    die "something already answers on $BASE; set PORT"
fi
mkdir -p "$TMP/data"
# shellcheck disable=SC2086
HERALD_ACCOUNT_SID="$ACCOUNT_SID" HERALD_AUTH_TOKEN="$AUTH_TOKEN" \
    java $HERALD_JAVA_OPTS -jar "$JAR" serve --host "$HOST" --port "$PORT" --data "$TMP/data" $HERALD_ARGS \
    >"$RUN_DIR/herald.log" 2>&1 &
HERALD_PID=$!
started=$(date +%s%N)
until curl -sf -o /dev/null --max-time 2 "$BASE/healthz"; do
    kill -0 "$HERALD_PID" 2>/dev/null || { cat "$RUN_DIR/herald.log"; die "Herald exited during start-up"; }
    (( ($(date +%s%N) - started) / 1000000000 < 60 )) || die "Herald not healthy after 60 s"
    sleep 0.1
done
echo "Herald pid $HERALD_PID healthy after $(( ($(date +%s%N) - started) / 1000000 )) ms; data in $TMP/data"

api() { curl -sS --max-time 60 -H "$AUTH_HEADER" "$@"; }

SERVICE_JSON="$(api -d FriendlyName=bench "$BASE/v1/Services")"
IS="$(grep -o '"sid":"IS[0-9a-f]\{32\}"' <<<"$SERVICE_JSON" | head -1 | cut -d'"' -f4)"
[[ -n "$IS" ]] || die "could not create a Service: $SERVICE_JSON"
echo "Service $IS"

# ---------------------------------------------------------------- wrk helpers
: >"$RUN_DIR/bench.lines"
CREATED=0   # 201s seen so far
LISTED="-"  # Bindings found by paging (VERIFY=1)

# run_wrk NAME SCRIPT URL DURATION [VAR=VALUE ...]: a bounded wrk run; its BENCH line goes to bench.lines.
run_wrk() {
    local name="$1" script="$2" url="$3" dur="$4"
    shift 4
    local out="$RUN_DIR/wrk-$name.txt"
    local conns="${CONNS:-$CONNECTIONS}" threads="$THREADS"
    (( threads <= conns )) || threads="$conns"
    section "$name (wrk -t$threads -c$conns -d$dur; loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
    # In the background plus wait, so that a SIGTERM or SIGINT to this script is handled at once.
    env BENCH_NAME="$name" BENCH_SERVICE="$IS" BENCH_THREADS="$threads" "$@" \
        timeout --signal=INT --kill-after=10 $(( $(secs "$dur") + 30 )) \
        wrk --latency --timeout 10s -t "$threads" -c "$conns" -d "$dur" -H "$AUTH_HEADER" \
        -s "$LUA/$script" "$url" >"$out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || true
    WRK_PID=""
    cat "$out"
    bench_line "$name" "$out"
    herald_alive "$name"
}

# herald_alive WHEN: fails the run, with Herald's exit status and log tail, if Herald is gone.
herald_alive() {
    if ! kill -0 "$HERALD_PID" 2>/dev/null; then
        local rc=0
        wait "$HERALD_PID" || rc=$?
        HERALD_PID=""
        echo "---- herald.log (tail)"
        tail -40 "$RUN_DIR/herald.log"
        die "Herald exited (status $rc) during or before $1"
    fi
}

bench_line() {
    local line
    line="$(grep '^BENCH ' "$2" | tail -1 || true)"
    [[ -n "$line" ]] || die "wrk printed no BENCH line for $1 (see $2)"
    echo "$line" >>"$RUN_DIR/bench.lines"
}

# field NAME KEY: a value from NAME's BENCH line
field() { grep "^BENCH name=$1 " "$RUN_DIR/bench.lines" | tail -1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }

ok_of() { local v; v="$(field "$1" ok)"; echo "${v:-0}"; }

# run_create NAME DURATION PREFIX: creates Bindings for DURATION, but no more than BINDINGS in all: each wrk
# thread stops itself once it has its share of the quota and leaves a mark file, and wrk (which would
# otherwise run out its -d) is then ended with SIGINT. Adds the run's 201s to CREATED.
run_create() {
    local name="$1" dur="$2" prefix="$3"
    local quota=$(( BINDINGS - CREATED ))
    if (( quota < THREADS )); then
        section "$name: skipped, $CREATED Bindings already (BINDINGS=$BINDINGS)"
        return
    fi
    local out="$RUN_DIR/wrk-$name.txt" marks="$TMP/marks-$name"
    mkdir -p "$marks"
    section "$name (wrk -t$THREADS -c$CONNECTIONS -d$dur, stops after $quota Bindings; loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
    env BENCH_NAME="$name" BENCH_SERVICE="$IS" BENCH_THREADS="$THREADS" BENCH_PREFIX="$prefix" \
        BENCH_QUOTA="$quota" BENCH_MARKS="$marks" \
        timeout --signal=INT --kill-after=10 $(( $(secs "$dur") + 30 )) \
        wrk --latency --timeout 10s -t "$THREADS" -c "$CONNECTIONS" -d "$dur" -H "$AUTH_HEADER" \
        -s "$LUA/create.lua" "$BASE" >"$out" 2>&1 &
    WRK_PID=$!
    local t0 last now done_threads
    t0=$(date +%s)
    last=$t0
    while kill -0 "$WRK_PID" 2>/dev/null; do
        done_threads=$(find "$marks" -name 'done-*' | wc -l)
        if (( done_threads >= THREADS )); then
            kill -INT "$WRK_PID" 2>/dev/null || true
            break
        fi
        now=$(date +%s)
        if (( now - last >= 15 )); then
            echo "  ... $(( now - t0 )) s, $done_threads/$THREADS threads at their quota"
            last=$now
        fi
        sleep 0.2
    done
    wait "$WRK_PID" || true
    WRK_PID=""
    cat "$out"
    bench_line "$name" "$out"
    herald_alive "$name"
    CREATED=$(( CREATED + $(ok_of "$name") ))
}

# ---------------------------------------------------------------- a. create
if [[ "$WARMUP" != "0" && "$WARMUP" != "0s" ]]; then
    run_create warmup-create "$WARMUP" w
fi
run_create create "$DURATION" c

# ---------------------------------------------------------------- b. load to BINDINGS
run_create load "${LOAD_TIMEOUT}s" l
echo
echo "201s counted over warm-up, create and load: $CREATED (target $BINDINGS)"
(( CREATED >= BINDINGS )) || echo "WARNING: fewer Bindings created than BINDINGS=$BINDINGS"

if [[ "$VERIFY" == "1" ]]; then
    section "verify: page through all Bindings with PageSize=1000"
    url="$BASE/v1/Services/$IS/Bindings?PageSize=1000"
    total=0 pages=0 max_pages=$(( BINDINGS / 1000 + 100 ))
    t0=$(date +%s%N)
    while [[ -n "$url" ]] && (( pages < max_pages )); do
        api -o "$TMP/page.json" "$url"
        n=$(grep -o '"sid":"BS[0-9a-f]\{32\}"' "$TMP/page.json" | wc -l)
        total=$(( total + n ))
        pages=$(( pages + 1 ))
        url="$(grep -o '"next_page_url":"[^"]*"' "$TMP/page.json" | cut -d'"' -f4 || true)"
    done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    LISTED=$total
    echo "Bindings in the Service: $total ($pages pages in $ms ms, $(( ms / (pages > 0 ? pages : 1) )) ms a page)"
    (( total == CREATED )) || echo "NOTE: the listing ($total) and the 201s counted ($CREATED) differ (requests still in flight when a wrk run ends are not counted, yet they land)"
fi
rss() { awk '/^VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$HERALD_PID/status"; }
DATA_SIZE="$(du -sh "$TMP/data" | cut -f1)"
echo "data dir: $DATA_SIZE; Herald RSS: $(rss)"

# ---------------------------------------------------------------- c. fetch
api -o "$TMP/first.json" "$BASE/v1/Services/$IS/Bindings?PageSize=$FETCH_SIDS"
grep -o '"sid":"BS[0-9a-f]\{32\}"' "$TMP/first.json" | cut -d'"' -f4 >"$TMP/sids.txt"
echo
echo "fetch: $(wc -l <"$TMP/sids.txt") Binding sids from the first page"
[[ -s "$TMP/sids.txt" ]] || die "no Binding sids to fetch"
run_wrk fetch fetch.lua "$BASE" "$DURATION" BENCH_SIDS="$TMP/sids.txt"

# ---------------------------------------------------------------- d. list by tag
for tag in $LIST_TAGS; do
    url="$BASE/v1/Services/$IS/Bindings?Tag=$tag&PageSize=50"
    n=$(api "$url" | grep -o '"sid":"BS[0-9a-f]\{32\}"' | wc -l)
    echo
    echo "list Tag=$tag: the first page holds $n Bindings"
    run_wrk "list-$tag" list.lua "$url" "$DURATION"
done

# ---------------------------------------------------------------- e. list latency below saturation
# 64 connections saturate 2 cores, so the runs above measure throughput and queueing; these runs keep fewer
# requests in flight to show the latency of one list request.
first_tag="${LIST_TAGS%% *}"
for c in $LATENCY_CONNECTIONS; do
    CONNS="$c" run_wrk "list-$first_tag-c$c" list.lua "$BASE/v1/Services/$IS/Bindings?Tag=$first_tag&PageSize=50" "$DURATION"
done

# ---------------------------------------------------------------- summary
section "summary (latencies in ms; non-2xx = responses outside 200-299; sock err = connect/read/write errors + timeouts)"
{
    printf '%-16s %7s %9s %9s %9s %9s %9s %9s %9s %8s %8s\n' workload secs requests "req/s" "2xx/s" p50 p90 p99 max non-2xx "sock err"
    while read -r line; do
        declare -A f=()
        for kv in $line; do
            [[ "$kv" == *=* ]] && f["${kv%%=*}"]="${kv#*=}"
        done
        printf '%-16s %7.1f %9s %9s %9s %9s %9s %9s %9s %8s %8s\n' "${f[name]}" "${f[duration_s]}" "${f[requests]}" "${f[rps]}" "${f[ok_rps]}" \
            "${f[p50_ms]}" "${f[p90_ms]}" "${f[p99_ms]}" "${f[max_ms]}" "${f[non2xx]}" "$(( f[sock_errors] + f[timeouts] ))"
        unset f
    done <"$RUN_DIR/bench.lines"
} | tee "$RUN_DIR/summary.txt"
echo
echo "statuses:"
sed -n 's/^BENCH name=\([^ ]*\) .*statuses=\([^ ]*\).*/  \1: \2/p' "$RUN_DIR/bench.lines"
echo "Bindings: $CREATED created (201s counted), $LISTED listed; data dir $DATA_SIZE after the load; Herald RSS now $(rss)"
if awk '{for (i = 1; i <= NF; i++) { split($i, kv, "="); if ((kv[1] == "non2xx" || kv[1] == "sock_errors" || kv[1] == "timeouts") && kv[2] + 0 > 0) bad = 1 }} END {exit !bad}' "$RUN_DIR/bench.lines"; then
    echo "WARNING: some runs had non-2xx responses or socket errors (see above)"
fi
if grep -qiE 'exception|error' "$RUN_DIR/herald.log"; then
    echo "NOTE: herald.log mentions errors or exceptions; see $RUN_DIR/herald.log"
fi
