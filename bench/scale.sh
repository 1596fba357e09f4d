#!/usr/bin/env bash
# Herald at scale: loads BINDINGS Bindings across SERVICES Services into SQLite or PostgreSQL with bench/Loader.java,
# then measures fetch, list by one tag, by two tags (of like density, and with the rare tag-999), by identity and
# deep paging with wrk against a Herald whose heap is capped (-Xmx512m), and prints database size per Binding and
# the query plans of the list queries.
#
#   ENGINE=sqlite|postgres BINDINGS=10000000 bench/scale.sh
#
# Parameters (environment):
#   ENGINE       sqlite (default) or postgres (a throwaway cluster of Debian's PostgreSQL in a temp dir)
#   BINDINGS     Bindings to load                         default 10000000
#   SERVICES     Services they are spread over            default 10
#   DURATION     length of each measured wrk run          default 15s
#   JIT_WARMUP   unmeasured run of every workload, once, before any measurement   default 20s each
#                (a fresh JVM needs about a minute of load on 2 cores before its compiled code settles)
#   WARMUP       unmeasured wrk run before each measured one   default 10s
#   CONNECTIONS  wrk connections for throughput            default 64
#   LATENCY_CONNECTIONS  fewer connections, for latency   default "8 4"
#   HEAP         Herald's -Xmx                            default 512m
#   HTTP_THREADS Herald's --http-threads                  default: Herald's (250)
#   KEEP_DIR     a directory to keep the loaded database in (reused when it already holds one)
# Only loopback traffic; every wrk run is bounded. Results go to bench/results/scale-<engine>-<time>/.
set -euo pipefail

ENGINE="${ENGINE:-sqlite}"
BINDINGS="${BINDINGS:-10000000}"
SERVICES="${SERVICES:-10}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-10s}"
JIT_WARMUP="${JIT_WARMUP:-20s}"
HTTP_THREADS="${HTTP_THREADS:-}"
CONNECTIONS="${CONNECTIONS:-64}"
LATENCY_CONNECTIONS="${LATENCY_CONNECTIONS:-8 4}"
HEAP="${HEAP:-512m}"
PORT=18190
PG_PORT=55432
ACCOUNT=AC5ca1e000000000000000000000000000
TOKEN=scale-token
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bench/lib.sh"
LUA="$ROOT/bench/lua"
RUN_DIR="$ROOT/bench/results/scale-$ENGINE-$(date -u +%Y%m%d-%H%M%S)"
WORK="${KEEP_DIR:-$(mktemp -d /tmp/herald-scale.XXXXXX)}"
mkdir -p "$RUN_DIR" "$WORK"
chmod 755 "$WORK" # the postgres user must reach its cluster directory inside
exec > >(tee "$RUN_DIR/output.txt") 2>&1

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [[ "$ENGINE" != postgres ]] || pg_stop "$WORK"
    [[ -n "${KEEP_DIR:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT

section() { printf '\n== %s\n' "$*"; }
AUTH="Authorization: Basic $(printf '%s:%s' "$ACCOUNT" "$TOKEN" | base64 -w0)"
api() { curl -sS -f -H "$AUTH" "$@"; }

section "machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); memory: $(free -h | awk '/Mem:/ {print $2}')"
java -version 2>&1 | head -1
echo "engine=$ENGINE bindings=$BINDINGS services=$SERVICES duration=$DURATION jit_warmup=$JIT_WARMUP warmup=$WARMUP" \
    "connections=$CONNECTIONS heap=$HEAP http_threads=${HTTP_THREADS:-default}"

jar="$ROOT/target/herald.jar"
build_jar "$ROOT"

if [[ "$ENGINE" == postgres ]]; then
    pg_start "$WORK" "$PG_PORT"
    JDBC="$PG_JDBC"
    SERVE_ARGS=(--db "$JDBC" --db-pool-size 16)
    LOADER_URL="$JDBC"
else
    SERVE_ARGS=()
    LOADER_URL="jdbc:sqlite:$WORK/data/herald.db"
fi

[[ -z "$HTTP_THREADS" ]] || SERVE_ARGS+=(--http-threads "$HTTP_THREADS")

# start_herald PORT: a Herald on 127.0.0.1:PORT with the capped heap; sets HERALD_PID.
start_herald() {
    HERALD_ACCOUNT_SID=$ACCOUNT HERALD_AUTH_TOKEN=$TOKEN java "-Xmx$HEAP" -jar "$jar" serve --host 127.0.0.1 \
        --port "$1" --data "$WORK/data" "${SERVE_ARGS[@]}" >>"$RUN_DIR/herald-$1.log" 2>&1 &
    HERALD_PID=$!
    PIDS+=("$HERALD_PID")
    for _ in $(seq 600); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return; sleep 0.2; done
    echo "Herald did not start"; tail -20 "$RUN_DIR/herald-$1.log"; exit 1
}
stop_herald() { kill "$HERALD_PID"; wait "$HERALD_PID" || true; }

start_herald $PORT
BASE="http://127.0.0.1:$PORT"
if [[ ! -f "$WORK/services.txt" ]]; then
    for s in $(seq "$SERVICES"); do
        api -X POST "$BASE/v1/Services" -d "FriendlyName=scale-$s" | grep -o '"sid":"IS[0-9a-f]*"' | cut -d'"' -f4
    done >"$WORK/services.txt"
    stop_herald
    section "load $BINDINGS Bindings"
    t0=$(date +%s)
    java -cp "$jar" "$ROOT/bench/Loader.java" "$LOADER_URL" "$ACCOUNT" "$(paste -sd, "$WORK/services.txt")" \
        "$BINDINGS" "$WORK"
    echo "load took $(( $(date +%s) - t0 )) s"
    start_herald $PORT
fi
if [[ "$ENGINE" == postgres && ! -f "$WORK/vacuumed" ]]; then
    section "VACUUM (ANALYZE) after the bulk load (sets the visibility map, as autovacuum eventually would)"
    t0=$(date +%s)
    psqlc -c "VACUUM (ANALYZE)" && touch "$WORK/vacuumed"
    echo "vacuum took $(( $(date +%s) - t0 )) s"
fi
IS=$(head -n 1 "$WORK/services.txt")
. <(sed 's/^/SAMPLE_/' "$WORK/sample.txt")

section "database size"
if [[ "$ENGINE" == postgres ]]; then
    bytes=$(psqlc -c "SELECT pg_database_size('herald')")
else
    bytes=$(du -cb "$WORK/data"/herald.db* | tail -n 1 | cut -f1)
fi
echo "$bytes bytes for $BINDINGS Bindings: $(( bytes / BINDINGS )) bytes per Binding (all tables and indexes)"

# The list queries exactly as Herald's JdbcBindingStore builds them (first page, PageSize 50 → LIMIT 51).
COLS="b.sid, b.service_sid, b.account_sid, b.credential_sid, b.identity, b.binding_type, b.address, b.tags, b.notification_protocol_version, b.endpoint, b.date_created, b.date_updated"
Q_TAG="SELECT $COLS FROM binding_tags t0 JOIN bindings b ON b.sid = t0.binding_sid WHERE t0.service_sid = '$IS' AND t0.tag = '$SAMPLE_tag1' AND b.account_sid = '$ACCOUNT' ORDER BY t0.date_created, t0.binding_sid LIMIT 51"
# Two tags: Herald's probe picks the sparser tag (tag2 here) to drive; rows whose tag mask lacks the bits of the
# other tag are skipped in the index, the rest are checked by a primary-key lookup. MASK is TagMask.of("tag-0").
[[ "$SAMPLE_tag1" == tag-0 ]] || { echo "the query plans assume tag1=tag-0"; exit 1; }
MASK=288230376151711746
Q_TWO="SELECT $COLS FROM binding_tags t0 JOIN bindings b ON b.sid = t0.binding_sid WHERE t0.service_sid = '$IS' AND t0.tag = '$SAMPLE_tag2' AND (t0.tag_mask & $MASK) = $MASK AND EXISTS (SELECT 1 FROM binding_tags t1 WHERE t1.service_sid = '$IS' AND t1.tag = '$SAMPLE_tag1' AND t1.date_created = t0.date_created AND t1.binding_sid = t0.binding_sid) AND b.account_sid = '$ACCOUNT' ORDER BY t0.date_created, t0.binding_sid LIMIT 51"
# A common tag with a rare one: the rare tag drives and Herald probes the other row by row (on PostgreSQL with
# OFFSET 0, which keeps it from merging the common tag's whole range).
FENCE=""
[[ "$ENGINE" != postgres ]] || FENCE=" LIMIT 1 OFFSET 0"
Q_RARE="SELECT $COLS FROM binding_tags t0 JOIN bindings b ON b.sid = t0.binding_sid WHERE t0.service_sid = '$IS' AND t0.tag = 'tag-999' AND (t0.tag_mask & $MASK) = $MASK AND EXISTS (SELECT 1 FROM binding_tags t1 WHERE t1.service_sid = '$IS' AND t1.tag = '$SAMPLE_tag1' AND t1.date_created = t0.date_created AND t1.binding_sid = t0.binding_sid$FENCE) AND b.account_sid = '$ACCOUNT' ORDER BY t0.date_created, t0.binding_sid LIMIT 51"
Q_PROBE="SELECT COUNT(*) AS n, MAX(date_created) AS edge FROM (SELECT date_created FROM binding_tags WHERE service_sid = '$IS' AND tag = '$SAMPLE_tag1' ORDER BY date_created, binding_sid LIMIT 2000) probe"
Q_ID="SELECT $COLS FROM bindings b WHERE b.service_sid = '$IS' AND b.account_sid = '$ACCOUNT' AND b.identity IN ('$SAMPLE_identity') ORDER BY b.date_created, b.sid LIMIT 51"
Q_DEEP="SELECT $COLS FROM binding_tags t0 JOIN bindings b ON b.sid = t0.binding_sid WHERE t0.service_sid = '$IS' AND t0.tag = '$SAMPLE_tag1' AND b.account_sid = '$ACCOUNT' AND (t0.date_created, t0.binding_sid) > (1700000000, 'BS0') ORDER BY t0.date_created, t0.binding_sid LIMIT 51"
Q_TYPE="SELECT $COLS FROM bindings b WHERE b.service_sid = '$IS' AND b.binding_type = 'sms' AND b.account_sid = '$ACCOUNT' ORDER BY b.date_created, b.sid LIMIT 51"
section "query plans"
for q in Q_TAG Q_TWO Q_RARE Q_PROBE Q_ID Q_DEEP Q_TYPE; do
    echo "-- $q"
    if [[ "$ENGINE" == postgres ]]; then
        psqlc -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${!q}"
    else
        sqlite3 "$WORK/data/herald.db" "EXPLAIN QUERY PLAN ${!q}"
    fi
done

# Deep paging: follow next_page_url 999 times from the first page of Tag=tag1 to reach page 1,000.
section "deep paging: following next_page_url to page 1,000"
url="$BASE/v1/Services/$IS/Bindings?Tag=$SAMPLE_tag1&PageSize=50"
t0=$(date +%s%N)
pages=1
while (( pages < 1000 )); do
    next=$(api "$url" | grep -o '"next_page_url":"[^"]*"' | cut -d'"' -f4 || true)
    [[ -n "$next" ]] || break
    url="$next"
    pages=$(( pages + 1 ))
done
echo "$(( pages - 1 )) next_page_url links followed in $(( ($(date +%s%N) - t0) / 1000000 )) ms; page $pages: ${url#$BASE}"
DEEP_URL="$url"

: >"$RUN_DIR/bench.lines"
warm() { # DURATION SCRIPT URL CONNECTIONS [VAR=VALUE ...]: an unmeasured run
    local duration="$1" script="$2" target="$3" conns="$4"
    shift 4
    env BENCH_NAME="warmup" BENCH_SERVICE="$IS" "$@" timeout --signal=INT 120 \
        wrk --timeout 10s -t 2 -c "$conns" -d "$duration" -H "$AUTH" -s "$LUA/$script" "$target" >/dev/null 2>&1 || true
}
run_wrk() { # NAME SCRIPT URL CONNECTIONS [VAR=VALUE ...]
    local name="$1" script="$2" target="$3" conns="$4"
    shift 4
    [[ "$phase" == measure ]] || { warm "$JIT_WARMUP" "$script" "$target" "$conns" "$@"; return; }
    warm "$WARMUP" "$script" "$target" "$conns" "$@"
    env BENCH_NAME="$name" BENCH_SERVICE="$IS" "$@" timeout --signal=INT 120 \
        wrk --latency --timeout 10s -t 2 -c "$conns" -d "$DURATION" -H "$AUTH" -s "$LUA/$script" "$target" \
        >"$RUN_DIR/wrk-$name.txt" 2>&1 || true
    grep '^BENCH ' "$RUN_DIR/wrk-$name.txt" >>"$RUN_DIR/bench.lines" || cat "$RUN_DIR/wrk-$name.txt"
}
workloads() { # CONNECTIONS
    local c="$1"
    run_wrk "fetch-c$c" fetch.lua "$BASE" "$c" BENCH_SIDS="$WORK/sids.txt"
    run_wrk "list-tag-c$c" list.lua "$BASE/v1/Services/$IS/Bindings?Tag=$SAMPLE_tag1&PageSize=50" "$c"
    run_wrk "list-two-tags-c$c" list.lua "$BASE/v1/Services/$IS/Bindings?Tag=$SAMPLE_tag1&Tag=$SAMPLE_tag2&PageSize=50" "$c"
    run_wrk "list-tag-and-rare-c$c" list.lua "$BASE/v1/Services/$IS/Bindings?Tag=$SAMPLE_tag1&Tag=tag-999&PageSize=50" "$c"
    run_wrk "list-identity-c$c" list.lua "$BASE/v1/Services/$IS/Bindings?Identity=$SAMPLE_identity&PageSize=50" "$c"
    run_wrk "list-page-$pages-c$c" list.lua "$DEEP_URL" "$c"
}

section "JIT warm-up: every workload once for $JIT_WARMUP at $CONNECTIONS connections, unmeasured"
phase=warm
workloads "$CONNECTIONS"
section "wrk runs"
phase=measure
for c in "$CONNECTIONS" $LATENCY_CONNECTIONS; do
    workloads "$c"
done

section "summary (latencies in ms)"
printf '%-22s %9s %9s %9s %9s %9s %8s\n' workload "req/s" p50 p90 p99 max non-2xx
while read -r line; do
    declare -A f=()
    for kv in $line; do [[ "$kv" == *=* ]] && f["${kv%%=*}"]="${kv#*=}"; done
    printf '%-22s %9s %9s %9s %9s %9s %8s\n' "${f[name]}" "${f[rps]}" "${f[p50_ms]}" "${f[p90_ms]}" "${f[p99_ms]}" "${f[max_ms]}" "${f[non2xx]}"
done <"$RUN_DIR/bench.lines"

section "Herald memory"
jcmd "$HERALD_PID" GC.heap_info 2>/dev/null | head -4 || true
echo "RSS: $(( $(awk '/VmRSS/ {print $2}' /proc/"$HERALD_PID"/status) / 1024 )) MiB (heap capped at $HEAP)"
echo "results in $RUN_DIR"
