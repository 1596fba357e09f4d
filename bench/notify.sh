#!/usr/bin/env bash
# Herald's Notifications at scale: loads BINDINGS Bindings into ONE Service (SQLite or PostgreSQL) with
# bench/Loader.java, starts Herald in sandbox delivery mode with its heap capped (-Xmx512m), and measures
#   1. one send to Tag=all: the time to its 201, from the 201 to state done (polled every POLL s), deliveries/s
#      (overall and the best 10-second window), Herald's heap (after GC), RSS and CPU (by thread too), the
#      database's growth per delivery; sends to one Identity (before, during and after) for comparison;
#   2. SENDS sends at once, each to its own GROUP Bindings (Tag=group-<k>, a tag the loader puts on each run of
#      GROUP Bindings): their 201 times (p50/p99/max), the time until all are done, deliveries/s.
#
#   ENGINE=sqlite|postgres BINDINGS=1000000 SENDS=100 bench/notify.sh
#   APNS=mock SENDS=0 bench/notify.sh      live delivery of apn Bindings to Pushy's MockApnsServer, then a bare
#                                          Pushy client against the same server for comparison
#   FCM=mock SENDS=0 bench/notify.sh       live delivery of fcm Bindings to a mock FCM HTTP v1 (bench/MockFcm.java),
#                                          then a bare JDK HTTP/2 client against the same server
#   SMS=mock SENDS=0 bench/notify.sh       live delivery of sms Bindings to a mock Messages API (bench/MockSms.java),
#                                          then a bare JDK HTTP/1.1 client against the same server
#
# Parameters (environment):
#   ENGINE       sqlite (default) or postgres (a throwaway cluster of Debian's PostgreSQL in a temp dir)
#   BINDINGS     Bindings to load into the one Service           default 1000000
#   SENDS        concurrent sends of scenario 2 (0: skip it)     default 100
#   GROUP        Bindings each of those sends targets            default 10000 (SENDS * GROUP <= BINDINGS)
#   TYPES        Binding types: mix (apn 45% / fcm 45% / sms 10%), apn, fcm or sms   default mix
#   WARMUP       sends to Tag=group-<k> (k < WARMUP, GROUP Bindings each) delivered before scenario 1, so that
#                the figures are those of a running server, as the bare clients' own 20,000-message warm-up
#                (0: a cold JVM)                                  default 10
#   HEAP         Herald's -Xmx                                    default 512m
#   POLL         seconds between polls of scenario 1's Notification   default 0.2
#   SEND_CLIENT  scenario 2's client: curl (one process, --parallel, a new connection a send, so each time holds the
#                connection's set-up and curl's own turns on the shared cores) or open (bench/Burst.java: every
#                connection opened beforehand, as a keep-alive pool's, then each send timed from its own write to
#                its answer's end)                               default curl
#   API_WARMUP   with SEND_CLIENT=open: bursts of SENDS sends to one Identity each (user-<k>, a Binding each), sent by
#                one client process 0.3 s apart and delivered before scenario 2's timed burst, so that the API's send
#                path is compiled as in a server that has been answering such bursts (the warm-up sends before
#                scenario 1 are a dozen, one at a time; after 20 bursts the JIT compiler still takes 0.1-0.3 s of CPU
#                a burst, after 100 hardly any) (0: a send path run a dozen times only)   default 100
#   POLL_MANY    seconds between polls of scenario 2's Notifications   default 0.5
#   POLL_MANY_BY how they are polled: list (one request for the newest SENDS Notifications, PageSize=SENDS <= 1000)
#                or each (one curl, a request for every unfinished one: 200 requests a second for 100 sends, which
#                cost Herald about a tenth of a core besides the client's own CPU)   default list
#   DURING       sends to one Identity during scenario 1, from 5 s after its 201, one after another DURING_GAP s
#                apart (default 0.2) until the fan-out is done; with more than one, their p50 / p99 / max at the
#                client (curl, a new connection each) and in Herald's access log   default 1
#   SAMPLE       seconds between samples of heap, RSS, CPU and threads   default 5
#   TIMEOUT      longest wait for a scenario to be done, in seconds  default 1200
#   HERALD_ARGS  extra flags for `herald serve`
#   JVM_ARGS     extra flags for Herald's JVM, e.g. a flight recording for a profile:
#                JVM_ARGS=-XX:StartFlightRecording=filename=/tmp/herald.jfr,settings=profile
#   APNS         empty (sandbox delivery) or mock: every Binding apn, Herald in live mode against Pushy's
#                MockApnsServer in another process (bench/MockApns.java; TLS, certificate authentication, PKI made
#                with openssl), and after scenario 1 a bare Pushy client sending BARE notifications to it with at
#                most BARE_IN_FLIGHT outstanding (default BINDINGS and 2000, Herald's APNs limit)
#   FCM          empty or mock: the same with fcm Bindings, a mock FCM HTTP v1 (HTTP/2 over TLS, 100 streams a
#                connection, an OAuth token endpoint) and a bare JDK HTTP/2 client (BARE_IN_FLIGHT default 100,
#                Herald's FCM limit)
#   SMS          empty or mock: the same with sms Bindings, a mock Twilio Messages API (plain HTTP/1.1) and a bare JDK
#                HTTP/1.1 client (BARE_IN_FLIGHT default 64, Herald's SMS limit)
#   CALLBACKS    empty or on: the Service's delivery callbacks go to a sink on loopback (bench/MockSms.java's server,
#                which answers every POST 201), with --allow-private-callbacks; its count is reported
#   KEEP_DIR     a directory to keep the loaded database in (reused when it already holds one; the sends of an
#                earlier run stay in it, so the database growth then counts from what was there)
#   RESET        empty or 1: with ENGINE=postgres and KEEP_DIR, delete the sends of earlier runs first (TRUNCATE of
#                deliveries, notifications and callbacks, then VACUUM ANALYZE and CHECKPOINT), so that runs in a row
#                start from the same database
# Only loopback traffic. Results go to bench/results/notify-<engine>-<time>/: output.txt (all printed here),
# summary.txt, polls-*.txt (epoch ms, state, total, queued, delivered, rejected, expired), samples.txt,
# threads-*.txt (CPU seconds by thread), gc.log, herald.log, jstack samples and (PostgreSQL) postgresql.log.
set -euo pipefail

ENGINE="${ENGINE:-sqlite}"
BINDINGS="${BINDINGS:-1000000}"
SENDS="${SENDS:-100}"
GROUP="${GROUP:-10000}"
TYPES="${TYPES:-mix}"
HEAP="${HEAP:-512m}"
WARMUP="${WARMUP:-10}"
API_WARMUP="${API_WARMUP:-100}"
POLL="${POLL:-0.2}"
POLL_MANY="${POLL_MANY:-0.5}"
POLL_MANY_BY="${POLL_MANY_BY:-list}"
DURING="${DURING:-1}"
DURING_GAP="${DURING_GAP:-0.2}"
[[ "$POLL_MANY_BY" == list || "$POLL_MANY_BY" == each ]] || { echo "POLL_MANY_BY is list or each, not $POLL_MANY_BY"; exit 2; }
SEND_CLIENT="${SEND_CLIENT:-curl}"
[[ "$SEND_CLIENT" == curl || "$SEND_CLIENT" == open ]] || { echo "SEND_CLIENT is curl or open, not $SEND_CLIENT"; exit 2; }
SAMPLE="${SAMPLE:-5}"
TIMEOUT="${TIMEOUT:-1200}"
HERALD_ARGS="${HERALD_ARGS:-}"
JVM_ARGS="${JVM_ARGS:-}"
APNS="${APNS:-}"
BARE="${BARE:-$BINDINGS}"
FCM="${FCM:-}"
SMS="${SMS:-}"
CALLBACKS="${CALLBACKS:-}"
RESET="${RESET:-}"
[[ "$APNS$FCM$SMS" == mock || -z "$APNS$FCM$SMS" ]] || { echo "APNS, FCM and SMS=mock: one at a time"; exit 2; }
BARE_IN_FLIGHT="${BARE_IN_FLIGHT:-$([[ -n "$FCM" ]] && echo 100 || { [[ -n "$SMS" ]] && echo 64 || echo 2000; })}"
[[ -z "$APNS" ]] || TYPES=apn
[[ -z "$FCM" ]] || TYPES=fcm
[[ -z "$SMS" ]] || TYPES=sms
APNS_PORT=18443
FCM_PORT=18444
OAUTH_PORT=18445
SMS_PORT=18446
CALLBACK_PORT=18447
PORT=18290
PG_PORT=55442
ACCOUNT=AC0b1f000000000000000000000000000a
TOKEN=notify-bench-token
MG=MG0123456789abcdef0123456789abcdef
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bench/lib.sh"
RUN_DIR="$ROOT/bench/results/notify-$ENGINE-$(date -u +%Y%m%d-%H%M%S)"
WORK="${KEEP_DIR:-$(mktemp -d /tmp/herald-notify.XXXXXX)}"
mkdir -p "$RUN_DIR" "$WORK"
chmod 755 "$WORK" # the postgres user must reach its cluster directory inside
exec > >(tee "$RUN_DIR/output.txt") 2>&1

(( WARMUP * GROUP <= BINDINGS )) || { echo "WARMUP * GROUP ($WARMUP * $GROUP) exceeds BINDINGS ($BINDINGS)"; exit 2; }
(( SENDS * GROUP <= BINDINGS )) || { echo "SENDS * GROUP ($SENDS * $GROUP) exceeds BINDINGS ($BINDINGS)"; exit 2; }

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [[ "$ENGINE" != postgres ]] || { pg_stop "$WORK"; cp "$WORK/pg/log" "$RUN_DIR/postgresql.log" 2>/dev/null || true; }
    [[ -n "${KEEP_DIR:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT

section() { printf '\n== %s\n' "$*"; }
# Waits until the callback sink's count (written every second) has not moved for $1 s, at most TIMEOUT s; sets
# CB_COUNT to it and CB_LAST to when it last moved (epoch ms).
callbacks_settle() {
    local last=-1 still=0 waited=0 count
    while (( still < $1 && waited < TIMEOUT )); do
        count=$(cat "$RUN_DIR/callback-count.txt")
        if [[ "$count" == "$last" ]]; then still=$(( still + 1 )); else still=0; last=$count; CB_LAST=$(now_ms); fi
        sleep 1; waited=$(( waited + 1 ))
    done
    CB_COUNT=$last
}
now_ms() { date +%s%3N; }
AUTH="Authorization: Basic $(printf '%s:%s' "$ACCOUNT" "$TOKEN" | base64 -w0)"
BASE="http://127.0.0.1:$PORT"
api() { curl -sS -f -H "$AUTH" "$@"; }
TICK=$(getconf CLK_TCK)

section "machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
free -m
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
echo "disk of $WORK: $(df -h --output=source,fstype,size,avail "$WORK" | tail -n 1)"
echo "engine=$ENGINE bindings=$BINDINGS sends=$SENDS group=$GROUP types=$TYPES heap=$HEAP poll=$POLL" \
    "poll_many=$POLL_MANY poll_many_by=$POLL_MANY_BY send_client=$SEND_CLIENT sample=$SAMPLE herald_args=${HERALD_ARGS:-none}"

jar="$ROOT/target/herald.jar"
build_jar "$ROOT"
git -C "$ROOT" log -1 --format='herald commit %h %s' 2>/dev/null || true
if [[ "$SEND_CLIENT" == open ]]; then
    BURST_CLASSES="$WORK/burst"
    javac -d "$BURST_CLASSES" "$ROOT/bench/Burst.java"
fi

if [[ "$ENGINE" == postgres ]]; then
    pg_start "$WORK" "$PG_PORT"
    "$PG_BIN/postgres" --version
    # Diagnostics in the server log (copied to the results): slow statements, checkpoints, autovacuum runs.
    psqlc -c "ALTER SYSTEM SET log_min_duration_statement = 500" -c "ALTER SYSTEM SET log_checkpoints = on" \
        -c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" -c "SELECT pg_reload_conf()" >/dev/null
    if [[ -n "$RESET" ]] && [[ -n "$(psqlc -c "SELECT to_regclass('deliveries')")" ]]; then
        psqlc -c "TRUNCATE deliveries, notifications, callbacks" -c "VACUUM ANALYZE" -c "CHECKPOINT" >/dev/null
        echo "earlier sends deleted (RESET)"
    fi
    SERVE_ARGS=(--db "$PG_JDBC" --db-pool-size 16)
    LOADER_URL="$PG_JDBC"
else
    SERVE_ARGS=()
    LOADER_URL="jdbc:sqlite:$WORK/data/herald.db"
fi
# shellcheck disable=SC2206
SERVE_ARGS+=($HERALD_ARGS)

DELIVERY=sandbox
PKI="$WORK/pki"
if [[ -n "$APNS$FCM" && ! -f "$PKI/client.pem" ]]; then
    mkdir -p "$PKI"
    ( cd "$PKI"
      openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=Bench Root"
      openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost"
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 \
          -extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1')
      openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr \
          -subj "/UID=dev.herald.bench/CN=Apple Push Services: dev.herald.bench"
      openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 30
      openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out service-account.key
    ) >"$RUN_DIR/openssl.log" 2>&1
fi
if [[ "$APNS" == mock ]]; then
    section "mock APNs (PKI by openssl, MockApnsServer on port $APNS_PORT)"
    java -Xmx1g -cp "$jar" "$ROOT/bench/MockApns.java" server "$APNS_PORT" "$PKI/server.pem" "$PKI/server.key" \
        "$PKI/ca.pem" "$RUN_DIR/apns-count.txt" >"$RUN_DIR/mock-apns.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do [[ -s "$RUN_DIR/apns-count.txt" ]] && break; sleep 0.2; done
    [[ -s "$RUN_DIR/apns-count.txt" ]] || { echo "the mock APNs did not start"; cat "$RUN_DIR/mock-apns.log"; exit 1; }
    DELIVERY=live
    SERVE_ARGS+=(--apns-endpoint "localhost:$APNS_PORT" --apns-trust "$PKI/ca.pem")
fi
if [[ "$FCM" == mock ]]; then
    section "mock FCM (PKI by openssl, FCM HTTP v1 on port $FCM_PORT, OAuth on $OAUTH_PORT)"
    java -Xmx1g -cp "$jar" "$ROOT/bench/MockFcm.java" server "$FCM_PORT" "$OAUTH_PORT" "$PKI/server.pem" \
        "$PKI/server.key" "$RUN_DIR/fcm-count.txt" >"$RUN_DIR/mock-fcm.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do [[ -s "$RUN_DIR/fcm-count.txt" ]] && break; sleep 0.2; done
    [[ -s "$RUN_DIR/fcm-count.txt" ]] || { echo "the mock FCM did not start"; cat "$RUN_DIR/mock-fcm.log"; exit 1; }
    DELIVERY=live
    SERVE_ARGS+=(--fcm-url "https://localhost:$FCM_PORT" --fcm-trust "$PKI/ca.pem")
fi
if [[ "$SMS" == mock ]]; then
    section "mock SMS (Messages API on port $SMS_PORT, plain HTTP/1.1)"
    java -Xmx1g -cp "$jar" "$ROOT/bench/MockSms.java" server "$SMS_PORT" "$RUN_DIR/sms-count.txt" \
        >"$RUN_DIR/mock-sms.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do [[ -s "$RUN_DIR/sms-count.txt" ]] && break; sleep 0.2; done
    [[ -s "$RUN_DIR/sms-count.txt" ]] || { echo "the mock SMS did not start"; cat "$RUN_DIR/mock-sms.log"; exit 1; }
    DELIVERY=live
    SERVE_ARGS+=(--sms-url "http://127.0.0.1:$SMS_PORT")
fi
if [[ "$CALLBACKS" == on ]]; then
    section "callback sink (port $CALLBACK_PORT, every POST answered 201)"
    java -Xmx512m -cp "$jar" "$ROOT/bench/MockSms.java" server "$CALLBACK_PORT" "$RUN_DIR/callback-count.txt" \
        >"$RUN_DIR/callback-sink.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do [[ -s "$RUN_DIR/callback-count.txt" ]] && break; sleep 0.2; done
    [[ -s "$RUN_DIR/callback-count.txt" ]] || { echo "the callback sink did not start"; exit 1; }
    SERVE_ARGS+=(--allow-private-callbacks true)
fi

# start_herald: a Herald on 127.0.0.1:PORT (sandbox delivery, or live to the mock APNs) with the capped heap and a
# GC log; sets HERALD_PID.
start_herald() {
    HERALD_ACCOUNT_SID=$ACCOUNT HERALD_AUTH_TOKEN=$TOKEN HERALD_DELIVERY=$DELIVERY \
        HERALD_SMS_ACCOUNT_SID=$ACCOUNT HERALD_SMS_AUTH_TOKEN=$TOKEN java "-Xmx$HEAP" $JVM_ARGS \
        "-Xlog:gc:file=$RUN_DIR/gc.log:timemillis" -jar "$jar" serve --host 127.0.0.1 --port "$PORT" \
        --data "$WORK/data" "${SERVE_ARGS[@]}" >>"$RUN_DIR/herald.log" 2>&1 &
    HERALD_PID=$!
    PIDS+=("$HERALD_PID")
    for _ in $(seq 1500); do curl -sf "$BASE/healthz" >/dev/null && return; sleep 0.2; done
    echo "Herald did not start"; tail -20 "$RUN_DIR/herald.log"; exit 1
}
stop_herald() { kill "$HERALD_PID"; wait "$HERALD_PID" || true; }

# One Service whose Credentials cover every Binding type the loader writes: fcm, apn and an sms sender.
start_herald
if [[ ! -f "$WORK/service.txt" ]]; then
    section "Credentials and the Service"
    if [[ "$FCM" == mock ]]; then
        SECRET=$(jq -cn --rawfile key "$PKI/service-account.key" --arg uri "http://127.0.0.1:$OAUTH_PORT/token" \
            '{type: "service_account", project_id: "bench", private_key: $key,
              client_email: "bench@bench.iam.gserviceaccount.com", token_uri: $uri}')
    else
        SECRET='{"type":"service_account","project_id":"bench","private_key":"-----BEGIN PRIVATE KEY-----\nbench\n-----END PRIVATE KEY-----\n","client_email":"bench@bench.iam.gserviceaccount.com"}'
    fi
    FCM_CR=$(api -X POST "$BASE/v1/Credentials" -d Type=fcm -d FriendlyName=bench-fcm \
        --data-urlencode "Secret=$SECRET" | jq -r .sid)
    if [[ "$APNS" == mock ]]; then
        APN_CR=$(api -X POST "$BASE/v1/Credentials" -d Type=apn -d FriendlyName=bench-apn -d Sandbox=true \
            --data-urlencode "Certificate@$PKI/client.pem" --data-urlencode "PrivateKey@$PKI/client.key" | jq -r .sid)
    else
        APN_CR=$(api -X POST "$BASE/v1/Credentials" -d Type=apn -d FriendlyName=bench-apn -d Sandbox=true \
            --data-urlencode 'Certificate=-----BEGIN CERTIFICATE-----bench-----END CERTIFICATE-----' \
            --data-urlencode 'PrivateKey=-----BEGIN RSA PRIVATE KEY-----bench-----END RSA PRIVATE KEY-----' | jq -r .sid)
    fi
    api -X POST "$BASE/v1/Services" -d FriendlyName=notify-bench -d "FcmCredentialSid=$FCM_CR" \
        -d "ApnCredentialSid=$APN_CR" -d "MessagingServiceSid=$MG" | jq -r .sid >"$WORK/service.txt"
    echo "fcm $FCM_CR, apn $APN_CR, Service $(cat "$WORK/service.txt")"
    stop_herald
    section "load $BINDINGS Bindings into one Service (types $TYPES, tag group-<k> on each $GROUP)"
    t0=$(date +%s)
    java "-Dloader.types=$TYPES" "-Dloader.groupSize=$GROUP" -cp "$jar" "$ROOT/bench/Loader.java" "$LOADER_URL" \
        "$ACCOUNT" "$(cat "$WORK/service.txt")" "$BINDINGS" "$WORK"
    echo "load took $(( $(date +%s) - t0 )) s"
    if [[ "$ENGINE" == postgres ]]; then
        t0=$(date +%s)
        psqlc -c "VACUUM (ANALYZE)"
        echo "VACUUM (ANALYZE) took $(( $(date +%s) - t0 )) s"
    fi
    start_herald
fi
IS=$(cat "$WORK/service.txt")
if [[ "$CALLBACKS" == on ]]; then
    api -X POST "$BASE/v1/Services/$IS" -d DeliveryCallbackEnabled=true \
        --data-urlencode "DeliveryCallbackUrl=http://127.0.0.1:$CALLBACK_PORT/callbacks" >/dev/null
else
    api -X POST "$BASE/v1/Services/$IS" -d DeliveryCallbackEnabled=false >/dev/null
fi
echo "delivery callbacks: ${CALLBACKS:-off}"
IDENTITY=$(sed -n 's/^identity=//p' "$WORK/sample.txt")
echo "Herald pid $HERALD_PID, Service $IS, identity $IDENTITY"

# db_bytes: the database's size (SQLite: herald.db and its WAL, after a checkpoint that empties the WAL if it can).
db_bytes() {
    if [[ "$ENGINE" == postgres ]]; then
        psqlc -c "SELECT pg_database_size('herald')"
    else
        sqlite3 -cmd ".timeout 10000" "$WORK/data/herald.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1 || true
        du -cb "$WORK/data"/herald.db* | tail -n 1 | cut -f1
    fi
}
db_detail() {
    if [[ "$ENGINE" == postgres ]]; then
        psqlc -F ' ' -c "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname IN
            ('deliveries', 'notifications', 'bindings', 'binding_tags') ORDER BY 1"
    else
        ls -l "$WORK/data"/herald.db* | awk '{print $NF, $5}'
    fi
}
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
herald_ticks() { proc_ticks "$HERALD_PID"; }
# PostgreSQL's CPU: the postmaster and its children (backends, checkpointer, walwriter, autovacuum; those that
# ended count in the postmaster's cutime once it has reaped them).
pg_ticks() {
    [[ "$ENGINE" == postgres ]] || { echo 0; return; }
    local pm t=0 p
    pm=$(head -n 1 "$WORK/pg/postmaster.pid")
    t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat") # its own and its ended children's
    for p in $(ps -o pid= --ppid "$pm"); do t=$(( t + $(proc_ticks "$p") )); done
    echo "$t"
}
# threads_snapshot FILE: tid, CPU ticks, name of each Herald thread.
threads_snapshot() {
    for t in /proc/"$HERALD_PID"/task/*; do
        printf '%s %s %s\n' "${t##*/}" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)" \
            "$(tr ' ' '_' 2>/dev/null <"$t/comm")"
    done >"$1"
}
# threads_report BEFORE AFTER SECONDS: CPU seconds by thread name (pools summed), busiest first.
threads_report() {
    awk -v tick="$TICK" -v secs="$3" 'NR == FNR { before[$1] = $2; next }
        { name = $3; sub(/-[0-9]+$/, "-N", name); sub(/[0-9]+$/, "N", name); cpu[name] += ($2 - before[$1]) / tick; n[name]++ }
        END { for (k in cpu) if (cpu[k] >= 0.05) printf "%-24s %4d %9.1f s %6.1f %%\n", k, n[k], cpu[k], 100 * cpu[k] / secs }' \
        "$1" "$2" | sort -k3 -n -r | head -15
}
heap_used_mib() { # used heap now (jstat: survivors + eden + old)
    jstat -gc "$HERALD_PID" 2>/dev/null | awk 'NR == 2 {printf "%.0f", ($3 + $4 + $6 + $8) / 1024}'
}
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$HERALD_PID/status"; }
# sampler: every SAMPLE s a line "epoch_ms heap_used_MiB rss_MiB herald_ticks pg_ticks load1"; and a jstack and a
# top -H of Herald's threads every 6th sample.
sampler() {
    local i=0
    while kill -0 "$HERALD_PID" 2>/dev/null; do
        echo "$(now_ms) $(heap_used_mib) $(rss_mib) $(herald_ticks) $(pg_ticks) $(cut -d' ' -f1 /proc/loadavg)" \
            >>"$RUN_DIR/samples.txt"
        if (( i % 6 == 3 )); then
            { echo "== $(date -u +%T)"; top -H -b -n 1 -p "$HERALD_PID" | sed -n '7,20p'; } >>"$RUN_DIR/top-threads.txt"
            jstack "$HERALD_PID" >"$RUN_DIR/jstack-$(date -u +%H%M%S).txt" 2>/dev/null || true
        fi
        i=$(( i + 1 ))
        sleep "$SAMPLE"
    done
}
: >"$RUN_DIR/samples.txt"
sampler &
PIDS+=($!)

# poll_one SID: one line "epoch_ms state total queued delivered rejected expired" for the Notification.
poll_one() {
    api "$BASE/v1/Services/$IS/Notifications/$1" \
        | jq -r --arg t "$(now_ms)" '[$t, .delivery.state, .delivery.total, .delivery.queued, .delivery.delivered,
            .delivery.rejected, .delivery.expired] | map(tostring) | join(" ")'
}
# send ARGS...: POSTs a Notification; prints "http_code seconds sid".
send() {
    local out
    out=$(curl -sS -H "$AUTH" -w '\n%{http_code} %{time_total}' -X POST "$BASE/v1/Services/$IS/Notifications" "$@")
    printf '%s %s\n' "$(tail -n 1 <<<"$out")" "$(head -n -1 <<<"$out" | jq -r '.sid // "-"')"
}
# wait_done SID FILE: polls every POLL s into FILE until the Notification is done (or TIMEOUT).
wait_done() {
    local end=$(( $(date +%s) + TIMEOUT )) line
    while (( $(date +%s) < end )); do
        line=$(poll_one "$1")
        echo "$line" >>"$2"
        [[ "$(cut -d' ' -f2 <<<"$line")" != done ]] || return 0
        sleep "$POLL"
    done
    echo "timed out after $TIMEOUT s: $line"
    return 1
}
# after_gc_max FROM_MS TO_MS: the most heap in use right after a GC in the window, from gc.log (MiB).
after_gc_max() {
    sed -n 's/^\[\([0-9]*\)ms\].*Pause.*->\([0-9]*\)M(.*/\1 \2/p' "$RUN_DIR/gc.log" \
        | awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 > m {m = $2} END {print m + 0}'
}
gc_count() {
    sed -n 's/^\[\([0-9]*\)ms\].*Pause.*/\1/p' "$RUN_DIR/gc.log" | awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b' | wc -l
}
# window_stats FROM_MS TO_MS: max heap sample, max RSS, mean load in the window, from samples.txt.
window_stats() {
    awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b { if ($2 > h) h = $2; if ($3 > r) r = $3; l += $6; n++ }
        END { printf "%d %d %.2f\n", h, r, n ? l / n : 0 }' "$RUN_DIR/samples.txt"
}
# best_window POLLS: most deliveries finished (delivered + rejected + expired) in 10 s of the polls, per second.
best_window() {
    awk '{ t[NR] = $1; d[NR] = $5 + $6 + $7 }
        END { j = 1; best = -1
              for (i = 1; i <= NR; i++) { while (j < NR && t[j] - t[i] < 10000) j++
                  if (t[j] - t[i] >= 10000) { r = (d[j] - d[i]) * 1000 / (t[j] - t[i]); if (r > best) best = r } }
              if (best < 0) print "n/a (done in under 10 s)"; else printf "%.0f\n", best }' "$1"
}
percentile() { # P FILE (one number a line)
    sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print v[i] }'
}
spread() { # FILE (one number a line): "p50 / p99 / max"
    echo "$(percentile 50 "$1") / $(percentile 99 "$1") / $(percentile 100 "$1")"
}
# sends_logged LINE FILE: the times (ms) of the 201s of sends in Herald's access log after its line LINE, into FILE
# (from the request's first handler to its answer, so without the connection's set-up and the client's own turns
# on the shared cores).
sends_logged() {
    tail -n +"$(( $1 + 1 ))" "$RUN_DIR/herald.log" | grep 'method=POST path=/v1/Services/[^ ]*/Notifications status=201' \
        | sed 's/.* ms=\([0-9]*\) .*/\1/' >"$2" || true
}

declare -A R=()

# ---------------------------------------------------------------------------------------------------------------
section "scenario 1: one send to Tag=all ($BINDINGS Bindings)"
read -r code secs sid < <(send -d "Identity=$IDENTITY" -d "Body=cold identity send")
echo "send to Identity=$IDENTITY before (cold JVM): $code in $secs s ($sid)"
wait_done "$sid" "$RUN_DIR/polls-identity-cold.txt"
R[id_cold]=$secs
for k in $(seq 0 $(( WARMUP - 1 ))); do
    read -r code secs sid < <(send -d "Tag=group-$k" -d "Body=warm-up" -d Title=Bench)
    echo "warm-up send to Tag=group-$k: $code in $secs s ($sid)"
    wait_done "$sid" "$RUN_DIR/polls-warmup-$k.txt"
done
R[warmup]=$(( WARMUP * GROUP ))
sleep 2
if [[ "$CALLBACKS" == on ]]; then
    callbacks_settle 3 # scenario 1 starts once the warm-up's callbacks have landed
    echo "callbacks received after the warm-up: $CB_COUNT"
    CB_BEFORE=$CB_COUNT
fi
BYTES0=$(db_bytes)
echo "database: $BYTES0 bytes"; db_detail
threads_snapshot "$RUN_DIR/threads-1-before.txt"
H0=$(herald_ticks); P0=$(pg_ticks); T0=$(now_ms)
read -r code secs sid < <(send -d Tag=all -d "Body=Hello from the notify bench" -d Title=Bench)
T201=$(now_ms)
echo "send to Tag=all: $code in $secs s ($sid)"
[[ "$code" == 201 ]] || { echo "the send failed"; exit 1; }
R[all_201]=$secs
ALL_SID=$sid
: >"$RUN_DIR/polls-all.txt"
wait_done "$ALL_SID" "$RUN_DIR/polls-all.txt" &
WAITER=$!
sleep 5
# DURING sends to one Identity while the fan-out and its deliveries run, one after another, DURING_GAP s apart.
LOG_DURING=$(wc -l <"$RUN_DIR/herald.log")
: >"$RUN_DIR/during-times.txt"
for (( k = 0; k < DURING; k++ )); do
    (( k == 0 )) || { sleep "$DURING_GAP"; kill -0 "$WAITER" 2>/dev/null || break; }
    read -r code secs sid < <(send -d "Identity=$IDENTITY" -d "Body=identity send during the fan-out")
    (( k > 0 )) || echo "send to Identity=$IDENTITY during the fan-out: $code in $secs s ($sid)"
    [[ "$code" != 201 ]] || echo "$secs" >>"$RUN_DIR/during-times.txt"
done
if (( DURING == 1 )); then
    R[id_during]="$secs s"
else
    sends_logged "$LOG_DURING" "$RUN_DIR/during-times-server.txt"
    R[id_during]="$(wc -l <"$RUN_DIR/during-times.txt") sends, p50 / p99 / max $(spread "$RUN_DIR/during-times.txt") s"
    R[id_during]+=" (Herald $(spread "$RUN_DIR/during-times-server.txt") ms)"
    echo "sends to Identity=$IDENTITY during the fan-out: ${R[id_during]}"
fi
wait "$WAITER" || true
T1=$(now_ms); H1=$(herald_ticks); P1=$(pg_ticks)
[[ "$CALLBACKS" != on ]] || CB_AT_DONE=$(cat "$RUN_DIR/callback-count.txt")
threads_snapshot "$RUN_DIR/threads-1-after.txt"
last=$(tail -n 1 "$RUN_DIR/polls-all.txt")
echo "final: $last"
read -r _ state total queued delivered rejected expired <<<"$last"
DONE_AT=$(awk '$2 == "done" {print $1; exit}' "$RUN_DIR/polls-all.txt")
DONE_AT=${DONE_AT:-$T1}
EXP_AT=$(awk '$2 != "expanding" {print $1; exit}' "$RUN_DIR/polls-all.txt")
secs_done=$(awk -v a="$T201" -v b="$DONE_AT" 'BEGIN {printf "%.1f", (b - a) / 1000}')
wall=$(awk -v a="$T0" -v b="$T1" 'BEGIN {print (b - a) / 1000}')
R[all_state]=$state; R[all_total]=$total; R[all_delivered]=$delivered; R[all_rejected]=$rejected
R[all_expired]=$expired; R[all_queued]=$queued
R[all_done_s]=$secs_done
R[all_expand_s]=$(awk -v a="$T201" -v b="${EXP_AT:-$DONE_AT}" 'BEGIN {printf "%.1f", (b - a) / 1000}')
R[all_rate]=$(awk -v n="$(( delivered + rejected + expired ))" -v s="$secs_done" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')
R[all_best10]=$(best_window "$RUN_DIR/polls-all.txt")
R[all_cpu]=$(awk -v t="$(( H1 - H0 ))" -v k="$TICK" -v w="$wall" 'BEGIN {printf "%.0f s (%.0f %% of a core)", t / k, 100 * t / k / w}')
R[all_cpu_us]=$(awk -v t="$(( H1 - H0 ))" -v k="$TICK" -v n="$total" 'BEGIN {printf "%.0f", n ? 1e6 * t / k / n : 0}')
R[all_pg_cpu]=$(awk -v t="$(( P1 - P0 ))" -v k="$TICK" -v w="$wall" 'BEGIN {printf "%.0f s (%.0f %% of a core)", t / k, 100 * t / k / w}')
read -r hmax rmax load <<<"$(window_stats "$T0" "$T1")"
R[all_heap]="$(after_gc_max "$T0" "$T1") MiB after GC ($(gc_count "$T0" "$T1") GCs); $hmax MiB sampled"
R[all_rss]=$rmax; R[all_load]=$load
sleep 3 # let the last outcomes and a checkpoint land
BYTES1=$(db_bytes)
echo "database: $BYTES1 bytes"; db_detail
R[all_bytes]=$(awk -v a="$BYTES0" -v b="$BYTES1" -v n="$total" 'BEGIN {printf "%.0f MB, %.0f bytes", (b - a) / 1e6, n ? (b - a) / n : 0}')
read -r code secs sid < <(send -d "Identity=$IDENTITY" -d "Body=warm identity send")
echo "send to Identity=$IDENTITY after: $code in $secs s ($sid)"
wait_done "$sid" "$RUN_DIR/polls-identity-warm.txt"
R[id_warm]=$secs
echo "CPU by thread (name, threads, CPU seconds, % of the $wall s):"
threads_report "$RUN_DIR/threads-1-before.txt" "$RUN_DIR/threads-1-after.txt" "$wall" | tee "$RUN_DIR/threads-1.txt"
if [[ "$CALLBACKS" == on ]]; then
    # Callbacks yield to deliveries and may still be on their way: the bare clients below run once they have landed.
    callbacks_settle 5
    R[callbacks]="$(( CB_AT_DONE - CB_BEFORE )) when scenario 1 was done, $(( CB_COUNT - CB_BEFORE )) in all, \
the last $(awk -v a="$DONE_AT" -v b="$CB_LAST" 'BEGIN {printf "%.0f", (b - a) / 1000}') s after done (warm-up's excluded)"
    echo "callbacks received: ${R[callbacks]}"
fi
if [[ "$APNS" == mock ]]; then
    sleep 2
    R[apns_count]=$(cat "$RUN_DIR/apns-count.txt")
    echo "the mock APNs accepted / rejected: ${R[apns_count]}"
    section "bare Pushy: $BARE notifications to the same mock, at most $BARE_IN_FLIGHT in flight (Herald idle)"
    R[bare]=$(java -cp "$jar" "$ROOT/bench/MockApns.java" bare localhost "$APNS_PORT" "$PKI/ca.pem" \
        "$PKI/client.pem" "$PKI/client.key" dev.herald.bench "$BARE" "$BARE_IN_FLIGHT" | tail -n 1)
    echo "${R[bare]}"
fi
if [[ "$FCM" == mock ]]; then
    sleep 2
    R[fcm_count]=$(cat "$RUN_DIR/fcm-count.txt")
    echo "the mock FCM's messages / token requests: ${R[fcm_count]}"
    section "bare HTTP/2 client: $BARE messages to the same mock, at most $BARE_IN_FLIGHT in flight (Herald idle)"
    R[bare]=$(java -cp "$jar" "$ROOT/bench/MockFcm.java" bare "https://localhost:$FCM_PORT" "$PKI/ca.pem" "$BARE" \
        "$BARE_IN_FLIGHT" | tail -n 1)
    echo "${R[bare]}"
fi
if [[ "$SMS" == mock ]]; then
    sleep 2
    R[sms_count]=$(cat "$RUN_DIR/sms-count.txt")
    echo "the mock SMS API's messages: ${R[sms_count]}"
    section "bare HTTP/1.1 client: $BARE messages to the same mock, at most $BARE_IN_FLIGHT in flight (Herald idle)"
    R[bare]=$(java -cp "$jar" "$ROOT/bench/MockSms.java" bare "http://127.0.0.1:$SMS_PORT" "$ACCOUNT" "$BARE" \
        "$BARE_IN_FLIGHT" | tail -n 1)
    echo "${R[bare]}"
fi

# ---------------------------------------------------------------------------------------------------------------
if (( SENDS > 0 )); then
    section "scenario 2: $SENDS sends at once, each to its own $GROUP Bindings (Tag=group-<k>)"
    if [[ "$SEND_CLIENT" == open ]] && (( API_WARMUP > 0 )); then
        forms=()
        for k in $(seq 0 $(( SENDS - 1 ))); do forms+=("Identity=user-$k&Body=API+warm-up"); done
        t0=$(date +%s)
        java -XX:TieredStopAtLevel=1 -cp "$BURST_CLASSES" Burst --repeat "$API_WARMUP" 127.0.0.1 "$PORT" \
            "/v1/Services/$IS/Notifications" "$ACCOUNT" "$TOKEN" "$WORK/api-warm-up" "${forms[@]}" >/dev/null 2>&1 || true
        echo "API warm-up: $API_WARMUP bursts of $SENDS sends to one Identity each ($(( $(date +%s) - t0 )) s)"
    fi
    sleep 2
    BYTES0=$(db_bytes)
    threads_snapshot "$RUN_DIR/threads-2-before.txt"
    # One curl process sends them all at once (--parallel, a connection each), so that the client's own process
    # start-up stays out of the figures: a line "k http_code seconds" a send, its body in sends/k.json.
    mkdir -p "$RUN_DIR/sends"
    cfg="$RUN_DIR/sends.curlrc"
    : >"$cfg"
    for k in $(seq 0 $(( SENDS - 1 ))); do
        (( k == 0 )) || echo "next" >>"$cfg"
        cat >>"$cfg" <<CURLRC
silent
show-error
url = "$BASE/v1/Services/$IS/Notifications"
header = "$AUTH"
data = "Tag=group-$k&Body=Hello+group+$k"
output = "$RUN_DIR/sends/$k.json"
write-out = "$k %{http_code} %{time_total}\\n"
CURLRC
    done
    H0=$(herald_ticks); P0=$(pg_ticks); T0=$(now_ms)
    LOG0=$(wc -l <"$RUN_DIR/herald.log")
    if [[ "$SEND_CLIENT" == open ]]; then
        forms=()
        for k in $(seq 0 $(( SENDS - 1 ))); do forms+=("Tag=group-$k&Body=Hello+group+$k"); done
        java -XX:TieredStopAtLevel=1 -cp "$BURST_CLASSES" Burst 127.0.0.1 "$PORT" "/v1/Services/$IS/Notifications" \
            "$ACCOUNT" "$TOKEN" "$RUN_DIR/sends" "${forms[@]}" >"$RUN_DIR/sends-raw.txt" 2>"$RUN_DIR/sends-curl.txt" || true
        T0=$(sed -n 's/^sent-at //p' "$RUN_DIR/sends-curl.txt") # when Burst began to write, its connections open
    else
        curl -sS --parallel --parallel-immediate --parallel-max "$SENDS" --config "$cfg" >"$RUN_DIR/sends-raw.txt" 2>"$RUN_DIR/sends-curl.txt" || true
    fi
    T201=$(now_ms)
    while read -r k code secs; do
        echo "$code $secs $(jq -r '.sid // "-"' "$RUN_DIR/sends/$k.json" 2>/dev/null || echo -)"
    done <"$RUN_DIR/sends-raw.txt" >"$RUN_DIR/sends.txt"
    ok=$(awk '$1 == 201' "$RUN_DIR/sends.txt" | wc -l)
    awk '$1 == 201 {print $2}' "$RUN_DIR/sends.txt" >"$RUN_DIR/send-times.txt"
    echo "$ok of $SENDS sends answered 201 within $(( T201 - T0 )) ms"
    awk '$1 != 201' "$RUN_DIR/sends.txt" | head -5
    R[many_ok]=$ok
    R[many_all201]=$(awk -v a="$T0" -v b="$T201" 'BEGIN {printf "%.2f", (b - a) / 1000}')
    R[many_times]=$(spread "$RUN_DIR/send-times.txt")
    sends_logged "$LOG0" "$RUN_DIR/send-times-server.txt" # the same sends as Herald measured them
    R[many_server]="$(spread "$RUN_DIR/send-times-server.txt") ms ($(wc -l <"$RUN_DIR/send-times-server.txt") answers)"
    # Poll every unfinished Notification every POLL_MANY s: the newest SENDS by one list request (list), or each
    # by its own request, all by one curl on one connection (each).
    awk '$1 == 201 {print $3}' "$RUN_DIR/sends.txt" >"$RUN_DIR/pending.txt"
    : >"$RUN_DIR/polls-many.txt"
    end=$(( $(date +%s) + TIMEOUT ))
    fields='[$t, .sid, .delivery.state, .delivery.total, .delivery.queued, .delivery.delivered, .delivery.rejected,
        .delivery.expired] | map(tostring) | join(" ")'
    while [[ -s "$RUN_DIR/pending.txt" ]] && (( $(date +%s) < end )); do
        t=$(now_ms)
        if [[ "$POLL_MANY_BY" == list ]]; then
            curl -sS -H "$AUTH" "$BASE/v1/Services/$IS/Notifications?PageSize=$SENDS" \
                | jq -r --arg t "$t" ".notifications[] | $fields" | grep -F -f "$RUN_DIR/pending.txt" \
                >"$RUN_DIR/poll-round.txt" || true
        else
            urls=()
            while read -r s; do urls+=("$BASE/v1/Services/$IS/Notifications/$s"); done <"$RUN_DIR/pending.txt"
            curl -sS -H "$AUTH" "${urls[@]}" | jq -r --arg t "$t" "$fields" >"$RUN_DIR/poll-round.txt" || true
        fi
        cat "$RUN_DIR/poll-round.txt" >>"$RUN_DIR/polls-many.txt"
        awk '$3 != "done" {print $2}' "$RUN_DIR/poll-round.txt" >"$RUN_DIR/pending.txt"
        sleep "$POLL_MANY"
    done
    T1=$(now_ms); H1=$(herald_ticks); P1=$(pg_ticks)
    threads_snapshot "$RUN_DIR/threads-2-after.txt"
    left=$(wc -l <"$RUN_DIR/pending.txt")
    (( left == 0 )) || echo "$left sends not done after $TIMEOUT s"
    # Per round: the sum over every send of its finished deliveries (a send stops being polled once done: carry
    # its last count forward). Gives "epoch_ms - - - d 0 0" lines for best_window.
    awk '{ if ($1 != t && t != "") { s = 0; for (k in f) s += f[k]; print t, "-", "-", "-", s, 0, 0 }
           t = $1; f[$2] = $6 + $7 + $8 }
         END { s = 0; for (k in f) s += f[k]; print t, "-", "-", "-", s, 0, 0 }' "$RUN_DIR/polls-many.txt" \
        >"$RUN_DIR/polls-many-sum.txt"
    last_done=$(awk '$3 == "done" && $1 > m {m = $1} END {printf "%.0f\n", m}' "$RUN_DIR/polls-many.txt")
    (( left == 0 )) || last_done=$T1
    finished=$(tail -n 1 "$RUN_DIR/polls-many-sum.txt" | cut -d' ' -f5)
    sum_total=$(awk '{ tot[$2] = $4 } END { for (k in tot) s += tot[k]; print s + 0 }' "$RUN_DIR/polls-many.txt")
    wall=$(awk -v a="$T0" -v b="$T1" 'BEGIN {print (b - a) / 1000}')
    R[many_done_s]=$(awk -v a="$T0" -v b="$last_done" 'BEGIN {printf "%.1f", (b - a) / 1000}')
    R[many_total]=$sum_total; R[many_finished]=$finished
    R[many_counts]=$(awk '{ d[$2] = $6; r[$2] = $7; x[$2] = $8; q[$2] = $5 }
        END { for (k in d) { D += d[k]; Rj += r[k]; X += x[k]; Q += q[k] }
              printf "delivered %d, rejected %d, expired %d, queued %d", D, Rj, X, Q }' "$RUN_DIR/polls-many.txt")
    R[many_rate]=$(awk -v n="$finished" -v a="$T0" -v b="$last_done" 'BEGIN {printf "%.0f", (b > a ? n * 1000 / (b - a) : 0)}')
    R[many_best10]=$(best_window "$RUN_DIR/polls-many-sum.txt")
    R[many_cpu]=$(awk -v t="$(( H1 - H0 ))" -v k="$TICK" -v w="$wall" 'BEGIN {printf "%.0f s (%.0f %% of a core)", t / k, 100 * t / k / w}')
    R[many_cpu_us]=$(awk -v t="$(( H1 - H0 ))" -v k="$TICK" -v n="$sum_total" 'BEGIN {printf "%.0f", n ? 1e6 * t / k / n : 0}')
    R[many_pg_cpu]=$(awk -v t="$(( P1 - P0 ))" -v k="$TICK" -v w="$wall" 'BEGIN {printf "%.0f s (%.0f %% of a core)", t / k, 100 * t / k / w}')
    read -r hmax rmax load <<<"$(window_stats "$T0" "$T1")"
    R[many_heap]="$(after_gc_max "$T0" "$T1") MiB after GC ($(gc_count "$T0" "$T1") GCs); $hmax MiB sampled"
    R[many_rss]=$rmax; R[many_load]=$load
    sleep 3
    BYTES1=$(db_bytes)
    echo "database: $BYTES1 bytes"; db_detail
    R[many_bytes]=$(awk -v a="$BYTES0" -v b="$BYTES1" -v n="$sum_total" 'BEGIN {printf "%.0f MB, %.0f bytes", (b - a) / 1e6, n ? (b - a) / n : 0}')
    echo "CPU by thread (name, threads, CPU seconds, % of the $wall s):"
    threads_report "$RUN_DIR/threads-2-before.txt" "$RUN_DIR/threads-2-after.txt" "$wall" | tee "$RUN_DIR/threads-2.txt"
fi

# ---------------------------------------------------------------------------------------------------------------
section "summary"
{
    echo "engine $ENGINE, $BINDINGS Bindings ($TYPES) in one Service, heap $HEAP, $(nproc) cores," \
        "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
    fmt='%-44s %s\n'
    printf "$fmt" "0. warm-up deliveries before scenario 1" "${R[warmup]}"
    printf "$fmt" "1. Tag=all: 201 after" "${R[all_201]} s"
    printf "$fmt" "   201 of a send to one Identity" "cold ${R[id_cold]} s; during the fan-out ${R[id_during]}; after ${R[id_warm]} s"
    printf "$fmt" "   201 -> expanded (state sending)" "${R[all_expand_s]} s"
    printf "$fmt" "   201 -> done" "${R[all_done_s]} s (state ${R[all_state]})"
    printf "$fmt" "   deliveries" "total ${R[all_total]}: delivered ${R[all_delivered]}, rejected ${R[all_rejected]}, expired ${R[all_expired]}, queued ${R[all_queued]}"
    printf "$fmt" "   deliveries/s (total / time to done)" "${R[all_rate]}"
    printf "$fmt" "   deliveries/s, best 10 s of the polls" "${R[all_best10]}"
    printf "$fmt" "   Herald heap, most in use" "${R[all_heap]}"
    printf "$fmt" "   Herald RSS, most sampled" "${R[all_rss]} MiB"
    printf "$fmt" "   Herald CPU" "${R[all_cpu]}; ${R[all_cpu_us]} µs a delivery"
    [[ "$ENGINE" != postgres ]] || printf "$fmt" "   PostgreSQL CPU" "${R[all_pg_cpu]}"
    printf "$fmt" "   database growth (total; a delivery)" "${R[all_bytes]}"
    printf "$fmt" "   load average (mean of samples)" "${R[all_load]}"
    if [[ "$APNS" == mock ]]; then
        printf "$fmt" "   mock APNs accepted / rejected" "${R[apns_count]}"
        printf "$fmt" "   bare Pushy, same mock" "${R[bare]}"
    fi
    if [[ "$FCM" == mock ]]; then
        printf "$fmt" "   mock FCM messages / token requests" "${R[fcm_count]}"
        printf "$fmt" "   bare HTTP/2 client, same mock" "${R[bare]}"
    fi
    if [[ "$CALLBACKS" == on ]]; then
        printf "$fmt" "   delivery callbacks received" "${R[callbacks]}"
    fi
    if [[ "$SMS" == mock ]]; then
        printf "$fmt" "   mock SMS API messages" "${R[sms_count]}"
        printf "$fmt" "   bare HTTP/1.1 client, same mock" "${R[bare]}"
    fi
    if (( SENDS > 0 )); then
        printf "$fmt" "2. $SENDS sends x $GROUP: all 201s within" "${R[many_all201]} s (${R[many_ok]} of $SENDS 201)"
        printf "$fmt" "   201 time p50 / p99 / max ($SEND_CLIENT)" "${R[many_times]} s"
        printf "$fmt" "   the same in Herald (access log)" "${R[many_server]}"
        printf "$fmt" "   first send -> all done" "${R[many_done_s]} s"
        printf "$fmt" "   deliveries" "total ${R[many_total]}: ${R[many_counts]}"
        printf "$fmt" "   deliveries/s (finished / time to done)" "${R[many_rate]}"
        printf "$fmt" "   deliveries/s, best 10 s of the polls" "${R[many_best10]}"
        printf "$fmt" "   Herald heap, most in use" "${R[many_heap]}"
        printf "$fmt" "   Herald RSS, most sampled" "${R[many_rss]} MiB"
        printf "$fmt" "   Herald CPU" "${R[many_cpu]}; ${R[many_cpu_us]} µs a delivery"
        [[ "$ENGINE" != postgres ]] || printf "$fmt" "   PostgreSQL CPU" "${R[many_pg_cpu]}"
        printf "$fmt" "   database growth (total; a delivery)" "${R[many_bytes]}"
        printf "$fmt" "   load average (mean of samples)" "${R[many_load]}"
    fi
} | tee "$RUN_DIR/summary.txt"
echo "results in $RUN_DIR"
