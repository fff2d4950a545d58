# A throw-away PostgreSQL for the harness (initdb in the work dir, loopback only, a free port), or the one
# named by BENCH_PG_HOST/BENCH_PG_PORT/BENCH_PG_DB/BENCH_PG_USER/BENCH_PG_PASSWORD. Sourced, not run.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_SETTINGS=$ROOT/k8s/overlays/prod/postgresql.conf
PG_OWNED=false

# as_pg CMD…: runs a server command as the postgres user when we are root (postgres refuses root).
as_pg() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u "${BENCH_PG_OS_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  if [[ -n "${BENCH_PG_HOST:-}" ]]; then
    PG_HOST=$BENCH_PG_HOST PG_PORT=${BENCH_PG_PORT:-5432} PG_DB=${BENCH_PG_DB:-postgres}
    PG_USER=${BENCH_PG_USER:-postgres} PG_PASSWORD=${BENCH_PG_PASSWORD:-}
    log "postgres: using $PG_HOST:$PG_PORT/$PG_DB (BENCH_PG_HOST)"
    return 0
  fi
  [[ -x "$PG_BIN/initdb" ]] || die "no PostgreSQL server binaries (set PG_BIN, or apt-get install postgresql)"
  PG_HOST=127.0.0.1 PG_PORT=$(free_port) PG_DB=gateway PG_USER=bench PG_PASSWORD=bench
  PG_DATA=$WORK/pgdata
  mkdir -p "$PG_DATA"
  [[ $(id -u) == 0 ]] && chown -R "${BENCH_PG_OS_USER:-postgres}" "$PG_DATA" && chmod 755 "$WORK"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust --no-sync -E UTF8 >"$WORK/initdb.log" 2>&1 \
    || die "initdb failed: $WORK/initdb.log"
  # Production's server settings, written once (k8s/overlays/prod/postgresql.conf; DatabaseSettingsTest keeps
  # this block to what is the harness's own: where it listens and logs).
  cat >>"$PG_DATA/postgresql.conf" <<CONF
include '$PG_SETTINGS'
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
logging_collector = off
CONF
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start >/dev/null \
    || die "postgres did not start: $PG_DATA/server.log"
  PG_OWNED=true
  "$PG_BIN/psql" -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -c "CREATE DATABASE $PG_DB" >/dev/null
  log "postgres: $("$PG_BIN/postgres" --version | awk '{print $3}') on $PG_HOST:$PG_PORT (data $PG_DATA, settings of $PG_SETTINGS)"
}

pg_stop() {
  if [[ "$PG_OWNED" == true ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    PG_OWNED=false
  fi
}

psql_q() {
  PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -X -q -At -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"
}
