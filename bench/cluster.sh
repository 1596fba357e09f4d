#!/usr/bin/env bash
# One Herald node versus two on one PostgreSQL: the same create / fetch / list-by-tag workloads, first against
# one node with CONNECTIONS connections, then against two nodes at once with half the connections each (two
# wrk processes), and the ratio of the summed throughput. Everything shares this machine's cores, so the
# ratio shows the cost of a second node here, not the capacity that more machines would add.
#
#   bench/cluster.sh                     # DURATION=15s CONNECTIONS=64 BINDINGS=50000
set -euo pipefail

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
BINDINGS="${BINDINGS:-50000}"
PG_PORT=55433
PORTS=(18290 18291)
ACCOUNT=AC0c1057e0000000000000000000000000
TOKEN=cluster-token
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LUA="$ROOT/bench/lua"
RUN_DIR="$ROOT/bench/results/cluster-$(date -u +%Y%m%d-%H%M%S)"
WORK="$(mktemp -d /tmp/herald-cluster.XXXXXX)"
chmod 755 "$WORK" # the postgres user must reach its cluster directory inside
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
mkdir -p "$RUN_DIR"
exec > >(tee "$RUN_DIR/output.txt") 2>&1

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
AUTH="Authorization: Basic $(printf '%s:%s' "$ACCOUNT" "$TOKEN" | base64 -w0)"

echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
echo "duration=$DURATION connections=$CONNECTIONS bindings=$BINDINGS postgres=$("$PG_BIN/postgres" --version)"
jar="$ROOT/target/herald.jar"
[[ -f "$jar" && -z "$(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$jar" -print -quit)" ]] \
    || (cd "$ROOT" && mvn -q -B -DskipTests package)

mkdir -p "$WORK/pg" && chown postgres "$WORK/pg" && chmod 700 "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nshared_buffers = 1GB\nmax_connections = 200\n" \
    "$PG_PORT" "$WORK/pg" >>"$WORK/pg/postgresql.conf"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w start >/dev/null
"$PG_BIN/psql" -h 127.0.0.1 -p $PG_PORT -U postgres -c "CREATE DATABASE herald" >/dev/null
DB="jdbc:postgresql://127.0.0.1:$PG_PORT/herald?user=postgres"

for port in "${PORTS[@]}"; do
    HERALD_ACCOUNT_SID=$ACCOUNT HERALD_AUTH_TOKEN=$TOKEN HERALD_MASTER_KEY=$(printf '%064d' 7) java -Xmx512m -jar "$jar" \
        serve --host 127.0.0.1 --port "$port" --data "$WORK/data-$port" --db "$DB" >"$RUN_DIR/herald-$port.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done
A="http://127.0.0.1:${PORTS[0]}"
B="http://127.0.0.1:${PORTS[1]}"
IS=$(curl -sf -H "$AUTH" -X POST "$A/v1/Services" -d FriendlyName=cluster | grep -o '"sid":"IS[0-9a-f]*"' | cut -d'"' -f4)

# wrk_run NAME SCRIPT URL CONNECTIONS [VAR=VALUE ...] → prints its requests/s
wrk_run() {
    local name="$1" script="$2" url="$3" conns="$4"
    shift 4
    env BENCH_NAME="$name" BENCH_SERVICE="$IS" BENCH_THREADS=1 BENCH_QUOTA=0 BENCH_PREFIX="$name" "$@" \
        timeout --signal=INT 120 wrk --latency --timeout 10s -t 1 -c "$conns" -d "$DURATION" -H "$AUTH" \
        -s "$LUA/$script" "$url" >"$RUN_DIR/wrk-$name.txt" 2>&1 || true
    grep -o ' rps=[0-9.]*' "$RUN_DIR/wrk-$name.txt" | cut -d= -f2
}
# compare NAME SCRIPT PATH [VAR=VALUE ...]: one node, then both at once; prints a table row.
compare() {
    local name="$1" script="$2" path="$3"
    shift 3
    local one two_a two_b
    one=$(wrk_run "$name-1node" "$script" "$A$path" "$CONNECTIONS" "$@")
    wrk_run "$name-2nodes-a" "$script" "$A$path" $((CONNECTIONS / 2)) "$@" >"$WORK/a.rps" &
    local pa=$!
    wrk_run "$name-2nodes-b" "$script" "$B$path" $((CONNECTIONS / 2)) "$@" >"$WORK/b.rps" &
    local pb=$!
    wait "$pa" "$pb"
    two_a=$(cat "$WORK/a.rps")
    two_b=$(cat "$WORK/b.rps")
    awk -v n="$name" -v o="$one" -v a="$two_a" -v b="$two_b" \
        'BEGIN { printf "%-10s %10.0f %10.0f %10.0f %10.0f %7.2f\n", n, o, a, b, a + b, (a + b) / o }' | tee -a "$WORK/table"
}

: >"$WORK/table"
echo
printf '%-10s %10s %10s %10s %10s %7s\n' workload "1 node" "2n: A" "2n: B" "2n: sum" ratio
wrk_run warmup create.lua "$A" "$CONNECTIONS" >/dev/null
compare create create.lua ""
# top up to BINDINGS for the reads, through both nodes
count=$(curl -sf -H "$AUTH" "$A/v1/Services/$IS/Bindings?PageSize=1000" | grep -o '"sid":"BS' | wc -l)
curl -sf -H "$AUTH" "$A/v1/Services/$IS/Bindings?PageSize=1000" | grep -o '"sid":"BS[0-9a-f]\{32\}"' | cut -d'"' -f4 >"$WORK/sids.txt"
compare fetch fetch.lua "" BENCH_SIDS="$WORK/sids.txt"
compare list list.lua "/v1/Services/$IS/Bindings?Tag=news&PageSize=50"
echo "(requests/s; ratio = two nodes' sum / one node; $count+ Bindings in the Service)"
