#!/usr/bin/env bash
# N instances (default 3) of the compiled server behind nginx on 127.0.0.1:$PORT (default 8790),
# over DATABASE_URL and REDIS_URL (start them with `npm run services`). nginx runs from
# deploy/nginx.conf (filled in by scripts/nginx-config.mjs) with its own prefix under $CLUSTER_DIR,
# so it needs no system config; $CLUSTER_DIR/access.log names the instance of every request.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-3}
PORT=${PORT:-8790}
CLUSTER_DIR=${CLUSTER_DIR:-$(mktemp -d -t cleanchat-cluster-XXXXXX)}
: "${DATABASE_URL:?set DATABASE_URL (postgres://…)}" "${REDIS_URL:?set REDIS_URL (redis://…)}"
export JWT_SECRET=${JWT_SECRET:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}
export TRUST_PROXY=loopback
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

pids=()
stop() {
  [ -f "$CLUSTER_DIR/nginx.pid" ] && kill "$(cat "$CLUSTER_DIR/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop EXIT INT TERM

node server/build.mjs --if-needed
upstreams=()
for i in $(seq 1 "$N"); do
  port=$((PORT + i))
  PORT=$port DATA_DIR="$CLUSTER_DIR/data-$i" node server/dist/main.js &
  pids+=($!)
  upstreams+=("127.0.0.1:$port")
done
mkdir -p "$CLUSTER_DIR"
node scripts/nginx-config.mjs "$CLUSTER_DIR" "$PORT" "${upstreams[@]}" >"$CLUSTER_DIR/nginx.conf"
"$NGINX" -p "$CLUSTER_DIR" -c "$CLUSTER_DIR/nginx.conf" -e "$CLUSTER_DIR/error.log" -g 'daemon on;'
echo "cleanchat: $N instances behind nginx on http://127.0.0.1:$PORT (files in $CLUSTER_DIR)"
wait
