# shellcheck shell=bash
# bench/run budget [--quick]: sourced by bench/run, which owns the processes, the build, the
# infrastructure and router_args. Sourcing sets the scenario's settings; scenario_run starts the
# billing consumer, runs both segments and writes the report. See bench/README.md, "budget".
#
# One tenant with a monthly budget (policy reject) submits a backlog worth about four times the
# budget; BUDGET_WORKERS router workers in one consumer group call the simulator (fixed latency), and
# a billing consumer keeps the ledger. Two segments, back to back, each with its own tenant, topics
# and fresh workers: "reserve" (the router reserves each call's worst case against the budget) and
# "intake-only" (conveyor.router.budget.enabled=false: only the intake's check, which let every job
# of the backlog through because nothing was billed when they were submitted).

EXTRA_MODULES=billing-consumer
LATENCY_KIND=FIXED LATENCY_MS=1000 LATENCY_SIGMA=0
SIM_CONTENT=ANALYSED # its spend comes from output tokens, which vary with the prompt as a model's do
IN_FLIGHT_CAP=${BENCH_BUDGET_IN_FLIGHT_CAP:-1000}
WORKER_HEAP=-Xmx512m
BUDGET_WORKERS=3
BUDGET_TASK=${BENCH_BUDGET_TASK:-refactoring} # routed to openai/gpt-4.1 with the simulator as OpenAI
if $QUICK; then
  JOBS=4000 BUDGET_USD=1.00
else
  JOBS=20000 BUDGET_USD=5.00
fi
SEGMENTS="reserve intake-only"

scenario_run() {
  local root="bench.budget.$RUN_ID"
  local billing_port
  billing_port=$(free_port)
  log "starting the billing consumer on port $billing_port (usage topic $root.usage)"
  start_billing billing "$root" "$billing_port" --conveyor.billing.export.scheduled=false
  local billing_pid=$STARTED_PID
  local waited=0
  until curl -sf "http://127.0.0.1:$billing_port/actuator/health" > /dev/null 2>&1; do
    alive "$billing_pid" || { log "the billing consumer exited; see $RUN_DIR/billing.err"; exit 1; }
    [ "$waited" -lt 3000 ] || { log "the billing consumer was not up within 600s"; exit 1; }
    sleep 0.2
    waited=$((waited + 1))
  done

  local segment
  for segment in $SEGMENTS; do
    budget_segment "$root" "$segment" "http://127.0.0.1:$billing_port"
  done

  worker_settings
  write_report budget true \
    "jobs=$JOBS" \
    "partitions=$PARTITIONS" \
    "workers=$BUDGET_WORKERS" \
    "budget_usd=$BUDGET_USD" \
    "policy=reject" \
    "task_type=$BUDGET_TASK" \
    "${WORKER_SETTINGS[@]}"
}

budget_segment() { # ROOT SEGMENT BILLING_URL
  local root=$1 segment=$2 billing_url=$3
  local prefix="$root.$segment"
  local pid_file="$RUN_DIR/$segment.workers.pid"
  local reserve=true
  [ "$segment" = intake-only ] && reserve=false
  log "$segment: producing $JOBS $BUDGET_TASK jobs of one tenant with a budget of $BUDGET_USD USD"
  start_driver "driver-$segment" budget \
    --segment "$segment" --prefix "$prefix" --group "$prefix.router" "${DRIVER_ARGS[@]}" --jobs "$JOBS" \
    --tenant "bench-budget-$segment-$RUN_ID" --budget-usd "$BUDGET_USD" --task-type "$BUDGET_TASK" \
    --billing-url "$billing_url" \
    --workers "$BUDGET_WORKERS" --worker-pid-file "$pid_file" --out "$RUN_DIR/$segment.json"
  local driver=$DRIVER_PID
  await_line "$RUN_DIR/driver-$segment.out" '^BACKLOG_READY' "$driver" 600 "the $segment driver"
  router_args "$prefix"
  local i
  for i in "${!ROUTER_ARGS[@]}"; do # every segment's usage goes to the one billing consumer
    [[ ${ROUTER_ARGS[i]} == --conveyor.router.topics.usage=* ]] && ROUTER_ARGS[i]="--conveyor.router.topics.usage=$root.usage"
  done
  local workers=()
  for ((i = 1; i <= BUDGET_WORKERS; i++)); do
    start "worker-$segment-$i" "$JAVA" "${WORKER_FLAGS[@]}" -jar "$ROUTER_JAR" \
      --server.port=0 \
      --logging.level.root=WARN \
      "${ROUTER_ARGS[@]}" \
      --conveyor.router.in-flight-cap="$IN_FLIGHT_CAP" \
      --conveyor.router.cache.enabled=false \
      --conveyor.router.budget.enabled="$reserve" \
      --conveyor.router.budget.fail-closed=true
    workers+=("$STARTED_PID")
  done
  printf '%s\n' "${workers[@]}" > "$pid_file"
  log "$segment: workers ${workers[*]} started (budget reservations: $reserve)"
  if ! wait "$driver"; then
    log "$segment: the driver failed; last lines of its and the workers' output:"
    tail -n 20 "$RUN_DIR/driver-$segment.err" "$RUN_DIR"/worker-"$segment"-*.err >&2 || true
    exit 1
  fi
  for i in "${!workers[@]}"; do
    stop_pid "${workers[i]}" 5
  done
  log "$segment: $(tail -n 1 "$RUN_DIR/driver-$segment.out")"
}
