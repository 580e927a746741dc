#!/usr/bin/env python3
"""Summarise one bench/explorer.sh run from hyperfine's JSON files.

usage: explorer_summary.py <run dir>
Writes summary.md and summary.json and prints the table. Targets: the parallel backup at least
4x faster than the sequential commands; start-up (`cpi --version`, `cpi package list --json`)
under 20 ms.
"""

import json
import os
import sys

CELLS = [
    ("backup-parallel", "cpi backup DIR (pool of 8)"),
    ("backup-jobs1", "cpi backup DIR --jobs 1"),
    ("sequential-cli", "sequential: cpi artifact download + config get per artifact"),
    ("fs-probe", "python3: 5,000 small files in 1,000 folders (no cpi)"),
    ("version", "cpi --version"),
    ("package-list", "cpi package list --json (warm server)"),
]


def load(run_dir, name):
    path = os.path.join(run_dir, f"{name}.json")
    if not os.path.exists(path):
        return None
    result = json.load(open(path, encoding="utf-8"))["results"][0]
    return {"mean_s": result["mean"], "median_s": result["median"], "stddev_s": result.get("stddev") or 0.0,
            "min_s": result["min"], "max_s": result["max"], "runs": len(result["times"]),
            "times_s": result["times"], "client_user_s": result.get("user"), "client_system_s": result.get("system")}


def server_cpu(run_dir):
    path = os.path.join(run_dir, "server_cpu.tsv")
    if not os.path.exists(path):
        return {}
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")][1:]
    return {name: float(seconds) for name, seconds in rows}


def main() -> int:
    run_dir = sys.argv[1]
    meta = json.load(open(os.path.join(run_dir, "meta.json"), encoding="utf-8"))
    cells = {name: load(run_dir, name) for name, _ in CELLS}
    server = server_cpu(run_dir)
    parallel = cells["backup-parallel"]["median_s"]
    ratios = {
        other: cells[other]["median_s"] / parallel for other in ("backup-jobs1", "sequential-cli") if cells[other]
    }
    checks = {
        "backup_4x_sequential": ratios.get("sequential-cli", 0) >= 4.0,
        "version_under_20ms": cells["version"]["median_s"] < 0.020,
        "package_list_under_20ms": cells["package-list"]["median_s"] < 0.020,
    }
    lines = [f"Explorer benchmark {meta.get('cpi_rev')}: {meta.get('artifacts')} artifacts, server on CPU "
             f"{meta.get('server_cpu')}, client on CPU {meta.get('loadgen_cpu')}", "",
             "| cell | median | mean ± σ | runs | client user / system per run | server CPU per run |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, label in CELLS:
        c = cells[name]
        if c is None:
            continue
        unit = (1000, "ms") if c["median_s"] < 1 else (1, "s")
        per_run = name not in ("version", "package-list")
        client = f"{c['client_user_s']:.2f} s / {c['client_system_s']:.2f} s" if per_run else ""
        cpu = f"{server[name] / c['runs']:.2f} s" if per_run and server.get(name) else ""
        lines.append(f"| {label} | {c['median_s'] * unit[0]:.2f} {unit[1]} | {c['mean_s'] * unit[0]:.2f} ± "
                     f"{c['stddev_s'] * unit[0]:.2f} {unit[1]} | {c['runs']} | {client} | {cpu} |")
    lines.append("")
    for other, ratio in ratios.items():
        lines.append(f"{other} / backup-parallel: {ratio:.1f}x")
    lines.append("targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in checks.items()))
    text = "\n".join(lines) + "\n"
    open(os.path.join(run_dir, "summary.md"), "w", encoding="utf-8").write(text)
    json.dump({"cells": cells, "server_cpu_s": server, "ratios": ratios, "checks": checks, "meta": meta},
              open(os.path.join(run_dir, "summary.json"), "w", encoding="utf-8"), indent=2)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
