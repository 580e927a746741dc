#!/usr/bin/env python3
"""Summarise one bench/odata.sh run: medians per target, ratios cpi / CAP and the target checks.

usage: odata_summary.py <run dir>

Reads <run dir>/runs.tsv, sizes.tsv, seed.json and meta.json; writes <run dir>/summary.json and
<run dir>/summary.md and prints the table on stdout. Exits 3 when a target is missed.
"""

import csv
import json
import os
import statistics
import sys

V2_TARGET = 30.0  # cpi / CAP V2
V4_TARGET = 10.0  # cpi / CAP V4
P99_TARGET_MS = 10.0  # cpi p99

LABELS = {"cpi": "cpi serve (OData V2, bearer token)", "cap-v2": "CAP V2 (odata-v2-adapter)", "cap-v4": "CAP V4 (native)"}
QUERIES = ("top100", "filter")


def main() -> int:
    run_dir = sys.argv[1]

    def load(name):
        return json.load(open(os.path.join(run_dir, name), encoding="utf-8"))

    meta, seed = load("meta.json"), load("seed.json")
    with open(os.path.join(run_dir, "runs.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["phase"] == "run"]
    with open(os.path.join(run_dir, "sizes.tsv"), encoding="utf-8") as f:
        sizes = {(r["target"], r["query"]): int(r["bytes"]) for r in csv.DictReader(f, delimiter="\t")}

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

    lines = []
    p = lines.append
    p(f"Run {meta.get('run_id')}  (cpi {meta.get('cpi_rev')}, @sap/cds {meta.get('cap_version')}, "
      f"odata-v2-adapter {meta.get('cap_odata_v2_adapter_version')}, oha {meta.get('oha_version')}; "
      f"{meta.get('reps')} x {meta.get('duration')} per cell after {meta.get('warmup')} warm-up, round-robin, "
      f"c={meta.get('concurrency', [None])[0] if isinstance(meta.get('concurrency'), list) else meta.get('concurrency')}, "
      f"server on CPU {meta.get('server_cpu')}, oha on CPU {meta.get('loadgen_cpu')})"
      + (f"; cpi serve with {meta['cpi_env']}" if meta.get("cpi_env") else ""))
    p(f"Seeding: {seed['artifacts']} artifacts in {seed['packages']} packages through the API in "
      f"{seed['total_s']:.1f} s ({seed['artifacts_per_s']:.0f} artifacts/s over {seed['threads']} connections)")
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

    checks = {}
    p("Targets (c=10, medians):")
    for q in QUERIES:
        ours = table.get(f"cpi-{q}")
        if not ours:
            continue
        ok = ours["p99_ms"] < P99_TARGET_MS
        checks[f"p99_{q}"] = {"value": ours["p99_ms"], "target": f"< {P99_TARGET_MS:.0f} ms", "met": ok}
        p(f"  {q:7} cpi p99          : {ours['p99_ms']:7.2f} ms (target < {P99_TARGET_MS:.0f} ms)  {'MET' if ok else 'MISSED'}")
        for peer, goal in (("cap-v2", V2_TARGET), ("cap-v4", V4_TARGET)):
            m = table.get(f"{peer}-{q}")
            if not m:
                p(f"  {q:7} cpi / {peer:6}     : n/a (peer not measured)")
                continue
            r = ours["req_per_s"] / m["req_per_s"]
            ok = r >= goal
            checks[f"cpi_over_{peer.replace('-', '_')}_{q}"] = {"value": r, "target": f">= {goal:.0f}x", "met": ok}
            p(f"  {q:7} cpi / {peer:6}     : {r:7.1f}x   (target >= {goal:.0f}x)    {'MET' if ok else 'MISSED'}")

    text = "\n".join(lines) + "\n"
    with open(os.path.join(run_dir, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(run_dir, "summary.json"), "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "seed": seed, "sizes": {f"{t}-{q}": b for (t, q), b in sizes.items()},
                   "medians": table, "targets": checks}, f, indent=2)
    sys.stdout.write(text)
    missed = [k for k, v in checks.items() if not v["met"]]
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    return 3 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
