# Shared helpers of bench.sh: logging, free ports, waiting, and the registry of what to stop on exit.
# Sourced, not run.

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# wait_http URL SECONDS: until URL answers 200.
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" == 200 ]] && return 0
    sleep 0.5
  done
  return 1
}

# Processes started by the harness, stopped by pid on exit (never by name).
STARTED_PIDS=()
remember_pid() { STARTED_PIDS+=("$1"); }
forget_pid() {
  local keep=() p
  for p in "${STARTED_PIDS[@]}"; do [[ "$p" != "$1" ]] && keep+=("$p"); done
  STARTED_PIDS=("${keep[@]}")
}
stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || { forget_pid "$pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
  return 0
}

# CPU accounting, in milliseconds: a process's user+system time, and the finished children of this shell.
CLK_TCK=$(getconf CLK_TCK)
pid_cpu_ms() {
  local total=0 pid
  for pid in "$@"; do
    [[ -r "/proc/$pid/stat" ]] && total=$((total + $(awk -v hz="$CLK_TCK" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
# The CPU of a JVM's JIT compiler threads (C1/C2), in milliseconds: utime + stime of each, read after the
# thread name's closing parenthesis (the name has a space in it).
jit_cpu_ms() {
  local total=0 task
  for task in /proc/"$1"/task/*; do
    case $(cat "$task/comm" 2>/dev/null) in
      C1\ CompilerThre* | C2\ CompilerThre*)
        total=$((total + $(sed 's/.*) //' "$task/stat" 2>/dev/null | awk -v hz="$CLK_TCK" '{ printf "%d", ($12 + $13) * 1000 / hz }' || echo 0))) ;;
    esac
  done
  echo "$total"
}
# Sets CHILDREN_CPU_MS. Not for $( ): `times` must run in this shell, whose finished children it reports.
children_cpu_ms() {
  times >"$WORK/.times"
  CHILDREN_CPU_MS=$(awk 'NR == 2 { ms = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); ms += p[1] * 60000 + p[2] * 1000 } printf "%d", ms }' "$WORK/.times")
}
