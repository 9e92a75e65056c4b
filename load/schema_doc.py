"""docs/schema.md from the warehouse catalog: every table and view, its columns, types and comments.

The comments live in SQL (`comment on …` in sql/migrations and sql/views), so the document is
generated, never hand-edited; tests/test_schema_doc.py fails when the committed file is stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from load.warehouse import connect, migrate

DEFAULT_OUT = Path("docs/schema.md")

HEADER = """# Warehouse schema

Generated from the DuckDB catalog by `pressroom schema-doc` (load/schema_doc.py) from the
`comment on` statements in `sql/migrations/` and `sql/views/`. Do not edit by hand: change the SQL
comments and regenerate. Times are `TIMESTAMP WITH TIME ZONE`, stored and shown in UTC; money is
`DECIMAL(38,2)` in units of the currency (not minor units).
"""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table or view (grain: one column)."""

    name: str
    data_type: str
    nullable: bool
    primary_key: bool
    comment: str | None


@dataclass(frozen=True, slots=True)
class Relation:
    """One table or view of the warehouse with its columns (grain: one relation)."""

    name: str
    kind: str  # "table" or "view"
    comment: str | None
    columns: tuple[Column, ...]


def catalog(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every user table and view of the main schema: tables by name (`_migrations` last), then views by name.

    Input: an open connection to a migrated warehouse; output: [Relation('documents', 'table', …), …].
    Temporary tables (the loader's staging) are left out.
    """
    pks: dict[str, set[str]] = {}
    for table, names in con.execute(
        "select table_name, constraint_column_names from duckdb_constraints() "
        "where schema_name = 'main' and database_name = current_database() and constraint_type = 'PRIMARY KEY'"
    ).fetchall():
        pks.setdefault(table, set()).update(names)
    rels = con.execute(
        "select table_name, 'table' as kind, comment, 0 as grp from duckdb_tables() "
        "where schema_name = 'main' and database_name = current_database() and not internal "
        "and not temporary "
        "union all "
        "select view_name, 'view', comment, 1 from duckdb_views() "
        "where schema_name = 'main' and database_name = current_database() and not internal "
        "and not temporary "
        # Internal tables (`_migrations`) last; names, not creation order, so a reopened file documents
        # the same as a fresh warehouse.
        "order by grp, starts_with(table_name, '_'), table_name"
    ).fetchall()
    cols: dict[str, list[Column]] = {}
    for table, name, data_type, nullable, comment in con.execute(
        "select table_name, column_name, data_type, is_nullable, comment from duckdb_columns() "
        "where schema_name = 'main' and database_name = current_database() and not internal "
        "order by table_name, column_index"
    ).fetchall():
        primary = name in pks.get(table, set())
        cols.setdefault(table, []).append(
            Column(name, data_type, bool(nullable) and not primary, primary, comment))
    return [Relation(name, kind, comment, tuple(cols.get(name, ()))) for name, kind, comment, _ in rels]


def missing_comments(relations: list[Relation]) -> list[str]:
    """Names of tables, views and columns that have no comment: ['fetches', 'ingest_runs.pages_failed']."""
    missing = []
    for rel in relations:
        if not (rel.comment or "").strip():
            missing.append(rel.name)
        missing += [f"{rel.name}.{c.name}" for c in rel.columns if not (c.comment or "").strip()]
    return missing


def _cell(text: str | None) -> str:
    """Text safe inside a markdown table cell: pipes escaped, line breaks flattened."""
    return " ".join((text or "").split()).replace("|", "\\|")


def render_markdown(relations: list[Relation]) -> str:
    """The schema document in markdown: a contents list, then one section and column table per relation.

    Input: catalog(con); output: '# Warehouse schema\\n…\\n## Table `documents`\\n…'.
    """
    lines = [HEADER]
    for kind, heading in (("table", "Tables"), ("view", "Views")):
        lines.append(f"## {heading}\n")
        lines += [f"- [`{r.name}`](#{kind}-{r.name.replace('_', '-')}) — {_cell(r.comment)}"
                  for r in relations if r.kind == kind]
        lines.append("")
    for rel in relations:
        # The anchor is spelled out so links in the contents list do not depend on a renderer's slugs.
        lines += [f'<a id="{rel.kind}-{rel.name.replace("_", "-")}"></a>',
                  f"### {rel.kind.capitalize()} `{rel.name}`", "", _cell(rel.comment), ""]
        lines += ["| column | type | null | comment |", "|---|---|---|---|"]
        for col in rel.columns:
            key = " (primary key)" if col.primary_key else ""
            null = "yes" if col.nullable else "no"
            if rel.kind == "view":
                null = ""  # views carry no constraints
            lines.append(f"| `{col.name}`{key} | {col.data_type} | {null} | {_cell(col.comment)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def schema_markdown(db: str | Path | None = None) -> str:
    """The schema document of a warehouse file (read-only), or of a fresh one when db is None.

    schema_markdown() migrates an in-memory warehouse, so the result is what the SQL files define,
    independent of any local data.
    """
    if db is None:
        with connect(":memory:") as con:
            migrate(con)
            return render_markdown(catalog(con))
    with connect(db, read_only=True) as con:
        return render_markdown(catalog(con))


def write_schema_doc(out: str | Path = DEFAULT_OUT, db: str | Path | None = None) -> Path:
    """Write schema_markdown(db) to `out` (creating its folder); returns the path written."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_markdown(db), encoding="utf-8")
    return path
