#!/usr/bin/env bash
# Message processing log read benchmark of `cpi serve` (issue 4), side by side with SAP CAP in the
# same run. cpi holds MPLS generated logs (`cpi mpl generate`); CAP holds the same rows, copied
# straight from cpi's SQLite file. Both servers are pinned to one core (taskset -c 0); oha runs on
# the other (taskset -c 1), keep-alive HTTP/1.1, c=10. Queries (URL-encoded; <bound> is a whole
# second BOUND_DAYS before the newest LogEnd, i.e. the last 3 of 7 days; <flow> is the flow with
# the most FAILED logs after it):
#   status       MessageProcessingLogs?$filter=Status eq 'FAILED' and LogEnd gt datetime'<bound>'
#                &$orderby=LogEnd desc&$top=100
#   status-flow  the same filter and IntegrationArtifact/Id eq '<flow>' (CAP's flat model:
#                IntegrationFlowName eq '<flow>')
#   count        MessageProcessingLogs/$count?$filter=<the status filter>
#   page         page PAGE (50) of a walk through all logs, newest first: cpi's own __next link of
#                page 49 ($skiptoken=49000, checked by following the links once); CAP:
#                $skip=49000&$top=1000
# against three targets: cpi (/api/v1, OData V2, bearer token of an `api` key with
# MonitoringDataRead only), CAP V2 (@cap-js-community/odata-v2-adapter, /odata/v2/cpi) and CAP
# V4 (native, /odata/v4/cpi, V4 literals, no $format). CAP is @sap/cds 9 on SQLite
# (bench/peers/cap-mpl/), NODE_ENV=production, `dummy` auth (no authentication at all).
# Same rows, same order: cpi breaks LogEnd ties by its row id, newest first; CAP gets that id as
# Seq and every CAP query orders by LogEnd desc,Seq desc (CAP appends its key, MessageGuid).
# CAP's table gets the indexes matching cpi's for these queries (bench/lib/mpl_export.py), so
# both answer from an index without sorting.
#
#   bash bench/mpl.sh                                       # the full run (1,000,000 MPLs; ~20 min)
#   MPLS=20000 PEER=1 DURATION=3s REPS=1 bash bench/mpl.sh  # quick smoke run (~2 min)
#
# Steps: cargo build --release (every workspace crate from this worktree); `cpi mpl generate`
# into a fresh temp data dir (timed, unpinned: the issue wants 1,000,000 in under a minute on 2
# cores); from cpi.db with SQL: the bound, the flow, the expected counts and the MessageGuids
# each query must return, in order; CAP: `cds deploy`, the rows copied from cpi.db, started and
# checked; cpi serve on the data dir (no --dev), `cpi instance create` + `cpi key create` for a
# read key (MonitoringDataRead), the __next walk, checked; every check: 200, cpi.db's
# MessageGuids in cpi.db's order, the expected $count. Then a warm-up per cell and REPS rounds
# in which every cell runs once (round-robin, so drift of the VM hits all targets alike); peak
# RSS (VmHWM) and RSS of both servers after all cells.
#
# Results go to bench/out/mpl-<UTC timestamp>/ (bench/out/latest-mpl points at the newest):
#   runs.tsv    one row per oha run (warm-ups too): rates, latencies, server CPU, loadgen CPU
#   raw/*.json  oha's JSON reports;  responses/*  one response body per cell (smoke test)
#   generate.json  generation time;  facts.json  bound, flow, expected counts;  cap-load.json
#   sizes.tsv  response sizes;  urls.tsv  every cell's URL;  plans.txt  CAP's SQLite query plans
#   meta.json  machine, versions, RSS;  summary.md / summary.json  medians, ratios, target checks
#
# Environment (defaults in brackets):
#   MPLS [1000000]  FLOWS []  DAYS [7]  SEED []   (passed to `cpi mpl generate`; empty = its default)
#   BOUND_DAYS [3]  PAGE [50] (lowered to MPLS/1000 when there are fewer logs)
#   DURATION [20s]  WARMUP [3s]  REPS [3]  CONC [10]  SERVER_CPU [0]  LOADGEN_CPU [1]
#   BUILD [1]     0 = use the existing target/release/cpi (under CARGO_TARGET_DIR when set)
#   CPI_BIN []    benchmark this cpi binary instead (no build)
#   PEER [1]      0 = skip CAP (cpi only)
#   CAP_DIR [bench/out/cap-mpl-peer]  where bench/peers/cap-mpl is copied and npm-installed (kept
#                 between runs; reinstalled when package.json changes)
#   OHA [$HOME/.oha/bin/oha]; installed with `cargo install oha --locked` if missing
#   STRICT [0]    1 = exit 3 when a target is missed
#   CPI_ENV []    extra environment for cpi serve only
# Any non-200 response or request error fails the run (exit 1).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
MPLS=${MPLS:-1000000}
FLOWS=${FLOWS:-}
DAYS=${DAYS:-7}
SEED=${SEED:-}
BOUND_DAYS=${BOUND_DAYS:-3}
PAGE=${PAGE:-50}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-3s}
REPS=${REPS:-3}
CONC=${CONC:-10}
SERVER_CPU=${SERVER_CPU:-0}
LOADGEN_CPU=${LOADGEN_CPU:-1}
PEER=${PEER:-1}
CAP_DIR=${CAP_DIR:-$BENCH/out/cap-mpl-peer}
STRICT=${STRICT:-0}
CPI_ENV=${CPI_ENV:-}
CPI_BIN=${CPI_BIN:-}
PAGE_SIZE=1000 # cpi's server-side page
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=lib/http_cells.sh
source "$BENCH/lib/http_cells.sh"

# enc <text>: percent-encoded for a query string value (space %20; ' ( ) , : / kept).
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="'"'"'(),:/"))' "$1"; }
json_field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
now_s() { date +%s.%N; }

# smoke_get <target> <query> <url> [curl args...]: GET, must be 200; the body goes to responses/.
smoke_get() {
    local target=$1 query=$2 url=$3 file code
    shift 3
    file=$RUN_DIR/responses/$target-$query.json
    code=$(curl -sS -o "$file" -w '%{http_code}' "$@" "$url") || die "curl failed: $url"
    [[ $code == 200 ]] || die "$target $query: HTTP $code: $(head -c 300 "$file")"
    printf '%s' "$file"
}
smoke_rows() { # smoke_rows <target> <query> <expected rows> <url> [curl args...]
    local target=$1 query=$2 n=$3 url=$4 file
    shift 4
    file=$(smoke_get "$target" "$query" "$url" "$@")
    python3 "$BENCH/lib/mpl_smoke.py" rows "$file" "$target" "$query" "$n" "$RUN_DIR" || die "$target $query: unexpected response"
}
smoke_count() { # smoke_count <target> <query> <expected count> <url> [curl args...]
    local target=$1 query=$2 n=$3 url=$4 file
    shift 4
    file=$(smoke_get "$target" "$query" "$url" "$@")
    python3 "$BENCH/lib/mpl_smoke.py" count "$file" "$target" "$query" "$n" "$RUN_DIR" || die "$target $query: unexpected response"
}

check_prerequisites
command -v node >/dev/null && command -v npm >/dev/null || { [[ $PEER == 0 ]] || die "node and npm are required for the CAP peer (or PEER=0)"; }
((MPLS >= 2 * PAGE_SIZE)) || die "MPLS must be at least $((2 * PAGE_SIZE))"
((MPLS >= PAGE * PAGE_SIZE)) || PAGE=$((MPLS / PAGE_SIZE))
SKIP=$(((PAGE - 1) * PAGE_SIZE))
RUN_ID=mpl-$(date -u +%Y%m%dT%H%M%SZ)
RUN_DIR=$BENCH/out/$RUN_ID
mkdir -p "$RUN_DIR/raw" "$RUN_DIR/responses"
ln -sfn "$RUN_ID" "$BENCH/out/latest-mpl"
RUNS=$RUN_DIR/runs.tsv
printf '%s\n' "$RUNS_HEADER" >"$RUNS"
printf 'target\tquery\tbytes\trows\tfirst\tlast\n' >"$RUN_DIR/sizes.tsv"
printf 'cell\turl\n' >"$RUN_DIR/urls.tsv"
log "results: $RUN_DIR"
if [[ -n $CPI_BIN ]]; then
    CPI=$CPI_BIN
    # shellcheck disable=SC2034 # read by build_cpi
    BUILD=0
elif [[ ${BUILD:-1} == 1 ]]; then
    # With a target dir shared by several worktrees, cargo can take another worktree's build of a
    # workspace crate for fresh (its freshness check compares mtimes of paths relative to the
    # workspace). Touching every crate root makes this build compile these sources.
    touch -c "$ROOT"/crates/*/src/lib.rs "$ROOT"/crates/*/src/main.rs
fi
build_cpi
[[ -z $CPI_BIN ]] || CPI_REV="$CPI_BIN (not built by this run)"
# A private copy: the target dir may be shared with other worktrees that build while this runs.
BIN_DIR=$(mktemp -d -t cpi-bench-mpl-bin.XXXXXX)
TEMP_DIRS+=("$BIN_DIR")
cp "$CPI" "$BIN_DIR/cpi"
CPI=$BIN_DIR/cpi
BUSY=$(machine_busy)
log "machine busy before the run: ${BUSY}% of all CPUs"
((BUSY < 15)) || log "WARNING: something else is using the CPUs; figures will be noisy"

# --- 1. generation ------------------------------------------------------------------------------
CPI_DATA=$(mktemp -d -t cpi-bench-mpl.XXXXXX)
TEMP_DIRS+=("$CPI_DATA")
GEN_ARGS=(--count "$MPLS" --data-dir "$CPI_DATA" --days "$DAYS")
[[ -n $FLOWS ]] && GEN_ARGS+=(--flows "$FLOWS")
[[ -n $SEED ]] && GEN_ARGS+=(--seed "$SEED")
log "cpi mpl generate ${GEN_ARGS[*]} (unpinned)"
T0=$(now_s)
"$CPI" mpl generate "${GEN_ARGS[@]}" >"$RUN_DIR/generate.log" 2>&1 || die "generation failed: $(tail -n 5 "$RUN_DIR/generate.log")"
T1=$(now_s)
DB_BYTES=$(du -sb "$CPI_DATA" | cut -f1)
python3 - "$RUN_DIR/generate.json" "$MPLS" "$T0" "$T1" "$DB_BYTES" "${GEN_ARGS[*]}" <<'PY'
import json, sys
out, n, t0, t1, size, args = sys.argv[1:7]
s = float(t1) - float(t0)
json.dump({"count": int(n), "seconds": round(s, 3), "logs_per_s": round(int(n) / s), "data_dir_bytes": int(size),
           "args": args.replace(args.split("--data-dir ")[1].split()[0], "<temp dir>")}, open(out, "w"), indent=2)
PY
log "generated $MPLS MPLs in $(json_field "$RUN_DIR/generate.json" seconds) s; data dir $(du -sh "$CPI_DATA" | cut -f1)"
python3 "$BENCH/lib/mpl_export.py" facts "$CPI_DATA/cpi.db" "$BOUND_DAYS" "$SKIP" "$RUN_DIR" >"$RUN_DIR/facts.json" || die "cannot read $CPI_DATA/cpi.db"
ROWS=$(json_field "$RUN_DIR/facts.json" rows)
BOUND=$(json_field "$RUN_DIR/facts.json" bound)
FLOW=$(json_field "$RUN_DIR/facts.json" flow)
N_FAILED=$(json_field "$RUN_DIR/facts.json" failed)
N_FAILED_FLOW=$(json_field "$RUN_DIR/facts.json" failed_flow)
log "cpi.db: $ROWS MPLs; LogEnd > $BOUND: $N_FAILED FAILED, $N_FAILED_FLOW of them of $FLOW"
[[ $ROWS == "$MPLS" ]] || die "cpi.db holds $ROWS MPLs, expected $MPLS"
N_STATUS_ROWS=$((N_FAILED < 100 ? N_FAILED : 100))
N_FLOW_ROWS=$((N_FAILED_FLOW < 100 ? N_FAILED_FLOW : 100))
((N_FLOW_ROWS == 100)) || log "WARNING: only $N_FAILED_FLOW FAILED logs of $FLOW after $BOUND: not a full page of 100 (more MPLS or fewer FLOWS)"
((N_FLOW_ROWS > 0)) || die "no FAILED logs after $BOUND"

# --- 2. the queries -----------------------------------------------------------------------------
F_V2="Status eq 'FAILED' and LogEnd gt datetime'$BOUND'"
F_V4="Status eq 'FAILED' and LogEnd gt ${BOUND}Z"
CPI_Q_STATUS="\$filter=$(enc "$F_V2")&\$orderby=$(enc 'LogEnd desc')&\$top=100&\$format=json"
CPI_Q_FLOW="\$filter=$(enc "$F_V2 and IntegrationArtifact/Id eq '$FLOW'")&\$orderby=$(enc 'LogEnd desc')&\$top=100&\$format=json"
CPI_Q_COUNT="\$filter=$(enc "$F_V2")"
CPI_WALK_START="/api/v1/MessageProcessingLogs?\$orderby=$(enc 'LogEnd desc')&\$format=json"
CAP_ORDER=$(enc 'LogEnd desc,Seq desc')
V2_Q_STATUS="\$filter=$(enc "$F_V2")&\$orderby=$CAP_ORDER&\$top=100&\$format=json"
V2_Q_FLOW="\$filter=$(enc "$F_V2 and IntegrationFlowName eq '$FLOW'")&\$orderby=$CAP_ORDER&\$top=100&\$format=json"
V2_Q_COUNT="\$filter=$(enc "$F_V2")"
V2_Q_PAGE="\$orderby=$CAP_ORDER&\$skip=$SKIP&\$top=$PAGE_SIZE&\$format=json"
V4_Q_STATUS="\$filter=$(enc "$F_V4")&\$orderby=$CAP_ORDER&\$top=100"
V4_Q_FLOW="\$filter=$(enc "$F_V4 and IntegrationFlowName eq '$FLOW'")&\$orderby=$CAP_ORDER&\$top=100"
V4_Q_COUNT="\$filter=$(enc "$F_V4")"
V4_Q_PAGE="\$orderby=$CAP_ORDER&\$skip=$SKIP&\$top=$PAGE_SIZE"
declare -A URL # cell name -> URL

# --- 3. CAP peer --------------------------------------------------------------------------------
CAP_VERSION=
CAP_PID=
if [[ $PEER == 1 ]]; then
    mkdir -p "$CAP_DIR"
    if ! cmp -s "$BENCH/peers/cap-mpl/package.json" "$CAP_DIR/package.json" || [[ ! -d $CAP_DIR/node_modules/@sap/cds ]]; then
        log "npm install in $CAP_DIR (about a minute; better-sqlite3 builds from source)"
        rm -rf "$CAP_DIR/node_modules" "$CAP_DIR/package-lock.json"
        cp "$BENCH/peers/cap-mpl/package.json" "$CAP_DIR/"
        (cd "$CAP_DIR" && npm install --no-audit --no-fund) >"$RUN_DIR/cap-install.log" 2>&1 ||
            die "npm install failed: $(tail -n 5 "$RUN_DIR/cap-install.log")"
    fi
    rm -rf "$CAP_DIR/db" "$CAP_DIR/srv"
    cp -r "$BENCH/peers/cap-mpl/db" "$BENCH/peers/cap-mpl/srv" "$BENCH/peers/cap-mpl/deploy.js" "$CAP_DIR/"
    cp "$BENCH/peers/cap/server.js" "$CAP_DIR/"
    CAP_VERSION=$(json_field "$CAP_DIR/node_modules/@sap/cds/package.json" version)
    V2A_VERSION=$(json_field "$CAP_DIR/node_modules/@cap-js-community/odata-v2-adapter/package.json" version)
    SQLITE_VERSION=$(json_field "$CAP_DIR/node_modules/@cap-js/sqlite/package.json" version)
    CAP_TABLE=$( (cd "$CAP_DIR" && NODE_ENV=production node deploy.js) 2>"$RUN_DIR/cap-deploy.log" | tail -n 1 |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["table"])') || die "cds deploy failed: $(tail -n 5 "$RUN_DIR/cap-deploy.log")"
    log "copying $ROWS MPLs from cpi.db into $CAP_DIR/db.sqlite ($CAP_TABLE, one transaction) and indexing"
    python3 "$BENCH/lib/mpl_export.py" load "$CPI_DATA/cpi.db" "$CAP_DIR/db.sqlite" "$CAP_TABLE" >"$RUN_DIR/cap-load.json" ||
        die "loading CAP's database failed"
    log "CAP rows: $(cat "$RUN_DIR/cap-load.json")"
    CAP_PORT=$(free_port)
    CAP_BASE=http://127.0.0.1:$CAP_PORT
    log "starting CAP (@sap/cds $CAP_VERSION, odata-v2-adapter $V2A_VERSION, @cap-js/sqlite $SQLITE_VERSION) on $CAP_BASE, CPU $SERVER_CPU"
    (cd "$CAP_DIR" && PORT=$CAP_PORT NODE_ENV=production exec taskset -c "$SERVER_CPU" node server.js) >"$RUN_DIR/cap-serve.log" 2>&1 &
    CAP_PID=$!
    OWN_PIDS+=("$CAP_PID")
    wait_http_200 "$CAP_BASE/odata/v4/cpi/\$metadata" "$CAP_PID" 60 || die "CAP did not come up: $(tail -n 20 "$RUN_DIR/cap-serve.log")"
    CAP_IDLE_RSS_KB=$(rss_kb "$CAP_PID" VmRSS)
    for v in v2 v4; do
        if [[ $v == v2 ]]; then qs=("$V2_Q_STATUS" "$V2_Q_FLOW" "$V2_Q_COUNT" "$V2_Q_PAGE"); else qs=("$V4_Q_STATUS" "$V4_Q_FLOW" "$V4_Q_COUNT" "$V4_Q_PAGE"); fi
        URL[cap-$v-status]="$CAP_BASE/odata/$v/cpi/MessageProcessingLogs?${qs[0]}"
        URL[cap-$v-status-flow]="$CAP_BASE/odata/$v/cpi/MessageProcessingLogs?${qs[1]}"
        URL[cap-$v-count]="$CAP_BASE/odata/$v/cpi/MessageProcessingLogs/\$count?${qs[2]}"
        URL[cap-$v-page]="$CAP_BASE/odata/$v/cpi/MessageProcessingLogs?${qs[3]}"
        smoke_rows "cap-$v" status "$N_STATUS_ROWS" "${URL[cap-$v-status]}"
        smoke_rows "cap-$v" status-flow "$N_FLOW_ROWS" "${URL[cap-$v-status-flow]}"
        smoke_count "cap-$v" count "$N_FAILED" "${URL[cap-$v-count]}"
        smoke_rows "cap-$v" page "$PAGE_SIZE" "${URL[cap-$v-page]}"
    done
    python3 "$BENCH/lib/mpl_export.py" plans "$CAP_DIR/db.sqlite" "$CAP_TABLE" "$BOUND" "$FLOW" "$SKIP" >"$RUN_DIR/plans.txt" ||
        die "EXPLAIN QUERY PLAN failed"
fi

# --- 4. cpi serve, key, token -------------------------------------------------------------------
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
"$CPI" instance create it-rt api bench-monitor -c '{"roles":["MonitoringDataRead"]}' >/dev/null
"$CPI" key create bench-monitor k1 >"$CPI_DATA/read-key.json"
unset CPI_DATA_DIR
bearer_token "$CPI_DATA/read-key.json" "$CPI_DATA/read.token"
READ_TOKEN=$(<"$CPI_DATA/read.token")
log "read token: $(wc -c <"$CPI_DATA/read.token") bytes (api instance with MonitoringDataRead)"
AUTH=(-H "Authorization: Bearer $READ_TOKEN")
CPI_IDLE_RSS_KB=$(rss_kb "$CPI_PID" VmRSS)

log "walking $((PAGE - 1)) pages of cpi's __next links from $CPI_WALK_START"
CPI_PAGE_PATH=$(python3 "$BENCH/lib/mpl_smoke.py" walk "$CPI_BASE" "$CPI_WALK_START" "$CPI_DATA/read.token" "$((PAGE - 1))" "$PAGE_SIZE") ||
    die "the __next walk failed"
[[ $CPI_PAGE_PATH == *"\$skiptoken=$SKIP"* ]] || die "the __next link of page $((PAGE - 1)) is $CPI_PAGE_PATH, expected \$skiptoken=$SKIP"
[[ $CPI_PAGE_PATH == *"\$format=json"* ]] || CPI_PAGE_PATH+="&\$format=json"
log "page $PAGE: $CPI_PAGE_PATH"

URL[cpi-status]="$CPI_BASE/api/v1/MessageProcessingLogs?$CPI_Q_STATUS"
URL[cpi-status-flow]="$CPI_BASE/api/v1/MessageProcessingLogs?$CPI_Q_FLOW"
URL[cpi-count]="$CPI_BASE/api/v1/MessageProcessingLogs/\$count?$CPI_Q_COUNT"
URL[cpi-page]="$CPI_BASE$CPI_PAGE_PATH"
smoke_rows cpi status "$N_STATUS_ROWS" "${URL[cpi-status]}" "${AUTH[@]}"
smoke_rows cpi status-flow "$N_FLOW_ROWS" "${URL[cpi-status-flow]}" "${AUTH[@]}"
smoke_count cpi count "$N_FAILED" "${URL[cpi-count]}" "${AUTH[@]}"
smoke_rows cpi page "$PAGE_SIZE" "${URL[cpi-page]}" "${AUTH[@]}"

# --- 5. load ------------------------------------------------------------------------------------
QUERIES=(status status-flow count page)
TARGETS=(cpi)
[[ $PEER == 1 ]] && TARGETS+=(cap-v2 cap-v4)
NAMES=()
for t in "${TARGETS[@]}"; do
    for q in "${QUERIES[@]}"; do
        NAMES+=("$t-$q")
        printf '%s\t%s\n' "$t-$q" "${URL[$t-$q]}" >>"$RUN_DIR/urls.tsv"
    done
done
# cell <name> <phase> <rep> <duration>: one oha run of the named target and query.
cell() {
    local name=$1
    case $name in
    cpi-*) bench_cell "$name" "$CPI_PID" "$2" "$3" "$4" "${URL[$name]}" "${AUTH[@]}" ;;
    cap-*) bench_cell "$name" "$CAP_PID" "$2" "$3" "$4" "${URL[$name]}" ;;
    esac
}
log "warm-up: $WARMUP per cell at c=$CONC"
for name in "${NAMES[@]}"; do cell "$name" warmup 0 "$WARMUP"; done
for rep in $(seq 1 "$REPS"); do
    log "round $rep of $REPS: $DURATION per cell at c=$CONC"
    for name in "${NAMES[@]}"; do cell "$name" run "$rep" "$DURATION"; done
done

CPI_HWM_KB=$(rss_kb "$CPI_PID" VmHWM)
CPI_RSS_KB=$(rss_kb "$CPI_PID" VmRSS)
CAP_HWM_KB=
CAP_RSS_KB=
if [[ -n $CAP_PID ]]; then
    CAP_HWM_KB=$(rss_kb "$CAP_PID" VmHWM)
    CAP_RSS_KB=$(rss_kb "$CAP_PID" VmRSS)
fi
log "cpi serve: peak RSS $((CPI_HWM_KB / 1024)) MiB, RSS $((CPI_RSS_KB / 1024)) MiB (idle after start $((CPI_IDLE_RSS_KB / 1024)) MiB)"
stop_pid "$CPI_PID"
[[ -n $CAP_PID ]] && stop_pid "$CAP_PID"
save_serve_log "$CPI_DATA" "$RUN_DIR/cpi-serve.log"

# --- 6. metadata, summary -----------------------------------------------------------------------
write_meta "$RUN_DIR/meta.json" run_id="$RUN_ID" cpi_rev="$CPI_REV" oha_version="$OHA_VERSION" \
    cap_version="$CAP_VERSION" cap_odata_v2_adapter_version="${V2A_VERSION:-}" cap_sqlite_version="${SQLITE_VERSION:-}" \
    cpi_peak_rss_kb="$CPI_HWM_KB" cpi_rss_kb="$CPI_RSS_KB" cpi_idle_rss_kb="$CPI_IDLE_RSS_KB" \
    cap_peak_rss_kb="$CAP_HWM_KB" cap_rss_kb="$CAP_RSS_KB" cap_idle_rss_kb="${CAP_IDLE_RSS_KB:-}" \
    machine_busy_before_pct="$BUSY" duration="$DURATION" warmup="$WARMUP" reps="$REPS" concurrency="$CONC" \
    server_cpu="$SERVER_CPU" loadgen_cpu="$LOADGEN_CPU" mpls="$MPLS" days="$DAYS" flows="$FLOWS" seed="$SEED" \
    bound_days="$BOUND_DAYS" page="$PAGE" page_size="$PAGE_SIZE" read_token_bytes="${#READ_TOKEN}" cpi_env="$CPI_ENV"

echo
status=0
python3 "$BENCH/lib/mpl_summary.py" "$RUN_DIR" || status=$?
((status == 0 || status == 3)) || die "summary failed"
echo
echo "raw results: $RUN_DIR"
if [[ $status == 3 && $STRICT == 1 ]]; then exit 3; fi
exit 0
