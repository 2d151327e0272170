# shellcheck shell=bash
# The segments of the scenarios that drain a backlog (throughput, llm-latency), sourced by their
# files in bench/scenarios after their settings: for each segment in $SEGMENTS (the product, then
# each baseline) fresh topics, the driver (BenchMain segment) producing the backlog, one worker, and
# the worker stopped once the driver has measured it. See bench/README.md, "What runs".

start_worker() { # KIND PREFIX [HTTP_PORT]
  local kind=$1 prefix=$2 port=${3:-0}
  case "$kind" in
    product)
      router_args "$prefix"
      start "worker-$kind" "$JAVA" "${WORKER_FLAGS[@]}" -jar "$ROUTER_JAR" \
        --server.port="$port" \
        --logging.level.root=WARN \
        "${ROUTER_ARGS[@]}" \
        --conveyor.router.in-flight-cap="$IN_FLIGHT_CAP"
      ;;
    plain)
      start "worker-$kind" "$JAVA" "${WORKER_FLAGS[@]}" -cp "$CP" \
        dev.conveyor.bench.baseline.plain.PlainWorkerApplication \
        --spring.kafka.bootstrap-servers="$BOOTSTRAP" \
        --bench.registry-url="$REGISTRY_URL" \
        --bench.group="$prefix.plain" \
        --bench.topics.requests="$prefix.requests" \
        --bench.topics.results="$prefix.results" \
        --bench.partitions="$PARTITIONS" \
        --bench.provider.base-url="$SIM_URL" \
        --bench.provider.api-key="$API_KEY"
      ;;
    parallel-consumer)
      start "worker-$kind" "$JAVA" "${WORKER_FLAGS[@]}" -cp "$CP" \
        dev.conveyor.bench.baseline.pc.ParallelConsumerWorker \
        --bootstrap "$BOOTSTRAP" \
        --registry "$REGISTRY_URL" \
        --group "$prefix.pc" \
        --requests "$prefix.requests" \
        --results "$prefix.results" \
        --provider-url "$SIM_URL" \
        --api-key "$API_KEY" \
        --max-concurrency "$IN_FLIGHT_CAP"
      ;;
  esac
}

# The consumer groups a worker commits in (by prefix), for the lost-job audit.
groups_of() { # KIND PREFIX
  case "$1" in
    product) echo "--group router --group $2.router" ;; # the router's @KafkaListener id is its group id
    plain) echo "--group $2.plain" ;;                   # retry-topic groups add a suffix
    parallel-consumer) echo "--group $2.pc" ;;
  esac
}

# One segment: fresh topics, the driver produces the backlog, then the worker runs until the driver
# has measured it; then the worker is stopped.
run_segment() { # NAME BUDGET_SECONDS PROBE_SECONDS
  local name=$1 budget=$2 probe=$3
  local prefix="bench.$SCENARIO.$name.$RUN_ID"
  local port=0 metrics=()
  # The product's driver reads the router's overhead histogram around its probe, and measures the
  # floor under it (the broker's acknowledgement, a database round trip) just before.
  if [ "$name" = product ]; then
    port=$(free_port)
    metrics=(--worker-metrics-url "http://127.0.0.1:$port/actuator/prometheus"
      --jdbc-url "$JDBC_URL" --jdbc-username "$JDBC_USERNAME" --jdbc-password "$JDBC_PASSWORD")
  fi
  log "$name: producing $JOBS jobs to $prefix.requests"
  # shellcheck disable=SC2046
  start_driver "driver-$name" segment \
    --name "$name" --prefix "$prefix" $(groups_of "$name" "$prefix") "${DRIVER_ARGS[@]}" --jobs "$JOBS" \
    --budget-s "$budget" --probe-s "$probe" \
    --worker-pid-file "$RUN_DIR/$name.worker.pid" "${metrics[@]}" \
    ${BENCH_PROBE_FRACTION:+--probe-fraction "$BENCH_PROBE_FRACTION"} --out "$RUN_DIR/$name.json"
  local driver=$DRIVER_PID
  if ! $QUICK; then
    # The whole backlog is on the topic before the worker starts. (--quick starts the worker at
    # once, to save time: it takes longer to boot than the small backlog takes to produce, and
    # the driver reports whether the backlog was complete before the first result.)
    await_line "$RUN_DIR/driver-$name.out" '^BACKLOG_READY' "$driver" 600 "the $name driver"
  fi
  log "$name: starting the worker (budget ${budget}s from its first result)"
  start_worker "$name" "$prefix" "$port"
  finish_segment "$name" "$driver" "$STARTED_PID" 5
}

scenario_run() {
  local segment
  for segment in $SEGMENTS; do
    if [ "$segment" = product ]; then
      run_segment product "$PRODUCT_BUDGET_S" "$PROBE_S"
    else
      run_segment "$segment" "$BASELINE_BUDGET_S" 0
    fi
  done
  write_report "$SCENARIO" false \
    "jobs=$JOBS" \
    "partitions=$PARTITIONS" \
    "workers=1" \
    "latency_kind=$LATENCY_KIND" \
    "latency_ms=$LATENCY_MS" \
    "latency_sigma=$LATENCY_SIGMA" \
    "in_flight_cap=$IN_FLIGHT_CAP" \
    "worker_heap=$WORKER_HEAP" \
    "worker_jvm_flags=${WORKER_FLAGS[*]}" \
    "product_budget_s=$PRODUCT_BUDGET_S" \
    "baseline_budget_s=$BASELINE_BUDGET_S" \
    "probe_s=$PROBE_S" \
    "probe_fraction=${BENCH_PROBE_FRACTION:-0.5}" \
    "plain_concurrency=$PARTITIONS"
}
