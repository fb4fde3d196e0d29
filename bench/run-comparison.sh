#!/usr/bin/env bash
# Builds what it needs, seeds the demo market into its own database and Redis prefix, starts the read function and
# the bench app (alternatives + constant endpoint), runs the ceilings, the comparison, the sustained run and the
# ingest run, writes bench/results/<UTC time>/report.md with raw HdrHistogram logs (*.hlog), and stops everything it
# started.
#
#   bench/run-comparison.sh                 # the full run (about 25 minutes)
#   BENCH_QUICK=1 bench/run-comparison.sh   # a smoke run with short phases (about 6 minutes); figures not meaningful
#
# Needs a PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and a Redis on 127.0.0.1:6379, as the README's setup
# gives; wrk (Debian package) is used as an independent check of the HTTP ceiling when it is installed. Any
# setting below can be overridden from the environment, e.g. BENCH_RATE=3000 or BENCH_INGEST_URL=http://...
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

DB="${BENCH_DB:-mcbench}"
PREFIX="${BENCH_PREFIX:-mcbench}"
ALT_PREFIX="${BENCH_ALT_PREFIX:-mcbench-alt}"
READ_PORT="${BENCH_READ_PORT:-18080}"
READ_B_PORT="${BENCH_READ_B_PORT:-18082}"
APP_PORT="${BENCH_APP_PORT:-18081}"
REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
SYMBOLS="${BENCH_SYMBOLS:-50}"
DAYS="${BENCH_DAYS:-7}"
TRADE_HOURS="${BENCH_TRADE_HOURS:-2}"
READ_HEAP="${BENCH_READ_HEAP:-1g}"
OUT="${BENCH_OUT:-bench/results/$(date -u +%Y%m%dT%H%M%SZ)}"
PLAN="${BENCH_PLAN:-all}"

if [[ "${BENCH_QUICK:-0}" == "1" ]]; then
  PHASES=(--ceiling-duration 5s --ceiling-warmup 3s --ceiling-rounds 1 --warmup 5s --duration 10s --saturation 5s
          --l2-warmup 10s --l2-duration 10s
          --sustained-minutes 1 --sustained-interval 20s --sustained-warmup 5s --ingest-duration 10s)
else
  PHASES=(--ceiling-duration 15s --ceiling-warmup 5s --ceiling-rounds 3 --warmup 20s --duration 30s --saturation 20s
          --l2-warmup 30s --l2-duration 20s
          --sustained-minutes 5 --sustained-interval 60s --sustained-warmup 20s --ingest-duration 60s)
fi

mkdir -p "$OUT"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  unlink_prefix "$ALT_PREFIX"
  if [[ "${BENCH_KEEP_DATA:-0}" != "1" ]]; then
    unlink_prefix "$PREFIX"
    unlink_prefix "$PREFIX-app"
    psql -q -h "$PG_HOST" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  fi
}
unlink_prefix() {
  redis-cli -u "$REDIS_URL" --scan --pattern "$1:*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" unlink >/dev/null
}
wait_ready() { # url seconds [pid]
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null "$1"; do
    if [[ -n "${3:-}" ]] && ! kill -0 "$3" 2>/dev/null; then
      echo "process $3 exited before $1 was ready (see $OUT/*.log)" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "not ready after $2 s: $1 (see $OUT/*.log)" >&2
      return 1
    fi
    sleep 1
  done
}
trap cleanup EXIT

echo "== build"
./mvnw -B -q -pl functions/read,functions/ingest,bench -am package -DskipTests

echo "== fresh database $DB and Redis prefixes $PREFIX, $ALT_PREFIX"
psql -q -h "$PG_HOST" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
unlink_prefix "$PREFIX"
unlink_prefix "$PREFIX-app"
unlink_prefix "$ALT_PREFIX"

export MARKETCACHE_DB_HOST="$PG_HOST" MARKETCACHE_DB_NAME="$DB" MARKETCACHE_REDIS_URL="$REDIS_URL"

# Both servers get the same Redis client pool (the product's defaults, which the bench app does not read from the
# runtime's reference file otherwise), a fixed, pre-touched heap (docs/performance-tuning.md).
# Every function JVM, as the container images run them (docs/performance-tuning.md).
COMMON_POOL_FLAG=-Djava.util.concurrent.ForkJoinPool.common.parallelism=2
JAVA_FLAGS=(-Xms"$READ_HEAP" -XX:+AlwaysPreTouch "$COMMON_POOL_FLAG"
            -Dquarkus.redis.max-pool-size="${BENCH_REDIS_POOL_SIZE:-128}"
            -Dquarkus.redis.max-pool-waiting="${BENCH_REDIS_POOL_WAITING:-2048}")
CP="bench/target/classes:$(cat bench/target/bench.classpath)"

start_read() { # seed?
  MARKETCACHE_MIGRATE=true MARKETCACHE_DEMO_SEED="$1" MARKETCACHE_DEMO_SYMBOLS="$SYMBOLS" \
  MARKETCACHE_DEMO_DAYS="$DAYS" MARKETCACHE_DEMO_TRADE_HOURS="$TRADE_HOURS" \
    java -Xmx"$READ_HEAP" "${JAVA_FLAGS[@]}" -Dmarketcache.redis.key-prefix="$PREFIX" \
    -Dquarkus.http.port="$READ_PORT" -jar functions/read/target/quarkus-app/quarkus-run.jar >>"$OUT/read.log" 2>&1 &
  READ_PID=$!
  PIDS+=("$READ_PID")
}

echo "== read function on :$READ_PORT (migrates and seeds: $SYMBOLS symbols × 3 exchanges × $DAYS days)"
SEEDED_BY="the read function's seeder (marketcache.demo.seed=true)"
start_read true
if ! wait_ready "http://127.0.0.1:$READ_PORT/q/health/ready" 600 "$READ_PID"; then
  echo "   the read function did not start with its seeder (see $OUT/read.log); seeding with bench DemoLoad instead"
  kill "$READ_PID" 2>/dev/null || true
  wait "$READ_PID" 2>/dev/null || true
  start_read false
  wait_ready "http://127.0.0.1:$READ_PORT/q/health/ready" 300 "$READ_PID"
  java -cp "$CP" org.marketcache.bench.seed.DemoLoad --jdbc "jdbc:postgresql://$PG_HOST:5432/$DB" \
    --symbols "$SYMBOLS" --days "$DAYS" --trade-hours "$TRADE_HOURS" | tee "$OUT/seed.log"
  SEEDED_BY="bench DemoLoad (the read function's seeder failed: $(grep -m1 -o 'Caused by: [^:]*: .\{0,120\}' "$OUT/read.log" || echo 'see read.log'))"
fi

HOT="/v1/candles/binance/BTC-USDT?timeframe=1m&limit=500"
curl -fsS -o /dev/null "http://127.0.0.1:$READ_PORT$HOT"
curl -fsS -D "$OUT/constant-body.headers" -o "$OUT/constant-body.json" "http://127.0.0.1:$READ_PORT$HOT"

echo "== bench app on :$APP_PORT (alternatives, constant endpoint of $(wc -c <"$OUT/constant-body.json") bytes)"
BENCH_CONSTANT_FILE="$OUT/constant-body.json" BENCH_ALT_PREFIX="$ALT_PREFIX" \
  java -Xmx"$READ_HEAP" "${JAVA_FLAGS[@]}" -Dmarketcache.redis.key-prefix="$PREFIX-app" -Dquarkus.http.port="$APP_PORT" \
  -jar bench/target/quarkus-app/quarkus-run.jar >"$OUT/bench-app.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$APP_PORT/q/health/ready" 300 $!

if [[ ",$PLAN," == *",all,"* || ",$PLAN," == *",l2,"* || "$PLAN" == "serve" ]]; then
  echo "== second read function (pod B, same Redis, empty L1) on :$READ_B_PORT"
  # shellcheck disable=SC2086 # BENCH_READ_B_FLAGS: extra JVM flags for pod B only (e.g. a DEBUG log category)
  java -Xmx"$READ_HEAP" "${JAVA_FLAGS[@]}" ${BENCH_READ_B_FLAGS:-} -Dmarketcache.redis.key-prefix="$PREFIX" \
    -Dquarkus.http.port="$READ_B_PORT" -jar functions/read/target/quarkus-app/quarkus-run.jar >"$OUT/read-b.log" 2>&1 &
  PIDS+=($!)
  wait_ready "http://127.0.0.1:$READ_B_PORT/q/health/ready" 300 $!
fi

INGEST_URL="${BENCH_INGEST_URL:-}"
if [[ -z "$INGEST_URL" && ( ",$PLAN," == *",all,"* || ",$PLAN," == *",ingest,"* ) ]]; then
  INGEST_PORT="${BENCH_INGEST_PORT:-18083}"
  echo "== ingest function on :$INGEST_PORT (same database and Redis prefix; the ingest stream of the mixed run)"
  MARKETCACHE_INGEST_TOKEN="${BENCH_INGEST_TOKEN:-bench-ingest-token-0123456789}" \
    java -Xmx512m "$COMMON_POOL_FLAG" -Dmarketcache.redis.key-prefix="$PREFIX" \
    -Dquarkus.http.port="$INGEST_PORT" \
    -jar functions/ingest/target/quarkus-app/quarkus-run.jar >"$OUT/ingest.log" 2>&1 &
  PIDS+=($!)
  wait_ready "http://127.0.0.1:$INGEST_PORT/q/health/ready" 300 $!
  INGEST_URL="http://127.0.0.1:$INGEST_PORT/v1/ingest/candles"
fi

if [[ "$PLAN" == "serve" ]]; then
  echo "== serving until interrupted: read function http://127.0.0.1:$READ_PORT, bench app http://127.0.0.1:$APP_PORT"
  wait "$READ_PID"
  exit 0
fi

COMMAND="bench/run-comparison.sh"
[[ "${BENCH_QUICK:-0}" == "1" ]] && COMMAND="BENCH_QUICK=1 $COMMAND"

echo "== load generator (report: $OUT/report.md)"
java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" org.marketcache.bench.load.Bench --seeded-by "$SEEDED_BY" \
  --read "http://127.0.0.1:$READ_PORT" --read-b "http://127.0.0.1:$READ_B_PORT" --bench "http://127.0.0.1:$APP_PORT" --db "$DB" \
  --pg "jdbc:postgresql://$PG_HOST:5432/postgres" --out "$OUT" --plan "$PLAN" \
  --symbols "$SYMBOLS" --days "$DAYS" --trade-hours "$TRADE_HOURS" \
  --rate "${BENCH_RATE:-5000}" --sustained-rate "${BENCH_SUSTAINED_RATE:-10000}" \
  --ingest-url "$INGEST_URL" --ingest-token "${BENCH_INGEST_TOKEN:-bench-ingest-token-0123456789}" \
  --server-flags "${JAVA_FLAGS[*]}" --command "$COMMAND" "${PHASES[@]}" | tee "$OUT/generator.log"

echo "== done: $OUT/report.md"
