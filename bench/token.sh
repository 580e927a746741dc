#!/usr/bin/env bash
# Token-endpoint benchmark of `cpi serve`, side by side with oidc-provider and the machine's
# RSA-2048 signing rate. Method as in our reference notes (bench-peers/peers.md §0): the server
# runs on one core (taskset -c 1), oha on the other (taskset -c 0), keep-alive HTTP/1.1, a 3 s
# warm-up, then 3 runs of 10 s at each concurrency (1, 10, 50); tables give medians.
# In the same run: `openssl speed rsa2048` on the server core (the per-core ceiling for RS256
# tokens; median of 3) and the peer oidc-provider@9 (npm) under the same load.
#
#   bench/token.sh                 # build, measure, print the summary (about 5 minutes)
#
# Results go to bench/out/<UTC timestamp>/ (bench/out/latest points at the newest):
#   runs.tsv      one row per oha run (warm-ups too), both targets
#   openssl.tsv   RSA-2048 sign/s on the server core (openssl speed), one row per repetition
#   raw/*.json    oha's JSON reports; meta.json machine and versions; summary.{md,json}
#
# Environment (defaults in brackets):
#   DURATION [10s]  WARMUP [3s]  REPS [3]  CONCURRENCY ["1 10 50"]  HEADLINE_C [10]
#   SERVER_CPU [1]  LOADGEN_CPU [0]  OPENSSL_REPS [3]  OPENSSL_SECONDS [3]
#   BUILD [1]       0 = use the existing target/release/cpi
#   PEER [1]        0 = skip oidc-provider
#   PEER_DIR []     reuse a directory that already has node_modules/oidc-provider
#   OHA [$HOME/.oha/bin/oha]; installed with `cargo install oha --locked` if missing
#   STRICT [0]      1 = exit 3 when a performance target is missed
#   CPI_LOG, CPI_LOG_FORMAT reach cpi serve unchanged (its default logs one line per request)
# Any non-200 response or request error fails the run (exit 1).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
REPS=${REPS:-3}
CONCURRENCY=${CONCURRENCY:-"1 10 50"}
HEADLINE_C=${HEADLINE_C:-10}
OPENSSL_REPS=${OPENSSL_REPS:-3}
PEER=${PEER:-1}
PEER_DIR=${PEER_DIR:-}
STRICT=${STRICT:-0}
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"

CPI_BODY='grant_type=client_credentials'
PEER_BODY='grant_type=client_credentials&scope=read'
PEER_AUTH='bench:benchsecret'
FORM=(-m POST -T application/x-www-form-urlencoded)

# bench_target <target> <server pid> <url> <basic auth> <body>: warm-up + REPS runs per concurrency.
bench_target() {
    local target=$1 pid=$2 url=$3 auth=$4 body=$5 c rep
    for c in $CONCURRENCY; do
        run_oha "$target" "$pid" "$c" warmup 0 "$WARMUP" "$url" "${FORM[@]}" -d "$body" -a "$auth"
        for rep in $(seq 1 "$REPS"); do
            run_oha "$target" "$pid" "$c" run "$rep" "$DURATION" "$url" "${FORM[@]}" -d "$body" -a "$auth"
        done
    done
}

# The openssl repetitions are spread over the run (before cpi, between cpi and the peer, after
# the peer), because a VM's speed drifts over minutes; the signing limit is their median.
openssl_slot() { # openssl_slot <0|1|2>: the repetitions with (rep - 1) % 3 == slot
    local rep
    for rep in $(seq 1 "$OPENSSL_REPS"); do
        (((rep - 1) % 3 == $1)) && openssl_once "$rep" "$1"
    done
    return 0
}

check_prerequisites
new_run_dir ""
build_cpi
BUSY=$(machine_busy)
log "machine busy before the run: ${BUSY}% of all CPUs"
((BUSY < 15)) || log "WARNING: something else is using the CPUs; figures will be noisy"

# --- 1. signing limit (first third) -----------------------------------------------------------
openssl_slot 0

# --- 2. cpi serve ------------------------------------------------------------------------------
start_cpi main
log "dev key: clientid $CLIENT_ID, token URL $TOKEN_URL"
smoke_token cpi "$TOKEN_URL" "$CLIENT_ID:$CLIENT_SECRET" "$CPI_BODY" || die "cpi token smoke test failed"
log "benchmarking cpi serve"
bench_target cpi "$CPI_PID" "$TOKEN_URL" "$CLIENT_ID:$CLIENT_SECRET" "$CPI_BODY"
CPI_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$CPI_PID/status")
stop_pid "$CPI_PID"
save_serve_log "$CPI_DATA" "$RUN_DIR/cpi-serve.log"

openssl_slot 1

# --- 3. peer: oidc-provider --------------------------------------------------------------------
PEER_STATUS=skipped
PEER_VERSION=
peer_skip() {
    PEER_STATUS="skipped: $*"
    log "PEER SKIPPED: $* -- continuing without the oidc-provider comparison"
}
run_peer() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        peer_skip "node/npm not installed"
        return 0
    fi
    if [[ -z $PEER_DIR ]]; then
        PEER_DIR=$(mktemp -d -t oidc-provider-bench.XXXXXX)
        TEMP_DIRS+=("$PEER_DIR")
    fi
    if [[ ! -f $PEER_DIR/node_modules/oidc-provider/package.json ]]; then
        log "npm install oidc-provider@9 in $PEER_DIR"
        if ! (cd "$PEER_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund oidc-provider@9) \
            >"$RUN_DIR/peer-install.log" 2>&1; then
            peer_skip "npm install oidc-provider@9 failed: $(tail -n 3 "$RUN_DIR/peer-install.log" | tr '\n' ' ')"
            return 0
        fi
    fi
    PEER_VERSION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
        "$PEER_DIR/node_modules/oidc-provider/package.json")
    cp "$BENCH/peers/oidc-provider.mjs" "$PEER_DIR/bench-server.mjs"
    local port pid url
    port=$(free_port)
    url=http://127.0.0.1:$port/token
    log "starting oidc-provider $PEER_VERSION on 127.0.0.1:$port (CPU $SERVER_CPU)"
    PORT=$port taskset -c "$SERVER_CPU" node "$PEER_DIR/bench-server.mjs" >"$RUN_DIR/peer.log" 2>&1 &
    pid=$!
    OWN_PIDS+=("$pid")
    if ! wait_http_200 "http://127.0.0.1:$port/jwks" "$pid" 60; then
        peer_skip "oidc-provider did not start: $(tail -n 5 "$RUN_DIR/peer.log" | tr '\n' ' ')"
        stop_pid "$pid"
        return 0
    fi
    if ! smoke_token oidc-provider "$url" "$PEER_AUTH" "$PEER_BODY"; then
        peer_skip "oidc-provider token smoke test failed"
        stop_pid "$pid"
        return 0
    fi
    log "benchmarking oidc-provider $PEER_VERSION"
    bench_target oidc-provider "$pid" "$url" "$PEER_AUTH" "$PEER_BODY"
    stop_pid "$pid"
    PEER_STATUS=measured
}
if [[ $PEER == 1 ]]; then run_peer; else peer_skip "PEER=0"; fi

# --- 4. signing limit (last third), metadata, summary ------------------------------------------
openssl_slot 2
write_meta "$RUN_DIR/meta.json" run_id="$RUN_ID" cpi_rev="$CPI_REV" oha_version="$OHA_VERSION" \
    peer_version="$PEER_VERSION" peer_status="$PEER_STATUS" cpi_peak_rss_kb="$CPI_RSS_KB" \
    machine_busy_before_pct="$BUSY" duration="$DURATION" warmup="$WARMUP" reps="$REPS" \
    concurrency="$CONCURRENCY" server_cpu="$SERVER_CPU" loadgen_cpu="$LOADGEN_CPU" \
    openssl_seconds="$OPENSSL_SECONDS" openssl_reps="$OPENSSL_REPS"

echo
status=0
python3 "$BENCH/lib/summary.py" "$RUN_DIR" "$HEADLINE_C" || status=$?
((status == 0 || status == 3)) || die "summary failed"
echo
echo "raw results: $RUN_DIR"
if [[ $status == 3 && $STRICT == 1 ]]; then exit 3; fi
exit 0
