# shellcheck shell=bash
# bench/run chaos [--quick]: the product under crashes and faults (issue #20; bench/README.md,
# "chaos"). Sourced by bench/run, which owns the processes, the build and the infrastructure.
#
# Separate processes: producer-api, CHAOS_ROUTERS router workers (one consumer group) and two
# billing consumers (one group), on the default topics (prefix llm). The simulator answers every
# model with faults throughout (5% 500, 1% 429 with Retry-After, 2% hangs past the router's call
# timeout). The driver (BenchMain chaos: Chaos, ChaosChecks) sends the jobs, half through the API
# and half straight to Kafka with poison records among them, takes every model down once, and asks
# for the kills and the PostgreSQL stop on its stdout; chaos_watch here carries them out:
#   KILL NAME       kill -9 the process NAME (api, router-N, billing-N) and start it again
#   STOP postgres   SIGSTOP the postmaster and its backends (connections hang, as on a frozen host)
#   CONT postgres   SIGCONT them
#   STOP broker     SIGSTOP the infrastructure JVM, which runs the Kafka broker (PostgreSQL and the registry are its child processes and go on)
#   CONT broker     SIGCONT it
# Each kill is logged to $RUN_DIR/kills.log (NAME OLD_PID NEW_PID MILLIS), which the driver counts.

EXTRA_MODULES=billing-consumer,producer-api
LATENCY_KIND=LOGNORMAL LATENCY_MS=200 LATENCY_SIGMA=0.5
SIM_CONTENT=ANALYSED # each job's answer differs from the others', so a conflicting result is visible
IN_FLIGHT_CAP=500
WORKER_HEAP=-Xmx384m # every service process
STARTUP_TIMEOUT_S=600 # six JVMs start at once on a small machine
SIM_LEDGER_CAPACITY=400000 # every call stays in the ledger: the billing check reads them all
SIM_FAULTS="{errorRates: {500: 0.05, 429: 0.01}, hangRate: 0.02}"
SIM_EXTRA_YAML="  faults: $SIM_FAULTS"
CHAOS_ROUTERS=3
CHAOS_BILLING=2
CALL_TIMEOUT=10s # a hung call fails after this; the router retries it
POISON_RATE=0.005
if $QUICK; then
  JOBS=2000 BATCH_SIZE=100 LOAD_S=60 OUTAGE_S=15 DATABASE_STOP_S=10 BROKER_STOP_S=10 DRAIN_S=180
else
  JOBS=20000 BATCH_SIZE=500 LOAD_S=180 OUTAGE_S=30 DATABASE_STOP_S=20 BROKER_STOP_S=20 DRAIN_S=300
fi
ROUTER_KILLS=4 BILLING_KILLS=2
ADMIN_KEY="cva_bench$RANDOM$RANDOM"

declare -A CHAOS_PID CHAOS_STARTS

chaos_start() { # NAME: starts (or starts again) the process NAME; sets CHAOS_PID[NAME]
  local name=$1 n=$((${CHAOS_STARTS[$1]:-0} + 1))
  CHAOS_STARTS[$name]=$n
  case "$name" in
    api)
      start "$name-$n" "$JAVA" "${WORKER_FLAGS[@]}" -jar "$ROOT/producer-api/target/producer-api-$VERSION-exec.jar" \
        --server.address=127.0.0.1 --server.port="$API_PORT" --logging.level.root=WARN \
        --spring.kafka.bootstrap-servers="$BOOTSTRAP" \
        --spring.datasource.url="$JDBC_URL" \
        --spring.datasource.username="$JDBC_USERNAME" \
        --spring.datasource.password="$JDBC_PASSWORD" \
        --conveyor.registry.url="$REGISTRY_URL" \
        --conveyor.api.admin-key="$ADMIN_KEY" \
        --conveyor.api.billing-url="http://127.0.0.1:${BILLING_PORTS[0]}"
      ;;
    router-*)
      start "$name-$n" "$JAVA" "${WORKER_FLAGS[@]}" -jar "$ROUTER_JAR" \
        --server.port=0 --logging.level.root=WARN "${ROUTER_ARGS[@]}" \
        --conveyor.router.in-flight-cap="$IN_FLIGHT_CAP" \
        --conveyor.router.call-timeout="$CALL_TIMEOUT"
      ;;
    billing-*)
      start_billing "$name-$n" "$prefix" "${BILLING_PORTS[${name#billing-} - 1]}" # prefix: scenario_run's
      ;;
  esac
  CHAOS_PID[$name]=$STARTED_PID
}

chaos_kill() { # NAME: kill -9, then start again
  local name=$1 old=${CHAOS_PID[$1]:-}
  [ -n "$old" ] || { log "chaos: no process $name"; return; }
  kill -KILL "$old" 2> /dev/null || true
  wait "$old" 2> /dev/null || true
  chaos_start "$name"
  echo "$name $old ${CHAOS_PID[$name]} $(date +%s%3N)" >> "$RUN_DIR/kills.log"
  log "chaos: killed $name ($old), started again ($((CHAOS_STARTS[$name])). start: ${CHAOS_PID[$name]})"
}

postgres_signal() { # STOP|CONT: the postmaster and its backends
  local pid=${POSTGRES_PID:-}
  [ -n "$pid" ] || { log "chaos: PostgreSQL's process id is unknown; not stopped"; return; }
  local pids
  pids="$pid $(ps -o pid= --ppid "$pid" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  kill "-$1" $pids 2> /dev/null || true
  log "chaos: SIG$1 PostgreSQL ($pids)"
}

# Carries out the driver's requests (its stdout) until it exits.
chaos_watch() { # DRIVER_PID
  local driver=$1 handled=0 line
  while alive "$driver"; do
    while IFS= read -r line; do
      handled=$((handled + 1))
      case "$line" in
        "KILL "*) chaos_kill "${line#KILL }" ;;
        "STOP postgres") postgres_signal STOP ;;
        "CONT postgres") postgres_signal CONT ;;
        "STOP broker") broker_signal STOP ;;
        "CONT broker") broker_signal CONT ;;
      esac
    done < <(tail -n +$((handled + 1)) "$RUN_DIR/driver.out" 2> /dev/null)
    sleep 0.2
  done
  postgres_signal CONT # never leave it stopped
  broker_signal CONT
}

broker_signal() { # STOP|CONT: the infrastructure JVM, which runs the broker (PostgreSQL and the registry run apart)
  kill "-$1" "$INFRA_PID" 2> /dev/null || true
  log "chaos: SIG$1 the broker ($INFRA_PID)"
}

scenario_run() {
  local prefix=llm i
  POSTGRES_PID=$(value "$RUN_DIR/infra.out" POSTGRES_PID)
  API_PORT=$(free_port)
  BILLING_PORTS=()
  for ((i = 0; i < CHAOS_BILLING; i++)); do
    BILLING_PORTS+=("$(free_port)")
  done
  : > "$RUN_DIR/kills.log"
  log "chaos: $JOBS jobs over ${LOAD_S}s (half through producer-api in batches of $BATCH_SIZE), $CHAOS_ROUTERS routers, $CHAOS_BILLING billing consumers; faults $SIM_FAULTS"
  start_driver driver chaos \
    --prefix "$prefix" --group router --group "$prefix." "${DRIVER_ARGS[@]}" --jobs "$JOBS" \
    --api-port "$API_PORT" --admin-key "$ADMIN_KEY" --batch-size "$BATCH_SIZE" --load-s "$LOAD_S" \
    --outage-s "$OUTAGE_S" --database-stop-s "$DATABASE_STOP_S" --broker-stop-s "$BROKER_STOP_S" --routers "$CHAOS_ROUTERS" \
    --router-kills "$ROUTER_KILLS" --billing-kills "$BILLING_KILLS" --poison-rate "$POISON_RATE" \
    --drain-s "$DRAIN_S" --dead-letter "$prefix.dlt" \
    --jdbc-url "$JDBC_URL" --jdbc-username "$JDBC_USERNAME" --jdbc-password "$JDBC_PASSWORD" \
    --kills-log "$RUN_DIR/kills.log" --worker-pid-file "$RUN_DIR/unused.pid" --out "$RUN_DIR/product.json"
  local driver=$DRIVER_PID
  await_line "$RUN_DIR/driver.out" '^READY' "$driver" 120 "the chaos driver"
  router_args "$prefix"
  for ((i = 1; i <= CHAOS_BILLING; i++)); do
    chaos_start "billing-$i"
  done
  for ((i = 1; i <= CHAOS_ROUTERS; i++)); do
    chaos_start "router-$i"
  done
  chaos_start api
  chaos_watch "$driver"
  if ! wait "$driver"; then
    log "the chaos driver failed; last lines of its output:"
    tail -n 30 "$RUN_DIR/driver.err" >&2 || true
    exit 1
  fi
  worker_settings
  write_report chaos true \
    "jobs=$JOBS" \
    "batch_size=$BATCH_SIZE" \
    "load_s=$LOAD_S" \
    "poison_rate=$POISON_RATE" \
    "simulator_faults=$SIM_FAULTS" \
    "outage_s=$OUTAGE_S" \
    "outage_mode=REFUSE (every model)" \
    "database_stop_s=$DATABASE_STOP_S" \
    "database_stop_mode=SIGSTOP" \
    "broker_stop_s=$BROKER_STOP_S" \
    "routers=$CHAOS_ROUTERS" \
    "billing_consumers=$CHAOS_BILLING" \
    "router_kills_planned=$ROUTER_KILLS" \
    "billing_kills_planned=$BILLING_KILLS" \
    "api_kills_planned=1" \
    "call_timeout=$CALL_TIMEOUT" \
    "drain_s=$DRAIN_S" \
    "partitions=$PARTITIONS" \
    "${WORKER_SETTINGS[@]}"
}
