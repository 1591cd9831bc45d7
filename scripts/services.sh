#!/usr/bin/env bash
# Starts what the PostgreSQL backend and the multi-instance tests need (PostgreSQL, Redis) on this
# machine, on loopback only, installs nginx for the browser test of several instances behind it
# (e2e/web/cluster.spec.ts runs its own nginx on a loopback port), and prints the lines that point
# the tests at them:
#   eval "$(npm run -s services)"  then  npm test
# Installs Debian's postgresql (15 on bookworm), redis-server and nginx when missing (as root, or
# sudo).
# Idempotent: a running cluster, role and database are left as they are. Progress goes to stderr;
# stdout carries only the export lines.
set -euo pipefail

ROLE=cleanchat
PASSWORD=cleanchat
DATABASE=cleanchat_test

log() { echo "services: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq postgresql >&2
fi

# The first cluster Debian knows of (the package creates "15 main"); one is made when none exists.
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters -h | head -n 1) || true
if [ -z "${VERSION:-}" ]; then
  VERSION=$(basename "$(compgen -G '/usr/lib/postgresql/*' | sort -V | tail -n 1)")
  CLUSTER=main
  log "creating cluster $VERSION/$CLUSTER"
  as_root pg_createcluster "$VERSION" "$CLUSTER" >&2
  read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters -h | head -n 1)
fi
# Loopback only (Debian's default), whatever the cluster was configured with before.
LISTEN=$(pg_conftool -s "$VERSION" "$CLUSTER" show listen_addresses 2>/dev/null || echo localhost)
if [ "$LISTEN" != localhost ]; then
  log "listening on localhost only (was $LISTEN)"
  as_root pg_conftool "$VERSION" "$CLUSTER" set listen_addresses localhost >&2
  [ "$STATUS" = online ] && as_root pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
fi
if [ "$STATUS" != online ]; then
  log "starting cluster $VERSION/$CLUSTER on port $PORT"
  as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

psql_pg() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -qtAc "$1"; }
if [ "$(psql_pg "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  log "creating role $ROLE"
  psql_pg "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_pg "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  log "creating database $DATABASE"
  psql_pg "CREATE DATABASE $DATABASE OWNER $ROLE" >&2
fi

log "PostgreSQL $VERSION ready on 127.0.0.1:$PORT"

# Redis for the multi-instance tests (bus, presence, shared limits): Debian's redis-server, on
# loopback, nothing persisted. One already answering on the port is used as it is.
REDIS_PORT=6379
if ! command -v redis-server >/dev/null 2>&1; then
  log "installing Debian's redis-server"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq redis-server >&2
fi
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  log "starting redis-server on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "${TMPDIR:-/tmp}" --pidfile "${TMPDIR:-/tmp}/cleanchat-redis.pid" >&2
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null
log "Redis ready on 127.0.0.1:$REDIS_PORT"

# nginx: installed, not started. Debian's package would start a default site on port 80 of every
# address; the browser test and `npm run cluster` run nginx with a prefix and a loopback port of
# their own instead.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  log "installing Debian's nginx"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  # policy-rc.d answering 101 keeps the package's post-install from starting the system nginx.
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  as_root apt-get install -y -qq nginx >&2
  [ "$own_policy" = 1 ] && as_root rm -f /usr/sbin/policy-rc.d
fi
log "nginx $(/usr/sbin/nginx -v 2>&1 | sed 's|.*/||') installed"

echo "export TEST_DATABASE_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
