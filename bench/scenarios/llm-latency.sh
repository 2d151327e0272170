# shellcheck shell=bash
# bench/run llm-latency [--quick]: the product and both baselines each drain a backlog of jobs the
# simulator answers after an LLM's latency (bench/README.md, "llm-latency"). Sourced by bench/run;
# the segments are bench/lib/backlog.sh's.
LATENCY_KIND=LOGNORMAL LATENCY_MS=2000 LATENCY_SIGMA=0.6
IN_FLIGHT_CAP=2000
WORKER_HEAP=-Xmx256m
SEGMENTS="product plain parallel-consumer"
PROBE_S=0
if $QUICK; then
  JOBS=4000 PRODUCT_BUDGET_S=15 BASELINE_BUDGET_S=12
  [ -n "${BENCH_BASELINE_BUDGET_S:-}" ] && BASELINE_BUDGET_S=$BENCH_BASELINE_BUDGET_S
else
  JOBS=20000 PRODUCT_BUDGET_S=90 BASELINE_BUDGET_S=60
fi
# shellcheck source=bench/lib/backlog.sh
. bench/lib/backlog.sh
