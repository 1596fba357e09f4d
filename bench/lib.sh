# Shared helpers of the bench scripts (sourced, not run).

# build_jar ROOT: builds ROOT/target/herald.jar when it is missing or older than pom.xml or src/main.
build_jar() {
    local root="$1" jar="$1/target/herald.jar"
    if [[ ! -f "$jar" || -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -print -quit)" ]]; then
        (cd "$root" && mvn -q -B -DskipTests package)
    fi
}

# pg_start DIR PORT: a throwaway cluster of Debian's PostgreSQL in DIR/pg (created on first use, with a database
# `herald`), listening on 127.0.0.1:PORT; sets PG_BIN, PG_PORT and PG_JDBC. DIR must be reachable by the postgres
# user. Stop it with pg_stop DIR.
pg_start() {
    local dir="$1" fresh=""
    PG_PORT="$2"
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [[ ! -f "$dir/pg/PG_VERSION" ]]; then
        mkdir -p "$dir/pg" && chown postgres "$dir/pg" && chmod 700 "$dir/pg"
        runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/pg" -A trust -U postgres >/dev/null
        cat >>"$dir/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir/pg'
shared_buffers = 2GB
max_connections = 200
wal_compression = on
max_wal_size = 8GB
CONF
        fresh=1
    fi
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/pg/log" -w start >/dev/null
    [[ -z "$fresh" ]] || "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE herald" >/dev/null
    PG_JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/herald?user=postgres"
}

# pg_stop DIR: stops the cluster of pg_start DIR, if any.
pg_stop() {
    if [[ -d "$1/pg" && -n "${PG_BIN:-}" ]]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$1/pg" -m fast stop >/dev/null 2>&1 || true
    fi
}

# psqlc ARGS...: psql on the database of pg_start, unaligned, tuples only.
psqlc() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d herald -At "$@"; }
