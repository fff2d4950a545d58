#!/usr/bin/env bash
# The benchmark harness of license-gateway: ONE command that builds what is missing, starts a throw-away
# PostgreSQL (or uses BENCH_PG_HOST…), starts the packaged gateway, seeds a fleet through the bulk path, and
# measures in one run, all on 127.0.0.1:
#   (a) http_ceiling  trivial POST on the same Quarkus/Vert.x stack (an unknown path: 404 from the router)
#   (b0) physical_ceiling  pgbench running the minimal exactly-once statement on the gateway's schema
#   (b) db_ceiling    pgbench running the gateway's own SQL per deactivation, at the gateway's pool size
#   (c) single        deactivations/s at saturation (wrk, every request a new device)
#   (d) replay        the same files again (answered 200 from the applied-request record)
#   (e) forged        Authorization signed with a wrong key (400 signature_mismatch)
#   (f) batch         items/s through POST /api/v4/deactivate_offline/batch ("batch: endpoint not available" on 404)
#   (g) latency       p50/p99 under open-model load (Gatling FleetDeactivation) at half of (c)
#   (h) peak_rss      the gateway's VmHWM (and, on every wrk figure, the peak so far)
#   (i) hot license   single and batch where every file names one license (BENCH_HOT_DEVICES devices, seeded apart)
# all in the default placement (WORKER), then the placement pair: (c) and (e) on a fresh EVENT_LOOP gateway and
# right after on a fresh WORKER one, for the WORKER/EVENT_LOOP ratio.
# Prints one line per figure and the ratios single/db_ceiling, batch/single, reject/http_ceiling.
#
#   load-tests/bench.sh            # full run, about 13 minutes, never more than BENCH_TIME_LIMIT (1200 s)
#   load-tests/bench.sh --smoke    # seconds per phase, tiny dataset: proves every phase still works
#
# Knobs (env): BENCH_SECONDS (15, per saturation phase), BENCH_DEVICES (1600000; smoke 220000), BENCH_WARM_MAX (60 s of
# warm-up at most, in 12 s rounds until the JIT's share of the gateway's CPU is under BENCH_JIT_SETTLED_PCT, 5; smoke: one round), BENCH_CONNECTIONS (32),
# BENCH_POOL_SIZE (20), BENCH_BATCH_SIZE (100), BENCH_BATCH_CONNECTIONS (4), BENCH_LATENCY_SECONDS (30),
# BENCH_TIME_LIMIT (1200), BENCH_SLOW_THRESHOLD (10ms), BENCH_HOT_DEVICES (120000; smoke 40000), BENCH_HOT_SECONDS (8; smoke 2), GATEWAY_JAVA_OPTS, BENCH_PG_HOST/PORT/DB/USER/PASSWORD (an existing PostgreSQL),
# BENCH_KEEP=1 (keep the work dir). Exits non-zero when a phase's sanity check fails.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
source "$HERE/lib/common.sh"
source "$HERE/lib/postgres.sh"
source "$HERE/lib/gateway.sh"
source "$HERE/lib/phases.sh"

SMOKE=false
[[ "${1:-}" == "--smoke" ]] && SMOKE=true
# Upper bounds of the rates, used to size each phase's devices (a phase that outruns them reports it).
if [[ "$SMOKE" == true ]]; then
  T=${BENCH_SECONDS:-3} DEVICES=${BENCH_DEVICES:-220000} WARM=2 WARM_MAX=2 LATENCY_T=${BENCH_LATENCY_SECONDS:-5} LATENCY_WARM=1
  WARM_RATE_BOUND=2000 DB_RATE_BOUND=6000 SINGLE_RATE_BOUND=4000 BATCH_RATE_BOUND=20000 LATENCY_RATE_CAP=200
  HOT_DEVICES=${BENCH_HOT_DEVICES:-40000} HOT_T=${BENCH_HOT_SECONDS:-2}
else
  T=${BENCH_SECONDS:-15} DEVICES=${BENCH_DEVICES:-1600000} WARM=10 WARM_MAX=${BENCH_WARM_MAX:-60} LATENCY_T=${BENCH_LATENCY_SECONDS:-30} LATENCY_WARM=5
  WARM_RATE_BOUND=1500 DB_RATE_BOUND=10000 SINGLE_RATE_BOUND=5000 BATCH_RATE_BOUND=25000 LATENCY_RATE_CAP=100000
  HOT_DEVICES=${BENCH_HOT_DEVICES:-120000} HOT_T=${BENCH_HOT_SECONDS:-8}
fi
CONNECTIONS=${BENCH_CONNECTIONS:-32}
JIT_SETTLED_PCT=${BENCH_JIT_SETTLED_PCT:-5}
POOL_SIZE=${BENCH_POOL_SIZE:-20}
BATCH_SIZE=${BENCH_BATCH_SIZE:-100}
BATCH_CONNECTIONS=${BENCH_BATCH_CONNECTIONS:-4}
TIME_LIMIT=${BENCH_TIME_LIMIT:-1200}
SLOW_THRESHOLD=${BENCH_SLOW_THRESHOLD:-10ms}   # the p99 goal: every request over it says where its time went
ADMIN_TOKEN="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
WORK=$(mktemp -d /tmp/license-gateway-bench.XXXXXX)
TOOLS=(java -cp "$HERE/target/classes")

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid"; done
  pg_stop
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Watchdog: the whole run is bounded, whatever happens.
(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$TIME_LIMIT" & sleeper=$!
  wait "$sleeper"
  echo "bench: time limit ${TIME_LIMIT}s reached, stopping" >&2
  kill -TERM $$
) 2>/dev/null &
remember_pid $!

# --- build what is missing -------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  { apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; } >/dev/null 2>&1 \
    || die "wrk missing (apt-get install wrk)"
fi
[[ -x "$PG_BIN/pgbench" || -n "${BENCH_PG_HOST:-}" ]] || die "pgbench missing (apt-get install postgresql)"
APP=$ROOT/target/quarkus-app
if [[ "${BENCH_SKIP_BUILD:-0}" == 1 ]]; then
  [[ -f "$APP/quarkus-run.jar" ]] || die "BENCH_SKIP_BUILD=1 but $APP/quarkus-run.jar is missing"
elif [[ ! -f "$APP/quarkus-run.jar" ]] || [[ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$APP/quarkus-run.jar" -type f | head -n 1)" ]]; then
  # Test sources are not compiled: the harness needs only the package (and a half-edited test elsewhere in
  # the tree must not stop it).
  log "building the gateway (./mvnw package -Dmaven.test.skip=true)"
  (cd "$ROOT" && ./mvnw -B -q package -Dmaven.test.skip=true) \
    || die "gateway build failed (BENCH_SKIP_BUILD=1 measures the existing target/quarkus-app)"
fi
cp -r "$APP" "$WORK/app"
if [[ ! -d "$HERE/target/test-classes" ]] || [[ -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$HERE/target/test-classes" -type f | head -n 1)" ]]; then
  log "building the load tests"
  (cd "$HERE" && ../mvnw -B -q test-compile) || die "load-tests build failed"
  touch "$HERE/target/test-classes"
fi
"${TOOLS[@]}" dev.licensegateway.load.SdkSelfCheck "$ROOT/src/test/resources/vectors/deactivation-files.json" >&2 \
  || die "the load tests' SDK file builder no longer matches the known answers"

# --- machine, database, gateway, dataset ------------------------------------------------------------------
CPU_MODEL=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
MEM_TOTAL=$(free -h | awk '/^Mem:/ {print $2}')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
pg_start
DEFAULT_PLACEMENT=WORKER   # gateway.verification.placement's default: the main run measures what ships
gateway_start "$DEFAULT_PLACEMENT"
seed_dataset "$DEVICES"

# --- the default placement: every figure ------------------------------------------------------------------
make_headers
warm_up "$WARM"
phase_http_ceiling
phase_physical_ceiling
phase_db_ceiling
phase_single main
phase_replay
phase_forged main
phase_batch
phase_hot_license
phase_latency
PEAK_RSS_MAIN=$(gateway_peak_rss_mb)
figure "(h) peak_rss" "main run (placement=$DEFAULT_PLACEMENT) ${PEAK_RSS_MAIN} MB (VmHWM; JVM: $(gateway_jvm_flags))"
gateway_stop

# --- the placement pair: EVENT_LOOP then WORKER, each a fresh gateway warmed alike, back to back, so their ratio
# compares placements and not the database's or the machine's state at two ends of the run -----------------
gateway_start EVENT_LOOP
warm_up "$WARM"
phase_single EVENT_LOOP
phase_forged EVENT_LOOP
PEAK_RSS_EVENT_LOOP=$(gateway_peak_rss_mb)
figure "(h) peak_rss" "placement=EVENT_LOOP ${PEAK_RSS_EVENT_LOOP} MB"
gateway_stop
gateway_start WORKER
warm_up "$WARM"
phase_single WORKER
phase_forged WORKER
PEAK_RSS_WORKER=$(gateway_peak_rss_mb)
figure "(h) peak_rss" "placement=WORKER ${PEAK_RSS_WORKER} MB"
gateway_stop

print_summary
