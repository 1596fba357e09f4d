#!/usr/bin/env bash
# Checks deploy/ without Docker (no Docker engine runs on the build machine): the topology of compose.yaml on
# loopback — a throwaway PostgreSQL, two Herald nodes of target/herald.jar on 127.0.0.2:8080 and 127.0.0.3:8080
# (standing for herald-1 and herald-2), and nginx with deploy/nginx.conf (upstream names replaced by those
# addresses) — then requests through the proxy, and `systemd-analyze verify` of herald.service.
# Needs root (for the postgres user), Debian's PostgreSQL and nginx. Prints "smoke: ok" at the end.
#   deploy/smoke.sh            PROXY_PORT=18080 by default
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
source "$root/bench/lib.sh"
PROXY_PORT=${PROXY_PORT:-18080}
work=$(mktemp -d /tmp/herald-smoke.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    pg_stop "$work"
    wait 2>/dev/null || true
}
trap cleanup EXIT
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

command -v nginx >/dev/null || fail "nginx is not installed (apt-get install nginx-light)"
systemd-analyze verify "$here/herald.service" || fail "systemd-analyze verify herald.service"

build_jar "$root"
pg_start "$work" 55439
account="AC$(openssl rand -hex 16)"; token=$(openssl rand -hex 16); key=$(openssl rand -hex 32) # one key for every node
for n in 2 3; do
    HERALD_DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/herald" HERALD_MASTER_KEY=$key \
        HERALD_ACCOUNT_SID=$account HERALD_AUTH_TOKEN=$token \
        java -Xmx256m -jar "$root/target/herald.jar" serve --host 127.0.0.$n --port 8080 --data "$work/node$n" \
        --delivery sandbox >"$work/node$n.log" 2>&1 &
    pids+=($!)
done

sed -e "s/herald-1:8080/127.0.0.2:8080/; s/herald-2:8080/127.0.0.3:8080/" "$here/nginx.conf" >"$work/default.conf"
cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    log_format upstream '\$upstream_addr \$status';
    access_log $work/nginx-access.log upstream;
    client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
    include $work/default.conf;
}
CONF
sed -i "s/listen 80;/listen 127.0.0.1:$PROXY_PORT;/" "$work/default.conf"
nginx -t -q -c "$work/nginx.conf" -p "$work" || fail "nginx -t"
nginx -c "$work/nginx.conf" -p "$work"

for n in 2 3; do
    for _ in $(seq 1 120); do
        curl -fsS "http://127.0.0.$n:8080/healthz" >/dev/null 2>&1 && break
        sleep 0.5
    done
    curl -fsS "http://127.0.0.$n:8080/healthz" >/dev/null || fail "node 127.0.0.$n did not start: $(tail -n 3 "$work/node$n.log")"
done

api="http://127.0.0.1:$PROXY_PORT"
service=$(curl -fsS -u "$account:$token" -X POST "$api/v1/Services" -d FriendlyName=smoke | sed -n 's/.*"sid": *"\(IS[0-9a-f]*\)".*/\1/p')
[[ -n "$service" ]] || fail "no Service created through the proxy"
for i in $(seq 1 10); do
    curl -fsS -u "$account:$token" -X POST "$api/v1/Services/$service/Bindings" \
        -d Identity=user$i -d BindingType=fcm -d Address=token-$i -d Tag=smoke >/dev/null || fail "Binding $i"
done
page=$(curl -fsS -u "$account:$token" "$api/v1/Services/$service/Bindings?Tag=smoke&PageSize=5")
grep -q "\"url\": *\"http://127.0.0.1:$PROXY_PORT/v1/Services/$service/Bindings" <<<"$page" \
    || grep -q "http://127.0.0.1:$PROXY_PORT/v1/Services/$service/Bindings" <<<"$page" || fail "URLs do not name the proxy"
next=$(sed -n 's/.*"next_page_url": *"\([^"]*\)".*/\1/p' <<<"$page")
[[ -n "$next" ]] && curl -fsS -u "$account:$token" "$next" >/dev/null || fail "next_page_url through the proxy"
sent=$(curl -fsS -u "$account:$token" -X POST "$api/v1/Services/$service/Notifications" -d Tag=smoke -d Body=hello)
notification=$(sed -n 's/.*"sid": *"\(NT[0-9a-f]*\)".*/\1/p' <<<"$sent")
for _ in $(seq 1 60); do
    curl -fsS -u "$account:$token" "$api/v1/Services/$service/Notifications/$notification" | grep -q '"state": *"done"' && break
    sleep 0.5
done
# The Service has no fcm Credential, so each delivery ends rejected (52004): the engine ran them to an outcome.
state=$(curl -fsS -u "$account:$token" "$api/v1/Services/$service/Notifications/$notification")
grep -q '"state": *"done"' <<<"$state" && grep -q '"total": *10' <<<"$state" && grep -q '"rejected": *10' <<<"$state" \
    || fail "the Notification's 10 deliveries did not all end: $(grep -o '"delivery".*' <<<"$state")"
# Both nodes answered requests through the proxy (round robin).
for n in 2 3; do
    grep -q "^127.0.0.$n:8080 " "$work/nginx-access.log" || fail "node 127.0.0.$n answered no request through nginx"
done
echo "requests through nginx: $(wc -l <"$work/nginx-access.log"), to both nodes; 10 deliveries ran to an outcome"
echo "smoke: ok"
