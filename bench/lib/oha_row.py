#!/usr/bin/env python3
"""Turn one oha JSON report into one TSV row, after checking that every response was 200.

usage: oha_row.py <oha.json> <target> <phase> <concurrency> <rep> <server_cpu_seconds>

Prints a TSV row on stdout:
  target phase c rep tokens_per_s oha_rps p50_ms p99_ms ok_200 non_200 aborted duration_s
  server_cpu_s server_cpu_util server_cpu_us_per_token
Exits 1 (with the reason on stderr) if any response had another status, if any request failed
for a reason other than oha aborting in-flight requests at the deadline, or if nothing
succeeded at all.
"""

import json
import sys

# oha (HTTP/1) aborts in-flight requests when -z elapses; at most one per connection.
DEADLINE_ABORT = "aborted due to deadline"


def main() -> int:
    path, target, phase, conc, rep, cpu_s = sys.argv[1:7]
    conc_i, cpu_s = int(conc), float(cpu_s)
    with open(path, encoding="utf-8") as f:
        report = json.load(f)

    codes = {str(k): int(v) for k, v in (report.get("statusCodeDistribution") or {}).items()}
    errors = {str(k): int(v) for k, v in (report.get("errorDistribution") or {}).items()}
    ok = codes.get("200", 0)
    non_200 = sum(v for k, v in codes.items() if k != "200")
    aborted = errors.get(DEADLINE_ABORT, 0)
    other_errors = {k: v for k, v in errors.items() if k != DEADLINE_ABORT}

    problems = []
    if ok == 0:
        problems.append("no 200 responses at all")
    if non_200:
        problems.append(f"non-200 responses: {json.dumps(codes)}")
    if other_errors:
        problems.append(f"request errors: {json.dumps(other_errors)}")
    if aborted > conc_i:
        problems.append(f"{aborted} deadline aborts with only {conc_i} connections")
    if problems:
        print(f"FAIL {target} {phase} c={conc} rep={rep}: " + "; ".join(problems) + f" (raw: {path})",
              file=sys.stderr)
        return 1

    summary = report["summary"]
    duration = float(summary["total"])
    pct = report.get("latencyPercentiles") or {}
    tokens_per_s = ok / duration if duration > 0 else 0.0
    util = cpu_s / duration if duration > 0 else 0.0
    us_per_token = cpu_s / ok * 1e6 if ok else 0.0
    row = [
        target, phase, conc, rep,
        f"{tokens_per_s:.1f}", f"{float(summary['requestsPerSec']):.1f}",
        f"{float(pct.get('p50') or 0) * 1000:.3f}", f"{float(pct.get('p99') or 0) * 1000:.3f}",
        str(ok), str(non_200), str(aborted), f"{duration:.3f}",
        f"{cpu_s:.3f}", f"{util:.3f}", f"{us_per_token:.1f}",
    ]
    print("\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
