#!/usr/bin/env bash
# Where does the token endpoint's time go? Configuration-only variants of `cpi serve`, measured
# with the same method as bench/token.sh (server on CPU 1, oha on CPU 0, keep-alive HTTP/1.1)
# at one concurrency, interleaved round by round with `openssl speed rsa2048` so that a VM's
# drift hits every variant alike. No code changes are involved:
#
#   token          the dev `api` key (all 26 API roles: ~8 KB JWT, ~10 KB response), default logging
#   token-nolog    the same on a second server started with CPI_LOG=warn (no line per request)
#   token-small    an `api` instance with one role (WorkspacePackagesRead): ~1.5 KB JWT
#   healthz        GET /healthz: HTTP, routing and the per-request log line, without a token
#   healthz-nolog  GET /healthz with CPI_LOG=warn
#   token-noadx    the dev key on a third server started with OPENSSL_ia32cap=:~0x80100, which
#                  stops AWS-LC/OpenSSL from using the BMI2/ADX (MULX/ADCX/ADOX) bignum code
# Each round also measures, on the server core, `openssl speed rsa2048` and aws-lc-rs's own RS256
# rate (bench/lib/signbench.rs, built once into ~/.cache/cpi-bench against the workspace's
# aws-lc-rs version), the latter also with the BMI2/ADX mask.
#
#   bench/token-variants.sh        # about 5 minutes; results in bench/out/variants-<UTC time>/
#
# Environment: C [10], REPS [3], DURATION [10s], WARMUP [3s], BUILD [1], SERVER_CPU [1],
# LOADGEN_CPU [0], OPENSSL_SECONDS [3], OHA.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
C=${C:-10}
REPS=${REPS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"

BODY='grant_type=client_credentials'
FORM=(-m POST -T application/x-www-form-urlencoded -d "$BODY")

# The RS256 rate of aws-lc-rs itself (the library cpi signs with; OpenSSL's rate is the target's
# reference). bench/lib/signbench.rs is built outside the repo against the workspace's version.
AWSLC_VERSION=$(awk '/^name = "aws-lc-rs"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' "$ROOT/Cargo.lock")
SIGNBENCH_DIR=${SIGNBENCH_DIR:-$HOME/.cache/cpi-bench/signbench-$AWSLC_VERSION}
build_signbench() {
    [[ -n $AWSLC_VERSION ]] || die "aws-lc-rs not found in Cargo.lock"
    mkdir -p "$SIGNBENCH_DIR/src"
    cp "$BENCH/lib/signbench.rs" "$SIGNBENCH_DIR/src/main.rs"
    printf '[package]\nname = "signbench"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\naws-lc-rs = "=%s"\n\n[workspace]\n' \
        "$AWSLC_VERSION" >"$SIGNBENCH_DIR/Cargo.toml"
    log "building the aws-lc-rs $AWSLC_VERSION signing micro-benchmark in $SIGNBENCH_DIR"
    (cd "$SIGNBENCH_DIR" && cargo build --release --quiet) || die "signbench build failed"
    printf 'rep\tenv\tsign_per_s\n' >"$RUN_DIR/aws-lc-rs.tsv"
}
awslc_once() { # awslc_once <rep> <signing-input bytes> [env assignments...]
    local rep=$1 len=$2 sign
    shift 2
    sign=$(env "$@" taskset -c "$SERVER_CPU" "$SIGNBENCH_DIR/target/release/signbench" "$OPENSSL_SECONDS" "$len")
    printf '%s\t%s\t%s\n' "$rep" "${*:-default}" "$sign" >>"$RUN_DIR/aws-lc-rs.tsv"
    log "aws-lc-rs $AWSLC_VERSION RS256 sign on CPU $SERVER_CPU (#$rep, $len-byte input${*:+, $*}): $sign/s"
}

check_prerequisites
new_run_dir variants-
build_cpi
build_signbench

start_cpi default
DEFAULT_PID=$CPI_PID DEFAULT_DATA=$CPI_DATA DEFAULT_PORT=$CPI_PORT
DEFAULT_AUTH="$CLIENT_ID:$CLIENT_SECRET" DEFAULT_URL=$TOKEN_URL
CPI_DATA_DIR=$DEFAULT_DATA "$CPI" instance create it-rt api bench-small -c '{"roles":["WorkspacePackagesRead"]}' >/dev/null
CPI_DATA_DIR=$DEFAULT_DATA "$CPI" key create bench-small k1 >"$RUN_DIR/small-key.json"
read_key "$RUN_DIR/small-key.json"
SMALL_AUTH="$CLIENT_ID:$CLIENT_SECRET"

start_cpi nolog CPI_LOG=warn
NOLOG_PID=$CPI_PID NOLOG_DATA=$CPI_DATA NOLOG_PORT=$CPI_PORT
NOLOG_AUTH="$CLIENT_ID:$CLIENT_SECRET" NOLOG_URL=$TOKEN_URL

NOADX=OPENSSL_ia32cap=:~0x80100
start_cpi noadx "$NOADX"
NOADX_PID=$CPI_PID NOADX_DATA=$CPI_DATA
NOADX_AUTH="$CLIENT_ID:$CLIENT_SECRET" NOADX_URL=$TOKEN_URL

smoke_token token "$DEFAULT_URL" "$DEFAULT_AUTH" "$BODY" || die "smoke test failed"
smoke_token token-small "$DEFAULT_URL" "$SMALL_AUTH" "$BODY" || die "smoke test failed"
smoke_token token-nolog "$NOLOG_URL" "$NOLOG_AUTH" "$BODY" || die "smoke test failed"
# Bytes signed per token (header.payload of the default token).
SIGNING_INPUT=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["access_token"]; print(t.rindex("."))' \
    "$RUN_DIR/token-token-response.json")

variant() { # variant <name> <phase> <rep> <duration>
    case $1 in
    token) run_oha token "$DEFAULT_PID" "$C" "$2" "$3" "$4" "$DEFAULT_URL" "${FORM[@]}" -a "$DEFAULT_AUTH" ;;
    token-nolog) run_oha token-nolog "$NOLOG_PID" "$C" "$2" "$3" "$4" "$NOLOG_URL" "${FORM[@]}" -a "$NOLOG_AUTH" ;;
    token-small) run_oha token-small "$DEFAULT_PID" "$C" "$2" "$3" "$4" "$DEFAULT_URL" "${FORM[@]}" -a "$SMALL_AUTH" ;;
    token-noadx) run_oha token-noadx "$NOADX_PID" "$C" "$2" "$3" "$4" "$NOADX_URL" "${FORM[@]}" -a "$NOADX_AUTH" ;;
    healthz) run_oha healthz "$DEFAULT_PID" "$C" "$2" "$3" "$4" "http://127.0.0.1:$DEFAULT_PORT/healthz" ;;
    healthz-nolog) run_oha healthz-nolog "$NOLOG_PID" "$C" "$2" "$3" "$4" "http://127.0.0.1:$NOLOG_PORT/healthz" ;;
    esac
}
VARIANTS=(token token-nolog token-small token-noadx healthz healthz-nolog)

for v in "${VARIANTS[@]}"; do variant "$v" warmup 0 "$WARMUP"; done
for rep in $(seq 1 "$REPS"); do
    log "round $rep of $REPS"
    openssl_once "$rep" 0
    awslc_once "$rep" "$SIGNING_INPUT"
    awslc_once "$rep" "$SIGNING_INPUT" "$NOADX"
    for v in "${VARIANTS[@]}"; do variant "$v" run "$rep" "$DURATION"; done
done

stop_pid "$DEFAULT_PID"
stop_pid "$NOLOG_PID"
stop_pid "$NOADX_PID"
save_serve_log "$DEFAULT_DATA" "$RUN_DIR/cpi-serve-default.log"
save_serve_log "$NOLOG_DATA" "$RUN_DIR/cpi-serve-nolog.log"
save_serve_log "$NOADX_DATA" "$RUN_DIR/cpi-serve-noadx.log"
write_meta "$RUN_DIR/meta.json" run_id="$RUN_ID" cpi_rev="$CPI_REV" oha_version="$OHA_VERSION" \
    duration="$DURATION" warmup="$WARMUP" reps="$REPS" concurrency="$C" server_cpu="$SERVER_CPU" \
    loadgen_cpu="$LOADGEN_CPU" openssl_seconds="$OPENSSL_SECONDS"

echo
python3 - "$RUN_DIR" <<'PY'
import csv, statistics as st, sys
d = sys.argv[1]
rows = [r for r in csv.DictReader(open(f"{d}/runs.tsv"), delimiter="\t") if r["phase"] == "run"]
signs = [float(r["sign_per_s"]) for r in csv.DictReader(open(f"{d}/openssl.tsv"), delimiter="\t")]
limit = st.median(signs)
awslc_rows = list(csv.DictReader(open(f"{d}/aws-lc-rs.tsv"), delimiter="\t"))
awslc = [float(r["sign_per_s"]) for r in awslc_rows if r["env"] == "default"]
awslc_noadx = [float(r["sign_per_s"]) for r in awslc_rows if r["env"] != "default"]
awslc_limit = st.median(awslc)
noadx_limit = st.median(awslc_noadx) if awslc_noadx else None
sign_us = 1e6 / awslc_limit
out = [f"RSA-2048 sign on the server core: openssl speed {limit:.0f}/s (median of {', '.join(f'{s:.0f}' for s in signs)});"
       f" aws-lc-rs RS256 {awslc_limit:.0f}/s (median of {', '.join(f'{s:.0f}' for s in awslc)})"
       f" = {sign_us:.0f} µs per token signature"
       + (f"; aws-lc-rs with the BMI2/ADX mask {noadx_limit:.0f}/s (median of {', '.join(f'{s:.0f}' for s in awslc_noadx)})"
          if noadx_limit else ""), "",
       "| Variant | req/s (median) | runs | p50 ms | p99 ms | server CPU µs/req | of which not signing (µs) | ÷ openssl limit | ÷ aws-lc-rs limit (same env) |",
       "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
for name in dict.fromkeys(r["target"] for r in rows):
    rr = [r for r in rows if r["target"] == name]
    med = lambda k: st.median(float(r[k]) for r in rr)
    rate, cpu = med("tokens_per_s"), med("server_cpu_us_per_token")
    token = name.startswith("token")
    runs = " / ".join(f"{float(r['tokens_per_s']):.0f}" for r in rr)
    own_limit = noadx_limit if name == "token-noadx" and noadx_limit else awslc_limit
    not_rsa = cpu - 1e6 / own_limit if token else cpu
    of_limit = f"{rate / limit:.1%}" if token else "–"
    of_awslc = f"{rate / own_limit:.1%}" if token else "–"
    out.append(f"| {name} | {rate:.0f} | {runs} | {med('p50_ms'):.2f} | {med('p99_ms'):.2f} | {cpu:.0f} "
               f"| {not_rsa:.0f} | {of_limit} | {of_awslc} |")
text = "\n".join(out) + "\n"
open(f"{d}/summary.md", "w").write(text)
print(text)
PY
echo "raw results: $RUN_DIR"
