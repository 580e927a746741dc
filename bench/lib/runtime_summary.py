#!/usr/bin/env python3
"""Summarise one bench/runtime.sh run: medians of the flow and /healthz cells, the MPL check,
and the targets (>= 5,000 messages/s on one core, p99 < 20 ms, MPLs = 2xx replies).

usage: runtime_summary.py <run dir>
Writes <run dir>/summary.json and summary.md and prints the table.
"""

import csv
import json
import statistics
import sys

RATE_TARGET = 5000.0
P99_TARGET_MS = 20.0


def main() -> int:
    run_dir = sys.argv[1]
    with open(f"{run_dir}/runs.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["phase"] == "run"]
    meta = json.load(open(f"{run_dir}/meta.json", encoding="utf-8"))
    mpl = json.load(open(f"{run_dir}/mpl.json", encoding="utf-8"))
    cells = {}
    for target in ("healthz", "flow"):
        mine = [r for r in rows if r["target"] == target]
        med = lambda key: statistics.median(float(r[key]) for r in mine)  # noqa: E731
        cells[target] = {
            "per_s": med("ok_per_s"),
            "p50_ms": med("p50_ms"),
            "p99_ms": med("p99_ms"),
            "server_cpu_util": med("server_cpu_util"),
            "server_cpu_us_per_req": med("server_cpu_us_per_req"),
            "ok_200": sum(int(r["ok_200"]) for r in mine),
            "runs": len(mine),
        }
    flow = cells["flow"]
    checks = {
        "rate": flow["per_s"] >= RATE_TARGET,
        "p99": flow["p99_ms"] < P99_TARGET_MS,
        "mpl_equals_2xx": mpl["mpl_count"] == mpl["ok_2xx_including_smoke"] and mpl["mpl_not_completed"] == 0,
    }
    summary = {"cells": cells, "mpl": mpl, "checks": checks, "targets_met": all(checks.values()), "meta": meta}
    json.dump(summary, open(f"{run_dir}/summary.json", "w", encoding="utf-8"), indent=2)
    lines = [
        f"Runtime benchmark {meta.get('cpi_rev')} — c={meta.get('concurrency')}, {meta.get('reps')}×{meta.get('duration')}, "
        f"server on CPU {meta.get('server_cpu')}, oha {meta.get('oha')} on CPU {meta.get('loadgen_cpu')}",
        "",
        "| cell | req/s (median) | p50 ms | p99 ms | server CPU | µs CPU/req |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, label in (("flow", "POST /http/orders/route (CM + Router, Basic key)"), ("healthz", "GET /healthz")):
        c = cells[name]
        lines.append(
            f"| {label} | {c['per_s']:,.0f} | {c['p50_ms']:.2f} | {c['p99_ms']:.2f} | "
            f"{c['server_cpu_util'] * 100:.0f}% | {c['server_cpu_us_per_req']:,.0f} |"
        )
    lines += [
        "",
        f"MPLs of Route_Order: {mpl['mpl_count']:,} (not COMPLETED: {mpl['mpl_not_completed']}); "
        f"2xx replies incl. the smoke call: {mpl['ok_2xx_including_smoke']:,}",
        f"flow / healthz: {flow['per_s'] / cells['healthz']['per_s']:.2f}; peak RSS {int(meta.get('cpi_peak_rss_kb') or 0) / 1024:.0f} MiB",
        "targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in checks.items()),
    ]
    text = "\n".join(lines) + "\n"
    open(f"{run_dir}/summary.md", "w", encoding="utf-8").write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
