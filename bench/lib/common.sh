# Shared by bench/token.sh and bench/token-variants.sh (sourced, not executed).
# Expects ROOT and BENCH to be set; reads SERVER_CPU, LOADGEN_CPU, OHA, OPENSSL_SECONDS.

CLK_TCK=$(getconf CLK_TCK)
# cargo puts the binary under CARGO_TARGET_DIR when set (relative to the workspace root).
CARGO_TARGET=${CARGO_TARGET_DIR:-target}
[[ $CARGO_TARGET == /* ]] || CARGO_TARGET=$ROOT/$CARGO_TARGET
CPI=$CARGO_TARGET/release/cpi
OHA=${OHA:-$HOME/.oha/bin/oha}
SERVER_CPU=${SERVER_CPU:-1}
LOADGEN_CPU=${LOADGEN_CPU:-0}
OPENSSL_SECONDS=${OPENSSL_SECONDS:-3}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

# --- processes and temp dirs we own; stopped/removed by PID/path on exit ----------------------
OWN_PIDS=()
TEMP_DIRS=()
stop_pid() {
    local pid=$1 i p rest=()
    [[ " ${OWN_PIDS[*]} " == *" $pid "* ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
    for p in "${OWN_PIDS[@]}"; do [[ $p == "$pid" ]] || rest+=("$p"); done
    OWN_PIDS=("${rest[@]}")
}
cleanup() {
    local pid dir
    for pid in "${OWN_PIDS[@]}"; do stop_pid "$pid"; done
    for dir in "${TEMP_DIRS[@]}"; do rm -rf -- "$dir"; done
}
trap cleanup EXIT
trap 'log "ERROR: unexpected failure at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# CPU seconds (user + system, all threads) a process has used so far.
cpu_seconds() {
    sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$CLK_TCK" '{printf "%.3f\n", ($12 + $13) / hz}'
}

# "<total ticks> <steal ticks>" of one CPU from /proc/stat (steal: time the hypervisor gave away).
cpu_ticks() {
    awk -v cpu="cpu$1" '$1 == cpu {t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9}' /proc/stat
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (b > 0 ? a / b : 0)}'; }

# Share of all CPUs busy over one second (to warn when something else is running).
machine_busy() {
    python3 - <<'PY'
import time
def snap():
    v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(v), v[3] + v[4]
t0, i0 = snap(); time.sleep(1); t1, i1 = snap()
print(f"{(1 - (i1 - i0) / max(t1 - t0, 1)) * 100:.0f}")
PY
}

check_prerequisites() {
    local tool ncpu
    for tool in taskset curl python3 cargo openssl getconf git; do
        command -v "$tool" >/dev/null || die "'$tool' is required"
    done
    ncpu=$(nproc --all)
    [[ $SERVER_CPU != "$LOADGEN_CPU" ]] || die "SERVER_CPU and LOADGEN_CPU must differ"
    ((SERVER_CPU < ncpu && LOADGEN_CPU < ncpu)) || die "this machine has $ncpu CPUs; set SERVER_CPU/LOADGEN_CPU"
    if [[ ! -x $OHA ]]; then
        log "oha not found at $OHA; installing it: cargo install oha --locked --root \$HOME/.oha (several minutes)"
        cargo install oha --locked --root "$HOME/.oha"
        OHA=$HOME/.oha/bin/oha
        [[ -x $OHA ]] || die "oha installation failed"
    fi
    OHA_VERSION=$("$OHA" --version | awk '{print $2}')
}

# new_run_dir <prefix>: RUN_ID, RUN_DIR (bench/out/<prefix><UTC time>), RUNS and the TSV headers.
new_run_dir() {
    RUN_ID=$1$(date -u +%Y%m%dT%H%M%SZ)
    RUN_DIR=$BENCH/out/$RUN_ID
    mkdir -p "$RUN_DIR/raw"
    ln -sfn "$RUN_ID" "$BENCH/out/latest${1:+-${1%-}}"
    RUNS=$RUN_DIR/runs.tsv
    printf 'target\tphase\tc\trep\ttokens_per_s\toha_rps\tp50_ms\tp99_ms\tok_200\tnon_200\taborted\tduration_s\tserver_cpu_s\tserver_cpu_util\tserver_cpu_us_per_token\tserver_cpu_steal\n' >"$RUNS"
    printf 'rep\tslot\tsign_per_s\tsteal\n' >"$RUN_DIR/openssl.tsv"
    log "results: $RUN_DIR"
}

build_cpi() {
    if [[ ${BUILD:-1} == 1 ]]; then
        log "cargo build --release -p cpi (waits if another build holds the cargo lock)"
        (cd "$ROOT" && cargo build --release -p cpi)
    fi
    [[ -x $CPI ]] || die "$CPI is missing (run with BUILD=1)"
    CPI_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [[ -n $(git -C "$ROOT" status --porcelain -- crates Cargo.toml Cargo.lock 2>/dev/null) ]]; then
        CPI_REV="$CPI_REV+uncommitted"
    fi
}

# run_oha <target> <server pid> <c> <phase> <rep> <duration> <url> [oha request args...]
# One keep-alive HTTP/1.1 oha run on LOADGEN_CPU; appends a row to $RUNS, fails unless all 200.
run_oha() {
    local target=$1 pid=$2 c=$3 phase=$4 rep=$5 dur=$6 url=$7
    shift 7
    local json=$RUN_DIR/raw/$target-c$c-$phase-$rep.json cpu0 cpu1 tick0 tick1 steal0 steal1 row
    cpu0=$(cpu_seconds "$pid")
    read -r tick0 steal0 < <(cpu_ticks "$SERVER_CPU")
    taskset -c "$LOADGEN_CPU" "$OHA" --no-tui --output-format json --http-version 1.1 -z "$dur" -c "$c" "$@" "$url" \
        >"$json" 2>"$json.stderr" || die "oha failed for $target c=$c ($json.stderr)"
    cpu1=$(cpu_seconds "$pid")
    read -r tick1 steal1 < <(cpu_ticks "$SERVER_CPU")
    row=$(python3 "$BENCH/lib/oha_row.py" "$json" "$target" "$phase" "$c" "$rep" \
        "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{printf "%.3f", b - a}')") ||
        die "$target c=$c $phase $rep: not every response was 200 (see above)"
    row+=$'\t'$(ratio "$((steal1 - steal0))" "$((tick1 - tick0))")
    printf '%s\n' "$row" >>"$RUNS"
    awk -F'\t' '{printf "  %-13s c=%-3s %-6s %s: %8.0f /s  p50 %6.2f ms  p99 %6.2f ms  server CPU %3.0f%%  %5.0f µs/req  steal %2.0f%%\n",
        $1, $3, $2, $4, $5, $7, $8, $14 * 100, $15, $16 * 100}' <<<"$row" >&2
}

# smoke_token <target> <url> <auth> <body>: one request with curl; must be 200 with an RS256 JWT.
smoke_token() {
    local target=$1 url=$2 auth=$3 body=$4 file=$RUN_DIR/$1-token-response.json code
    code=$(curl -sS -o "$file" -w '%{http_code}' -u "$auth" -H 'Content-Type: application/x-www-form-urlencoded' \
        --data-raw "$body" "$url") || return 1
    [[ $code == 200 ]] || {
        log "$target: token request returned HTTP $code: $(head -c 300 "$file")"
        return 1
    }
    python3 - "$file" "$target" <<'PY' >&2
import base64, json, sys
body = json.load(open(sys.argv[1]))
token = body["access_token"]
header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
assert header.get("alg") == "RS256", header
claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
size = len(open(sys.argv[1], "rb").read())
scopes = claims.get("scope", [])
print(f"  {sys.argv[2]}: 200, {header['alg']} JWT of {len(token)} bytes "
      f"({len(scopes) if isinstance(scopes, list) else len(str(scopes).split())} scopes), response body {size} bytes")
PY
}

wait_http_200() { # wait_http_200 <url> <pid> <seconds>
    local url=$1 pid=$2 i
    for i in $(seq 1 $(($3 * 10))); do
        kill -0 "$pid" 2>/dev/null || return 1
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$url" || true) == 200 ]] && return 0
        sleep 0.1
    done
    return 1
}

# start_cpi <name> [env assignments...]: cpi serve --dev on a fresh temp data dir and a free port,
# pinned to SERVER_CPU. Sets CPI_PID, CPI_DATA, CPI_PORT, CLIENT_ID, CLIENT_SECRET, TOKEN_URL.
start_cpi() {
    local name=$1
    shift
    CPI_DATA=$(mktemp -d -t "cpi-bench-$name.XXXXXX")
    TEMP_DIRS+=("$CPI_DATA")
    CPI_PORT=$(free_port)
    log "starting cpi serve ($name) on 127.0.0.1:$CPI_PORT, CPU $SERVER_CPU, data dir $CPI_DATA${*:+, env $*}"
    env "$@" taskset -c "$SERVER_CPU" "$CPI" serve --listen "127.0.0.1:$CPI_PORT" --data-dir "$CPI_DATA" --dev \
        >"$CPI_DATA/serve.log" 2>&1 &
    CPI_PID=$!
    OWN_PIDS+=("$CPI_PID")
    wait_http_200 "http://127.0.0.1:$CPI_PORT/healthz" "$CPI_PID" 60 && [[ -s $CPI_DATA/keys/dev-api.json ]] ||
        die "cpi serve did not come up: $(tail -n 20 "$CPI_DATA/serve.log")"
    read_key "$CPI_DATA/keys/dev-api.json"
}

# read_key <service key file>: sets CLIENT_ID, CLIENT_SECRET, TOKEN_URL (values contain | ! $ =).
read_key() {
    IFS=$'\t' read -r CLIENT_ID CLIENT_SECRET TOKEN_URL < <(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))["oauth"]
print(o["clientid"], o["clientsecret"], o["tokenurl"], sep="\t")' "$1")
    [[ -n $CLIENT_ID && -n $CLIENT_SECRET && -n $TOKEN_URL ]] || die "cannot read service key $1"
}

# save_serve_log <data dir> <dest>: the server logs one line per request by default; keep only
# the start (client secrets in the printed curl snippet redacted), the size and the end.
save_serve_log() {
    {
        head -n 25 "$1/serve.log"
        echo "... ($(wc -l <"$1/serve.log") lines, $(du -h "$1/serve.log" | cut -f1) in total; last lines:)"
        tail -n 3 "$1/serve.log"
    } | sed -E 's/[0-9a-f-]{36}\$[A-Za-z0-9_=+\/-]+/<secret redacted>/g' >"$2"
}

# openssl_once <rep> <slot>: one `openssl speed rsa2048` on SERVER_CPU, appended to openssl.tsv.
openssl_once() {
    local rep=$1 slot=$2 out=$RUN_DIR/openssl-$1.txt sign steal tick0 tick1 steal0 steal1
    read -r tick0 steal0 < <(cpu_ticks "$SERVER_CPU")
    taskset -c "$SERVER_CPU" openssl speed -seconds "$OPENSSL_SECONDS" rsa2048 >"$out" 2>/dev/null ||
        die "openssl speed failed"
    read -r tick1 steal1 < <(cpu_ticks "$SERVER_CPU")
    sign=$(python3 "$BENCH/lib/openssl_sign.py" <"$out") || die "cannot parse $out"
    steal=$(ratio "$((steal1 - steal0))" "$((tick1 - tick0))")
    printf '%s\t%s\t%s\t%s\n' "$rep" "$slot" "$sign" "$steal" >>"$RUN_DIR/openssl.tsv"
    log "openssl speed -seconds $OPENSSL_SECONDS rsa2048 on CPU $SERVER_CPU (#$rep): $sign sign/s" \
        "(steal $(awk -v s="$steal" 'BEGIN{printf "%.0f", s * 100}')%)"
}

# write_meta <file> [key=value...]: machine, versions and run parameters as JSON.
write_meta() {
    local file=$1
    shift
    python3 - "$file" "$@" <<'PY'
import json, os, platform, subprocess, sys

def cmd(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
    except Exception:
        return None

NUMERIC = {"reps", "server_cpu", "loadgen_cpu", "openssl_seconds", "openssl_reps", "cpi_peak_rss_kb",
           "machine_busy_before_pct"}
meta = {}
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1)
    meta[k] = int(v) if k in NUMERIC and v.isdigit() else (v or None)
if meta.get("concurrency"):
    meta["concurrency"] = [int(c) for c in meta["concurrency"].split()]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), None)
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
osname = next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME")), None)
meta.update({
    "cpi_log": os.environ.get("CPI_LOG"), "openssl_ia32cap": os.environ.get("OPENSSL_ia32cap"), "cpu_model": cpu, "cpus": os.cpu_count(),
    "mem_gib": round(mem / 2**20, 1), "os": osname, "kernel": platform.release(),
    "rustc": cmd("rustc", "--version"), "openssl": cmd("openssl", "version"),
    "node": cmd("node", "--version"), "python": platform.python_version(),
})
json.dump(meta, open(sys.argv[1], "w"), indent=2)
PY
}
