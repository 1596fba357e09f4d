#!/usr/bin/env bash
# PostgreSQL's own CPU for one delivery's rows (bench/PgRowCost.java), on a throwaway cluster of Debian's
# PostgreSQL (bench/lib.sh's pg_start, the settings of bench/notify.sh's) migrated by Herald, alone on an idle
# server: the floor under notify.sh's PostgreSQL figures.
#
#   bench/pg-rows.sh                      N=100000 deliveries a mode, ROUNDS=3 rounds of every mode
#   N=200000 ROUNDS=5 bench/pg-rows.sh
#
# Modes (MODES, default all four): herald (the statements Herald sends: insert, claim with its lease update, outcome
# update), no-lease (the same without the lease update), unnest (no-lease with a claim's outcomes written by one
# UPDATE … FROM unnest), once (one insert a delivery, with its outcome); by-id-<mode>: <mode> with the keys before
# migration V12 (the id alone, and an index of each Notification's ids). Loopback only; the cluster is deleted at the
# end. Output also goes to bench/results/pg-rows-<time>.txt.
set -euo pipefail
N="${N:-100000}"
ROUNDS="${ROUNDS:-3}"
PG_PORT=55443
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bench/lib.sh"
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/pg-rows-$(date -u +%Y%m%d-%H%M%S).txt"
WORK=$(mktemp -d /tmp/herald-pg-rows.XXXXXX)
chmod 755 "$WORK"
trap 'pg_stop "$WORK"; rm -rf "$WORK"' EXIT
build_jar "$ROOT"
pg_start "$WORK" "$PG_PORT"
{
    echo "pg-rows: N=$N rounds=$ROUNDS, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    "$PG_BIN/postgres" --version
    git -C "$ROOT" log -1 --format='herald commit %h %s' 2>/dev/null || true
    java -jar "$ROOT/target/herald.jar" migrate --db "$PG_JDBC" >/dev/null
    for r in $(seq "$ROUNDS"); do
        echo "round $r"
        java -cp "$ROOT/target/herald.jar" "$ROOT/bench/PgRowCost.java" "$PG_JDBC" "$N" ${MODES:-herald no-lease unnest once}
    done
} 2>&1 | tee "$OUT"
