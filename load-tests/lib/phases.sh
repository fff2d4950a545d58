# The measurements of bench.sh. Each phase takes fresh devices from the dataset (CURSOR), builds its inputs
# with the Java tools, runs a bounded load on 127.0.0.1, cross-checks the answers against the rows the
# database gained, and prints its figure. Sourced, not run.

CURSOR=0
FAILURES=()
WARNINGS=()
declare -A R        # the last wrk RESULT line, parsed
declare -A FIG      # figures for the summary

figure() { printf '%-18s %s\n' "$1" "$2"; }
fail_check() { FAILURES+=("$1"); log "CHECK FAILED: $1"; }
warn() { WARNINGS+=("$1"); log "warning: $1"; }
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }
ceil() { awk "BEGIN { v = $1; printf \"%d\", (v == int(v)) ? v : int(v) + 1 }"; }

# alloc N: reserves N unused devices; sets ALLOC_FROM and ALLOC_COUNT (fewer when the dataset runs out).
alloc() {
  local want=$1 left=$((DATASET_DEVICES - CURSOR))
  ((want > left)) && { warn "dataset nearly used up: wanted $want devices, $left left (raise BENCH_DEVICES)"; want=$left; }
  ((want < 1)) && die "the dataset is used up (raise BENCH_DEVICES)"
  ALLOC_FROM=$CURSOR ALLOC_COUNT=$want
  CURSOR=$((CURSOR + want))
}

seed_dataset() {
  gateway_phase_start
  log "seeding $1 devices through the bulk path"
  "${TOOLS[@]}" dev.licensegateway.load.SeedDataset --base-url "$GATEWAY_URL" --admin-token "$ADMIN_TOKEN" \
    --devices "$1" --out "$WORK/dataset.properties" | tee "$WORK/seed.txt" >&2
  DATASET_DEVICES=$(awk -F= '/^devices=/ {print $2}' "$WORK/dataset.properties")
  SEED_LINE=$(grep '^seed: bulk' "$WORK/seed.txt" | sed 's/^seed: //')
  figure "dataset" "$SEED_LINE; $(gateway_rss_note)"
  # A production database is not mid-bulk-load: fresh statistics and visibility maps (VACUUM ANALYZE), and the
  # load's dirty pages written out (CHECKPOINT), so no phase pays for the seed's checkpoint or first-touch work.
  psql_q -c "VACUUM ANALYZE" >/dev/null
  psql_q -c "CHECKPOINT" >/dev/null
}

make_headers() {
  "${TOOLS[@]}" dev.licensegateway.load.WrkInputs --dataset "$WORK/dataset.properties" --kind headers \
    --minutes $(((TIME_LIMIT / 60) + 5)) --out "$WORK/headers.tsv"
}

# gen_files NAME COUNT: request files for the next COUNT devices → $WORK/NAME.tsv
gen_files() {
  alloc "$2"
  "${TOOLS[@]}" dev.licensegateway.load.WrkInputs --dataset "$WORK/dataset.properties" --kind files \
    --from "$ALLOC_FROM" --count "$ALLOC_COUNT" --out "$WORK/$1.tsv"
}

# The postgres processes serving the gateway (the postmaster's children; its pool keeps them for the run).
pg_pids() {
  [[ "$PG_OWNED" == true ]] || return 0
  local postmaster
  postmaster=$(head -n 1 "$PG_DATA/postmaster.pid")
  echo "$postmaster" $(ps -o pid= --ppid "$postmaster")
}

# run_wrk NAME MODE BODIES CONNECTIONS SECONDS [PATH]: fills R from the RESULT line, and R[cpu] with the CPU
# time per request of the gateway, postgres and wrk (µs), so a figure shows where the cores went.
run_wrk() {
  local name=$1 mode=$2 bodies=$3 connections=$4 seconds=$5 path=${6:-}
  local args=("$bodies" "${HEADERS:-$WORK/headers.tsv}" "$mode" 2)
  [[ -n "$path" ]] && args+=("$path")
  local pids gw0 pg0 wrk0
  pids=$(pg_pids)
  children_cpu_ms
  gateway_phase_start
  gw0=$(pid_cpu_ms "$GATEWAY_PID") pg0=$(pid_cpu_ms $pids) wrk0=$CHILDREN_CPU_MS
  wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 30s -s "$HERE/wrk/files.lua" "$GATEWAY_URL" -- "${args[@]}" \
    >"$WORK/wrk-$name.txt" 2>&1 || { cat "$WORK/wrk-$name.txt" >&2; die "wrk $name failed"; }
  local line kv
  line=$(grep '^RESULT ' "$WORK/wrk-$name.txt") || die "wrk $name printed no RESULT: $(tail -5 "$WORK/wrk-$name.txt")"
  R=()
  for kv in ${line#RESULT }; do R[${kv%%=*}]=${kv#*=}; done
  local n=$((R[requests] > 0 ? R[requests] : 1))
  children_cpu_ms
  R[cpu]="CPU/request: gateway $(( ($(pid_cpu_ms "$GATEWAY_PID") - gw0) * 1000 / n )) µs, postgres $(( ($(pid_cpu_ms $pids) - pg0) * 1000 / n )) µs, wrk $(( (CHILDREN_CPU_MS - wrk0) * 1000 / n )) µs; $(gateway_rss_note)"
  ((R[errors] == 0)) || warn "$name: ${R[errors]} socket errors/timeouts"
  # Forged and plain requests may repeat; new deactivations must not (a repeat would be a replay).
  if [[ "$mode" == single || "$mode" == batch ]] && ((R[wraps] > 0)); then
    warn "$name: the pre-built files ran out ${R[wraps]} time(s), later requests were replays (raise the phase's rate bound)"
  fi
}

# Rows recorded once the requests still in flight when wrk stopped have finished.
settled_events() {
  sleep 1
  events
}

events() { psql_q -c "SELECT count(*) FROM deactivation_events"; }

# in_flight_ok OK ROWS SLACK: the rows gained are the answered ones plus at most SLACK still in flight at the end.
in_flight_ok() { (($2 >= $1 && $2 <= $1 + $3)); }

# warm_up SECONDS: rounds of SECONDS of deactivations and forged requests until the JIT has settled — its
# compiler threads took under JIT_SETTLED_PCT % of the gateway's CPU in the last round — or WARM_MAX seconds
# have passed. A gateway that has served for days is compiled; after one short round, C2 still took about a
# third of the gateway's CPU in the phases that followed (2026-12-02), which then measured the compiler.
warm_up() {
  local seconds=$1 round=0 spent=0 gw0 jit0 gw jit share
  while :; do
    round=$((round + 1))
    gen_files warm-up $((WARM_RATE_BOUND * seconds))   # each round's fresh files; later phases reuse the last
    gw0=$(pid_cpu_ms "$GATEWAY_PID") jit0=$(jit_cpu_ms "$GATEWAY_PID")
    run_wrk "warm-up-$round" single "$WORK/warm-up.tsv" "$CONNECTIONS" "$seconds"
    WARM_RATE=$(calc "${R[s2xx]} / ${R[duration_s]}" 0)
    run_wrk "warm-up-$round-forged" forged "$WORK/warm-up.tsv" "$CONNECTIONS" 2
    gw=$(($(pid_cpu_ms "$GATEWAY_PID") - gw0)) jit=$(($(jit_cpu_ms "$GATEWAY_PID") - jit0))
    share=$(calc "100 * $jit / ($gw > 0 ? $gw : 1)" 0)
    spent=$((spent + seconds + 2))
    log "warm-up round $round: $WARM_RATE deactivations/s, JIT compilers ${share} % of the gateway's CPU"
    ((share < JIT_SETTLED_PCT || spent + seconds + 2 > WARM_MAX)) && break
  done
  figure "warm-up" "${spent}s in $round round(s) (placement=$GATEWAY_PLACEMENT), the JIT's share of the gateway's CPU in the last: ${share} %"
}

# Two trivial POSTs on the same stack, a request file as body each; the faster is the ceiling. The gateway
# has no no-op endpoint, so: an unknown path (404 from the router's last route) and the real endpoint with an
# Authorization that does not parse (400 before any cache, crypto or database work; logged like every call).
phase_http_ceiling() {
  local not_found malformed
  local cpu_not_found
  run_wrk http-not-found plain "$WORK/warm-up.tsv" "$CONNECTIONS" "$T" /bench/not-found
  not_found=$(calc "${R[s404]} / ${R[duration_s]}") cpu_not_found=${R[cpu]}
  ((R[s404] > 0 && R[s404] == R[requests])) || fail_check "http ceiling: ${R[s404]} of ${R[requests]} answered 404"
  run_wrk http-malformed malformed "$WORK/warm-up.tsv" "$CONNECTIONS" "$T"
  malformed=$(calc "${R[s4xx]} / ${R[duration_s]}")
  ((R[s4xx] > 0 && R[s4xx] == R[requests])) || fail_check "http ceiling: ${R[s4xx]} of ${R[requests]} answered 400"
  FIG[http]=$(awk "BEGIN { print ($not_found > $malformed) ? $not_found : $malformed }")
  figure "(a) http_ceiling" "${FIG[http]} req/s  (max of: POST unknown path → 404 $not_found/s [$cpu_not_found]; POST /api/v4/deactivate_offline with a malformed Authorization → 400 $malformed/s [${R[cpu]}]; c=$CONNECTIONS)"
}

# pgbench_script NAME DEVICES [PgbenchScript options]: allocates DEVICES and writes $WORK/NAME.pgbench, and fills
# PGB_DEFINES with the -D options it needs. pgbench_run NAME [pgbench options]: runs it at the gateway's pool size
# against the bench PostgreSQL, output in $WORK/NAME.txt.
pgbench_script() {
  local name=$1 devices=$2 line
  shift 2
  alloc "$devices"
  "${TOOLS[@]}" dev.licensegateway.load.PgbenchScript --app "$WORK/app" --dataset "$WORK/dataset.properties" \
    --from "$ALLOC_FROM" --clients "$POOL_SIZE" --out "$WORK/$name.pgbench" "$@" >"$WORK/$name.defines"
  PGB_DEFINES=()
  while IFS= read -r line; do PGB_DEFINES+=(-D "$line"); done <"$WORK/$name.defines"
}
pgbench_run() {
  local name=$1
  shift
  PGPASSWORD=$PG_PASSWORD "$PG_BIN/pgbench" -n -M prepared -c "$POOL_SIZE" -j 2 "$@" -f "$WORK/$name.pgbench" \
    "${PGB_DEFINES[@]}" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB" >"$WORK/$name.txt" 2>&1 \
    || { tail -20 "$WORK/$name.txt" >&2; return 1; }
}

# run_pgbench NAME [--physical 1]: pgbench at the gateway's pool size on the next fresh devices; sets PGB_TPS,
# PGB_PROCESSED, and fails the check unless every transaction recorded exactly one deactivation.
run_pgbench() {
  local name=$1
  shift
  # pgbench gives each client every clients-th device of the range, and clients do not run equally fast:
  # twice the bound keeps the fastest one from running into the devices of the next phase.
  pgbench_script "$name" $((DB_RATE_BOUND * T * 2)) "$@"
  local before after failed
  gateway_phase_start
  before=$(events)
  pgbench_run "$name" -T "$T" || fail_check "$name: pgbench failed"
  after=$(events)
  PGB_TPS=$(awk '/^tps = / {printf "%.1f", $3}' "$WORK/$name.txt")
  PGB_PROCESSED=$(awk -F': ' '/actually processed/ {print $2}' "$WORK/$name.txt")
  failed=$(awk -F': ' '/number of failed transactions/ {split($2, a, " "); print a[1]}' "$WORK/$name.txt")
  [[ -n "$PGB_TPS" && "${PGB_PROCESSED:-0}" -gt 0 && "${failed:-1}" == 0 && $((after - before)) == "$PGB_PROCESSED" ]] \
    || fail_check "$name: pgbench processed ${PGB_PROCESSED:-?}, failed ${failed:-?}, rows gained $((after - before))"
}

# (b0) the least a durable exactly-once deactivation costs this PostgreSQL, on the gateway's schema.
phase_physical_ceiling() {
  run_pgbench physical --physical 1
  FIG[physical]=$PGB_TPS
  figure "(b0) physical_ceiling" "${FIG[physical]} deactivations/s  (pgbench -M prepared -c $POOL_SIZE: one autocommit statement — claim ON CONFLICT DO NOTHING, device, license, audit event — $PGB_PROCESSED applied; $(gateway_rss_note))"
}

phase_db_ceiling() {
  run_pgbench deactivation
  FIG[db]=$PGB_TPS
  figure "(b) db_ceiling" "${FIG[db]} deactivations/s  (pgbench -M prepared -c $POOL_SIZE: one pipelined flight: BEGIN + SET LOCAL; SELECT lg_deactivate(…); COMMIT — $PGB_PROCESSED applied; $(gateway_rss_note))"
}

# phase_single LABEL: FIG[single_LABEL]; the placement is the running gateway's (main: the default run).
phase_single() {
  local label=$1 placement=$GATEWAY_PLACEMENT before after
  gen_files "single-$label" $((SINGLE_RATE_BOUND * T))
  before=$(events)
  run_wrk "single-$label" single "$WORK/single-$label.tsv" "$CONNECTIONS" "$T"
  after=$(settled_events)
  FIG[single_$label]=$(calc "${R[s2xx]} / ${R[duration_s]}")
  FIG[single_sent_min_$label]=${R[sent_min]}
  ((R[s2xx] > 0 && R[s4xx] + R[other] + R[s404] == 0)) \
    || fail_check "single ($placement): ${R[s2xx]} ok, ${R[s4xx]} 4xx, ${R[other]} other"
  ((R[wraps] == 0)) && in_flight_ok "${R[s2xx]}" $((after - before)) "$CONNECTIONS" \
    || fail_check "single ($placement): ${R[s2xx]} answered 200, $((after - before)) deactivations recorded, files repeated ${R[wraps]} times"
  figure "(c) single" "${FIG[single_$label]} deactivations/s  placement=$placement  (wrk c=$CONNECTIONS, ${R[s2xx]} new devices, $((after - before)) rows; closed-loop p50 ${R[p50_ms]} ms p99 ${R[p99_ms]} ms; ${R[cpu]})"
}

phase_replay() {
  local before after
  # Only files certainly applied in (c): each of wrk's 2 threads built at least sent_min of its lines (less
  # a margin for requests built but not yet written when wrk stopped).
  head -n "$((2 * (FIG[single_sent_min_main] - CONNECTIONS)))" "$WORK/single-main.tsv" >"$WORK/replay.tsv"
  local last_event
  before=$(events)
  last_event=$(psql_q -c "SELECT coalesce(max(event_id), 0) FROM deactivation_events")
  run_wrk replay replay "$WORK/replay.tsv" "$CONNECTIONS" "$T"
  after=$(settled_events)
  ((after == before)) || psql_q -c "SELECT event_id, request_id, hardware_id, created_at, clock_timestamp()
      FROM deactivation_events WHERE event_id > $last_event ORDER BY event_id LIMIT 5" >&2
  FIG[replay]=$(calc "${R[s2xx]} / ${R[duration_s]}")
  ((R[s2xx] > 0 && R[s4xx] + R[other] + R[s404] == 0 && after == before)) \
    || fail_check "replay: ${R[s2xx]} ok, ${R[s4xx]} 4xx, $((after - before)) rows written (expected 0)"
  figure "(d) replay" "${FIG[replay]} req/s  (the files of (c) again: 200 license_deactivated, $((after - before)) rows written; ${R[cpu]})"
}

# phase_forged LABEL: the files of phase_single LABEL with a wrong key.
phase_forged() {
  local label=$1 placement=$GATEWAY_PLACEMENT before after
  before=$(events)
  run_wrk "forged-$label" forged "$WORK/single-$label.tsv" "$CONNECTIONS" "$T"
  after=$(settled_events)
  FIG[forged_$label]=$(calc "${R[s4xx]} / ${R[duration_s]}")
  ((R[s4xx] > 0 && R[s2xx] + R[other] == 0 && after == before)) \
    || fail_check "forged ($placement): ${R[s4xx]} refused, ${R[s2xx]} accepted, $((after - before)) rows written"
  figure "(e) forged" "${FIG[forged_$label]} req/s  placement=$placement  (400 signature_mismatch; $((after - before)) rows written; ${R[cpu]})"
}

phase_batch() {
  local probe before after
  probe=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/x-ndjson' \
    -H "Date: $(cut -f3 "$WORK/headers.tsv" | sed -n 2p)" -H "Authorization: $(cut -f4 "$WORK/headers.tsv" | sed -n 2p)" \
    --data-binary $'\n' "$GATEWAY_URL/api/v4/deactivate_offline/batch")
  if [[ "$probe" == 404 ]]; then
    FIG[batch]=""
    figure "(f) batch" "batch: endpoint not available"
    return 0
  fi
  local items
  alloc $((BATCH_RATE_BOUND * T))
  "${TOOLS[@]}" dev.licensegateway.load.WrkInputs --dataset "$WORK/dataset.properties" --kind batch \
    --from "$ALLOC_FROM" --count "$ALLOC_COUNT" --batch-size "$BATCH_SIZE" --out "$WORK/batch.tsv"
  before=$(events)
  run_wrk batch batch "$WORK/batch.tsv" "$BATCH_CONNECTIONS" "$T"
  after=$(settled_events)
  FIG[batch]=$(calc "${R[items_ok]} / ${R[duration_s]}")
  ((R[items_ok] > 0 && R[items_ok] == R[items] && R[s2xx] == R[requests])) \
    || fail_check "batch: ${R[items_ok]} of ${R[items]} items ok in ${R[s2xx]} of ${R[requests]} calls"
  ((R[wraps] == 0)) && in_flight_ok "${R[items_ok]}" $((after - before)) $((BATCH_CONNECTIONS * BATCH_SIZE)) \
    || fail_check "batch: ${R[items_ok]} items answered 200, $((after - before)) deactivations recorded, bodies repeated ${R[wraps]} times"
  figure "(f) batch" "${FIG[batch]} items/s  (${R[s2xx]} calls of $BATCH_SIZE files, c=$BATCH_CONNECTIONS; $((after - before)) rows; per call: ${R[cpu]})"
}

# Hot license: every file names one license of a company of its own (seeded here, BENCH_HOT_DEVICES devices on
# that one license), single and batch, for HOT_T seconds each. Every deactivation of it takes that license's
# row lock and updates its counter: the contention point of a plant decommissioning a fleet of one license.
phase_hot_license() {
  local before after single_count batch_count
  log "hot license: seeding one license with $HOT_DEVICES devices"
  gateway_phase_start
  "${TOOLS[@]}" dev.licensegateway.load.SeedDataset --base-url "$GATEWAY_URL" --admin-token "$ADMIN_TOKEN" \
    --devices "$HOT_DEVICES" --per-license "$HOT_DEVICES" --prefix hot --out "$WORK/hot.properties" >"$WORK/hot-seed.txt" \
    || { cat "$WORK/hot-seed.txt" >&2; fail_check "hot license: seeding failed"; return 0; }
  psql_q -c "VACUUM ANALYZE" >/dev/null
  psql_q -c "CHECKPOINT" >/dev/null
  log "hot license: seeded; $(gateway_rss_note)"
  "${TOOLS[@]}" dev.licensegateway.load.WrkInputs --dataset "$WORK/hot.properties" --kind headers \
    --minutes $(((TIME_LIMIT / 60) + 5)) --out "$WORK/hot-headers.tsv"
  # A third for single files, two thirds for batches (which ran out of 40,000 files in 8 s on 2026-12-02).
  single_count=$((HOT_DEVICES / 3)) batch_count=$((HOT_DEVICES - HOT_DEVICES / 3))
  "${TOOLS[@]}" dev.licensegateway.load.WrkInputs --dataset "$WORK/hot.properties" --kind files \
    --from 0 --count "$single_count" --out "$WORK/hot-single.tsv"
  "${TOOLS[@]}" dev.licensegateway.load.WrkInputs --dataset "$WORK/hot.properties" --kind batch \
    --from "$single_count" --count "$batch_count" --batch-size "$BATCH_SIZE" --out "$WORK/hot-batch.tsv"
  before=$(events)
  HEADERS=$WORK/hot-headers.tsv run_wrk hot-single single "$WORK/hot-single.tsv" "$CONNECTIONS" "$HOT_T"
  after=$(settled_events)
  FIG[hot_single]=$(calc "${R[s2xx]} / ${R[duration_s]}")
  ((R[s2xx] > 0 && R[s4xx] + R[other] + R[s404] == 0 && R[wraps] == 0)) && in_flight_ok "${R[s2xx]}" $((after - before)) "$CONNECTIONS" \
    || fail_check "hot single: ${R[s2xx]} ok, ${R[s4xx]} 4xx, ${R[other]} other, $((after - before)) rows, files repeated ${R[wraps]} times"
  figure "(i) hot single" "${FIG[hot_single]} deactivations/s  (one license of $HOT_DEVICES devices; wrk c=$CONNECTIONS, ${HOT_T}s, $((after - before)) rows; closed-loop p50 ${R[p50_ms]} ms p99 ${R[p99_ms]} ms; ${R[cpu]})"
  before=$(events)
  HEADERS=$WORK/hot-headers.tsv run_wrk hot-batch batch "$WORK/hot-batch.tsv" "$BATCH_CONNECTIONS" "$HOT_T"
  after=$(settled_events)
  FIG[hot_batch]=$(calc "${R[items_ok]} / ${R[duration_s]}")
  ((R[items_ok] > 0 && R[items_ok] == R[items] && R[s2xx] == R[requests] && R[wraps] == 0)) \
    && in_flight_ok "${R[items_ok]}" $((after - before)) $((BATCH_CONNECTIONS * BATCH_SIZE)) \
    || fail_check "hot batch: ${R[items_ok]} of ${R[items]} items ok in ${R[s2xx]} of ${R[requests]} calls, $((after - before)) rows, bodies repeated ${R[wraps]} times"
  figure "(i) hot batch" "${FIG[hot_batch]} items/s  (one license; ${R[s2xx]} calls of $BATCH_SIZE files, c=$BATCH_CONNECTIONS, ${HOT_T}s; $((after - before)) rows; per call: ${R[cpu]})"
}

# latency_floor RATE: (g0) the open-model latency of PostgreSQL alone at RATE — pgbench -R running the minimal
# exactly-once statement (b0) for the warm-up and the measured seconds of (g), on fresh devices, no gateway and no
# Gatling; p50/p99 from its per-transaction log, of the transactions that ended after the warm-up. With -R pgbench
# counts a transaction's latency from its scheduled start, as an open model must. It is the floor under (g)'s p99.
latency_floor() {
  local rate=$1 started companies
  # pgbench takes every companies-th device (company 0's), each client every clients-th of those, and clients do
  # not run equally fast: twice the transactions, times the companies, keeps it off (g)'s devices.
  companies=$(awk -F= '/^companies=/ { print $2 }' "$WORK/dataset.properties")
  pgbench_script floor "$(ceil "$(calc "($rate * ($LATENCY_T + $LATENCY_WARM) * 2 + $POOL_SIZE * 10) * ${companies:-1}" 0)")" --physical 1
  rm -f "$WORK"/floor-log.*
  started=$(date +%s)
  pgbench_run floor -R "$rate" -T $((LATENCY_T + LATENCY_WARM)) --log --log-prefix="$WORK/floor-log" \
    || { fail_check "latency floor: pgbench failed"; return; }
  # Log line: client, transaction, latency µs, script, end epoch s, end µs, schedule lag µs.
  read -r FIG[floor_n] FIG[floor_p50] FIG[floor_p99] < <(cat "$WORK"/floor-log.* \
    | awk -v from=$((started + LATENCY_WARM)) '$5 >= from { print $3 / 1000 }' | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print 0, "?", "?"; else printf "%d %.1f %.1f\n", NR, v[int((NR - 1) * 0.5) + 1], v[int((NR - 1) * 0.99) + 1] }')
  ((FIG[floor_n] > 0)) || fail_check "latency floor: no transaction logged"
  figure "(g0) latency floor" "p50 ${FIG[floor_p50]} ms  p99 ${FIG[floor_p99]} ms  at $rate/s open model (pgbench -R, the minimal statement (b0) alone, ${FIG[floor_n]} transactions after a ${LATENCY_WARM}s warm-up)"
}

# latency_cpu RATE: CPU per request of the gateway, postgres and Gatling's JVM (the load generator shares the
# cores) over the middle of (g)'s measured part: from 4 s after its warm-up (Gatling's start-up) for LATENCY_T - 6 s (at least 1 s).
latency_cpu() {
  local rate=$1 gatling="" pids gw0 pg0 ga0 span i
  for ((i = 0; i < 600 && ${#gatling} == 0; i++)); do
    sleep 0.2
    gatling=$(pgrep -f 'gatling' | while read -r p; do
      tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q 'java.*gatling' \
        && ! grep -q plexus-classworlds "/proc/$p/cmdline" 2>/dev/null && echo "$p"; done | head -n 1)
  done
  [[ -n "$gatling" ]] || { echo "CPU/request: Gatling's JVM not found"; return; }
  sleep $((LATENCY_WARM + 4))
  span=$((LATENCY_T > 7 ? LATENCY_T - 6 : 1))
  pids=$(pg_pids)
  gw0=$(pid_cpu_ms "$GATEWAY_PID") pg0=$(pid_cpu_ms $pids) ga0=$(pid_cpu_ms "$gatling")
  sleep "$span"
  [[ -r "/proc/$gatling/stat" ]] || { echo "CPU/request: Gatling ended within the sample"; return; }
  local n=$((rate * span))
  echo "CPU/request: gateway $(( ($(pid_cpu_ms "$GATEWAY_PID") - gw0) * 1000 / n )) µs, postgres $(( ($(pid_cpu_ms $pids) - pg0) * 1000 / n )) µs, Gatling $(( ($(pid_cpu_ms "$gatling") - ga0) * 1000 / n )) µs, over ${span}s"
}

phase_latency() {
  local rate devices report p50 p99 ok
  rate=$(calc "${FIG[single_main]} / 2" 0)
  ((rate >= 1)) || rate=1
  ((rate <= LATENCY_RATE_CAP)) || rate=$LATENCY_RATE_CAP
  latency_floor "$rate"
  devices=$(ceil "$(calc "$rate * ($LATENCY_T + $LATENCY_WARM) * 1.05 + 50" 0)")
  alloc "$devices"
  gateway_phase_start
  log "latency: Gatling FleetDeactivation, open model, $rate/s for ${LATENCY_T}s (+${LATENCY_WARM}s warm-up)"
  local log_from last_event measured_from
  log_from=$(wc -l <"$GATEWAY_LOG")
  last_event=$(psql_q -c "SELECT coalesce(max(event_id), 0) FROM deactivation_events")
  (cd "$HERE" && exec timeout $((LATENCY_T + LATENCY_WARM + 180)) ../mvnw -B gatling:test \
      -Dgatling.simulationClass=dev.licensegateway.load.simulations.FleetDeactivation \
      -DbaseUrl="$GATEWAY_URL" -Ddataset="$WORK/dataset.properties" -Dfrom="$ALLOC_FROM" -Drate="$rate" \
      -Dduration="$LATENCY_T" -Dwarmup="$LATENCY_WARM" -Dp50Ms=600000 -Dp99Ms=600000) >"$WORK/gatling.txt" 2>&1 &
  local run=$! cpu
  cpu=$(latency_cpu "$rate")
  FIG[latency_cpu]=$cpu
  wait "$run" || { tail -30 "$WORK/gatling.txt" >&2; fail_check "latency: the Gatling run failed"; }
  p50=$(sed -n 's/^deactivate: 50th percentile.*(actual : \([0-9.]*\)).*/\1/p' "$WORK/gatling.txt")
  p99=$(sed -n 's/^deactivate: 99th percentile.*(actual : \([0-9.]*\)).*/\1/p' "$WORK/gatling.txt")
  ok=$(sed -n 's/^Global: percentage of successful events.*(actual : \([0-9.]*\)).*/\1/p' "$WORK/gatling.txt")
  report=$(sed -n 's#.*file://\(.*\)/index.html.*#\1#p' "$WORK/gatling.txt" | tail -n 1)
  FIG[p50]=${p50:-?} FIG[p99]=${p99:-?} FIG[latency_rate]=$rate
  [[ -n "$p99" && "${ok%%.*}" == 100 ]] || fail_check "latency: success ${ok:-?} %, p99 ${p99:-?}"
  figure "(g) latency" "p50 ${FIG[p50]} ms  p99 ${FIG[p99]} ms  at $rate/s open model (Gatling, ${LATENCY_T}s, ${ok:-?} % ok; report ${report:-?}; $cpu; $(gateway_rss_note))"
  # The measured part is the last LATENCY_T seconds of Gatling's deactivations (by their audit events' times): it
  # starts once every warm-up request has ended (andThen), which a backlog at the warm-up's end delays.
  measured_from=$(psql_q -c "SELECT to_char((max(created_at) - interval '$LATENCY_T seconds') AT TIME ZONE 'UTC',
      'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM deactivation_events WHERE event_id > $last_event")
  slow_split "$log_from" "$measured_from" "$(calc "$rate * $LATENCY_T" 0)" >"$WORK/slow-split.txt"
  sed 's/^/  /' "$WORK/slow-split.txt" >&2
  # Gatling's console table is global (warm-up included); the measured request's table is in its HTML page.
  local page
  page=$(ls "$report"/req_deactivate-*.html 2>/dev/null | head -n 1)
  [[ -n "$page" ]] && awk '
      /<td class="title">/ { gsub(/<[^>]*>/, ""); gsub(/^ +| +$/, ""); title = $0; next }
      /<td class="total">/ && title != "" { gsub(/<[^>]*>/, ""); gsub(/^ +| +$/, ""); printf "  %-22s %s\n", title, $0; title = "" }
    ' "$page" >"$WORK/gatling-summary.txt"
}

# slow_split FROM_LINE FROM_TIME REQUESTS: where the time of the slow requests went, from the gateway's "slow request"
# lines (gateway.request.slow-threshold, BENCH_SLOW_THRESHOLD) after line FROM_LINE of its log, of the requests that
# began at or after FROM_TIME (UTC, ISO; a line's JSON "timestamp" less its duration): the mean of each part over all
# of them, and over the slowest 1 % of REQUESTS (the requests that make the p99).
slow_split() {
  tail -n +"$(($1 + 1))" "$GATEWAY_LOG" | grep -F 'slow request: deactivate_offline' \
    | awk -v from="$2" '
        # Seconds since the start of the month of an ISO time (enough within one run), to compare start times.
        function secs(t) { return substr(t, 9, 2) * 86400 + substr(t, 12, 2) * 3600 + substr(t, 15, 2) * 60 + substr(t, 18, 9) }
        # A line is written when its request ends: the request began its duration before its timestamp.
        { t = $0; sub(/.*"timestamp":"/, "", t); d = $0; sub(/.*request_id=[^ ]* /, "", d); d += 0
          if (secs(t) - d / 1000 >= secs(from)) print }' \
    | sed 's/.*request_id=[^ ]* //; s/",".*//' \
    | sort -rn | awk -v requests="$3" -v threshold="$SLOW_THRESHOLD" '
      {
        total = $1; line = $0; sub(/^[^=]*= /, "", line)
        sub(/ \(in PostgreSQL /, ", in PostgreSQL ", line); sub(/, of it lock wait /, ", of it lock wait ", line); sub(/\)/, "", line)
        n = split(line, parts, ", ")
        rows++; sum["total"] += total; if (rows <= tail) tsum["total"] += total
        for (i = 1; i <= n; i++) {
          name = parts[i]; value = name; sub(/ [^ ]*$/, "", name); sub(/.* /, "", value)
          if (!(name in seen)) { seen[name] = 1; order[++names] = name }
          if (value != "-") { sum[name] += value; cnt[name]++; if (rows <= tail) { tsum[name] += value; tcnt[name]++ } }
        }
      }
      BEGIN { tail = int(requests / 100); if (tail < 1) tail = 1 }
      # A part a request did not have ("-": decided in a group, or refused before the lock) is left out of its mean.
      function show(label, count, s, c,    i, out, name) {
        out = sprintf("%s: %d requests, mean %.2f ms =", label, count, s["total"] / count)
        for (i = 1; i <= names; i++) {
          name = order[i]
          out = out " " name " " (c[name] ? sprintf("%.2f", s[name] / c[name]) : "-") (c[name] && c[name] < count ? " (of " c[name] ")" : "") (i < names ? "," : "")
        }
        print out
      }
      END {
        if (rows == 0) { printf "slow requests (>= %s): none of about %d\n", threshold, requests; exit }
        show("slow requests (>= " threshold ") of about " requests, rows, sum, cnt)
        show("the slowest 1 %", (rows < tail ? rows : tail), tsum, tcnt)
      }'
}

# ratio NAME NUMERATOR DENOMINATOR GOAL_TEXT GOAL_TEST(awk on r)
ratio() {
  local name=$1 a=$2 b=$3 goal=$4 test=$5 r verdict
  if [[ -z "$a" || -z "$b" ]]; then
    printf '%-26s n/a (%s)\n' "$name" "figure missing"
    return 0
  fi
  r=$(calc "$a / $b" 2)
  if [[ -z "$test" ]]; then
    printf '%-26s %s  (%s)\n' "$name" "$r" "$goal"
    return 0
  fi
  verdict=$(awk "BEGIN { r = $r; print ($test) ? \"goal met\" : \"goal missed\" }")
  printf '%-26s %s  (%s: %s)\n' "$name" "$r" "$goal" "$verdict"
}

print_summary() {
  echo
  echo "== license-gateway bench: $(nproc) cores ($CPU_MODEL), $MEM_TOTAL RAM; load before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); phases ${T}s"
  figure "(a) http_ceiling" "${FIG[http]} req/s"
  figure "(b0) physical" "${FIG[physical]} deactivations/s"
  figure "(b) db_ceiling" "${FIG[db]} deactivations/s"
  figure "(c) single" "${FIG[single_main]} /s $DEFAULT_PLACEMENT (main run) | placement pair: ${FIG[single_EVENT_LOOP]:-n/a} /s EVENT_LOOP, ${FIG[single_WORKER]:-n/a} /s WORKER"
  figure "(d) replay" "${FIG[replay]} /s"
  figure "(e) forged" "${FIG[forged_main]} /s $DEFAULT_PLACEMENT (main run) | placement pair: ${FIG[forged_EVENT_LOOP]:-n/a} /s EVENT_LOOP, ${FIG[forged_WORKER]:-n/a} /s WORKER"
  if [[ -n "${FIG[batch]}" ]]; then figure "(f) batch" "${FIG[batch]} items/s"; else figure "(f) batch" "batch: endpoint not available"; fi
  figure "(g0) latency floor" "p50 ${FIG[floor_p50]:-?} ms, p99 ${FIG[floor_p99]:-?} ms at ${FIG[latency_rate]}/s (PostgreSQL alone, the minimal statement)"
  figure "(g) latency" "p50 ${FIG[p50]} ms, p99 ${FIG[p99]} ms at ${FIG[latency_rate]}/s (${FIG[latency_cpu]:-})"
  figure "(h) peak_rss" "${PEAK_RSS_MAIN} MB main run | ${PEAK_RSS_EVENT_LOOP:-n/a} MB EVENT_LOOP | ${PEAK_RSS_WORKER:-n/a} MB WORKER"
  figure "(i) hot license" "${FIG[hot_single]:-n/a} /s single | ${FIG[hot_batch]:-n/a} items/s batch ($HOT_DEVICES devices on one license)"
  ratio "db_ceiling/physical" "${FIG[db]}" "${FIG[physical]}" "what the decision core costs over the minimal statement; no goal" ""
  ratio "single/physical" "${FIG[single_main]}" "${FIG[physical]}" "default placement; goal >= 0.8" "r >= 0.8"
  ratio "WORKER/EVENT_LOOP single" "${FIG[single_WORKER]:-}" "${FIG[single_EVENT_LOOP]:-}" "the placement pair, one after the other; goal >= 0.9" "r >= 0.9"
  ratio "single/db_ceiling" "${FIG[single_main]}" "${FIG[db]}" "goal >= 0.85" "r >= 0.85"
  ratio "batch/single" "${FIG[batch]}" "${FIG[single_main]}" "goal >= 3" "r >= 3"
  ratio "hot/spread single" "${FIG[hot_single]:-}" "${FIG[single_main]}" "goal >= 0.6" "r >= 0.6"
  ratio "hot/spread batch" "${FIG[hot_batch]:-}" "${FIG[batch]}" "goal >= 0.8" "r >= 0.8"
  ratio "reject/http_ceiling" "${FIG[forged_main]}" "${FIG[http]}" "goal >= 0.5" "r >= 0.5"
  ratio "WORKER/EVENT_LOOP forged" "${FIG[forged_WORKER]:-}" "${FIG[forged_EVENT_LOOP]:-}" "the placement pair; no goal" ""
  printf '%-26s %s  (goal <= 10 ms: %s)\n' "p99 at half load" "${FIG[p99]} ms" \
    "$(awk "BEGIN { print (\"${FIG[p99]}\" != \"?\" && ${FIG[p99]/\?/1e9} <= 10) ? \"goal met\" : \"goal missed\" }")"
  local peak=$PEAK_RSS_MAIN run
  for run in "${PEAK_RSS_EVENT_LOOP:-0}" "${PEAK_RSS_WORKER:-0}"; do ((run > peak)) && peak=$run; done
  printf '%-26s %s  (goal <= 300 MB: %s)\n' "peak RSS" "$peak MB (the highest of the gateway runs)" \
    "$( ((peak <= 300)) && echo "goal met" || echo "goal missed")"
  [[ -s "$WORK/gatling-summary.txt" ]] && { echo; echo "Gatling FleetDeactivation (g), request 'deactivate' (ms):"; cat "$WORK/gatling-summary.txt"; }
  [[ -s "$WORK/slow-split.txt" ]] && { echo; echo "Where the time of (g)'s slow requests went (the gateway's slow-request lines, ms):"; cat "$WORK/slow-split.txt"; }
  local w
  for w in "${WARNINGS[@]}"; do echo "warning: $w"; done
  if ((${#FAILURES[@]} > 0)); then
    for w in "${FAILURES[@]}"; do echo "CHECK FAILED: $w"; done
    return 1
  fi
  echo "all phase checks passed"
}
