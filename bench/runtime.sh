#!/usr/bin/env bash
# Integration-flow runtime benchmark of `cpi serve` (issue 5). The server runs on one core
# (taskset -c 1), oha on the other (taskset -c 0), keep-alive HTTP/1.1, c=10, as in our reference
# notes (bench-peers/peers.md §0). Cells, round-robin per repetition:
#   healthz   GET /healthz on the same server: the ceiling of a bare handler
#   flow      POST /http/orders/route with Basic `clientid:clientsecret` of the --dev
#             integration-flow key, header `type: ORDER`, a 14-byte JSON body. The flow
#             (seed flow Route_Order) runs a Content Modifier (a property, two headers) and a
#             Router with three routes; the reply is written only after its message processing
#             log is committed (group commit), so every 2xx has a durable MPL.
# oha waits for requests in flight at the deadline (-w), so every request it sent is counted;
# afterwards the MPLs of Route_Order are counted through the API and must equal the 2xx total
# of all flow runs (warm-ups included); any difference fails the run.
#
#   bash bench/runtime.sh        # build, measure, print the summary (about 2 minutes)
#
# Results go to bench/out/runtime-<UTC timestamp>/ (bench/out/latest-runtime points at it):
#   runs.tsv, raw/*.json (oha), mpl.json (counts), meta.json, summary.md / summary.json
#
# Environment (defaults in brackets):
#   DURATION [10s]  WARMUP [3s]  REPS [3]  CONC [10]  SERVER_CPU [1]  LOADGEN_CPU [0]
#   BUILD [1]  0 = use the existing target/release/cpi
#   OHA [$HOME/.oha/bin/oha]; installed with `cargo install oha --locked` if missing
#   STRICT [0] 1 = exit 3 when a target is missed
# Any non-200 response or request error fails the run (exit 1).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
REPS=${REPS:-3}
CONC=${CONC:-10}
STRICT=${STRICT:-0}
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=lib/http_cells.sh
source "$BENCH/lib/http_cells.sh"

check_prerequisites
new_run_dir "runtime-"
printf '%s\n' "$RUNS_HEADER" >"$RUNS"
build_cpi
BUSY=$(machine_busy)
log "machine busy before the run: ${BUSY}% of all CPUs"

start_cpi runtime
BASE=http://127.0.0.1:$CPI_PORT
IFS=$'\t' read -r FLOW_ID FLOW_SECRET < <(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))["oauth"]
print(o["clientid"], o["clientsecret"], sep="\t")' "$CPI_DATA/keys/dev-iflow.json")
FLOW_URL=$BASE/http/orders/route
BODY='{"order":"42"}'
FLOW_ARGS=(-w -m POST -T application/json -H 'type: ORDER' -d "$BODY" -a "$FLOW_ID:$FLOW_SECRET")

# Smoke test: the flow answers the documented body.
REPLY=$(curl -sS -u "$FLOW_ID:$FLOW_SECRET" -H 'type: ORDER' -H 'Content-Type: application/json' \
    --data-raw "$BODY" "$FLOW_URL") || die "the flow did not answer"
[[ $REPLY == '{"accepted":true,"order":{"order":"42"}}' ]] || die "unexpected reply: $REPLY"
log "smoke: $REPLY"

for cell in healthz flow; do
    case $cell in
    healthz) bench_cell healthz "$CPI_PID" warmup 0 "$WARMUP" "$BASE/healthz" -w ;;
    flow) bench_cell flow "$CPI_PID" warmup 0 "$WARMUP" "$FLOW_URL" "${FLOW_ARGS[@]}" ;;
    esac
done
for rep in $(seq 1 "$REPS"); do
    bench_cell healthz "$CPI_PID" run "$rep" "$DURATION" "$BASE/healthz" -w
    bench_cell flow "$CPI_PID" run "$rep" "$DURATION" "$FLOW_URL" "${FLOW_ARGS[@]}"
done
PEAK_RSS=$(rss_kb "$CPI_PID" VmHWM)

# Every 2xx reply has its MPL: count them through the API (the smoke call is one more).
bearer_token "$CPI_DATA/keys/dev-api.json" "$CPI_DATA/api.token"
MPLS=$(curl -sS -f -H "Authorization: Bearer $(cat "$CPI_DATA/api.token")" \
    "$BASE/api/v1/MessageProcessingLogs/\$count?\$filter=IntegrationArtifact/Id%20eq%20'Route_Order'") ||
    die "cannot count the MPLs"
FAILED=$(curl -sS -f -H "Authorization: Bearer $(cat "$CPI_DATA/api.token")" \
    "$BASE/api/v1/MessageProcessingLogs/\$count?\$filter=IntegrationArtifact/Id%20eq%20'Route_Order'%20and%20Status%20ne%20'COMPLETED'") ||
    die "cannot count the failed MPLs"
OK=$(awk -F'\t' 'NR > 1 && $1 == "flow" {s += $9} END {print s + 1}' "$RUNS")
printf '{"mpl_count": %s, "mpl_not_completed": %s, "ok_2xx_including_smoke": %s}\n' "$MPLS" "$FAILED" "$OK" \
    >"$RUN_DIR/mpl.json"
log "MPLs of Route_Order: $MPLS (not COMPLETED: $FAILED); 2xx replies incl. the smoke call: $OK"
save_serve_log "$CPI_DATA" "$RUN_DIR/serve.log"
stop_pid "$CPI_PID"

write_meta "$RUN_DIR/meta.json" "cpi_rev=$CPI_REV" "oha=$OHA_VERSION" "reps=$REPS" "duration=$DURATION" \
    "server_cpu=$SERVER_CPU" "loadgen_cpu=$LOADGEN_CPU" "concurrency=$CONC" "cpi_peak_rss_kb=$PEAK_RSS" \
    "machine_busy_before_pct=$BUSY"
python3 "$BENCH/lib/runtime_summary.py" "$RUN_DIR"
[[ $MPLS == "$OK" && $FAILED == 0 ]] || die "the MPL count ($MPLS) differs from the 2xx replies ($OK)"
if [[ $STRICT == 1 ]] && ! python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["targets_met"] else 3)' \
    "$RUN_DIR/summary.json"; then
    exit 3
fi
