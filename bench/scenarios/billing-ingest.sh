# shellcheck shell=bash
# bench/run billing-ingest [--quick]: sourced by bench/run, which owns the processes, the build and
# the infrastructure. Sourcing sets the scenario's settings; scenario_run runs its segments
# once the infrastructure is up and writes the report. See bench/README.md, "billing-ingest".
#
# Segments, back to back on one usage topic produced once:
#   product  the billing consumer's executable jar (its own process, its own schema `billing`)
#            drains the whole topic; the driver checks the ledger against its own sums.
#   rowwise  the row-at-a-time baseline (bench test code) reads the same topic in its own group
#            into schema `rowwise`, measured over a fixed window.

EXTRA_MODULES=billing-consumer # built by bench/run besides router-worker and bench
# The simulator starts with every scenario; this one does not call it.
LATENCY_KIND=FIXED LATENCY_MS=0 LATENCY_SIGMA=0
IN_FLIGHT_CAP=0
WORKER_HEAP=-Xmx512m # the billing consumer and the baseline
SEGMENTS="product rowwise"
PROBE_S=0
TENANTS=200
DUPLICATE_RATE=0.05
# Calls happen in the last UTC month, which is over: its bill is final (the sample export seals it).
USAGE_MONTH=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)
if $QUICK; then
  JOBS=100000 PRODUCT_BUDGET_S=60 BASELINE_BUDGET_S=15
else
  JOBS=1000000 PRODUCT_BUDGET_S=300 BASELINE_BUDGET_S=60
fi

scenario_run() {
  local prefix="bench.$SCENARIO.$RUN_ID"
  local db_args=(--jdbc-url "$JDBC_URL" --jdbc-username "$JDBC_USERNAME" --jdbc-password "$JDBC_PASSWORD")
  case " $SEGMENTS " in
    *" product "*) ;;
    *) log "billing-ingest needs the product segment: it produces the topic the baseline reads" && exit 2 ;;
  esac

  log "product: producing $JOBS usage events for $TENANTS tenants (+$DUPLICATE_RATE duplicates) to $prefix.usage"
  start_driver driver-product billing-ingest \
    --prefix "$prefix" --group "$prefix.billing" "${DRIVER_ARGS[@]}" \
    "${db_args[@]}" --jobs "$JOBS" --tenants "$TENANTS" --duplicate-rate "$DUPLICATE_RATE" \
    --month "$USAGE_MONTH" --budget-s "$PRODUCT_BUDGET_S" --worker-pid-file "$RUN_DIR/product.worker.pid" \
    --export-dir "$ROOT/bench/results/billing-ingest-export" --out "$RUN_DIR/product.json"
  local driver=$DRIVER_PID
  if $QUICK; then
    # The consumer starts at once: it boots slower than the small backlog is produced (the driver
    # says whether that held: backlog_complete_before_first_ingest).
    await_line "$RUN_DIR/driver-product.out" '^API_PORT=' "$driver" 120 "the product driver"
  else
    await_line "$RUN_DIR/driver-product.out" '^BACKLOG_READY' "$driver" 600 "the product driver"
  fi
  log "product: starting the billing consumer (budget ${PRODUCT_BUDGET_S}s from its first ingest)"
  start_billing worker-product "$prefix" "$(value "$RUN_DIR/driver-product.out" API_PORT)"
  finish_segment product "$driver" "$STARTED_PID" 10

  if [[ " $SEGMENTS " == *" rowwise "* ]]; then
    log "rowwise: one insert and commit per event, window ${BASELINE_BUDGET_S}s from its first ingest"
    start_driver driver-rowwise billing-rowwise \
      "${db_args[@]}" --schema rowwise --events "$JOBS" --window-s "$BASELINE_BUDGET_S" \
      --startup-timeout-s "$STARTUP_TIMEOUT_S" --worker-pid-file "$RUN_DIR/rowwise.worker.pid" \
      --out "$RUN_DIR/rowwise.json"
    driver=$DRIVER_PID
    start worker-rowwise "$JAVA" "${WORKER_FLAGS[@]}" -cp "$CP" \
      dev.conveyor.bench.baseline.rowwise.RowwiseBillingWorker \
      --bootstrap "$BOOTSTRAP" --registry "$REGISTRY_URL" --group "$prefix.rowwise" --topic "$prefix.usage" \
      "${db_args[@]}" --schema rowwise
    finish_segment rowwise "$driver" "$STARTED_PID" 10
  fi

  write_report "$SCENARIO" true \
    "events=$JOBS" \
    "tenants=$TENANTS" \
    "duplicate_rate=$DUPLICATE_RATE" \
    "usage_month=$USAGE_MONTH" \
    "partitions=$PARTITIONS" \
    "consumer_heap=$WORKER_HEAP" \
    "consumer_jvm_flags=${WORKER_FLAGS[*]}" \
    "consumer_config=product defaults (billing-consumer.yml)" \
    "product_budget_s=$PRODUCT_BUDGET_S" \
    "rowwise_window_s=$BASELINE_BUDGET_S"
}
