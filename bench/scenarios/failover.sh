# shellcheck shell=bash
# bench/run failover [--quick]: sourced by bench/run, which owns the processes, the build, the
# infrastructure and router_args (the router's connections). Sourcing sets the scenario's settings;
# failover_run runs its one segment once the infrastructure is up and writes the report. See
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
COMMIT_AT_START=$(git describe --always --dirty 2> /dev/null || echo unknown) # the run writes tracked results
if $QUICK; then
  JOBS=1200 # 30 s
else
  JOBS=6000 # 150 s; the simulator's ledger (10,000 calls) keeps every call
fi

failover_run() {
  local prefix="bench.$SCENARIO.$RUN_ID"
  local primary_ref=${PRIMARY%/*} fallback_ref=${FALLBACK%/*}
  local routes=() task
  for task in code_analysis test_generation documentation refactoring; do
    routes+=(--conveyor.router.routes.$task.strategy=cost "--conveyor.router.routes.$task.models=$primary_ref,$fallback_ref")
  done
  log "product: $JOBS jobs at $RATE/s; $primary_ref refuses connections from $OUTAGE_FROM to $OUTAGE_TO of the run; fallback $fallback_ref"
  start driver-product "$JAVA" -Xmx1g -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.conveyor.schemas -cp "$CP" \
    dev.conveyor.bench.BenchMain failover \
    --prefix "$prefix" --group "$prefix.router" \
    --bootstrap "$BOOTSTRAP" --registry "$REGISTRY_URL" --simulator "$SIM_URL" \
    --jobs "$JOBS" --rate "$RATE" --outage-from "$OUTAGE_FROM" --outage-to "$OUTAGE_TO" \
    --primary "$PRIMARY" --fallback "$FALLBACK" --fallback-sim-model "$FALLBACK_SIM_SPEC" \
    --partitions "$PARTITIONS" --startup-timeout-s "$STARTUP_TIMEOUT_S" --drain-s "$DRAIN_S" \
    --worker-pid-file "$RUN_DIR/product.worker.pid" --out "$RUN_DIR/product.json"
  local driver=$STARTED_PID
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

  report_settings "$COMMIT_AT_START" with-load-at-end
  "$JAVA" -cp "$CP" dev.conveyor.bench.BenchMain report \
    --scenario "$SCENARIO" --quick "$QUICK" --out "$ROOT/bench/results/$SCENARIO.json" \
    --segment "product=$RUN_DIR/product.json" \
    --setting "jobs=$JOBS" \
    --setting "rate_per_s=$RATE" \
    --setting "outage_from=$OUTAGE_FROM" \
    --setting "outage_to=$OUTAGE_TO" \
    --setting "outage_mode=REFUSE" \
    --setting "primary=$primary_ref" \
    --setting "fallback=$fallback_ref" \
    --setting "circuit_failure_threshold=$CIRCUIT_THRESHOLD" \
    --setting "circuit_cool_down=$CIRCUIT_COOL_DOWN" \
    --setting "retry=product defaults (3 attempts, backoff 0.5 s doubling, full jitter)" \
    --setting "partitions=$PARTITIONS" \
    --setting "workers=1" \
    --setting "latency_kind=$LATENCY_KIND" \
    --setting "latency_ms=$LATENCY_MS" \
    --setting "in_flight_cap=$IN_FLIGHT_CAP" \
    --setting "worker_heap=$WORKER_HEAP" \
    --setting "worker_jvm_flags=${WORKER_FLAGS[*]}" \
    --setting "drain_s=$DRAIN_S" \
    "${REPORT_SETTINGS[@]}" \
    > "$RUN_DIR/report.out"
  log "wrote bench/results/$SCENARIO.json"
  tail -n 1 "$RUN_DIR/report.out"
}
