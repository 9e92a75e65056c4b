"""The DuckDB warehouse: migrations, one-transaction upserts, read-only queries.

The write connection is held only for the load (DuckDB lets no other process open the file, not
even read-only, while a writer holds it). Every load runs in one transaction: a failure rolls back
and leaves the warehouse exactly as it was.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

# connect, WarehouseLocked and sql_files live below this module and load/quarantine.py; imported here
# also so that `from load.warehouse import connect` keeps working
from load.connection import WarehouseLocked, connect  # noqa: F401 - re-exported
from load.faults import point
from load.identity import (
    apply_release_map,
    rekey_local_documents,
    release_map,
    retire_replaced,
    settle_release_ids,
    staged_view_sql,
)
from load.migrations import WarehouseTooNew, WarehouseTooOld, apply_migrations, check_compatible
from load.organisations import refresh_organisations
from load.place_readings import READINGS
from load.places import MentionsRefreshed, refresh_place_mentions, sync_places
from load.reference_digests import files_digest, record_digest, recorded_digest
from load.sql_files import sql_files
from transform.normalise import empty_table

# Tables the loader stages and upserts, in dependency order.
LOADED_TABLES = (
    "documents", "releases", "release_documents", "people", "person_roles", "contacts", "quotes",
    "amounts", "fetches",
)
COUNTED_TABLES = ("documents", "releases", "people", "person_roles", "contacts", "quotes", "amounts")


class CheckFailed(RuntimeError):
    """A structural data-quality check found violations; the load was rolled back."""


@dataclass
class LoadResult:
    """What one load did: rows per table before and after, and the checks that ran."""

    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    staged: dict[str, int] = field(default_factory=dict)
    checks: list[tuple[str, int]] = field(default_factory=list)
    # rows held back by row-level checks, per check: {"accepted_values": {"rows": 1, "example": "…"}}
    quarantined: dict[str, dict] = field(default_factory=dict)
    # rows loaded as they are but reported by warn checks, same shape as `quarantined`
    warned: dict[str, dict] = field(default_factory=dict)
    # the place mentions written, and of how many releases they came from the workers' readings
    place_mentions: MentionsRefreshed | None = None

    @property
    def inserted(self) -> dict[str, int]:
        return {t: self.after.get(t, 0) - self.before.get(t, 0) for t in self.after}


def sql_text(*parts: str) -> str:
    """The text of a SQL file shipped in the `sql` package: sql_text('load', '020_releases.sql')."""
    node = resources.files("sql")
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


# A write connection waits this long for other processes (a BI tool, `pressroom query`) to let go
# of the file: DuckDB lets no writer in while any other process has it open, even read-only.
LOCK_WAIT_SECONDS = 30.0


def lock_wait_seconds() -> float:
    """The wait for other processes to let go of the file: PRESSROOM_LOCK_WAIT_SECONDS, else 30 s."""
    value = os.environ.get("PRESSROOM_LOCK_WAIT_SECONDS", "").strip()
    try:
        return float(value) if value else LOCK_WAIT_SECONDS
    except ValueError:
        raise ValueError(f"PRESSROOM_LOCK_WAIT_SECONDS: {value!r} is not a number of seconds") from None


def migrate(con: duckdb.DuckDBPyConnection, where: str = "warehouse") -> list[str]:
    """Apply the pending sql/migrations (load/migrations.py), then sync the place registers and (re)create
    the views when they changed (or a migration was applied: `_reference_digests`); returns names applied.

    Raises WarehouseTooNew for a warehouse written by a newer pressroom, WarehouseTooOld for one too
    old to upgrade; nothing is written then.
    """
    applied = apply_migrations(con, where)
    sync_places(con, force=bool(applied))  # reference data from the bundled registers (load/places.py)
    views = sql_files("views")
    digest = files_digest(views)
    if applied or recorded_digest(con, "views") != digest:
        for _name, text in views:
            con.execute(text)
        record_digest(con, "views", digest)
    return applied


def prepare(db: str | Path, lock_wait: float | None = None) -> list[str]:
    """Bring the warehouse file to the current schema before anything reads it; returns migrations applied.

    A run calls this first, so known documents, validators and ids are read in the current layout
    (reading first is how a warehouse of older code failed with 'Referenced column
    "extractor_version" not found'). A missing file is created.
    """
    with connect(db, lock_wait=lock_wait_seconds() if lock_wait is None else lock_wait) as con:
        return migrate(con, str(db))


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every shipped migration is applied and no unknown one is (read-only check)."""
    try:
        return not check_compatible(con)
    except (WarehouseTooNew, WarehouseTooOld):
        return False


def counts(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = COUNTED_TABLES) -> dict[str, int]:
    """Row count per table: {'releases': 17, …}."""
    return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in tables}


def run_checks(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Run every sql/checks file: each selects violating rows; returns (check name, violations)."""
    return [(name.removesuffix(".sql"), run_check(con, text)) for name, text in sql_files("checks")]


def run_check(con: duckdb.DuckDBPyConnection, text: str) -> int:
    """The number of rows one check's SQL selects (its violations)."""
    query = text.strip().rstrip(";")
    return con.execute(f"select count(*) from ({query})").fetchall()[0][0]


def load_tables(db: str | Path, tables: Mapping[str, pa.Table] | None = None, *,
                staging: Path | Sequence[Path] | None = None, run: Mapping | None = None,
                lock_wait: float | None = None,
                before_commit: Callable[[], None] | None = None,
                on_wait: Callable[[str], None] | None = None, gone: Sequence[str] = ()) -> LoadResult:
    """Upsert a run's rows in one transaction: Arrow tables (tables_for) and/or staged Parquet parts.

    `staging` is a folder written by load.staging.stage_tables, one part per batch, so a big run never
    holds its rows in memory. Checks in sql/checks run inside the transaction: rows failing a
    row-level check go to `quarantine` (load/quarantine.py) and the rest loads; a structural violation
    rolls everything back and raises CheckFailed naming the check. `run`, when given, is written to
    `ingest_runs` in the same transaction (status `partial` when rows were quarantined).
    `before_commit` may raise to roll the load back at the last moment (a run being cancelled);
    `on_wait` is called while readers hold the file (see connect) and may raise to stop waiting.
    `gone`: document ids of local files gone from the folders this run read; their rows are removed.
    """
    from load.quarantine import load_checks, quarantine_failing, warned_rows

    checks = load_checks()
    result = LoadResult()
    folders = [Path(staging)] if isinstance(staging, str | Path) else [Path(s) for s in staging or []]
    with connect(db, lock_wait=lock_wait_seconds() if lock_wait is None else lock_wait, on_wait=on_wait) as con:
        migrate(con, str(db))
        write_waiting_runs(con, db)
        result.before = counts(con)
        con.execute("begin transaction").fetchall()
        registered: list[str] = []
        try:
            for name in LOADED_TABLES:
                _staged_source(con, name, empty_table(name), tables, folders, registered)
            # the place mentions the parse workers read, by the digest of their inputs (load/place_readings.py)
            _staged_source(con, "place_readings", READINGS.empty_table(), tables, folders, registered)
            # identity: local documents stored under relative paths, undated copies of dated releases
            con.register("_gone_arrow", pa.table({"document_id": pa.array(list(gone), pa.string())}))
            registered.append("_gone_arrow")
            con.execute("create or replace temp table _gone_documents as select * from _gone_arrow").fetchall()
            rekey_local_documents(con)
            for _name, text in sql_files("load/before"):  # releases rebuilt from their staged copies
                con.execute(text).fetchall()
            apply_release_map(con, *release_map(con))
            for name in LOADED_TABLES:
                con.execute(staged_view_sql(name)).fetchall()
                result.staged[name] = con.execute(f"select count(*) from stg_raw_{name}").fetchall()[0][0]
            for _name, text in sql_files("load"):
                con.execute(text).fetchall()
            run_id = (run or {}).get("run_id") or f"load-{uuid.uuid4()}"
            read = [u for (u,) in con.execute("select distinct source_uri from stg_documents").fetchall()]
            held = quarantine_failing(con, run_id, checks, read)
            result.quarantined = held.as_dict()
            # a re-read document replaces what it produced before, unless its replacement is held back
            retire_replaced(con, held.documents)
            settle_release_ids(con)
            for _name, text in sql_files("load/after"):
                con.execute(text).fetchall()
            # the places each release taken over names (load/places.py)
            # (taken over, or of a document read in this load: settle_release_ids may have renamed it)
            result.place_mentions = refresh_place_mentions(
                con, "select release_id from _takeover union select release_id from releases "
                     "where document_id in (select document_id from stg_documents)",
                readings="stg_src_place_readings")
            refresh_organisations(con)
            # every check again: the quarantine checks now find nothing, the structural ones decide
            result.checks = run_checks(con)
            result.warned = warned_rows(con, checks)  # these rows load; the run summary reports them
            failed = [(n, v) for n, v in result.checks if v and n not in result.warned]
            if failed:
                raise CheckFailed(
                    "data-quality checks failed, load rolled back: "
                    + ", ".join(f"{n} ({v} rows)" for n, v in failed)
                )
            result.after = counts(con)
            if run is not None:
                summary = json.loads(run.get("summary") or "{}")
                summary["checks"] = result.checks
                summary["quarantined"] = result.quarantined
                summary["warned"] = result.warned
                status = "partial" if held.rows and run.get("status") == "ok" else run.get("status")
                write_run(con, {**run, "status": status, "summary": json.dumps(summary, ensure_ascii=False),
                                "rows_quarantined": held.rows,
                                **{f"rows_{t}": result.after[t] - result.before[t] for t in COUNTED_TABLES}})
            if before_commit is not None:
                before_commit()
            point("in-load")
            con.execute("commit")
        except BaseException:  # an injected stop too: nothing of the load stays
            con.execute("rollback")
            raise
        finally:
            for view in registered:
                try:
                    con.unregister(view)
                except Exception:  # noqa: BLE001 - already gone with a failed connection
                    pass
    return result


def _staged_source(con: duckdb.DuckDBPyConnection, name: str, empty: pa.Table, tables: Mapping[str, pa.Table] | None,
                   folders: list[Path], registered: list[str]) -> None:
    """Create view stg_src_<name>: the rows of table `name` in `tables`, in the Parquet parts of `folders` and
    `empty` (every column of the current schema, even when a source lacks one); names registered go to
    `registered`."""
    sources = []
    if tables is not None and tables.get(name) is not None:
        con.register(f"_mem_{name}", tables[name])
        registered.append(f"_mem_{name}")
        sources.append(f"select * from _mem_{name}")
    parts = [part for folder in folders for part in staged_parts(folder, name)]
    if parts:
        # Paths are our own staging files (batch numbers), quoted as SQL string literals.
        listed = ", ".join("'" + str(p).replace("'", "''") + "'" for p in parts)
        sources.append(f"select * from read_parquet([{listed}])")
    con.register(f"_empty_{name}", empty)
    registered.append(f"_empty_{name}")
    sources.append(f"select * from _empty_{name}")
    # a view: staged Parquet parts are streamed by each statement, never held in memory
    con.execute(f"create or replace temp view stg_src_{name} as " + " union all by name ".join(sources)).fetchall()


def staged_parts(staging: Path, table: str) -> list[Path]:
    """The Parquet parts staged for one table, in batch order."""
    folder = Path(staging) / table
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def write_run(con: duckdb.DuckDBPyConnection, run: Mapping) -> None:
    """Insert or replace one `ingest_runs` row from a mapping of its columns."""
    row = dict(run)
    if isinstance(row.get("failures"), list | tuple):
        row["failures"] = json.dumps(row["failures"], ensure_ascii=False)
    cols = [c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_name = 'ingest_runs' "
        "order by ordinal_position").fetchall()]
    values = [row.get(c) for c in cols]
    placeholders = ", ".join("?" for _ in cols)
    con.execute(f"insert or replace into ingest_runs ({', '.join(cols)}) values ({placeholders})",
                values)


def record_run(db: str | Path, run: Mapping, lock_wait: float | None = None,
               on_wait: Callable[[str], None] | None = None) -> None:
    """Write an `ingest_runs` row on its own (a run that failed before or during its load)."""
    with connect(db, lock_wait=lock_wait_seconds() if lock_wait is None else lock_wait, on_wait=on_wait) as con:
        migrate(con, str(db))
        write_waiting_runs(con, db)
        write_run(con, run)


def write_waiting_runs(con: duckdb.DuckDBPyConnection, db: str | Path) -> None:
    """Write the `ingest_runs` rows that wait beside the warehouse (runs whose load could not start)."""
    from load.pending import write_waiting_runs as write_waiting

    write_waiting(con, db, write_run)


def query(db: str | Path, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
    """Run read-only SQL on the warehouse: (column names, rows).

    Besides read-only, external access is switched off: no COPY … TO a file, no reading other files.
    """
    with connect(db, read_only=True) as con:
        con.execute("set enable_external_access = false")
        cur = con.execute(sql, params or [])
        columns = [d[0] for d in cur.description] if cur.description else []
        return columns, cur.fetchall()


def now_utc() -> datetime:
    """The current time, timezone-aware UTC (the run's clock lives here, not in transform/)."""
    from datetime import UTC

    return datetime.now(UTC)


def read_validators(db: str | Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Stored validators per URL from `fetches`, for conditional GET: {url: (etag, last_modified, sha256)}.

    A missing warehouse (first run) gives {}. Opens the file read-only and briefly.
    """
    if not Path(db).exists():
        return {}
    with connect(db, read_only=True) as con:
        has = con.execute("select count(*) from information_schema.tables where table_name = 'fetches'").fetchone()[0]
        if not has:
            return {}
        rows = con.execute("select url, etag, last_modified, sha256 from fetches where error is null").fetchall()
    return {url: (etag, lm, sha) for url, etag, lm, sha in rows}


def read_known_documents(db: str | Path) -> dict[str, str]:
    """{source_uri: "<content_sha256>@<extractor_version>"} of the documents already loaded.

    A missing warehouse (first run) gives {}. Opens the file read-only and briefly.
    """
    if not Path(db).exists():
        return {}
    with connect(db, read_only=True, lock_wait=lock_wait_seconds()) as con:
        if not is_current(con):
            return {}  # not migrated yet: the run migrates it first (prepare) and reads again
        try:
            rows = con.execute("select source_uri, content_sha256, extractor_version from documents").fetchall()
        except duckdb.CatalogException:
            return {}
    return {uri: f"{sha}@{version}" for uri, sha, version in rows if sha and version}
