"""Read-only access to the warehouse for people: one SQL statement, or one table/view as a DataFrame.

Both open the file read-only with external file access switched off, and close it at once (a reader
holding the file open blocks the next load).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from load.warehouse import connect


class QueryError(ValueError):
    """SQL that cannot be run as asked (empty, several statements); the message says why."""


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows of one statement; `more` is True when rows beyond the limit were left out."""

    columns: list[str]
    rows: list[tuple]
    more: bool = False


def run_query(db: str | Path, sql: str, limit: int | None = None) -> QueryResult:
    """Run exactly one read-only SQL statement; at most `limit` rows are fetched when given.

    run_query('warehouse.duckdb', 'select 1 as n') -> QueryResult(columns=['n'], rows=[(1,)]).
    Raises QueryError for empty SQL (comments only included) or more than one statement, and
    duckdb.Error for SQL DuckDB refuses (a write statement on the read-only file, say).
    """
    with connect(db, read_only=True) as con:
        con.execute("set enable_external_access = false")
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error:
            statements = None  # a parse error: let execute() report it with its own message
        if statements is not None:
            if not statements:
                raise QueryError("no SQL statement given (empty, or comments only)")
            if len(statements) > 1:
                raise QueryError(f"{len(statements)} statements given; run one at a time")
        cur = con.execute(sql)
        if cur.description is None:
            return QueryResult([], [])
        columns = [d[0] for d in cur.description]
        if limit is None:
            return QueryResult(columns, cur.fetchall())
        rows = cur.fetchmany(limit + 1)
        return QueryResult(columns, rows[:limit], more=len(rows) > limit)


def relation_names(db: str | Path) -> dict[str, str]:
    """{name: 'table' | 'view'} of the user tables and views of a warehouse (internal ones left out)."""
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "select table_name, 'table' from duckdb_tables() where schema_name = 'main' and not internal "
            "and not starts_with(table_name, '_') "
            "union all select view_name, 'view' from duckdb_views() where schema_name = 'main' "
            "and not internal and not starts_with(view_name, '_') order by 1"
        ).fetchall()
    return dict(rows)


def relation_columns(db: str | Path, name: str) -> list[str]:
    """Column names of table or view `name`: relation_columns(db, 'amounts') -> ['amount_id', 'release_id', …]."""
    with connect(db, read_only=True) as con:
        rows = con.execute("select column_name from duckdb_columns() where schema_name = 'main' "
                           "and table_name = ? order by column_index", [name]).fetchall()
    return [c for (c,) in rows]


def read_frame(db: str | Path, name: str, where: list[str] | None = None, params: list | None = None,
               order_by: str | None = None):
    """Table or view `name` as a pandas DataFrame, filtered by SQL conditions with bound parameters.

    read_frame('warehouse.duckdb', 'amounts', ['currency = ?'], ['EUR']) -> the EUR rows of amounts.
    `name` must be a table or view of the warehouse (checked against the catalog, then quoted).
    """
    known = relation_names(db)
    if name not in known:
        raise KeyError(f"{name!r} is not a table or view of {db} (there are: {', '.join(sorted(known))})")
    sql = f'select * from main."{name}"'
    if where:
        sql += " where " + " and ".join(f"({w})" for w in where)
    if order_by:
        sql += f" order by {order_by}"
    with connect(db, read_only=True) as con:
        con.execute("set enable_external_access = false")
        return con.execute(sql, params or []).df()
