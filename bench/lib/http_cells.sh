# shellcheck shell=bash
# One oha run per benchmark cell, and a bearer token from a service key (sourced by bench/mpl.sh
# and bench/odata.sh after lib/common.sh, not executed). Expects RUN_DIR, RUNS, CONC, OHA, SERVER_CPU, LOADGEN_CPU
# and BENCH to be set. runs.tsv columns are those of bench/odata.sh:
#   target phase c rep ok_per_s oha_rps p50_ms p99_ms ok_200 non_200 aborted duration_s
#   server_cpu_s server_cpu_util server_cpu_us_per_req server_cpu_steal loadgen_cpu_busy bytes_per_response

# shellcheck disable=SC2034 # used by the sourcing script
RUNS_HEADER=$'target\tphase\tc\trep\tok_per_s\toha_rps\tp50_ms\tp99_ms\tok_200\tnon_200\taborted\tduration_s\tserver_cpu_s\tserver_cpu_util\tserver_cpu_us_per_req\tserver_cpu_steal\tloadgen_cpu_busy\tbytes_per_response'

# "<total> <idle> <steal>" ticks of one CPU (idle includes iowait).
cpu_stat() {
    awk -v cpu="cpu$1" '$1 == cpu {t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $5 + $6, $9}' /proc/stat
}

# bench_cell <cell> <server pid> <phase> <rep> <duration> <url> [oha args...]: one oha run on
# LOADGEN_CPU; appends a row to runs.tsv; fails unless every response was 200.
bench_cell() {
    local target=$1 pid=$2 phase=$3 rep=$4 dur=$5 url=$6
    shift 6
    local json=$RUN_DIR/raw/$target-$phase-$rep.json cpu0 cpu1 s_t0 s_s0 s_t1 s_s1 l_t0 l_i0 l_t1 l_i1 row
    cpu0=$(cpu_seconds "$pid")
    read -r s_t0 _ s_s0 < <(cpu_stat "$SERVER_CPU")
    read -r l_t0 l_i0 _ < <(cpu_stat "$LOADGEN_CPU")
    taskset -c "$LOADGEN_CPU" "$OHA" --no-tui --output-format json --http-version 1.1 -z "$dur" -c "$CONC" "$@" "$url" \
        >"$json" 2>"$json.stderr" || die "oha failed for $target ($json.stderr)"
    cpu1=$(cpu_seconds "$pid")
    read -r s_t1 _ s_s1 < <(cpu_stat "$SERVER_CPU")
    read -r l_t1 l_i1 _ < <(cpu_stat "$LOADGEN_CPU")
    row=$(python3 "$BENCH/lib/oha_row.py" "$json" "$target" "$phase" "$CONC" "$rep" \
        "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{printf "%.3f", b - a}')") ||
        die "$target $phase $rep: not every response was 200 (see above)"
    row+=$'\t'$(ratio "$((s_s1 - s_s0))" "$((s_t1 - s_t0))")
    row+=$'\t'$(ratio "$((l_t1 - l_t0 - (l_i1 - l_i0)))" "$((l_t1 - l_t0))")
    row+=$'\t'$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"].get("sizePerRequest") or 0)' "$json")
    printf '%s\n' "$row" >>"$RUNS"
    awk -F'\t' '{printf "  %-18s %-6s %s: %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  server CPU %3.0f%%  %7.0f µs/req  steal %2.0f%%  oha core %3.0f%%\n",
        $1, $2, $4, $5, $7, $8, $14 * 100, $15, $16 * 100, $17 * 100}' <<<"$row" >&2
}

# bearer_token <service key file> <out file>: a client-credentials token from the key's tokenurl
# (written to a file so it never appears in `ps`).
bearer_token() {
    local id secret url
    IFS=$'\t' read -r id secret url < <(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))["oauth"]
print(o["clientid"], o["clientsecret"], o["tokenurl"], sep="\t")' "$1")
    curl -sS -f -u "$id:$secret" -d grant_type=client_credentials "$url" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])' >"$2" ||
        die "no token from $url"
}

# rss_kb <pid> <VmHWM|VmRSS>: the process's peak or current resident set size in kB.
rss_kb() {
    awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"
}
