#!/usr/bin/env python3
"""The rows and query parameters of bench/mpl.sh, read straight from cpi's SQLite file.

usage:
  mpl_export.py facts <cpi.db> <bound days> <skip> <run dir>
  mpl_export.py load  <cpi.db> <CAP db.sqlite> <table>
  mpl_export.py plans <CAP db.sqlite> <table> <bound> <flow> <skip>

facts: one JSON object on stdout with what the queries need and what they must answer:
       rows (all MPLs), newest/oldest LogEnd, `bound` (a whole second `<bound days>` before the
       newest LogEnd, moved back until no LogEnd falls inside that second, so `LogEnd gt
       datetime'<bound>'` means the same on every server whatever precision its literal has),
       `flow` (the artifact with the most FAILED logs after the bound; the smallest id on a tie),
       `failed` (the Q1/Q3 count: Status FAILED and LogEnd after the bound) and `failed_flow`
       (the Q2 count: the same of `flow`). Writes the MessageGuids every server must answer, in
       cpi's order (LogEnd desc, then row id desc), to <run dir>/ids-<query>.txt (first line
       `cpi.db`, the format of mpl_smoke.py): status, status-flow (top 100) and page (rows <skip>
       to <skip> + 999 of all logs).
load:  copies every MPL into CAP's (empty, freshly deployed) table in one transaction with
       executemany: LogStart/LogEnd as CAP's Timestamp text (`2024-01-05T12:00:00.123Z`),
       IntegrationFlowName = the artifact id, Seq = cpi's row id (cpi's tie-breaker for equal
       LogEnd). Then creates the indexes that match cpi's (migration 0003) for these queries,
       minus cpi's leading subaccount column, each ending with Seq as cpi's end with the rowid,
       and then CAP's own tie-breaker (see plans):
         (LogEnd, Seq, MessageGuid DESC)  (Status, LogEnd, Seq, MessageGuid DESC)
         (IntegrationFlowName, Status, LogEnd, Seq, MessageGuid DESC)
       Prints one JSON line: rows, seconds for the copy and for the indexes.
plans: EXPLAIN QUERY PLAN of the SQL that CAP (@cap-js/sqlite 2.4) runs for each query (its
       shape as logged with DEBUG=sql: it orders by LogEnd DESC, Seq DESC and appends its key,
       MessageGuid ASC, which is why the indexes end with MessageGuid DESC). One line per query.
cpi.db is opened read-only. Exactly one subaccount may hold MPLs.
"""

import datetime
import json
import sqlite3
import sys
import time

CAP_INDEXES = {
    "mpl_by_end": "(LogEnd, Seq, MessageGuid DESC)",
    "mpl_by_status": "(Status, LogEnd, Seq, MessageGuid DESC)",
    "mpl_by_flow_status": "(IntegrationFlowName, Status, LogEnd, Seq, MessageGuid DESC)",
}
COLUMNS = (
    "MessageGuid", "CorrelationId", "ApplicationMessageId", "ApplicationMessageType", "LogStart", "LogEnd",
    "Sender", "Receiver", "IntegrationFlowName", "Status", "LogLevel", "CustomStatus", "TransactionId",
    "AlternateWebLink", "Seq",
)
SELECT = """SELECT message_guid, correlation_id, application_message_id, application_message_type, log_start, log_end,
                   sender, receiver, artifact_id, status, log_level, custom_status, transaction_id,
                   alternate_web_link, id
            FROM message_processing_logs WHERE subaccount = ? ORDER BY id"""


def open_cpi(path: str) -> tuple[sqlite3.Connection, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    numbers = [n for (n,) in conn.execute("SELECT DISTINCT subaccount FROM message_processing_logs")]
    if len(numbers) != 1:
        raise SystemExit(f"{path}: MPLs of {len(numbers)} subaccounts; expected exactly one")
    return conn, numbers[0]


def iso_ms(ms: int | None) -> str | None:
    if ms is None:
        return None
    t = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def expect(run_dir: str, query: str, conn: sqlite3.Connection, sql: str, params: tuple) -> None:
    guids = [g for (g,) in conn.execute(sql, params)]
    with open(f"{run_dir}/ids-{query}.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(["cpi.db", *guids]))


def facts(cpi_db: str, bound_days: float, skip: int, run_dir: str) -> int:
    conn, sub = open_cpi(cpi_db)
    rows, newest, oldest = conn.execute(
        "SELECT COUNT(*), MAX(log_end), MIN(log_end) FROM message_processing_logs WHERE subaccount = ?", (sub,)
    ).fetchone()
    bound = (newest - int(bound_days * 86_400_000)) // 1000 * 1000
    while conn.execute(
        "SELECT 1 FROM message_processing_logs WHERE subaccount = ? AND log_end >= ? AND log_end < ? LIMIT 1",
        (sub, bound, bound + 1000),
    ).fetchone():
        bound -= 1000
    failed = conn.execute(
        "SELECT COUNT(*) FROM message_processing_logs WHERE subaccount = ? AND status = 'FAILED' AND log_end > ?",
        (sub, bound),
    ).fetchone()[0]
    flow, failed_flow = conn.execute(
        """SELECT artifact_id, COUNT(*) AS n FROM message_processing_logs
           WHERE subaccount = ? AND status = 'FAILED' AND log_end > ?
           GROUP BY artifact_id ORDER BY n DESC, artifact_id LIMIT 1""",
        (sub, bound),
    ).fetchone() or (None, 0)
    order = "ORDER BY log_end DESC, id DESC"
    failed_sql = "SELECT message_guid FROM message_processing_logs WHERE subaccount = ? AND status = 'FAILED' AND log_end > ?"
    expect(run_dir, "status", conn, f"{failed_sql} {order} LIMIT 100", (sub, bound))
    expect(run_dir, "status-flow", conn, f"{failed_sql} AND artifact_id = ? {order} LIMIT 100", (sub, bound, flow))
    expect(run_dir, "page", conn, f"SELECT message_guid FROM message_processing_logs WHERE subaccount = ? {order} "
           "LIMIT 1000 OFFSET ?", (sub, skip))
    print(json.dumps({
        "rows": rows, "newest": iso_ms(newest), "oldest": iso_ms(oldest),
        "bound": iso_ms(bound)[:19], "bound_days": bound_days,
        "failed": failed, "flow": flow, "failed_flow": failed_flow,
    }))
    return 0


def load(cpi_db: str, cap_db: str, table: str) -> int:
    src, sub = open_cpi(cpi_db)
    dst = sqlite3.connect(cap_db, isolation_level=None)
    t0 = time.monotonic()
    dst.execute("BEGIN")
    if dst.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]:
        raise SystemExit(f"{cap_db}: {table} is not empty")
    rows = (r[:4] + (iso_ms(r[4]), iso_ms(r[5])) + r[6:] for r in src.execute(SELECT, (sub,)))
    marks = ", ".join("?" * len(COLUMNS))
    dst.executemany(f'INSERT INTO "{table}" ({", ".join(COLUMNS)}) VALUES ({marks})', rows)
    dst.execute("COMMIT")
    t1 = time.monotonic()
    for name, cols in CAP_INDEXES.items():
        dst.execute(f'CREATE INDEX "{table}_{name}" ON "{table}" {cols}')
    t2 = time.monotonic()
    n = dst.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    dst.close()
    print(json.dumps({"rows": n, "copy_s": round(t1 - t0, 3), "index_s": round(t2 - t1, 3),
                      "indexes": {f"{table}_{k}": v for k, v in CAP_INDEXES.items()}}))
    return 0


def plans(cap_db: str, table: str, bound: str, flow: str, skip: int) -> int:
    conn = sqlite3.connect(f"file:{cap_db}?mode=ro", uri=True)
    order = "ORDER BY LogEnd DESC, Seq DESC, MessageGuid ASC"
    where = "WHERE Status = 'FAILED' AND LogEnd > ?"
    queries = {
        "status": (f'SELECT * FROM "{table}" {where} {order} LIMIT 100', (bound + "Z",)),
        "status-flow": (f'SELECT * FROM "{table}" {where} AND IntegrationFlowName = ? {order} LIMIT 100', (bound + "Z", flow)),
        "count": (f'SELECT count(1) FROM "{table}" {where}', (bound + "Z",)),
        "page": (f'SELECT * FROM "{table}" {order} LIMIT 1000 OFFSET ?', (skip,)),
    }
    for name, (sql, params) in queries.items():
        steps = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
        print(f"cap {name}: {' | '.join(steps)}")
    return 0


def main() -> int:
    if len(sys.argv) == 6 and sys.argv[1] == "facts":
        return facts(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    if len(sys.argv) == 5 and sys.argv[1] == "load":
        return load(sys.argv[2], sys.argv[3], sys.argv[4])
    if len(sys.argv) == 7 and sys.argv[1] == "plans":
        return plans(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
