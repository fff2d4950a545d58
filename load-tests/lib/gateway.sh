# The packaged gateway as a process of the harness: started from a private copy of target/quarkus-app
# (so a concurrent rebuild of the tree cannot change it mid-run), on a free loopback port. Sourced, not run.

GATEWAY_PID=""
# The JVM flags of the image (deploy/jvm.options, the Dockerfile's ENTRYPOINT argfile); GATEWAY_JAVA_OPTS comes
# after them on the command line, so it adds or overrides flags for an experiment.
GATEWAY_JVM_OPTIONS=$ROOT/deploy/jvm.options
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
# The image's malloc arena cap, read from its Dockerfile (written there once).
GATEWAY_MALLOC_ARENA_MAX=$(sed -n 's/^ENV MALLOC_ARENA_MAX=//p' "$ROOT/deploy/Dockerfile")

# gateway_start PLACEMENT: EVENT_LOOP or WORKER (GATEWAY_VERIFICATION_PLACEMENT).
gateway_start() {
  local placement=$1
  GATEWAY_PLACEMENT=$placement
  GATEWAY_RUNS=$((${GATEWAY_RUNS:-0} + 1))
  GATEWAY_PORT=$(free_port)
  GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"
  GATEWAY_MANAGEMENT_PORT=$(free_port)
  GATEWAY_LOG="$WORK/gateway-$GATEWAY_RUNS-$placement.log"
  # shellcheck disable=SC2086
  env QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PG_HOST:$PG_PORT/$PG_DB" \
      QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" \
      QUARKUS_DATASOURCE_USERNAME="$PG_USER" QUARKUS_DATASOURCE_PASSWORD="$PG_PASSWORD" \
      QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE="$POOL_SIZE" \
      QUARKUS_HTTP_PORT="$GATEWAY_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
      QUARKUS_MANAGEMENT_PORT="$GATEWAY_MANAGEMENT_PORT" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
      QUARKUS_SHUTDOWN_DELAY_ENABLED=false \
      GATEWAY_ADMIN_TOKEN="$ADMIN_TOKEN" GATEWAY_SECRETS_ENCRYPTION_KEY="$ENCRYPTION_KEY" \
      GATEWAY_VERIFICATION_PLACEMENT="$placement" GATEWAY_REQUEST_SLOW_THRESHOLD="$SLOW_THRESHOLD" \
      MALLOC_ARENA_MAX="$GATEWAY_MALLOC_ARENA_MAX" \
      java @"$GATEWAY_JVM_OPTIONS" $GATEWAY_JAVA_OPTS -jar "$WORK/app/quarkus-run.jar" >"$GATEWAY_LOG" 2>&1 &
  GATEWAY_PID=$!
  GATEWAY_RUN_PEAK_MB=0
  remember_pid "$GATEWAY_PID"
  wait_http "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/q/health/ready" 90 || die "gateway did not become ready: $GATEWAY_LOG"
  log "gateway: pid $GATEWAY_PID on $GATEWAY_URL, placement $placement, pool $POOL_SIZE, JVM: $(gateway_jvm_flags)"
}

# The flags the gateway runs with: the argfile's (comments dropped), then GATEWAY_JAVA_OPTS.
gateway_jvm_flags() {
  echo $(sed 's/#.*//' "$GATEWAY_JVM_OPTIONS") $GATEWAY_JAVA_OPTS
}

# Peak resident set size of the gateway (VmHWM, in MB), per phase and for the whole run. The kernel restarts
# VmHWM from the current RSS when 5 is written to /proc/PID/clear_refs (Linux 4.0+): gateway_phase_start folds
# the peak so far into GATEWAY_RUN_PEAK_MB first, so the run's peak is never lost. Where clear_refs cannot be
# written, the phase figure is the peak since the start (as the run's is).
GATEWAY_RUN_PEAK_MB=0

gateway_hwm_mb() {
  awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$GATEWAY_PID/status" 2>/dev/null || echo 0
}

gateway_phase_start() {
  local peak
  peak=$(gateway_hwm_mb)
  ((peak > GATEWAY_RUN_PEAK_MB)) && GATEWAY_RUN_PEAK_MB=$peak
  echo 5 >"/proc/$GATEWAY_PID/clear_refs" 2>/dev/null || true
}

# The gateway's peak since it started.
gateway_peak_rss_mb() {
  local peak
  peak=$(gateway_hwm_mb)
  echo $((peak > GATEWAY_RUN_PEAK_MB ? peak : GATEWAY_RUN_PEAK_MB))
}

# For a phase's figure: its peak, and the run's so far.
gateway_rss_note() {
  echo "gateway peak RSS $(gateway_hwm_mb) MB this phase, $(gateway_peak_rss_mb) MB this run"
}

gateway_stop() {
  [[ -n "$GATEWAY_PID" ]] && stop_pid "$GATEWAY_PID"
  GATEWAY_PID=""
}
