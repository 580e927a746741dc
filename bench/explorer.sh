#!/usr/bin/env bash
# Explorer benchmark (issue 6): `cpi backup` of 1,000 artifacts from a local tenant against the
# same work done sequentially, and the CLI's start-up time.
#
#   bash bench/explorer.sh        # build, seed, measure, print the summary (about 3 minutes)
#
# Set-up: cargo build --release; `cpi serve --dev` on a fresh temp data dir pinned to SERVER_CPU;
# 1,000 integration flows in 10 packages seeded through the OData API (bench/lib/odata_seed.py;
# the server builds each flow's bundle). The client runs on LOADGEN_CPU with the dev api key
# (CPI_SERVICE_KEY). Cells (hyperfine, HF_RUNS runs each, the backup folder removed before each):
#   backup-parallel   cpi backup DIR                 (the default pool of 8)
#   backup-jobs1      cpi backup DIR --jobs 1        (the same program, one artifact at a time)
#   sequential-cli    for every artifact: cpi artifact download ID, cpi artifact config get ID --json
#                     (what a script does without `cpi backup`; one run, it takes minutes)
#   fs-probe          python3 creating 5,000 small files in 1,000 folders (the disk's share of a backup)
#   version           cpi --version
#   package-list      cpi package list --json        (token call + one API call, warm server)
# Results go to bench/out/explorer-<UTC time>/ (bench/out/latest-explorer): hyperfine JSON,
# server_cpu.tsv (the server's CPU seconds over each cell), summary.md. Environment: SERVER_CPU [1] LOADGEN_CPU [0] ARTIFACTS [1000] PACKAGES [10]
# HF_RUNS [3] BUILD [1] SEQUENTIAL [1] (0 skips the slow sequential cell).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
ARTIFACTS=${ARTIFACTS:-1000}
PACKAGES=${PACKAGES:-10}
HF_RUNS=${HF_RUNS:-3}
SEQUENTIAL=${SEQUENTIAL:-1}
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=lib/http_cells.sh
source "$BENCH/lib/http_cells.sh"

command -v hyperfine >/dev/null || die "hyperfine is required (apt-get install hyperfine)"
check_prerequisites
new_run_dir "explorer-"
build_cpi
start_cpi explorer
BASE=http://127.0.0.1:$CPI_PORT
export CPI_SERVICE_KEY=$CPI_DATA/keys/dev-api.json
export CPI_CONFIG_DIR=$CPI_DATA/client-config
bearer_token "$CPI_SERVICE_KEY" "$CPI_DATA/seed.token"
log "seeding $ARTIFACTS flows in $PACKAGES packages"
taskset -c "$LOADGEN_CPU" python3 "$BENCH/lib/odata_seed.py" seed "$BASE" "$CPI_DATA/seed.token" \
    "$ARTIFACTS" "$PACKAGES" 8 >"$RUN_DIR/seed.json" || die "seeding failed"
WORK=$CPI_DATA/work
mkdir -p "$WORK"
CLIENT=(taskset -c "$LOADGEN_CPU")

printf 'cell\tserver_cpu_s\n' >"$RUN_DIR/server_cpu.tsv"
hf() { # hf <name> <command> [hyperfine args...]: also records the server's CPU seconds over the cell
    local name=$1 command=$2 cpu0 cpu1
    shift 2
    cpu0=$(cpu_seconds "$CPI_PID")
    "${CLIENT[@]}" hyperfine -N --style basic --export-json "$RUN_DIR/$name.json" "$@" "$command" >&2
    cpu1=$(cpu_seconds "$CPI_PID")
    printf '%s\t%s\n' "$name" "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{printf "%.3f", b - a}')" >>"$RUN_DIR/server_cpu.tsv"
}

# The disk's cost of creating a tree like a backup's, without cpi: 5,000 small files in 1,000 folders.
cat >"$WORK/fs_probe.py" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(5000):
    folder = os.path.join(root, f"d{i // 5}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i}"), "w") as f:
        f.write("x" * 500)
PY
hf fs-probe "python3 $WORK/fs_probe.py $WORK/probe" --runs "$HF_RUNS" --prepare "rm -rf $WORK/probe"

hf backup-parallel "$CPI backup $WORK/parallel" --runs "$HF_RUNS" --prepare "rm -rf $WORK/parallel"
hf backup-jobs1 "$CPI backup $WORK/jobs1 --jobs 1" --runs "$HF_RUNS" --prepare "rm -rf $WORK/jobs1"
N_BACKED=$(find "$WORK/parallel" -name artifact.json | wc -l)
log "backup holds $N_BACKED artifacts"
((N_BACKED >= ARTIFACTS)) || die "the backup holds $N_BACKED artifacts, expected $ARTIFACTS"

if [[ $SEQUENTIAL == 1 ]]; then
    "$CPI" artifact list --json | python3 -c 'import json,sys; print("\n".join(a["Id"] for a in json.load(sys.stdin)))' \
        >"$WORK/ids.txt"
    cat >"$WORK/sequential.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
mkdir -p "$WORK/sequential"
while read -r id; do
    "$CPI" artifact download "\$id" -o "$WORK/sequential/\$id.zip" >/dev/null
    "$CPI" artifact config get "\$id" --json >"$WORK/sequential/\$id.config.json"
done <"$WORK/ids.txt"
SH
    hf sequential-cli "bash $WORK/sequential.sh" --runs 1 --prepare "rm -rf $WORK/sequential"
fi

hf version "$CPI --version" --warmup 5 --runs 100
hf package-list "$CPI package list --json" --warmup 5 --runs 50
PEAK_RSS=$(rss_kb "$CPI_PID" VmHWM)
stop_pid "$CPI_PID"
write_meta "$RUN_DIR/meta.json" "cpi_rev=$CPI_REV" "server_cpu=$SERVER_CPU" "loadgen_cpu=$LOADGEN_CPU" \
    "artifacts=$ARTIFACTS" "cpi_peak_rss_kb=$PEAK_RSS" "hf_runs=$HF_RUNS"
python3 "$BENCH/lib/explorer_summary.py" "$RUN_DIR"
