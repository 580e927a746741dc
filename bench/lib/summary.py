#!/usr/bin/env python3
"""Summarise one bench/token.sh run: medians per target and concurrency, the signing limit, and
the ratios against the targets.

usage: summary.py <run dir> <headline concurrency>

Reads <run dir>/runs.tsv, <run dir>/openssl.tsv and <run dir>/meta.json; writes
<run dir>/summary.json and <run dir>/summary.md and prints the table on stdout.
"""

import csv
import json
import os
import statistics
import sys

SIGNING_TARGET = 0.90  # ours / RSA-2048 sign rate on the same core
P99_TARGET_MS = 5.0  # p99 at the headline concurrency
PEER_TARGET = 2.0  # ours / oidc-provider


def load_runs(path):
    with open(path, encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r["phase"] == "run"]


def medians(rows):
    out = {}
    for target in sorted({r["target"] for r in rows}):
        for c in sorted({int(r["c"]) for r in rows if r["target"] == target}):
            rr = [r for r in rows if r["target"] == target and int(r["c"]) == c]

            def med(col, rr=rr):
                return statistics.median(float(r[col]) for r in rr)

            out.setdefault(target, {})[c] = {
                "runs": len(rr),
                "tokens_per_s": med("tokens_per_s"),
                "tokens_per_s_all": [float(r["tokens_per_s"]) for r in rr],
                "p50_ms": med("p50_ms"),
                "p99_ms": med("p99_ms"),
                "server_cpu_util": med("server_cpu_util"),
                "server_cpu_us_per_token": med("server_cpu_us_per_token"),
                "server_cpu_steal": med("server_cpu_steal"),
                "ok_200": sum(int(r["ok_200"]) for r in rr),
            }
    return out


def verdict(ok):
    return "MET" if ok else "MISSED"


def main() -> int:
    run_dir, headline = sys.argv[1], int(sys.argv[2])
    with open(os.path.join(run_dir, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    table = medians(load_runs(os.path.join(run_dir, "runs.tsv")))
    with open(os.path.join(run_dir, "openssl.tsv"), encoding="utf-8") as f:
        ossl = list(csv.DictReader(f, delimiter="\t"))
    signs = [float(r["sign_per_s"]) for r in ossl]
    steals = [float(r.get("steal") or 0) for r in ossl]
    sign_limit = statistics.median(signs) if signs else None

    ours = table.get("cpi", {})
    peer = table.get("oidc-provider", {})
    concs = sorted(set(ours) | set(peer))
    lines = []
    p = lines.append
    p(f"Run {meta.get('run_id')}  (cpi {meta.get('cpi_rev')}, oha {meta.get('oha_version')}, "
      f"{meta.get('reps')} x {meta.get('duration')} after {meta.get('warmup')} warm-up, "
      f"server on CPU {meta.get('server_cpu')}, oha on CPU {meta.get('loadgen_cpu')})")
    p("")
    p("| Target | c | tokens/s (median) | runs | p50 ms | p99 ms | server CPU | CPU µs/token | steal |")
    p("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    for name, label in (("cpi", "cpi serve (ours)"), ("oidc-provider", f"oidc-provider {meta.get('peer_version') or ''}".strip())):
        for c in concs:
            m = table.get(name, {}).get(c)
            if not m:
                continue
            runs = " / ".join(f"{v:.0f}" for v in m["tokens_per_s_all"])
            p(f"| {label} | {c} | **{m['tokens_per_s']:.0f}** | {runs} | {m['p50_ms']:.2f} | {m['p99_ms']:.2f} "
              f"| {m['server_cpu_util'] * 100:.0f}% | {m['server_cpu_us_per_token']:.0f} | {m['server_cpu_steal'] * 100:.0f}% |")
    if not peer:
        p(f"| oidc-provider | – | not measured ({meta.get('peer_status', 'skipped')}) | | | | | | |")
    p("")
    if signs:
        p(f"RSA-2048 signing limit on CPU {meta.get('server_cpu')} (openssl speed, median of {len(signs)}): "
          f"**{sign_limit:.0f} sign/s** (runs: {', '.join(f'{s:.0f}' for s in signs)}; "
          f"steal {', '.join(f'{s * 100:.0f}%' for s in steals)})")
    p("")

    checks = {}
    h = ours.get(headline)
    p(f"Targets at c={headline}:")
    if h and sign_limit:
        r = h["tokens_per_s"] / sign_limit
        checks["ours_over_signing_limit"] = {"value": r, "target": f">= {SIGNING_TARGET:.0%}", "met": r >= SIGNING_TARGET}
        p(f"  ours / signing limit : {r:6.1%}   (target >= {SIGNING_TARGET:.0%})  {verdict(r >= SIGNING_TARGET)}")
    if h:
        checks["p99_ms"] = {"value": h["p99_ms"], "target": f"< {P99_TARGET_MS} ms", "met": h["p99_ms"] < P99_TARGET_MS}
        p(f"  p99                  : {h['p99_ms']:6.2f} ms (target < {P99_TARGET_MS:.0f} ms)  {verdict(h['p99_ms'] < P99_TARGET_MS)}")
    ph = peer.get(headline)
    if h and ph:
        r = h["tokens_per_s"] / ph["tokens_per_s"]
        checks["ours_over_peer"] = {"value": r, "target": f"> {PEER_TARGET:.0f}x", "met": r > PEER_TARGET}
        p(f"  ours / oidc-provider : {r:6.2f}x   (target > {PEER_TARGET:.0f}x)    {verdict(r > PEER_TARGET)}")
    else:
        p("  ours / oidc-provider : n/a (peer not measured)")
    if ph and sign_limit:
        p(f"  (oidc-provider / signing limit: {ph['tokens_per_s'] / sign_limit:.1%})")

    text = "\n".join(lines) + "\n"
    with open(os.path.join(run_dir, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(run_dir, "summary.json"), "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "medians": table, "signing_limit_per_s": sign_limit,
                   "signing_runs_per_s": signs, "headline_concurrency": headline, "targets": checks},
                  f, indent=2)
    sys.stdout.write(text)
    missed = [k for k, v in checks.items() if not v["met"]]
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    return 3 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
