# shellcheck shell=bash
# bench/run fairness [--quick]: one router worker, in-flight cap 200, every call 500 ms. Tenant A's
# backlog is on the bulk lane before the worker starts; 10 s after the worker's first result tenant
# C puts its jobs on bulk and tenant B its jobs on interactive. Two segments on fresh topics, back to
# back: `scheduled` (lanes by weight, tenants by fair share, deadlines first; the default) and `fcfs`
# (conveyor.router.scheduling.enabled=false: one consumer for every lane, call slots first come,
# first served). See bench/README.md, "fairness". Sourced by bench/run.
LATENCY_KIND=FIXED LATENCY_MS=500 LATENCY_SIGMA=0
IN_FLIGHT_CAP=200
WORKER_HEAP=-Xmx512m
SEGMENTS="scheduled fcfs"
if $QUICK; then # A's backlog still has about 7 s to go when C and B come
  A_JOBS=5000 C_JOBS=1000 B_JOBS=50 DOOMED=100 BUDGET_S=60 DELAY_S=5
else
  A_JOBS=20000 C_JOBS=4000 B_JOBS=100 DOOMED=200 BUDGET_S=180 DELAY_S=10
fi
DOOMED_WINDOW_S=20 # A's last DOOMED jobs must be done 20 s after they are sent: behind A's backlog, they cannot be
[ -n "$JOBS_OVERRIDE" ] && A_JOBS=$JOBS_OVERRIDE

fairness_segment() { # NAME SCHEDULING(true|false)
  local name=$1 scheduling=$2
  local prefix="bench.$SCENARIO.$name.$RUN_ID" port
  port=$(free_port)
  log "$name: producing tenant A's $A_JOBS jobs to $prefix.requests (bulk)"
  start_driver "driver-$name" fairness \
    --name "$name" --prefix "$prefix" --group "$prefix.router" "${DRIVER_ARGS[@]}" --jobs "$A_JOBS" \
    --a-jobs "$A_JOBS" --c-jobs "$C_JOBS" --b-jobs "$B_JOBS" --doomed "$DOOMED" --doomed-window-s "$DOOMED_WINDOW_S" \
    --delay-s "$DELAY_S" --budget-s "$BUDGET_S" --latency-ms "$LATENCY_MS" \
    --worker-metrics-url "http://127.0.0.1:$port/actuator/prometheus" \
    --worker-pid-file "$RUN_DIR/$name.worker.pid" --out "$RUN_DIR/$name.json"
  local driver=$DRIVER_PID
  await_line "$RUN_DIR/driver-$name.out" '^BACKLOG_READY' "$driver" 600 "the $name driver"
  log "$name: starting the worker (scheduling $scheduling); C and B follow ${DELAY_S}s after its first result"
  router_args "$prefix"
  start "worker-$name" "$JAVA" "${WORKER_FLAGS[@]}" -jar "$ROUTER_JAR" \
    --server.address=127.0.0.1 \
    --server.port="$port" \
    --logging.level.root=WARN \
    "${ROUTER_ARGS[@]}" \
    --conveyor.router.in-flight-cap="$IN_FLIGHT_CAP" \
    --conveyor.router.scheduling.enabled="$scheduling" \
    --conveyor.router.cache.enabled=false # both segments send the same prompts: no answers from the first's cache
  finish_segment "$name" "$driver" "$STARTED_PID" 5
}

scenario_run() {
  local segment
  for segment in $SEGMENTS; do
    case "$segment" in
      scheduled) fairness_segment scheduled true ;;
      fcfs) fairness_segment fcfs false ;;
      *)
        log "fairness has the segments scheduled and fcfs, not $segment"
        exit 2
        ;;
    esac
  done
  worker_settings
  write_report "$SCENARIO" true \
    "a_jobs=$A_JOBS" \
    "c_jobs=$C_JOBS" \
    "b_jobs=$B_JOBS" \
    "doomed_jobs=$DOOMED" \
    "doomed_window_s=$DOOMED_WINDOW_S" \
    "delay_s=$DELAY_S" \
    "partitions=$PARTITIONS" \
    "workers=1" \
    "budget_s=$BUDGET_S" \
    "${WORKER_SETTINGS[@]}"
}
