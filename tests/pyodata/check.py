#!/usr/bin/env python3
"""An independent, metadata-driven OData V2 client (pyodata) against `cpi serve`.

Usage: check.py BASE_URL SERVICE_KEY_JSON

BASE_URL is the server's root (e.g. http://127.0.0.1:8080); SERVICE_KEY_JSON a service key of an
`api` instance with WorkspacePackagesEdit: {"oauth": {"clientid", "clientsecret", "tokenurl", "url"}}.

It gets a token by client credentials, lets pyodata load `$metadata`, creates packages (201 each),
lists them with `$filter` and `$top`, follows `__next` through the server's 1000-entry pages and
reads one by key. Any failure exits non-zero with a message saying what went wrong.
"""

import json
import sys
import time

import pyodata
import requests

import checks
from checks import CheckFailed, check, token
from pyodata.exceptions import HttpError

SERVER_PAGE = 1000
PACKAGES = SERVER_PAGE + 10
OTHERS = 3


def package_id(i):
    return f"Py.Pkg{i:04d}"


def create(packages, pkg_id, name):
    try:
        created = (
            packages.create_entity()
            .set(Id=pkg_id, Name=name, ShortText=f"made by pyodata: {name}", Version="1.0.0")
            .execute()
        )
    except HttpError as e:
        raise CheckFailed(f"creating {pkg_id}: HTTP {e.response.status_code}: {e.response.text}") from e
    # pyodata's create handler raises unless the status is 201 Created.
    check(created.Id == pkg_id, f"created {pkg_id} but the response has Id {created.Id!r}")
    check(created.Name == name, f"created {pkg_id} but the response has Name {created.Name!r}")
    return created


def all_pages(client, first):
    """Follows `__next` from a first page; returns (entities, number of pages)."""
    entities = list(first)
    pages = 1
    next_url = first.next_url
    while next_url is not None:
        check(pages < 100, "more than 100 pages: __next does not end")
        page = client.entity_sets.IntegrationPackages.get_entities().next_url(next_url).execute()
        entities.extend(page)
        pages += 1
        next_url = page.next_url
    return entities, pages


def run(base, key_path):
    with open(key_path, encoding="utf-8") as f:
        oauth = json.load(f)["oauth"]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token(oauth)}"

    service_url = base.rstrip("/") + "/api/v1"
    client = pyodata.Client(service_url, session)
    package_type = client.schema.entity_type("IntegrationPackage")
    check(
        [p.name for p in package_type.key_proprties] == ["Id"],
        f"IntegrationPackage key in $metadata: {[p.name for p in package_type.key_proprties]}",
    )
    print(f"$metadata loaded: {len(client.schema.entity_sets)} entity sets")

    packages = client.entity_sets.IntegrationPackages
    started = time.monotonic()
    for i in range(PACKAGES):
        create(packages, package_id(i), f"Package {i}")
    for i in range(OTHERS):
        create(packages, f"Other.Pkg{i}", f"Other {i}")
    print(f"created {PACKAGES + OTHERS} packages in {time.monotonic() - started:.1f} s")

    try:
        packages.create_entity().set(Id=package_id(0), Name="Duplicate").execute()
        status = 201
    except HttpError as e:
        status = e.response.status_code
    check(status == 409, f"creating an existing package: expected HTTP 409, got {status}")

    py_filter = "startswith(Id, 'Py') eq true"

    top5 = packages.get_entities().filter(py_filter).top(5).execute()
    check(len(top5) == 5, f"$top=5 returned {len(top5)} entries")
    check(top5.next_url is None, f"$top=5 answered in full but has __next {top5.next_url!r}")
    check(all(e.Id.startswith("Py") for e in top5), f"$filter let through {[e.Id for e in top5]}")

    first = packages.get_entities().filter(py_filter).count(inline=True).execute()
    check(len(first) == SERVER_PAGE, f"first page has {len(first)} entries, expected {SERVER_PAGE}")
    check(first.total_count == PACKAGES, f"__count is {first.total_count}, expected {PACKAGES}")
    check(first.next_url is not None, "first page of more than 1000 entries has no __next")
    listed, pages = all_pages(client, first)
    ids = [e.Id for e in listed]
    check(pages == 2, f"{PACKAGES} entries came in {pages} pages, expected 2")
    check(len(ids) == PACKAGES, f"following __next gave {len(ids)} entries, expected {PACKAGES}")
    check(sorted(ids) == sorted(package_id(i) for i in range(PACKAGES)), "following __next lost or repeated entries")
    print(f"listed {len(ids)} packages in {pages} pages (__next: {first.next_url})")

    # A $top above the page size: the server pages, and the last page honours the $top.
    first = packages.get_entities().filter(Id__startswith="Py").top(SERVER_PAGE + 5).execute()
    listed, pages = all_pages(client, first)
    check((len(listed), pages) == (SERVER_PAGE + 5, 2), f"$top={SERVER_PAGE + 5}: {len(listed)} entries in {pages} pages")

    everything = packages.get_entities().execute()
    listed, pages = all_pages(client, everything)
    check(len(listed) == PACKAGES + OTHERS, f"unfiltered: {len(listed)} entries, expected {PACKAGES + OTHERS}")

    one = packages.get_entity("Py.Pkg0007").execute()
    check((one.Id, one.Name, one.Version) == ("Py.Pkg0007", "Package 7", "1.0.0"), f"by key: {one.Id}, {one.Name}")
    one = packages.get_entity(Id="Other.Pkg1").execute()
    check(one.ShortText == "made by pyodata: Other 1", f"by key: ShortText {one.ShortText!r}")
    print("pyodata check passed")


if __name__ == "__main__":
    sys.exit(checks.main(run, __doc__, "pyodata check"))
