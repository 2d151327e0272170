# shellcheck shell=bash
# bench/run throughput [--quick]: the product and the plain baseline each drain a backlog of jobs the
# simulator answers at once (bench/README.md, "throughput"). Sourced by bench/run; the segments are
# bench/lib/backlog.sh's.
LATENCY_KIND=FIXED LATENCY_MS=0 LATENCY_SIGMA=0
IN_FLIGHT_CAP=2000
WORKER_HEAP=-Xmx512m
SEGMENTS="product plain"
if $QUICK; then
  JOBS=20000 PRODUCT_BUDGET_S=15 BASELINE_BUDGET_S=12 PROBE_S=3
else
  JOBS=200000 PRODUCT_BUDGET_S=180 BASELINE_BUDGET_S=120 PROBE_S=10
fi
# shellcheck source=bench/lib/backlog.sh
. bench/lib/backlog.sh
