#!/usr/bin/env python3
"""pyodata reads message processing logs from `cpi serve`.

Usage: mpl_check.py BASE_URL SERVICE_KEY_JSON EXPECTED_JSON

SERVICE_KEY_JSON is a service key of an `api` instance with MonitoringDataRead. EXPECTED_JSON,
written by the Rust test that seeded the logs, holds {"since": ISO UTC time, "failed_since":
[MessageGuid, ...]}: the guids of the FAILED logs whose LogEnd is after `since` (more than 1000).

The script lets pyodata load `$metadata`, filters MessageProcessingLogs on Status and a datetime
range (pyodata writes `datetime'...'` literals), follows `__next` through every page and checks
it got exactly the expected guids, each once, with LogEnd after the bound and the complex
IntegrationArtifact read as a structure. Any failure exits non-zero saying what went wrong.
"""

import datetime
import json
import sys

import pyodata
import requests

import checks
from checks import check, token


def run(base, key_path, expected_path):
    with open(key_path, encoding="utf-8") as f:
        oauth = json.load(f)["oauth"]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    since = datetime.datetime.fromisoformat(expected["since"]).replace(tzinfo=datetime.timezone.utc)
    wanted = set(expected["failed_since"])
    check(len(wanted) > 1000, f"the test must seed more than 1000 matches, not {len(wanted)}")

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token(oauth)}"
    client = pyodata.Client(base.rstrip("/") + "/api/v1", session)
    mpl_type = client.schema.entity_type("MessageProcessingLog")
    check([p.name for p in mpl_type.key_proprties] == ["MessageGuid"], "MessageProcessingLog key in $metadata")

    logs = client.entity_sets.MessageProcessingLogs
    request = logs.get_entities().filter(Status="FAILED", LogEnd__gt=since).count(inline=True)
    page = request.execute()
    check(page.total_count == len(wanted), f"__count {page.total_count}, expected {len(wanted)}")
    seen = []
    pages = 0
    while True:
        pages += 1
        check(pages <= 20, "more than 20 pages: __next does not end")
        for entry in page:
            check(entry.Status == "FAILED", f"{entry.MessageGuid} has Status {entry.Status}")
            check(entry.LogEnd > since, f"{entry.MessageGuid} ended {entry.LogEnd}, before {since}")
            check(entry.IntegrationArtifact["Id"], f"{entry.MessageGuid} has no IntegrationArtifact/Id")
            seen.append(entry.MessageGuid)
        if page.next_url is None:
            break
        page = logs.get_entities().next_url(page.next_url).execute()
    check(pages >= 2, f"{len(seen)} matches came in {pages} page(s); the server pages at 1000")
    check(len(seen) == len(set(seen)), "following __next repeated entries")
    check(set(seen) == wanted, f"got {len(set(seen))} guids, expected {len(wanted)}; missing or extra entries")
    print(f"pyodata read {len(seen)} FAILED logs after {since.isoformat()} in {pages} pages")

    one = logs.get_entity(seen[0]).execute()
    check(one.MessageGuid == seen[0], "read by key")
    print("pyodata MPL check passed")


if __name__ == "__main__":
    sys.exit(checks.main(run, __doc__, "pyodata MPL check"))
