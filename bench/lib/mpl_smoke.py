#!/usr/bin/env python3
"""Smoke checks of bench/mpl.sh: every target answers each query with the same rows.

usage:
  mpl_smoke.py rows  <response file> <target> <query> <expected rows> <run dir>
  mpl_smoke.py count <response file> <target> <query> <expected count> <run dir>
  mpl_smoke.py walk  <base url> <start path> <token file> <pages> <page size>

rows:  the body is OData V2 JSON (d.results) or V4 JSON (value) with exactly <expected rows>
       rows; their MessageGuids, in order, must equal those of the first target checked for the
       query (kept in <run dir>/ids-<query>.txt). Appends size and first/last guid to sizes.tsv.
count: the body is the plain number <expected count> (`/$count`). Appends to sizes.tsv.
walk:  follows __next links from <start path> (bearer token from <token file>) through <pages>
       full pages of <page size> rows, checking that no guid repeats, and prints the path and
       query of the __next link of the last of them, i.e. the URL of page <pages> + 1.
"""

import http.client
import json
import os
import sys
import urllib.parse


def record(run_dir: str, target: str, query: str, path: str, rows: int, first: str, last: str) -> int:
    size = os.path.getsize(path)
    with open(os.path.join(run_dir, "sizes.tsv"), "a", encoding="utf-8") as f:
        f.write(f"{target}\t{query}\t{size}\t{rows}\t{first}\t{last}\n")
    return size


def rows(path: str, target: str, query: str, expected: int, run_dir: str) -> int:
    body = json.load(open(path, encoding="utf-8"))
    results = body["value"] if "value" in body else body["d"]["results"]
    guids = [r["MessageGuid"] for r in results]
    if len(guids) != expected:
        raise SystemExit(f"{target} {query}: {len(guids)} rows instead of {expected}")
    if len(set(guids)) != len(guids):
        raise SystemExit(f"{target} {query}: a MessageGuid repeats within the page")
    ids_file = os.path.join(run_dir, f"ids-{query}.txt")
    if os.path.exists(ids_file):
        first_target, *expected_guids = open(ids_file, encoding="utf-8").read().split()
        if expected_guids != guids:
            same = len(set(expected_guids) & set(guids))
            where = next((i for i, (a, b) in enumerate(zip(expected_guids, guids)) if a != b), None)
            raise SystemExit(f"{target} {query}: other rows or order than {first_target} "
                             f"({same} of {expected} guids shared, first difference at row {where})")
    else:
        open(ids_file, "w", encoding="utf-8").write("\n".join([target, *guids]))
    size = record(run_dir, target, query, path, len(guids), guids[0], guids[-1])
    print(f"  {target} {query}: 200, {len(guids)} rows ({guids[0]} … {guids[-1]}), {size:,} bytes", file=sys.stderr)
    return 0


def count(path: str, target: str, query: str, expected: int, run_dir: str) -> int:
    text = open(path, encoding="utf-8").read().strip()
    if text != str(expected):
        raise SystemExit(f"{target} {query}: $count says {text[:100]!r}, expected {expected}")
    size = record(run_dir, target, query, path, 1, text, text)
    print(f"  {target} {query}: 200, count {text}, {size} bytes", file=sys.stderr)
    return 0


def walk(base: str, start: str, token: str, pages: int, page_size: int) -> int:
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    path, seen = start, set()
    for page in range(1, pages + 1):
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise SystemExit(f"walk page {page} ({path}): HTTP {response.status}: {data[:300]!r}")
        d = json.loads(data)["d"]
        guids = [r["MessageGuid"] for r in d["results"]]
        if len(guids) != page_size:
            raise SystemExit(f"walk page {page} ({path}): {len(guids)} rows instead of {page_size}")
        if seen.intersection(guids):
            raise SystemExit(f"walk page {page} ({path}): rows of earlier pages again")
        seen.update(guids)
        nxt = d.get("__next")
        if not nxt:
            raise SystemExit(f"walk page {page} ({path}): no __next link")
        u = urllib.parse.urlsplit(nxt)
        path = u.path + ("?" + u.query if u.query else "")
    conn.close()
    print(path)
    return 0


def main() -> int:
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "rows" and len(args) == 5:
        return rows(args[0], args[1], args[2], int(args[3]), args[4])
    if cmd == "count" and len(args) == 5:
        return count(args[0], args[1], args[2], int(args[3]), args[4])
    if cmd == "walk" and len(args) == 5:
        token = open(args[2], encoding="utf-8").read().strip()
        return walk(args[0], args[1], token, int(args[3]), int(args[4]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
