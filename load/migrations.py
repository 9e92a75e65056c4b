"""Schema migrations: numbered files in sql/migrations, applied in order, recorded in `_migrations`.

A migration is `NNN_name.sql` (DDL and plain SQL) or `NNN_name.py` (a module with
`migrate(con) -> None`, for what SQL cannot do, e.g. re-keying rows with blake2b ids of
NFKC-casefolded keys). Each one runs in its own transaction together with its `_migrations` row, so a
failed migration leaves the warehouse as it was. A committed migration is never edited: a warehouse
that applied it once never applies it again, so any change goes into a new file.

A warehouse holding a migration this code does not know was written by a newer pressroom and is
refused (writing into it would mix id schemes); a warehouse of the very first commit is too old to
upgrade and is refused with a line saying how to rebuild it.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import duckdb

MIGRATION_NAME = re.compile(r"^(?P<number>\d{3})_[a-z0-9_]+\.(?P<kind>sql|py)$")


class WarehouseTooNew(RuntimeError):
    """The warehouse holds a migration this code does not know (written by a newer pressroom)."""


class WarehouseTooOld(RuntimeError):
    """The warehouse predates what this code can upgrade; it must be rebuilt from its inputs."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration file (grain: one file of sql/migrations)."""

    number: int
    name: str  # file name, as recorded in _migrations: '005_ingest_runs_pages.sql'
    kind: str  # sql | py
    path: Path


def known_migrations() -> list[Migration]:
    """Every migration file shipped with this code, in order of number.

    Raises ValueError for a file whose name does not follow NNN_name.sql|py, or two files sharing a
    number (two branches that each added one: renumber the later one before it is merged).
    """
    root = resources.files("sql").joinpath("migrations")
    found: list[Migration] = []
    for entry in root.iterdir():
        if entry.name.startswith(("_", ".")) or entry.name.endswith((".md", ".pyc")) or entry.is_dir():
            continue
        match = MIGRATION_NAME.match(entry.name)
        if not match:
            raise ValueError(f"sql/migrations/{entry.name}: not a migration name (NNN_name.sql or NNN_name.py)")
        found.append(Migration(int(match["number"]), entry.name, match["kind"], Path(str(entry))))
    found.sort(key=lambda m: m.number)
    for a, b in pairwise(found):
        if a.number == b.number:
            raise ValueError(f"sql/migrations: {a.name} and {b.name} share number {a.number:03d}")
    return found


def applied_migrations(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names recorded in `_migrations` (empty for a new warehouse)."""
    has = con.execute(
        "select count(*) from information_schema.tables where table_name = '_migrations'"
    ).fetchall()[0][0]
    if not has:
        return set()
    return {name for (name,) in con.execute("select name from _migrations").fetchall()}


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]).fetchall()}


def check_compatible(con: duckdb.DuckDBPyConnection, where: str = "warehouse") -> list[Migration]:
    """The migrations still to apply; raises when this code must not write into the warehouse.

    WarehouseTooNew: `_migrations` names a migration this code does not ship.
    WarehouseTooOld: the layout of the first commit (639466a), whose 001 lacked columns that the
    committed 003 comments on.
    """
    known = known_migrations()
    applied = applied_migrations(con)
    unknown = sorted(applied - {m.name for m in known})
    if unknown:
        raise WarehouseTooNew(
            f"{where}: written by a newer pressroom (migration {unknown[-1].split('_', 1)[0]}: "
            f"{', '.join(unknown)}); upgrade pressroom")
    if ("001_core_tables.sql" in applied and "003_fetches.sql" not in applied
            and "pages_fetched" not in _columns(con, "ingest_runs")):
        raise WarehouseTooOld(
            f"{where}: written by the first pressroom (commit 639466a), too old to upgrade; "
            "rebuild it by running over the inputs again into a new warehouse file")
    return [m for m in known if m.name not in applied]


def _load_module(migration: Migration) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_migration_{migration.number:03d}", migration.path)
    if spec is None or spec.loader is None:
        raise ImportError(f"sql/migrations/{migration.name}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "migrate", None)):
        raise ImportError(f"sql/migrations/{migration.name}: has no migrate(con) function")
    return module


def apply_migrations(con: duckdb.DuckDBPyConnection, where: str = "warehouse") -> list[str]:
    """Apply every pending migration in order, each in its own transaction; returns the names applied.

    apply_migrations(con) on a new warehouse -> ['001_core_tables.sql', '002_comments.sql', …].
    """
    con.execute(
        "create table if not exists _migrations (name varchar primary key, applied_at timestamptz)"
    )
    applied = []
    for migration in check_compatible(con, where):
        con.execute("begin transaction")
        try:
            if migration.kind == "sql":
                con.execute(migration.path.read_text(encoding="utf-8"))
            else:
                _load_module(migration).migrate(con)
            con.execute("insert into _migrations values (?, now())", [migration.name])
            con.execute("commit")
        except Exception as exc:
            con.execute("rollback")
            raise RuntimeError(f"{where}: migration {migration.name} failed: {exc}") from exc
        applied.append(migration.name)
    return applied
