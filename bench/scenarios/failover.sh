# shellcheck shell=bash
# bench/run failover [--quick]: sourced by bench/run, which owns the processes, the build, the
# infrastructure and router_args (the router's connections). Sourcing sets the scenario's settings;
# scenario_run runs its one segment once the infrastructure is up and writes the report. See
# bench/README.md, "failover".
#
# One router worker routes every task type to a primary model and then a fallback model of another
# provider, both served by the simulator. The driver sends jobs at a steady rate; the primary
# refuses every connection from OUTAGE_FROM to OUTAGE_TO of the sending time, and is healthy again
# after. The driver reads the router's circuit history and the simulator's ledger at the end.

LATENCY_KIND=FIXED LATENCY_MS=200 LATENCY_SIGMA=0 # every model, the fallback included
IN_FLIGHT_CAP=2000
WORKER_HEAP=-Xmx512m
SEGMENTS=product
PROBE_S=0
RATE=40               # jobs per second, steady over the run
OUTAGE_FROM=0.3       # share of the sending time at which the primary goes down
OUTAGE_TO=0.7         # ... and comes back
CIRCUIT_THRESHOLD=3   # consecutive failures that open a circuit (the product's default)
CIRCUIT_COOL_DOWN=3s  # the product's default is 5m; short so that recovery falls inside the run
DRAIN_S=60            # after the last job is sent, at most this long for the last results
PRIMARY=openai/gpt-4.1-mini/OPENAI         # router provider/model, simulator protocol
FALLBACK=anthropic/claude-haiku-4.5/ANTHROPIC
FALLBACK_SIM_SPEC="{\"provider\":\"ANTHROPIC\",\"contextWindow\":200000,\"maxOutputTokens\":64000,\"latency\":{\"kind\":\"$LATENCY_KIND\",\"millis\":$LATENCY_MS}}"
if $QUICK; then
  JOBS=1200 # 30 s
else
  JOBS=6000 # 150 s; the simulator's ledger (10,000 calls) keeps every call
fi

scenario_run() {
  local prefix="bench.$SCENARIO.$RUN_ID"
  local primary_ref=${PRIMARY%/*} fallback_ref=${FALLBACK%/*}
  local routes=() task
  for task in code_analysis test_generation documentation refactoring; do
    routes+=(--conveyor.router.routes.$task.strategy=cost "--conveyor.router.routes.$task.models=$primary_ref,$fallback_ref")
  done
  log "product: $JOBS jobs at $RATE/s; $primary_ref refuses connections from $OUTAGE_FROM to $OUTAGE_TO of the run; fallback $fallback_ref"
  start_driver driver-product failover \
    --prefix "$prefix" --group "$prefix.router" "${DRIVER_ARGS[@]}" \
    --jobs "$JOBS" --rate "$RATE" --outage-from "$OUTAGE_FROM" --outage-to "$OUTAGE_TO" \
    --primary "$PRIMARY" --fallback "$FALLBACK" --fallback-sim-model "$FALLBACK_SIM_SPEC" --drain-s "$DRAIN_S" \
    --worker-pid-file "$RUN_DIR/product.worker.pid" --out "$RUN_DIR/product.json"
  local driver=$DRIVER_PID
  await_line "$RUN_DIR/driver-product.out" '^ROUTER_PORT=' "$driver" 120 "the failover driver"
  log "product: starting the router (circuit threshold $CIRCUIT_THRESHOLD, cool-down $CIRCUIT_COOL_DOWN)"
  router_args "$prefix"
  start worker-product "$JAVA" "${WORKER_FLAGS[@]}" -jar "$ROUTER_JAR" \
    --server.address=127.0.0.1 \
    --server.port="$(value "$RUN_DIR/driver-product.out" ROUTER_PORT)" \
    --logging.level.root=WARN \
    "${ROUTER_ARGS[@]}" \
    --conveyor.router.in-flight-cap="$IN_FLIGHT_CAP" \
    --conveyor.router.circuit.failure-threshold="$CIRCUIT_THRESHOLD" \
    --conveyor.router.circuit.cool-down="$CIRCUIT_COOL_DOWN" \
    --conveyor.router.providers.anthropic.base-url="$SIM_URL" \
    --conveyor.router.providers.anthropic.api-key="$API_KEY" \
    "${routes[@]}"
  finish_segment product "$driver" "$STARTED_PID" 10

  worker_settings
  write_report "$SCENARIO" true \
    "jobs=$JOBS" \
    "rate_per_s=$RATE" \
    "outage_from=$OUTAGE_FROM" \
    "outage_to=$OUTAGE_TO" \
    "outage_mode=REFUSE" \
    "primary=$primary_ref" \
    "fallback=$fallback_ref" \
    "circuit_failure_threshold=$CIRCUIT_THRESHOLD" \
    "circuit_cool_down=$CIRCUIT_COOL_DOWN" \
    "retry=product defaults (3 attempts, backoff 0.5 s doubling, full jitter)" \
    "partitions=$PARTITIONS" \
    "workers=1" \
    "drain_s=$DRAIN_S" \
    "${WORKER_SETTINGS[@]}"
}
