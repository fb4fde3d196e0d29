#!/usr/bin/env bash
# Runs every function locally against your PostgreSQL and Redis, seeding a demo market into an empty database.
#
#   ./functions/run-local.sh            (Ctrl-C stops everything it started)
#
# Uses MARKETCACHE_DB_HOST/PORT/NAME/USER/PASSWORD (default 127.0.0.1:5432, database "marketcache", user postgres)
# and MARKETCACHE_REDIS_URL (default redis://127.0.0.1:6379). The read function comes up first; the others follow.
set -euo pipefail
cd "$(dirname "$0")/.."

export MARKETCACHE_DB_HOST="${MARKETCACHE_DB_HOST:-127.0.0.1}"
export MARKETCACHE_DB_PORT="${MARKETCACHE_DB_PORT:-5432}"
export MARKETCACHE_DB_NAME="${MARKETCACHE_DB_NAME:-marketcache}"
export MARKETCACHE_DB_USER="${MARKETCACHE_DB_USER:-postgres}"
export MARKETCACHE_DB_PASSWORD="${MARKETCACHE_DB_PASSWORD:-}"
export MARKETCACHE_REDIS_URL="${MARKETCACHE_REDIS_URL:-redis://127.0.0.1:6379}"
# Tokens for the write and admin endpoints: random unless you set them.
export MARKETCACHE_ADMIN_TOKEN="${MARKETCACHE_ADMIN_TOKEN:-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
export MARKETCACHE_INGEST_TOKEN="${MARKETCACHE_INGEST_TOKEN:-ingest-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
READ_PORT="${READ_PORT:-8081}"; INGEST_PORT="${INGEST_PORT:-8082}"; INVALIDATE_PORT="${INVALIDATE_PORT:-8083}"
WARMUP_PORT="${WARMUP_PORT:-8084}"; ADMIN_PORT="${ADMIN_PORT:-8085}"
LOGS="target/run-local"; mkdir -p "$LOGS"

say() { printf '\n== %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "run-local: '$1' is required ($2)" >&2; exit 1; }; }
need java "Java 17 or newer"

say "checking PostgreSQL ${MARKETCACHE_DB_HOST}:${MARKETCACHE_DB_PORT} and Redis ${MARKETCACHE_REDIS_URL}"
if command -v psql >/dev/null 2>&1; then
  export PGPASSWORD="$MARKETCACHE_DB_PASSWORD"
  psql -h "$MARKETCACHE_DB_HOST" -p "$MARKETCACHE_DB_PORT" -U "$MARKETCACHE_DB_USER" -d postgres -tAc 'SELECT 1' >/dev/null \
    || { echo "run-local: cannot reach PostgreSQL; start it or set MARKETCACHE_DB_*" >&2; exit 1; }
  if [ "$(psql -h "$MARKETCACHE_DB_HOST" -p "$MARKETCACHE_DB_PORT" -U "$MARKETCACHE_DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$MARKETCACHE_DB_NAME'")" != "1" ]; then
    psql -h "$MARKETCACHE_DB_HOST" -p "$MARKETCACHE_DB_PORT" -U "$MARKETCACHE_DB_USER" -d postgres \
      -c "CREATE DATABASE \"$MARKETCACHE_DB_NAME\"" >/dev/null
    echo "created database $MARKETCACHE_DB_NAME"
  fi
else
  echo "psql not found: make sure database '$MARKETCACHE_DB_NAME' exists"
fi
if command -v redis-cli >/dev/null 2>&1; then
  redis-cli -u "$MARKETCACHE_REDIS_URL" ping >/dev/null || { echo "run-local: cannot reach Redis at $MARKETCACHE_REDIS_URL" >&2; exit 1; }
fi

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

start() { # name port extra-env...
  local name="$1" port="$2"; shift 2
  env "$@" java -Xmx512m -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Dquarkus.http.port="$port" -jar "functions/$name/target/quarkus-app/quarkus-run.jar" \
    >"$LOGS/$name.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 180); do
    if curl -fsS "http://127.0.0.1:$port/q/health/live" >/dev/null 2>&1; then echo "$name is up on :$port"; return 0; fi
    if ! kill -0 "${PIDS[-1]}" 2>/dev/null; then echo "run-local: $name stopped; see $LOGS/$name.log" >&2; exit 1; fi
    sleep 0.5
  done
  echo "run-local: $name did not come up; see $LOGS/$name.log" >&2; exit 1
}

say "building the read function"
./mvnw -B -q package -DskipTests -pl functions/read -am
say "starting read on :$READ_PORT (migrates the schema; seeds the demo market into an empty database)"
start read "$READ_PORT" MARKETCACHE_MIGRATE=true MARKETCACHE_DEMO_SEED=true

cat <<TXT

Try:
  curl -s 'http://127.0.0.1:$READ_PORT/v1/candles/binance/BTC-USDT?timeframe=1m&limit=5' -D - | head -20
  curl -s 'http://127.0.0.1:$READ_PORT/v1/candles/okx/ETH-USDT?timeframe=1h&limit=24'
  curl -s 'http://127.0.0.1:$READ_PORT/v1/tickers/huobi/BNB-USDT'
  curl -s 'http://127.0.0.1:$READ_PORT/v1/orderbooks/binance/BTC-USDT?depth=5'
  curl -s 'http://127.0.0.1:$READ_PORT/v1/trades/binance/BTC-USDT?limit=10'
  OpenAPI: http://127.0.0.1:$READ_PORT/q/openapi   health: http://127.0.0.1:$READ_PORT/q/health   metrics: http://127.0.0.1:$READ_PORT/q/metrics
TXT

say "building ingest, invalidate, warmup and admin"
./mvnw -B -q package -DskipTests -pl functions/ingest,functions/invalidate,functions/warmup,functions/admin -am
start ingest "$INGEST_PORT"
start invalidate "$INVALIDATE_PORT"
start warmup "$WARMUP_PORT"
start admin "$ADMIN_PORT"

cat <<TXT

All functions are up (logs in $LOGS/). Write and admin calls need these tokens:
  MARKETCACHE_INGEST_TOKEN=$MARKETCACHE_INGEST_TOKEN
  MARKETCACHE_ADMIN_TOKEN=$MARKETCACHE_ADMIN_TOKEN
  curl -s -X POST http://127.0.0.1:$INGEST_PORT/v1/ingest/tickers -H "Authorization: Bearer \$MARKETCACHE_INGEST_TOKEN" \\
       -H 'Content-Type: application/json' \\
       -d '[{"exchange":"binance","symbol":"BTC/USDT","time":'"\$(date +%s000)"',"bid":"65000.10","ask":"65000.20","last":"65000.15","volume24h":"1234.5"}]'
  curl -s -X POST http://127.0.0.1:$INVALIDATE_PORT/v1/invalidate -H "Authorization: Bearer \$MARKETCACHE_ADMIN_TOKEN" \\
       -H 'Content-Type: application/json' -d '{"exchange":"binance","symbol":"BTC/USDT","dataType":"tickers"}'
  curl -s -X POST http://127.0.0.1:$WARMUP_PORT/v1/warmup -H "Authorization: Bearer \$MARKETCACHE_ADMIN_TOKEN"
  curl -s http://127.0.0.1:$WARMUP_PORT/v1/warmup/hot-keys -H "Authorization: Bearer \$MARKETCACHE_ADMIN_TOKEN"
  curl -s http://127.0.0.1:$ADMIN_PORT/v1/admin/status -H "Authorization: Bearer \$MARKETCACHE_ADMIN_TOKEN"
  URLs: read http://127.0.0.1:$READ_PORT  ingest http://127.0.0.1:$INGEST_PORT  invalidate http://127.0.0.1:$INVALIDATE_PORT
        warmup http://127.0.0.1:$WARMUP_PORT  admin http://127.0.0.1:$ADMIN_PORT  (each with /q/openapi, /q/health, /q/metrics)
Ctrl-C stops everything.
TXT
wait
