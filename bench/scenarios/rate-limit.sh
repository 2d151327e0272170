# shellcheck shell=bash
# The rate-limit scenario of shared/BENCH.md, sourced by bench/run (which defines start, await_line,
# stop_pid, log, router_args and the infrastructure variables used below). See bench/README.md.
#
# The simulator enforces per-model request and token limits in fixed windows of RL_WINDOW_S seconds
# (429 with Retry-After and x-ratelimit-* headers); RL_WORKERS router-worker processes in one consumer
# group, on one PostgreSQL, are configured with the same limits. The driver measures at the simulator
# over RL_WINDOWS whole windows after a warm-up: once the workers' first wave (the in-flight cap of
# every worker) has results, RL_WARMUP_WINDOWS more windows.
#
# The job mix routes its four task types to three OpenAI models (RL_ROUTES, given to the workers):
# code_analysis and test_generation to gpt-4.1-mini (half the jobs), documentation to gpt-4o-mini and
# refactoring to gpt-4.1 (a quarter each). Each model's limit is proportional to its share of the mix,
# so one backlog keeps all three at their limits; gpt-4.1-mini is bound by tokens, the others by
# requests.

LATENCY_KIND=LOGNORMAL LATENCY_MS=300 LATENCY_SIGMA=0.5
SEGMENTS=product # one segment, its workers in one group
# Calls in flight per worker (jobs waiting for permits hold a slot): enough for a window's permits
# when one worker is left, and far from the thousands at which the dispatch path itself slows down.
IN_FLIGHT_CAP=600
WORKER_HEAP=-Xmx512m
RL_WINDOW_S=10
RL_WORKERS=${WORKERS_OVERRIDE:-2}
# MODEL REQUESTS TOKENS per window; the router gets the same figures per minute over the same window.
RL_LIMITS=(
  "gpt-4.1-mini 300 120000"
  "gpt-4.1 125 100000"
  "gpt-4o-mini 125 60000"
)
RL_ROUTES=(code_analysis=gpt-4.1-mini test_generation=gpt-4.1-mini documentation=gpt-4o-mini refactoring=gpt-4.1)
if $QUICK; then
  JOBS=6000 RL_WARMUP_WINDOWS=0 RL_WINDOWS=3
else
  JOBS=12000 RL_WARMUP_WINDOWS=1 RL_WINDOWS=8
fi
SIM_LEDGER_CAPACITY=200000 # every call of the run stays in the ledger, which the driver reads
SIM_EXTRA_YAML="models:"
for limit in "${RL_LIMITS[@]}"; do
  read -r model requests tokens <<< "$limit"
  SIM_EXTRA_YAML+=$'\n'"  $model: {rateLimit: {requests: $requests, tokens: $tokens, windowMillis: $((RL_WINDOW_S * 1000))}}"
done

RL_NAME=rate-limit # the result file: rate-limit.json, rate-limit-workers-3.json, rate-limit-kill-one.json
[ -n "$WORKERS_OVERRIDE" ] && RL_NAME+="-workers-$RL_WORKERS"
$KILL_ONE && RL_NAME+="-kill-one"

# The router's configuration: the simulator's limits per minute, over the simulator's window.
rate_limit_router_config() { # FILE
  {
    echo "conveyor.router:"
    echo "  in-flight-cap: $IN_FLIGHT_CAP"
    echo "  cache.enabled: false" # the job mix repeats its prompts: every job must be a provider call
    echo "  rate-limits:"
    echo "    max-waiting: $IN_FLIGHT_CAP" # one provider: every job in flight may wait for permits
    echo "    providers:"
    echo "      openai:"
    echo "        window: ${RL_WINDOW_S}s"
    echo "        models:"
    local limit model requests tokens
    for limit in "${RL_LIMITS[@]}"; do
      read -r model requests tokens <<< "$limit"
      echo "          \"[$model]\": {requests-per-minute: $((requests * 60 / RL_WINDOW_S)), tokens-per-minute: $((tokens * 60 / RL_WINDOW_S))}"
    done
  } > "$1"
}

scenario_run() {
  local prefix="bench.rate-limit.$RUN_ID"
  local pid_file="$RUN_DIR/workers.pid"
  local config="$RUN_DIR/router-rate-limits.yml"
  rate_limit_router_config "$config"
  local args=() limit model requests tokens route
  for limit in "${RL_LIMITS[@]}"; do
    read -r model requests tokens <<< "$limit"
    args+=(--limit "$model=$requests:$tokens")
  done
  for route in "${RL_ROUTES[@]}"; do
    args+=(--route "$route")
  done
  log "producing $JOBS jobs to $prefix.requests; $RL_WORKERS workers; limits per ${RL_WINDOW_S}s window: ${RL_LIMITS[*]}"
  start_driver driver rate-limit \
    --prefix "$prefix" --group router --group "$prefix.router" "${DRIVER_ARGS[@]}" --jobs "$JOBS" \
    --window-s "$RL_WINDOW_S" --warm-results "$((IN_FLIGHT_CAP * RL_WORKERS))" --warmup-windows "$RL_WARMUP_WINDOWS" --windows "$RL_WINDOWS" \
    --workers "$RL_WORKERS" --kill-one "$KILL_ONE" "${args[@]}" \
    --worker-pid-file "$pid_file" --out "$RUN_DIR/product.json"
  local driver=$DRIVER_PID
  # --quick starts the workers at once (they boot slower than the backlog is produced)
  $QUICK || await_line "$RUN_DIR/driver.out" '^BACKLOG_READY' "$driver" 600 "the driver"
  local i workers=()
  router_args "$prefix"
  for route in "${RL_ROUTES[@]}"; do # each task type to its limited model, whatever the catalog's chains say
    ROUTER_ARGS+=("--conveyor.router.routes.${route%%=*}.models=openai/${route#*=}")
  done
  for ((i = 1; i <= RL_WORKERS; i++)); do
    start "worker-$i" "$JAVA" "${WORKER_FLAGS[@]}" -jar "$ROUTER_JAR" \
      --spring.config.additional-location="file:$config" \
      --server.port=0 \
      --logging.level.root=WARN \
      "${ROUTER_ARGS[@]}"
    workers+=("$STARTED_PID")
  done
  printf '%s\n' "${workers[@]}" > "$pid_file"
  log "workers ${workers[*]} started; measuring $RL_WINDOWS windows of ${RL_WINDOW_S}s after the first result"
  if $KILL_ONE; then
    await_line "$RUN_DIR/driver.out" '^KILL_ONE ' "$driver" 600 "the driver"
    local victim
    victim=$(sed -n 's/^KILL_ONE //p' "$RUN_DIR/driver.out" | head -n 1)
    log "killing worker $victim (SIGKILL) in the middle of the steady span"
    kill -KILL "$victim"
  fi
  if ! wait "$driver"; then
    log "the driver failed; last lines of its and the workers' output:"
    tail -n 20 "$RUN_DIR/driver.err" "$RUN_DIR"/worker-*.err >&2 || true
    exit 1
  fi
  for i in "${!workers[@]}"; do
    stop_pid "${workers[i]}" 5
  done
  worker_settings
  write_report "$RL_NAME" true \
    "jobs=$JOBS" \
    "partitions=$PARTITIONS" \
    "workers=$RL_WORKERS" \
    "kill_one=$KILL_ONE" \
    "window_s=$RL_WINDOW_S" \
    "warm_results=$((IN_FLIGHT_CAP * RL_WORKERS))" \
    "warmup_windows=$RL_WARMUP_WINDOWS" \
    "steady_windows=$RL_WINDOWS" \
    "limits_per_window=$(IFS=,; echo "${RL_LIMITS[*]}")" \
    "router_limits=$(tr '\n' ' ' < "$config" | tr -s ' ')" \
    "routes=$(IFS=,; echo "${RL_ROUTES[*]}")" \
    "${WORKER_SETTINGS[@]}"
}
