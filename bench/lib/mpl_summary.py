#!/usr/bin/env python3
"""Summarise one bench/mpl.sh run: medians per target and query, ratios cpi / CAP, peak RSS and
the targets of issue 4.

usage: mpl_summary.py <run dir>

Reads <run dir>/runs.tsv, sizes.tsv, generate.json, facts.json, meta.json and (with the peer)
cap-load.json; writes <run dir>/summary.json and <run dir>/summary.md and prints the latter.
Exits 3 when a target is missed.
"""

import csv
import json
import os
import statistics
import sys

V2_TARGET = 30.0  # cpi / CAP V2, every query
P99_TARGET_MS = 25.0  # cpi p99, every query
RSS_TARGET_BYTES = 200_000_000  # cpi serve peak RSS (VmHWM), 200 MB
GENERATE_TARGET_S = 60.0  # 1,000,000 MPLs
GENERATE_TARGET_COUNT = 1_000_000

LABELS = {"cpi": "cpi serve (OData V2, bearer token)", "cap-v2": "CAP V2 (odata-v2-adapter)", "cap-v4": "CAP V4 (native)"}
QUERIES = ("status", "status-flow", "count", "page")


def load_json(run_dir, name, default=None):
    path = os.path.join(run_dir, name)
    if not os.path.exists(path):
        return default
    return json.load(open(path, encoding="utf-8"))


def medians(rows):
    table = {}
    for cell in sorted({r["target"] for r in rows}):
        rr = [r for r in rows if r["target"] == cell]

        def med(col, rr=rr):
            return statistics.median(float(r[col]) for r in rr)

        table[cell] = {
            "runs": len(rr),
            "req_per_s": med("ok_per_s"),
            "req_per_s_all": [float(r["ok_per_s"]) for r in rr],
            "p50_ms": med("p50_ms"),
            "p99_ms": med("p99_ms"),
            "p99_ms_all": [float(r["p99_ms"]) for r in rr],
            "server_cpu_util": med("server_cpu_util"),
            "server_cpu_us_per_req": med("server_cpu_us_per_req"),
            "server_cpu_steal": med("server_cpu_steal"),
            "loadgen_cpu_busy": med("loadgen_cpu_busy"),
            "ok_200": sum(int(r["ok_200"]) for r in rr),
        }
    return table


def kb(meta, key):
    v = meta.get(key)
    return int(v) if v not in (None, "") else None


def mib(v):
    return f"{v / 1024:,.0f} MiB" if v is not None else "n/a"


def main() -> int:
    run_dir = sys.argv[1]
    meta, gen, facts = load_json(run_dir, "meta.json"), load_json(run_dir, "generate.json"), load_json(run_dir, "facts.json")
    cap_load = load_json(run_dir, "cap-load.json")
    with open(os.path.join(run_dir, "runs.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["phase"] == "run"]
    with open(os.path.join(run_dir, "sizes.tsv"), encoding="utf-8") as f:
        sizes = {(r["target"], r["query"]): int(r["bytes"]) for r in csv.DictReader(f, delimiter="\t")}
    table = medians(rows)
    page, skip = int(meta["page"]), (int(meta["page"]) - 1) * int(meta["page_size"])

    conc = meta.get("concurrency")
    conc = conc[0] if isinstance(conc, list) else conc
    lines = []
    p = lines.append
    p(f"Run {meta.get('run_id')}  (cpi {meta.get('cpi_rev')}, @sap/cds {meta.get('cap_version')}, "
      f"odata-v2-adapter {meta.get('cap_odata_v2_adapter_version')}, @cap-js/sqlite {meta.get('cap_sqlite_version')}, "
      f"oha {meta.get('oha_version')}; {meta.get('reps')} x {meta.get('duration')} per cell after {meta.get('warmup')} "
      f"warm-up, round-robin, c={conc}, server on CPU {meta.get('server_cpu')}, oha on CPU "
      f"{meta.get('loadgen_cpu')}; machine {meta.get('machine_busy_before_pct')}% busy before)"
      + (f"; cpi serve with {meta['cpi_env']}" if meta.get("cpi_env") else ""))
    p(f"Data: `cpi mpl generate {gen['args']}`: {gen['count']:,} MPLs in {gen['seconds']:.1f} s "
      f"({gen['logs_per_s']:,} logs/s, unpinned on {meta.get('cpus')} CPUs), data dir {gen['data_dir_bytes'] / 2**20:,.0f} MiB")
    p(f"Queries: status = `Status eq 'FAILED' and LogEnd gt datetime'{facts['bound']}'` (the last {facts['bound_days']:g} "
      f"days; {facts['failed']:,} matches) `$orderby=LogEnd desc&$top=100`; status-flow = the same and "
      f"`IntegrationArtifact/Id eq '{facts['flow']}'` ({facts['failed_flow']:,} matches; CAP's flat model: "
      f"`IntegrationFlowName eq '{facts['flow']}'`); count = `/$count` of the status filter; page = page {page} "
      f"of all logs newest first (cpi: its own `__next` link, `$skiptoken={skip}`; CAP: `$skip={skip}&$top=1000`).")
    if cap_load:
        p(f"CAP holds the same {cap_load['rows']:,} rows, copied from cpi.db in {cap_load['copy_s']:.1f} s; for a fair "
          f"comparison its table got indexes matching cpi's for these queries ({', '.join(cap_load['indexes'].values())}; "
          f"built in {cap_load['index_s']:.1f} s), so both answer every query from an index without sorting "
          f"(plans.txt). CAP orders by `LogEnd desc,Seq desc` (Seq = cpi's row id, cpi's tie-breaker): every target "
          f"returns the same MessageGuids in the same order (checked). CAP runs without authentication.")
    p("")
    p("| Server | Query | req/s (median) | the runs | p50 ms | p99 ms | server CPU | CPU µs/req | oha core busy | bytes/response |")
    p("|---|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for server in ("cpi", "cap-v2", "cap-v4"):
        for q in QUERIES:
            m = table.get(f"{server}-{q}")
            if not m:
                continue
            runs = " / ".join(f"{v:,.0f}" for v in m["req_per_s_all"])
            p(f"| {LABELS[server]} | {q} | **{m['req_per_s']:,.0f}** | {runs} | {m['p50_ms']:.2f} | {m['p99_ms']:.2f} "
              f"| {m['server_cpu_util'] * 100:.0f}% | {m['server_cpu_us_per_req']:,.0f} "
              f"| {m['loadgen_cpu_busy'] * 100:.0f}% | {sizes.get((server, q), 0):,} |")
    p("")
    cpi_hwm, cap_hwm = kb(meta, "cpi_peak_rss_kb"), kb(meta, "cap_peak_rss_kb")
    p(f"Memory after all cells: cpi serve peak RSS (VmHWM) {mib(cpi_hwm)}, RSS {mib(kb(meta, 'cpi_rss_kb'))} "
      f"(after start {mib(kb(meta, 'cpi_idle_rss_kb'))}); CAP peak RSS {mib(cap_hwm)}, RSS {mib(kb(meta, 'cap_rss_kb'))} "
      f"(after start {mib(kb(meta, 'cap_idle_rss_kb'))}).")
    p("")

    checks = {}

    def check(key, label, value, shown, target, met):
        checks[key] = {"value": value, "target": target, "met": met}
        p(f"  {label:32}: {shown:>12}  (target {target})  {'MET' if met else 'MISSED'}")

    p("Targets (c=10, medians):")
    for q in QUERIES:
        ours = table.get(f"cpi-{q}")
        if not ours:
            continue
        check(f"p99_{q}", f"{q} cpi p99", ours["p99_ms"], f"{ours['p99_ms']:.2f} ms", f"< {P99_TARGET_MS:.0f} ms",
              ours["p99_ms"] < P99_TARGET_MS)
        v2 = table.get(f"cap-v2-{q}")
        if v2:
            r = ours["req_per_s"] / v2["req_per_s"]
            check(f"cpi_over_cap_v2_{q}", f"{q} cpi / CAP V2", r, f"{r:,.1f}x", f">= {V2_TARGET:.0f}x", r >= V2_TARGET)
        else:
            p(f"  {q + ' cpi / CAP V2':32}: n/a (peer not measured)")
        v4 = table.get(f"cap-v4-{q}")
        if v4:
            r = ours["req_per_s"] / v4["req_per_s"]
            checks[f"cpi_over_cap_v4_{q}"] = {"value": r, "target": None, "met": None}
            p(f"  {q + ' cpi / CAP V4':32}: {f'{r:,.1f}x':>12}  (for reference)")
    if cpi_hwm is not None:
        check("cpi_peak_rss", "cpi serve peak RSS", cpi_hwm * 1024, f"{cpi_hwm * 1024 / 1e6:,.0f} MB", "< 200 MB",
              cpi_hwm * 1024 < RSS_TARGET_BYTES)
    if gen["count"] >= GENERATE_TARGET_COUNT:
        rate = gen["count"] / gen["seconds"]
        s = GENERATE_TARGET_COUNT / rate
        check("generate_1m", "generate 1,000,000 MPLs", s, f"{s:.1f} s", f"< {GENERATE_TARGET_S:.0f} s", s < GENERATE_TARGET_S)
    else:
        p(f"  {'generate 1,000,000 MPLs':32}: n/a (only {gen['count']:,} generated)")

    text = "\n".join(lines) + "\n"
    with open(os.path.join(run_dir, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(run_dir, "summary.json"), "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "generate": gen, "facts": facts, "cap_load": cap_load,
                   "sizes": {f"{t}-{q}": b for (t, q), b in sizes.items()}, "medians": table, "targets": checks},
                  f, indent=2)
    sys.stdout.write(text)
    missed = [k for k, v in checks.items() if v["met"] is False]
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    return 3 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
