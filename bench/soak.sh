#!/usr/bin/env bash
# Herald soak benchmark: mixed create / fetch / list / delete of Bindings at a FIXED rate for a long time, against
# a Herald started here on 127.0.0.1 with a fresh data directory, sampling Herald's heap, RSS, fds and threads and
# the requests' latencies and errors every SAMPLE. The goal is flat memory and latency. See bench/README.md.
#
#   bench/soak.sh                              # 30 minutes at the default rate
#   DURATION=3m SAMPLE=30s bench/soak.sh       # a quick check
#
# Parameters (environment):
#   DURATION      measured length (after fill and warm-up): 30m, 90s, 1h             default 30m
#   SAMPLE        length of an interval: one output line each                        default 60s
#   WARMUP        at RATE before the measured intervals, reported apart (0 = none)   default 60s
#   RATE          requests a second, fixed (open model)                              default 400
#   MIX           operation weights                     default create=30,fetch=40,list=20,delete=10
#   BINDINGS      data set size: filled before, kept near it during the run          default 20000
#   SERVICES      Services the Bindings are spread over                              default 3
#   TIMEOUT       per request (a timeout counts as a socket error)                   default 10s
#   LATE_MS       a request sent more than this after its due time is "late"         default 10
#   SLOW_MS       a response more than this after its due time is "slow"             default 100
#   CONNECTIONS   HTTP connections at most; requests beyond wait for one (latency from the due time) default 32
#   MAX_INFLIGHT  requests queued or in flight at most; beyond, not sent ("overload")  default 10000
#   HEAP_GC       1 = heap is sampled after a full GC (jcmd GC.run), 0 = as it is    default 1
#   PORT          Herald's port on 127.0.0.1                                         default 18290
#   HERALD_JAVA_OPTS  JVM options for Herald                                          default none
#   HERALD_ARGS   extra flags for herald serve, e.g. "--http-threads 8"              default none
#   SOAK_JAVA_OPTS  JVM options for the load generator       default "-XX:+UseSerialGC -Xmx256m"
#   RESULTS_DIR   where each run's directory goes                                    default bench/results
#   HERALD_JAR    a jar to measure instead of target/herald.jar (no build)            default none
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="${HERALD_JAR:-$ROOT/target/herald.jar}"

DURATION="${DURATION:-30m}"
SAMPLE="${SAMPLE:-60s}"
WARMUP="${WARMUP:-60s}"
RATE="${RATE:-400}"
MIX="${MIX:-create=30,fetch=40,list=20,delete=10}"
BINDINGS="${BINDINGS:-20000}"
SERVICES="${SERVICES:-3}"
TIMEOUT="${TIMEOUT:-10s}"
LATE_MS="${LATE_MS:-10}"
SLOW_MS="${SLOW_MS:-100}"
CONNECTIONS="${CONNECTIONS:-32}"
MAX_INFLIGHT="${MAX_INFLIGHT:-10000}"
HEAP_GC="${HEAP_GC:-1}"
PORT="${PORT:-18290}"
HERALD_JAVA_OPTS="${HERALD_JAVA_OPTS:-}"
HERALD_ARGS="${HERALD_ARGS:-}"
SOAK_JAVA_OPTS="${SOAK_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m}"
RESULTS_DIR="${RESULTS_DIR:-$HERE/results}"
FILL_TIMEOUT=600 # seconds; the fill stops there even if short of BINDINGS

HOST=127.0.0.1 # loopback only, on purpose: not a parameter
BASE="http://$HOST:$PORT"
ACCOUNT_SID="AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN="0b5e1c2d3e4f5a6b7c8d9e0f1a2b3c4d"

die() { echo "soak.sh: $*" >&2; exit 1; }

# "30m" / "90s" / "1h" / "90" -> seconds
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

DURATION_S="$(secs "$DURATION")"
SAMPLE_S="$(secs "$SAMPLE")"
WARMUP_S="$(secs "$WARMUP")"
TIMEOUT_S="$(secs "$TIMEOUT")"
[[ "$DURATION_S" =~ ^[1-9][0-9]*$ ]] || die "DURATION must look like 30m, 90s, 1h or 90"
[[ "$SAMPLE_S" =~ ^[1-9][0-9]*$ ]] || die "SAMPLE must look like 60s or 1m"
[[ "$WARMUP_S" =~ ^[0-9]+$ ]] || die "WARMUP must look like 60s or 0"
[[ "$TIMEOUT_S" =~ ^[1-9][0-9]*$ ]] || die "TIMEOUT must look like 10s"
[[ "$RATE" =~ ^[0-9]+(\.[0-9]+)?$ ]] && [[ "$RATE" != 0 ]] || die "RATE must be a positive number"
[[ "$BINDINGS" =~ ^[0-9]+$ && "$SERVICES" =~ ^[1-9][0-9]*$ ]] || die "BINDINGS and SERVICES must be numbers"
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ && "$MAX_INFLIGHT" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS and MAX_INFLIGHT must be positive"
[[ "$HEAP_GC" == 0 || "$HEAP_GC" == 1 ]] || die "HEAP_GC is 0 or 1"
for tool in curl java jcmd; do
    command -v "$tool" >/dev/null || die "$tool is not installed (a JDK 17, not a JRE, and curl)"
done

# ---------------------------------------------------------------- results and cleanup
STAMP="$(date -u +%Y%m%d-%H%M%S)"
RUN_DIR="$RESULTS_DIR/soak-$STAMP"
mkdir -p "$RUN_DIR"
exec > >(tee "$RUN_DIR/output.txt") 2>&1

TMP="$(mktemp -d -t herald-soak.XXXXXX)"
HERALD_PID=""
GEN_PID=""
cleanup() {
    local rc=$?
    set +e
    if [[ -n "$GEN_PID" ]] && kill -0 "$GEN_PID" 2>/dev/null; then
        kill -TERM "$GEN_PID" 2>/dev/null; sleep 1; kill -KILL "$GEN_PID" 2>/dev/null
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
echo "data disk:   $(df -hT "$TMP" | awk 'NR==2 {print $1" ("$2") size "$3", avail "$5", mounted on "$7}')"
echo "params:      DURATION=$DURATION SAMPLE=$SAMPLE WARMUP=$WARMUP RATE=$RATE MIX=$MIX BINDINGS=$BINDINGS SERVICES=$SERVICES TIMEOUT=$TIMEOUT LATE_MS=$LATE_MS SLOW_MS=$SLOW_MS CONNECTIONS=$CONNECTIONS MAX_INFLIGHT=$MAX_INFLIGHT HEAP_GC=$HEAP_GC HERALD_JAVA_OPTS=\"$HERALD_JAVA_OPTS\" HERALD_ARGS=\"$HERALD_ARGS\" SOAK_JAVA_OPTS=\"$SOAK_JAVA_OPTS\""

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
# Herald logs its GCs (one line each, in the results): the pauses, and the heap after every collection.
# shellcheck disable=SC2086
HERALD_ACCOUNT_SID="$ACCOUNT_SID" HERALD_AUTH_TOKEN="$AUTH_TOKEN" \
    java -Xlog:gc:file="$RUN_DIR/gc.log":uptime $HERALD_JAVA_OPTS -jar "$JAR" serve --host "$HOST" --port "$PORT" --data "$TMP/data" $HERALD_ARGS \
    >"$RUN_DIR/herald.log" 2>&1 &
HERALD_PID=$!
started=$(date +%s%N)
until curl -sf -o /dev/null --max-time 2 "$BASE/healthz"; do
    kill -0 "$HERALD_PID" 2>/dev/null || { cat "$RUN_DIR/herald.log"; die "Herald exited during start-up"; }
    (( ($(date +%s%N) - started) / 1000000000 < 60 )) || die "Herald not healthy after 60 s"
    sleep 0.1
done
echo "Herald pid $HERALD_PID healthy after $(( ($(date +%s%N) - started) / 1000000 )) ms; data in $TMP/data"
echo "Herald JVM: $(jcmd "$HERALD_PID" VM.flags 2>/dev/null | tail -1 | tr ' ' '\n' | grep -E '^-XX:(\+Use[A-Za-z0-9]*GC|MaxHeapSize|InitialHeapSize)' | tr '\n' ' ')"

# ---------------------------------------------------------------- soak
section "soak (loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
# Bounded: the generator stops by itself after fill + WARMUP + DURATION (plus its own 30 s grace); timeout is a
# backstop for a hung generator.
LIMIT=$(( FILL_TIMEOUT + WARMUP_S + DURATION_S + (DURATION_S / SAMPLE_S + 3) * 70 + TIMEOUT_S + 120 ))
# shellcheck disable=SC2086
HERALD_ACCOUNT_SID="$ACCOUNT_SID" HERALD_AUTH_TOKEN="$AUTH_TOKEN" \
    timeout --kill-after=10 "$LIMIT" java $SOAK_JAVA_OPTS "$HERE/Soak.java" \
    url="$BASE" pid="$HERALD_PID" out="$RUN_DIR" rate="$RATE" duration="${DURATION_S}s" sample="${SAMPLE_S}s" \
    warmup="${WARMUP_S}s" mix="$MIX" bindings="$BINDINGS" services="$SERVICES" timeout="${TIMEOUT_S}s" \
    late_ms="$LATE_MS" slow_ms="$SLOW_MS" connections="$CONNECTIONS" max_inflight="$MAX_INFLIGHT" heap_gc="$HEAP_GC" \
    fill_timeout="${FILL_TIMEOUT}s" clk_tck="$(getconf CLK_TCK)" &
GEN_PID=$!
gen_rc=0
wait "$GEN_PID" || gen_rc=$?
GEN_PID=""

if ! kill -0 "$HERALD_PID" 2>/dev/null; then
    rc=0
    wait "$HERALD_PID" || rc=$?
    HERALD_PID=""
    echo "---- herald.log (tail)"
    tail -40 "$RUN_DIR/herald.log"
    die "Herald exited (status $rc) during the soak"
fi
(( gen_rc == 0 )) || die "the load generator failed (status $gen_rc)"

# gc_pauses LABEL GREP_ARGS...: count, median and max of the pauses in the gc.log lines that grep selects
gc_pauses() {
    local label="$1"
    shift
    grep -E 'Pause' "$RUN_DIR/gc.log" 2>/dev/null | grep "$@" | grep -oE '[0-9.]+ms$' | tr -d 'ms' | sort -n |
        awk -v label="$label" '{ v[NR] = $1 } END { if (NR) printf "%s: %d, median %.1f ms, max %.1f ms\n", label, NR, v[int((NR + 1) / 2)], v[NR] }' || true
}
{
    echo "data dir: $(du -sh "$TMP/data" | cut -f1) at the end; loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
    gc_pauses "Herald's GC pauses (gc.log), full GCs forced by the samples" -e 'Diagnostic Command'
    gc_pauses "Herald's GC pauses (gc.log), its own" -v -e 'Diagnostic Command'
    if grep -qiE 'exception|error' "$RUN_DIR/herald.log"; then
        echo "NOTE: herald.log mentions errors or exceptions; see $RUN_DIR/herald.log"
    fi
} | tee -a "$RUN_DIR/summary.txt"
