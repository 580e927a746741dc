#!/usr/bin/env bash
# OData read benchmark of `cpi serve` (issue 3), side by side with SAP CAP in the same run.
# Both servers hold the same 10,000 IntegrationDesigntimeArtifacts and are pinned to one core
# (taskset -c 0); oha runs on the other (taskset -c 1), keep-alive HTTP/1.1, c=10. Queries:
#   top100   GET …/IntegrationDesigntimeArtifacts?$top=100&$format=json
#   filter   the same with $filter=PackageId eq 'Pkg3' and startswith(Name,'Flow 1')
#            (111 matches, 100 returned)
# against four targets: cpi (/api/v1, OData V2, bearer token of an `api` key with
# WorkspacePackagesRead only), CAP V2 (@cap-js-community/odata-v2-adapter, /odata/v2/cpi) and
# CAP V4 (native, /odata/v4/cpi, no $format). CAP is @sap/cds 9 on SQLite (bench/peers/cap/),
# started with NODE_ENV=production and `dummy` auth, i.e. without any authentication.
#
#   bash bench/odata.sh           # build, seed, measure, print the summary (about 8 minutes)
#
# Steps: cargo build --release; cpi serve on a fresh temp data dir (no --dev); `cpi instance
# create` + `cpi key create` for a read key (WorkspacePackagesRead) and a seeding key
# (WorkspacePackagesEdit); seeding through the API (POST IntegrationPackages ×10, then
# POST IntegrationDesigntimeArtifacts ×10,000 without ArtifactContent, timed); export of the
# rows from cpi, loaded into CAP's SQLite file (bench/peers/cap/seed.js); one curl per target
# and query (status 200, 100 rows, the same Ids on every target); a warm-up per cell, then REPS
# rounds in which every cell runs once (round-robin, so drift of the VM hits all targets alike).
#
# Results go to bench/out/odata-<UTC timestamp>/ (bench/out/latest-odata points at the newest):
#   runs.tsv    one row per oha run (warm-ups too): rates, latencies, server CPU, loadgen CPU
#   raw/*.json  oha's JSON reports;  responses/*  one response body per cell (smoke test)
#   seed.json   seeding time;  sizes.tsv  response sizes;  meta.json  machine and versions
#   summary.md / summary.json   medians, ratios and the target checks
#
# Environment (defaults in brackets):
#   DURATION [20s]  WARMUP [3s]  REPS [3]  CONC [10]  SERVER_CPU [0]  LOADGEN_CPU [1]
#   ARTIFACTS [10000]  PACKAGES [10]  SEED_THREADS [8]   (ARTIFACTS >= 2000 and PACKAGES = 10 keep
#                 111 filter matches, i.e. full 100-row pages for both queries)
#   BUILD [1]     0 = use the existing target/release/cpi
#   PEER [1]      0 = skip CAP (cpi only)
#   CAP_DIR [bench/out/cap-peer]  where bench/peers/cap is copied and npm-installed (kept between
#                 runs; reinstalled when package.json changes)
#   OHA [$HOME/.oha/bin/oha]; installed with `cargo install oha --locked` if missing
#   STRICT [0]    1 = exit 3 when a target is missed
#   CPI_ENV []    extra environment for cpi serve only, e.g.
#                 CPI_ENV=LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 (allocator experiment)
# Any non-200 response or request error fails the run (exit 1).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-3s}
REPS=${REPS:-3}
CONC=${CONC:-10}
SERVER_CPU=${SERVER_CPU:-0}
LOADGEN_CPU=${LOADGEN_CPU:-1}
ARTIFACTS=${ARTIFACTS:-10000}
PACKAGES=${PACKAGES:-10}
SEED_THREADS=${SEED_THREADS:-8}
PEER=${PEER:-1}
CAP_DIR=${CAP_DIR:-$BENCH/out/cap-peer}
STRICT=${STRICT:-0}
CPI_ENV=${CPI_ENV:-}
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"

ENTITY=IntegrationDesigntimeArtifacts
Q_TOP='$top=100'
# URL-encoded: $filter=PackageId eq 'Pkg3' and startswith(Name,'Flow 1')
Q_FILTER="\$filter=PackageId%20eq%20'Pkg3'%20and%20startswith(Name,'Flow%201')&\$top=100"

# shellcheck source=lib/http_cells.sh
source "$BENCH/lib/http_cells.sh"

# smoke <target> <query name> <url> [curl args...]: 200, 100 rows; records size and Ids.
smoke() {
    local target=$1 query=$2 url=$3 file code
    shift 3
    file=$RUN_DIR/responses/$target-$query.json
    code=$(curl -sS -o "$file" -w '%{http_code}' "$@" "$url") || die "curl failed: $url"
    [[ $code == 200 ]] || die "$target $query: HTTP $code: $(head -c 300 "$file")"
    python3 - "$file" "$target" "$query" "$RUN_DIR/sizes.tsv" "$RUN_DIR/ids-$query.txt" <<'PY' || die "$target $query: unexpected response"
import json, os, sys
path, target, query, sizes, ids_file = sys.argv[1:6]
body = json.load(open(path))
rows = body["value"] if "value" in body else body["d"]["results"]
ids = [r["Id"] for r in rows]
assert len(ids) == 100, f"{len(ids)} rows instead of 100"
size = os.path.getsize(path)
with open(sizes, "a") as f:
    f.write(f"{target}\t{query}\t{size}\t{len(ids)}\t{ids[0]}\t{ids[-1]}\n")
if os.path.exists(ids_file):
    first = open(ids_file).read().split()
    assert sorted(first) == sorted(ids), f"{target} returns other rows than the first target for {query}"
else:
    open(ids_file, "w").write("\n".join(ids))
print(f"  {target} {query}: 200, {len(ids)} rows ({ids[0]} … {ids[-1]}), {size} bytes", file=sys.stderr)
PY
}

check_prerequisites
((ARTIFACTS >= 2000)) && [[ $PACKAGES == 10 ]] || die "ARTIFACTS >= 2000 and PACKAGES = 10 are needed for full 100-row pages"
command -v node >/dev/null && command -v npm >/dev/null || { [[ $PEER == 0 ]] || die "node and npm are required for the CAP peer (or PEER=0)"; }
RUN_ID=odata-$(date -u +%Y%m%dT%H%M%SZ)
RUN_DIR=$BENCH/out/$RUN_ID
mkdir -p "$RUN_DIR/raw" "$RUN_DIR/responses"
ln -sfn "$RUN_ID" "$BENCH/out/latest-odata"
RUNS=$RUN_DIR/runs.tsv
printf '%s\n' "$RUNS_HEADER" >"$RUNS"
printf 'target\tquery\tbytes\trows\tfirst_id\tlast_id\n' >"$RUN_DIR/sizes.tsv"
log "results: $RUN_DIR"
build_cpi
BUSY=$(machine_busy)
log "machine busy before the run: ${BUSY}% of all CPUs"
((BUSY < 15)) || log "WARNING: something else is using the CPUs; figures will be noisy"

# --- 1. cpi serve, keys, tokens -----------------------------------------------------------------
CPI_DATA=$(mktemp -d -t cpi-bench-odata.XXXXXX)
TEMP_DIRS+=("$CPI_DATA")
CPI_PORT=$(free_port)
CPI_BASE=http://127.0.0.1:$CPI_PORT
log "starting cpi serve on $CPI_BASE, CPU $SERVER_CPU, data dir $CPI_DATA${CPI_ENV:+, env $CPI_ENV}"
# shellcheck disable=SC2086 # CPI_ENV holds zero or more VAR=value words
env $CPI_ENV taskset -c "$SERVER_CPU" "$CPI" serve --listen "127.0.0.1:$CPI_PORT" --data-dir "$CPI_DATA" >"$CPI_DATA/serve.log" 2>&1 &
CPI_PID=$!
OWN_PIDS+=("$CPI_PID")
wait_http_200 "$CPI_BASE/healthz" "$CPI_PID" 60 && [[ -s $CPI_DATA/admin-key.json ]] ||
    die "cpi serve did not come up: $(tail -n 20 "$CPI_DATA/serve.log")"
export CPI_DATA_DIR=$CPI_DATA
"$CPI" instance create it-rt api bench-read -c '{"roles":["WorkspacePackagesRead"]}' >/dev/null
"$CPI" instance create it-rt api bench-seed -c '{"roles":["WorkspacePackagesEdit"]}' >/dev/null
"$CPI" key create bench-read k1 >"$CPI_DATA/read-key.json"
"$CPI" key create bench-seed k1 >"$CPI_DATA/seed-key.json"
unset CPI_DATA_DIR
bearer_token "$CPI_DATA/read-key.json" "$CPI_DATA/read.token"
bearer_token "$CPI_DATA/seed-key.json" "$CPI_DATA/seed.token"
READ_TOKEN=$(<"$CPI_DATA/read.token")
log "read token: $(wc -c <"$CPI_DATA/read.token") bytes (api instance with WorkspacePackagesRead)"

# --- 2. seeding through the API -----------------------------------------------------------------
log "seeding $ARTIFACTS artifacts in $PACKAGES packages through the API ($SEED_THREADS connections, client on CPU $LOADGEN_CPU)"
taskset -c "$LOADGEN_CPU" python3 "$BENCH/lib/odata_seed.py" seed "$CPI_BASE" "$CPI_DATA/seed.token" \
    "$ARTIFACTS" "$PACKAGES" "$SEED_THREADS" >"$RUN_DIR/seed.json" || die "seeding failed"
log "seeded: $(cat "$RUN_DIR/seed.json")"
N_EXPORTED=$(python3 "$BENCH/lib/odata_seed.py" export "$CPI_BASE" "$CPI_DATA/read.token" "$CPI_DATA/rows.json") ||
    die "export failed"
[[ $N_EXPORTED == "$ARTIFACTS" ]] || die "cpi lists $N_EXPORTED artifacts, expected $ARTIFACTS"
log "cpi lists $N_EXPORTED artifacts; database $(du -sh "$CPI_DATA" | cut -f1)"

AUTH=(-H "Authorization: Bearer $READ_TOKEN")
smoke cpi top100 "$CPI_BASE/api/v1/$ENTITY?$Q_TOP&\$format=json" "${AUTH[@]}"
smoke cpi filter "$CPI_BASE/api/v1/$ENTITY?$Q_FILTER&\$format=json" "${AUTH[@]}"

# --- 3. CAP peer --------------------------------------------------------------------------------
CAP_VERSION=
CAP_PID=
if [[ $PEER == 1 ]]; then
    mkdir -p "$CAP_DIR"
    if ! cmp -s "$BENCH/peers/cap/package.json" "$CAP_DIR/package.json" || [[ ! -d $CAP_DIR/node_modules/@sap/cds ]]; then
        log "npm install in $CAP_DIR (about a minute; better-sqlite3 builds from source)"
        rm -rf "$CAP_DIR/node_modules" "$CAP_DIR/package-lock.json"
        cp "$BENCH/peers/cap/package.json" "$CAP_DIR/"
        (cd "$CAP_DIR" && npm install --no-audit --no-fund) >"$RUN_DIR/cap-install.log" 2>&1 ||
            die "npm install failed: $(tail -n 5 "$RUN_DIR/cap-install.log")"
    fi
    rm -rf "$CAP_DIR/db" "$CAP_DIR/srv"
    cp -r "$BENCH/peers/cap/db" "$BENCH/peers/cap/srv" "$BENCH/peers/cap/server.js" "$BENCH/peers/cap/seed.js" "$CAP_DIR/"
    CAP_VERSION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$CAP_DIR/node_modules/@sap/cds/package.json")
    V2A_VERSION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$CAP_DIR/node_modules/@cap-js-community/odata-v2-adapter/package.json")
    SQLITE_VERSION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$CAP_DIR/node_modules/@cap-js/sqlite/package.json")
    (cd "$CAP_DIR" && NODE_ENV=production node seed.js "$CPI_DATA/rows.json") >"$RUN_DIR/cap-seed.log" 2>&1 ||
        die "CAP seeding failed: $(tail -n 5 "$RUN_DIR/cap-seed.log")"
    log "$(grep 'cap peer' "$RUN_DIR/cap-seed.log")"
    CAP_PORT=$(free_port)
    CAP_BASE=http://127.0.0.1:$CAP_PORT
    log "starting CAP (@sap/cds $CAP_VERSION, odata-v2-adapter $V2A_VERSION, @cap-js/sqlite $SQLITE_VERSION) on $CAP_BASE, CPU $SERVER_CPU"
    (cd "$CAP_DIR" && PORT=$CAP_PORT NODE_ENV=production exec taskset -c "$SERVER_CPU" node server.js) >"$RUN_DIR/cap-serve.log" 2>&1 &
    CAP_PID=$!
    OWN_PIDS+=("$CAP_PID")
    wait_http_200 "$CAP_BASE/odata/v4/cpi/\$metadata" "$CAP_PID" 60 || die "CAP did not come up: $(tail -n 20 "$RUN_DIR/cap-serve.log")"
    smoke cap-v2 top100 "$CAP_BASE/odata/v2/cpi/$ENTITY?$Q_TOP&\$format=json"
    smoke cap-v2 filter "$CAP_BASE/odata/v2/cpi/$ENTITY?$Q_FILTER&\$format=json"
    smoke cap-v4 top100 "$CAP_BASE/odata/v4/cpi/$ENTITY?$Q_TOP"
    smoke cap-v4 filter "$CAP_BASE/odata/v4/cpi/$ENTITY?$Q_FILTER"
fi

# --- 4. load ------------------------------------------------------------------------------------
# cell <name> <phase> <rep> <duration>: one oha run of the named target and query.
cell() {
    local name=$1 phase=$2 rep=$3 dur=$4
    case $name in
    cpi-top100) bench_cell "$name" "$CPI_PID" "$phase" "$rep" "$dur" "$CPI_BASE/api/v1/$ENTITY?$Q_TOP&\$format=json" "${AUTH[@]}" ;;
    cpi-filter) bench_cell "$name" "$CPI_PID" "$phase" "$rep" "$dur" "$CPI_BASE/api/v1/$ENTITY?$Q_FILTER&\$format=json" "${AUTH[@]}" ;;
    cap-v2-top100) bench_cell "$name" "$CAP_PID" "$phase" "$rep" "$dur" "$CAP_BASE/odata/v2/cpi/$ENTITY?$Q_TOP&\$format=json" ;;
    cap-v2-filter) bench_cell "$name" "$CAP_PID" "$phase" "$rep" "$dur" "$CAP_BASE/odata/v2/cpi/$ENTITY?$Q_FILTER&\$format=json" ;;
    cap-v4-top100) bench_cell "$name" "$CAP_PID" "$phase" "$rep" "$dur" "$CAP_BASE/odata/v4/cpi/$ENTITY?$Q_TOP" ;;
    cap-v4-filter) bench_cell "$name" "$CAP_PID" "$phase" "$rep" "$dur" "$CAP_BASE/odata/v4/cpi/$ENTITY?$Q_FILTER" ;;
    esac
}
NAMES=(cpi-top100 cpi-filter)
[[ $PEER == 1 ]] && NAMES+=(cap-v2-top100 cap-v2-filter cap-v4-top100 cap-v4-filter)
log "warm-up: $WARMUP per cell at c=$CONC"
for name in "${NAMES[@]}"; do cell "$name" warmup 0 "$WARMUP"; done
for rep in $(seq 1 "$REPS"); do
    log "round $rep of $REPS: $DURATION per cell at c=$CONC"
    for name in "${NAMES[@]}"; do cell "$name" run "$rep" "$DURATION"; done
done

CPI_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$CPI_PID/status")
CAP_RSS_KB=
[[ -n $CAP_PID ]] && CAP_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$CAP_PID/status")
stop_pid "$CPI_PID"
[[ -n $CAP_PID ]] && stop_pid "$CAP_PID"
save_serve_log "$CPI_DATA" "$RUN_DIR/cpi-serve.log"

# --- 5. metadata, summary -----------------------------------------------------------------------
write_meta "$RUN_DIR/meta.json" run_id="$RUN_ID" cpi_rev="$CPI_REV" oha_version="$OHA_VERSION" \
    cap_version="$CAP_VERSION" cap_odata_v2_adapter_version="${V2A_VERSION:-}" cap_sqlite_version="${SQLITE_VERSION:-}" \
    cpi_peak_rss_kb="$CPI_RSS_KB" cap_peak_rss_kb="$CAP_RSS_KB" machine_busy_before_pct="$BUSY" \
    duration="$DURATION" warmup="$WARMUP" reps="$REPS" concurrency="$CONC" server_cpu="$SERVER_CPU" \
    loadgen_cpu="$LOADGEN_CPU" artifacts="$ARTIFACTS" packages="$PACKAGES" seed_threads="$SEED_THREADS" \
    read_token_bytes="${#READ_TOKEN}" cpi_env="$CPI_ENV"

echo
status=0
python3 "$BENCH/lib/odata_summary.py" "$RUN_DIR" || status=$?
((status == 0 || status == 3)) || die "summary failed"
echo
echo "raw results: $RUN_DIR"
if [[ $status == 3 && $STRICT == 1 ]]; then exit 3; fi
exit 0
