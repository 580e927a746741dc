#!/usr/bin/env python3
"""Seed `cpi serve` with integration packages and flows through its OData API, then export the
flows as the rows the CAP peer is loaded with (so both servers hold the same rows).

usage:
  odata_seed.py seed   <base url> <token file> <artifacts> <packages> <threads>
  odata_seed.py export <base url> <token file> <rows.json>

seed:   POST IntegrationPackages Pkg0..Pkg<packages-1>, then POST IntegrationDesigntimeArtifacts
        Flow_00000..: Id Flow_<i:05>, Name "Flow <i>", PackageId Pkg<i % packages>, Description
        "Benchmark flow <i>", no ArtifactContent (the server builds an empty iFlow), over
        <threads> keep-alive connections. Every answer must be 201. Prints one JSON line with
        the timings on stdout.
export: GET IntegrationDesigntimeArtifacts?$format=json following __next (cpi pages at 1,000)
        and writes the plain properties of every row (no __metadata, no navigation links) as a
        JSON array.
The token file holds a bearer token (read from a file so it never appears in `ps`).
"""

import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse


def connect(base: str) -> tuple[http.client.HTTPConnection, str]:
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60), url.path.rstrip("/")


def request(conn, method, path, token, body=None):
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def seed(base: str, token: str, artifacts: int, packages: int, threads: int) -> int:
    conn, prefix = connect(base)
    t0 = time.monotonic()
    for p in range(packages):
        body = {"Id": f"Pkg{p}", "Name": f"Package {p}", "ShortText": f"Benchmark package {p}"}
        status, data = request(conn, "POST", f"{prefix}/api/v1/IntegrationPackages", token, body)
        if status != 201:
            print(f"POST IntegrationPackages Pkg{p}: HTTP {status}: {data[:300]!r}", file=sys.stderr)
            return 1
    conn.close()
    t_packages = time.monotonic() - t0

    work: queue.Queue[int] = queue.Queue()
    for i in range(artifacts):
        work.put(i)
    failures: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        conn, prefix = connect(base)
        while not failures:
            try:
                i = work.get_nowait()
            except queue.Empty:
                break
            body = {"Id": f"Flow_{i:05d}", "Name": f"Flow {i}", "PackageId": f"Pkg{i % packages}",
                    "Description": f"Benchmark flow {i}"}
            try:
                status, data = request(conn, "POST", f"{prefix}/api/v1/IntegrationDesigntimeArtifacts", token, body)
            except (OSError, http.client.HTTPException) as e:
                status, data = -1, repr(e).encode()
            if status != 201:
                with lock:
                    failures.append(f"POST IntegrationDesigntimeArtifacts Flow_{i:05d}: HTTP {status}: {data[:300]!r}")
                break
        conn.close()

    t1 = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    t_artifacts = time.monotonic() - t1
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    print(json.dumps({
        "packages": packages, "artifacts": artifacts, "threads": threads,
        "packages_s": round(t_packages, 3), "artifacts_s": round(t_artifacts, 3),
        "artifacts_per_s": round(artifacts / t_artifacts, 1) if t_artifacts else None,
        "total_s": round(t_packages + t_artifacts, 3),
    }))
    return 0


def export(base: str, token: str, out: str) -> int:
    conn, prefix = connect(base)
    path = f"{prefix}/api/v1/IntegrationDesigntimeArtifacts?$format=json"
    rows = []
    while path:
        status, data = request(conn, "GET", path, token)
        if status != 200:
            print(f"GET {path}: HTTP {status}: {data[:300]!r}", file=sys.stderr)
            return 1
        d = json.loads(data)["d"]
        for r in d["results"]:
            rows.append({k: v for k, v in r.items() if k != "__metadata" and not isinstance(v, dict)})
        nxt = d.get("__next")
        if nxt:
            u = urllib.parse.urlsplit(nxt)
            path = u.path + ("?" + u.query if u.query else "")
            if "$format" not in path:
                path += ("&" if "?" in path else "?") + "$format=json"
        else:
            path = None
    conn.close()
    with open(out, "w", encoding="utf-8") as f:
        json.dump(rows, f)
    print(len(rows))
    return 0


def main() -> int:
    cmd = sys.argv[1]
    token = open(sys.argv[3], encoding="utf-8").read().strip()
    if cmd == "seed":
        return seed(sys.argv[2], token, int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    if cmd == "export":
        return export(sys.argv[2], token, sys.argv[4])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
