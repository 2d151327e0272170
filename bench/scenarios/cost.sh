# shellcheck shell=bash
# bench/run cost [--quick]: the reference workload of shared/BENCH.md through the product, priced
# against the same jobs sent naively (issue #19). Sourced by bench/run, which owns the processes, the
# build, the infrastructure and router_args; sourcing sets the scenario's settings, scenario_run runs it.
#
# One router worker with the simulator standing in for OpenAI and Anthropic (both with their batch
# APIs), routes whose first models are theirs, the response cache on (the default) and deferral to
# provider batches; a billing consumer keeps the ledger. The driver (CostRun) sets the simulator's
# batch delay, produces the jobs straight to Kafka, reads every result, waits for the ledger and
# prices it all. See bench/README.md, "cost".

EXTRA_MODULES=billing-consumer
LATENCY_KIND=LOGNORMAL LATENCY_MS=2000 LATENCY_SIGMA=0.6
SIM_CONTENT=ANALYSED # its costs come from output tokens, which vary with the prompt as a model's do
IN_FLIGHT_CAP=2000
WORKER_HEAP=-Xmx768m
COST_WORKERS=1
COST_SEED=19
BATCH_DELAY_MS=60000            # the simulator answers a provider batch's requests evenly over 60 s
DEFERRAL_HORIZON=25h            # the router's default: a deadline at least this far away is deferred
DEFERRAL_POLL_INTERVAL=5s       # how often a submitted batch is asked for
REPEAT_DELAY_MS=1000            # a repeat is sent this long after the job it repeats has its result
SIM_LEDGER_CAPACITY=200000      # every call of the run stays in the simulator's ledger
# DEFERRAL_FLUSH_AGE: a provider batch is submitted when its oldest job waited this long (quick: 5 s,
# so the run, which waits for the simulator's 60 s batch delay, stays within about two minutes)
if $QUICK; then
  JOBS=1500 COST_BUDGET_S=150 DEFERRAL_FLUSH_AGE=5s
else
  JOBS=10000 COST_BUDGET_S=480 DEFERRAL_FLUSH_AGE=20s
fi
# The routes: each task type's first model is an OpenAI or Anthropic model with batch prices, its
# fallback one of the other provider (strategy cost: cheapest first; quality: highest tier first).
COST_ROUTES=(
  "code_analysis=quality=anthropic/claude-sonnet-5,openai/gpt-6.1-terra"
  "test_generation=cost=openai/gpt-6.1-terra,anthropic/claude-sonnet-5"
  "documentation=cost=openai/gpt-6-luna,anthropic/claude-haiku-4.5"
  "refactoring=quality=anthropic/claude-opus-5,openai/gpt-6-sol"
)

cost_route_args() { # sets ROUTE_ARGS from COST_ROUTES
  ROUTE_ARGS=()
  local route task strategy models model i
  for route in "${COST_ROUTES[@]}"; do
    IFS='=' read -r task strategy models <<< "$route"
    ROUTE_ARGS+=("--conveyor.router.routes.$task.strategy=$strategy")
    i=0
    IFS=',' read -r -a model_list <<< "$models"
    for model in "${model_list[@]}"; do
      ROUTE_ARGS+=("--conveyor.router.routes.$task.models[$i]=$model")
      i=$((i + 1))
    done
  done
}

scenario_run() {
  local prefix="bench.cost.$RUN_ID.product"
  local billing_port
  billing_port=$(free_port)

  log "producing $JOBS jobs to $prefix.requests (repeats follow the jobs they repeat)"
  start_driver driver-product cost \
    --prefix "$prefix" --group router --group "$prefix.router" "${DRIVER_ARGS[@]}" --jobs "$JOBS" \
    --seed "$COST_SEED" --workers "$COST_WORKERS" --repeat-delay-ms "$REPEAT_DELAY_MS" \
    --budget-s "$COST_BUDGET_S" --batch-delay-ms "$BATCH_DELAY_MS" \
    --usage-topic "$prefix.usage" --api-key "$API_KEY" \
    --jdbc-url "$JDBC_URL" --jdbc-username "$JDBC_USERNAME" --jdbc-password "$JDBC_PASSWORD" \
    --worker-pid-file "$RUN_DIR/product.workers.pid" --out "$RUN_DIR/product.json"
  local driver=$DRIVER_PID

  router_args "$prefix"
  cost_route_args
  local workers=() i
  for ((i = 1; i <= COST_WORKERS; i++)); do
    start "worker-$i" "$JAVA" "${WORKER_FLAGS[@]}" -jar "$ROUTER_JAR" \
      --server.port=0 \
      --logging.level.root=WARN \
      "${ROUTER_ARGS[@]}" \
      --conveyor.router.providers.anthropic.base-url="$SIM_URL" \
      --conveyor.router.providers.anthropic.api-key="$API_KEY" \
      --conveyor.router.providers.openai.batch-api=true \
      --conveyor.router.providers.anthropic.batch-api=true \
      --conveyor.router.deferral.enabled=true \
      --conveyor.router.deferral.horizon="$DEFERRAL_HORIZON" \
      --conveyor.router.deferral.flush-age="$DEFERRAL_FLUSH_AGE" \
      --conveyor.router.deferral.poll-interval="$DEFERRAL_POLL_INTERVAL" \
      --conveyor.router.in-flight-cap="$IN_FLIGHT_CAP" \
      "${ROUTE_ARGS[@]}"
    workers+=("$STARTED_PID")
  done
  printf '%s\n' "${workers[@]}" > "$RUN_DIR/product.workers.pid"
  log "workers ${workers[*]} started (they start while the driver produces)"

  # The billing consumer starts once the worker answers (it reads the usage topic from its start),
  # so the worker's start-up does not share the two cores with its start-up too.
  await_line "$RUN_DIR/driver-product.out" '^FIRST_RESULT' "$driver" "$STARTUP_TIMEOUT_S" "the driver"
  log "starting the billing consumer on port $billing_port (usage topic $prefix.usage)"
  start_billing billing "$prefix" "$billing_port" --conveyor.billing.export.scheduled=false
  local billing_pid=$STARTED_PID

  local status=0
  wait "$driver" || status=$?
  if [ "$status" -ne 0 ] && ! [ -s "$RUN_DIR/product.json" ]; then
    log "the driver failed; last lines of its, the workers' and the billing consumer's output:"
    tail -n 20 "$RUN_DIR/driver-product.err" "$RUN_DIR"/worker-*.err "$RUN_DIR/billing.err" >&2 || true
    exit 1
  fi
  kill -TERM "${workers[@]}" "$billing_pid" 2> /dev/null || true # all at once; stop_pid waits for each
  for i in "${!workers[@]}"; do
    stop_pid "${workers[i]}" 5
  done
  stop_pid "$billing_pid" 5
  log "product: $(tail -n 1 "$RUN_DIR/driver-product.out")"

  local routes
  routes=$(IFS=';' && echo "${COST_ROUTES[*]}")
  worker_settings
  write_report cost true \
    "jobs=$JOBS" \
    "tenants=20" \
    "seed=$COST_SEED" \
    "partitions=$PARTITIONS" \
    "workers=$COST_WORKERS" \
    "response_cache=true" \
    "routes=$routes" \
    "batch_delay_ms=$BATCH_DELAY_MS" \
    "deferral_horizon=$DEFERRAL_HORIZON" \
    "deferral_flush_age=$DEFERRAL_FLUSH_AGE" \
    "deferral_poll_interval=$DEFERRAL_POLL_INTERVAL" \
    "deadline_h=36" \
    "repeat_delay_ms=$REPEAT_DELAY_MS" \
    "budget_s=$COST_BUDGET_S" \
    "${WORKER_SETTINGS[@]}"
  if [ "$status" -ne 0 ]; then
    log "cost failed its promises (lost jobs or ledgers that differ); see the JSON above"
    exit 1
  fi
}
