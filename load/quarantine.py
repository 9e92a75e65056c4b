"""Quarantine: rows that fail a row-level check are moved to the `quarantine` table, not rolled back.

Every file in sql/checks declares its severity in its first line:

    -- severity: quarantine   a row-level check (an odd input): it selects table_name, row_id and
                              reason of each failing row; those rows, and the rows that depend on
                              them, go to `quarantine` and the rest of the run loads
    -- severity: error        a structural check (a bug: duplicate ids, broken foreign keys, null
                              keys): any violation rolls the whole load back
    -- severity: warn         a row-level check of a row that is odd but may be right (a release
                              dated in the future: an embargo): the row loads and the run summary
                              reports it

Both run inside the load's transaction, quarantine first, so a SIGKILL at any point leaves the
warehouse (quarantine included) as it was. Dependants: a quarantined document takes its releases and
its release_documents links with it; a quarantined release takes its quotes, amounts, person_roles,
contacts and release_documents links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from load.connection import connect
from load.sql_files import sql_files

# How each table's row id is written in `quarantine.row_id` (SQL over the table's own columns).
ROW_ID = {
    "documents": "document_id",
    "releases": "release_id",
    "release_documents": "release_id || '/' || document_id",
    "people": "person_id",
    "person_roles": "person_role_id",
    "contacts": "contact_id",
    "quotes": "quote_id",
    "amounts": "amount_id",
}

# The document each table's row was read from (SQL over the row `t`; releases as `r`).
SOURCE_DOCUMENT = {
    "documents": "t.document_id",
    "releases": "t.document_id",
    "release_documents": "t.document_id",
    "quotes": "r.document_id",
    "amounts": "r.document_id",
    "person_roles": "r.document_id",
    "contacts": "r.document_id",
}

# (parent table, child table, SQL of the child's parent id): rows taken along when their parent goes.
DEPENDANTS = (
    ("documents", "releases", "document_id"),
    ("documents", "release_documents", "document_id"),
    ("releases", "quotes", "release_id"),
    ("releases", "amounts", "release_id"),
    ("releases", "person_roles", "release_id"),
    ("releases", "contacts", "release_id"),
    ("releases", "release_documents", "release_id"),
)

SEVERITIES = ("quarantine", "error", "warn")
_SEVERITY = re.compile(r"^\s*--\s*severity:\s*(\w+)", re.IGNORECASE)


class CheckDefinitionError(ValueError):
    """A file in sql/checks without a valid `-- severity:` first line."""


@dataclass(frozen=True)
class Check:
    """One data-quality check from sql/checks (grain: one .sql file)."""

    name: str
    severity: str  # quarantine | error | warn
    sql: str


@dataclass
class Held:
    """Rows one load held back: per check, the row count and one example (table, row id, reason)."""

    per_check: dict[str, int] = field(default_factory=dict)
    examples: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    resolved: int = 0
    # documents whose document row or a release of theirs was held back: their old rows stay
    documents: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.per_check.values())

    def as_dict(self) -> dict:
        """JSON-ready, per check: {"amounts_value_valid": {"rows": 1, "example": "amounts 9f…: amounts.value …"}}."""
        return {name: {"rows": n, "example": "{} {}: {}".format(*self.examples[name])}
                for name, n in self.per_check.items()}


def parse_check(name: str, text: str) -> Check:
    """A Check from a sql/checks file: parse_check('unique_ids.sql', '-- severity: error\\nselect …')."""
    match = _SEVERITY.match(text)
    if not match or match.group(1).lower() not in SEVERITIES:
        raise CheckDefinitionError(f"sql/checks/{name}: first line must be '-- severity: quarantine', "
                                   f"'-- severity: error' or '-- severity: warn'")
    return Check(name.removesuffix(".sql"), match.group(1).lower(), text.strip().rstrip(";"))


def load_checks() -> list[Check]:
    """Every check in sql/checks with its declared severity, in file order."""
    return [parse_check(name, text) for name, text in sql_files("checks")]


def quarantine_failing(con: duckdb.DuckDBPyConnection, run_id: str, checks: list[Check],
                       source_uris: list[str] | None = None) -> Held:
    """Move the rows failing the quarantine checks (and their dependants) into `quarantine`.

    Runs inside the caller's transaction. `source_uris`, when given, are the documents this run read:
    open entries of earlier runs for those documents are marked resolved for every table this run
    loaded without holding anything back. A row already held (open, same table, id, check and content)
    is not held twice. Returns what was held, per check.
    """
    held = Held()
    con.execute("create or replace temp table _q_hits (table_name varchar, row_id varchar, "
                "check_name varchar, reason varchar)")
    for check in checks:
        if check.severity != "quarantine":
            continue
        query = check.sql
        con.execute(f"insert into _q_hits select table_name, row_id, ?, reason from ({query})",
                    [check.name])
    # dependants, in order (documents -> releases -> children), so a document takes its releases' quotes
    for parent, t, ident in DEPENDANTS:
        key = ROW_ID[t]
        statement = (
            f"insert into _q_hits select distinct '{t}', {key}, h.check_name, "
            f"'its {parent[:-1]} ' || h.row_id || ' is quarantined: ' || h.reason "
            f"from {t} join _q_hits as h on h.table_name = '{parent}' and h.row_id = {t}.{ident} "
            f"where not exists (select 1 from _q_hits x where x.table_name = '{t}' and x.row_id = {key} "
            f"and x.check_name = h.check_name)"
        )
        con.execute(statement)
    tables = [t for (t,) in con.execute("select distinct table_name from _q_hits").fetchall()]
    for t in tables:
        if t not in ROW_ID:
            raise CheckDefinitionError(f"a quarantine check returned rows of unknown table {t!r}")
    # copy first (the source document of a child row is read from its release), then delete
    con.execute("create or replace temp table _q_sources (source_uri varchar, table_name varchar)")
    for t in tables:
        key = ROW_ID[t]
        source = SOURCE_DOCUMENT.get(t, "null")
        ident = "left join releases as r on r.release_id = t.release_id" if source.startswith("r.") else ""
        statement = (
            f"insert into _q_sources select distinct d.source_uri, '{t}' "
            f"from _q_hits as h join {t} as t on h.table_name = '{t}' and h.row_id = ({key}) "
            f"{ident} left join documents as d on d.document_id = {source}"
        )
        con.execute(statement)
        statement = (
            f"insert into quarantine by name "
            f"select md5(? || '/' || h.table_name || '/' || h.row_id || '/' || h.check_name) as quarantine_id, "
            f"? as run_id, h.table_name, h.row_id, h.check_name, h.reason, "
            f"{source} as source_document_id, "
            f"d.source_uri, "
            f"to_json(t)::varchar as row_json, now() as quarantined_at "
            f"from _q_hits as h join {t} as t on h.table_name = '{t}' and h.row_id = ({key}) "
            f"{ident} left join documents as d on d.document_id = {source} "
            f"where not exists (select 1 from quarantine o where o.resolved_at is null "
            f"and o.table_name = h.table_name and o.row_id = h.row_id and o.check_name = h.check_name "
            f"and o.row_json = to_json(t)::varchar) "
            f"qualify row_number() over (partition by h.table_name, h.row_id, h.check_name) = 1"
        )
        con.execute(statement, [run_id, run_id])
    for t in ("documents", "releases"):
        if t in tables:
            key = ROW_ID[t]
            statement = (f"select distinct t.document_id from _q_hits as h join {t} as t "
                         f"on h.table_name = '{t}' and h.row_id = ({key}) where t.document_id is not null")
            held.documents += [d for (d,) in con.execute(statement).fetchall() if d not in held.documents]
    for t in tables:
        key = ROW_ID[t]
        statement = f"delete from {t} where ({key}) in (select row_id from _q_hits where table_name = '{t}')"
        con.execute(statement)
    # one example per check: a row that failed the check itself rather than a dependant
    order = "(reason like 'its %')::int || table_name || '/' || row_id"
    statement = (f"select check_name, count(distinct table_name || '/' || row_id), arg_min(table_name, {order}), "
                 f"arg_min(row_id, {order}), arg_min(reason, {order}) from _q_hits group by check_name "
                 f"order by check_name")
    for name, n, t, row_id, reason in con.execute(statement).fetchall():
        held.per_check[name] = n
        held.examples[name] = (t, row_id, reason)
    if source_uris:
        held.resolved = resolve(con, run_id, source_uris)
    return held


def warned_rows(con: duckdb.DuckDBPyConnection, checks: list[Check]) -> dict[str, dict]:
    """The rows the warn checks select, which load as they are: per check with any, the count and one
    example, shaped like Held.as_dict: {"releases_not_in_future": {"rows": 1, "example": "releases 9f…: …"}}."""
    found: dict[str, dict] = {}
    for check in checks:
        if check.severity != "warn":
            continue
        query = check.sql  # SQL text from sql/checks, never data
        rows = con.execute(f"select table_name, row_id, reason from ({query}) "
                           "order by table_name, row_id").fetchall()
        if rows:
            found[check.name] = {"rows": len(rows), "example": "{} {}: {}".format(*rows[0])}
    return found


def resolve(con: duckdb.DuckDBPyConnection, run_id: str, source_uris: list[str]) -> int:
    """Mark open entries of earlier runs resolved when this run read their document again and held
    nothing back for that table (matched by source_uri and table: a fixed extractor may give a row a
    new id). Reads `_q_sources`, what quarantine_failing held this run. Returns the entries resolved."""
    con.execute("create or replace temp table _q_read (source_uri varchar)")
    con.executemany("insert into _q_read values (?)", [[u] for u in source_uris])
    before = con.execute("select count(*) from quarantine where resolved_at is null").fetchall()[0][0]
    con.execute(
        "update quarantine set resolved_at = now(), resolved_by_run = ? "
        "where resolved_at is null and run_id <> ? "
        "and source_uri in (select source_uri from _q_read) "
        "and (source_uri, table_name) not in (select source_uri, table_name from _q_sources "
        "    where source_uri is not null)",
        [run_id, run_id],
    )
    after = con.execute("select count(*) from quarantine where resolved_at is null").fetchall()[0][0]
    return before - after


def held_rows(db: str | Path, run_id: str | None = None, *, include_resolved: bool = False
              ) -> tuple[list[str], list[tuple]]:
    """What the quarantine holds, newest first: (columns, rows) for `pressroom quarantine [--run ID]`.

    Opens the warehouse read-only. A warehouse without the table (never migrated) holds nothing.
    """
    columns = ["run_id", "table_name", "row_id", "check_name", "reason", "source_uri", "quarantined_at",
               "resolved_at"]
    with connect(db, read_only=True) as con:
        exists = con.execute("select count(*) from information_schema.tables "
                             "where table_name = 'quarantine'").fetchall()[0][0]
        if not exists:
            return columns, []
        query = ("select run_id, table_name, row_id, check_name, reason, source_uri, quarantined_at, resolved_at "
                 "from quarantine where (? is null or run_id = ?) and (? or resolved_at is null) "
                 "order by quarantined_at desc, table_name, row_id")
        rows = con.execute(query, [run_id, run_id, include_resolved]).fetchall()
    return columns, rows


def summary_lines(quarantined: Mapping[str, Mapping]) -> list[str]:
    """One line per check for the terminal and the artifact: 'accepted_values: 1 row, e.g. amounts …'."""
    return [f"{name}: {v['rows']} row{'s' if v['rows'] != 1 else ''}, e.g. {v['example']}"
            for name, v in quarantined.items()]
