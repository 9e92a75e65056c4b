"""Export every warehouse table as Parquet, so other engines (Spark, Polars, pandas, BI tools) can read it.

The warehouse is opened read-only; each table becomes `<dir>/<table>.parquet` (zstd-compressed),
written to a temporary name first and renamed, so a reader never sees a half-written file.
"""

from __future__ import annotations

from pathlib import Path

from load.warehouse import connect

FORMATS = ("parquet",)


def exported_tables(db: str | Path) -> list[str]:
    """Names of the user tables of a warehouse, in creation order, without internal ones (`_migrations`).

    exported_tables('warehouse.duckdb') -> ['documents', 'releases', 'release_documents', …].
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' "
            "and database_name = current_database() and not internal and not temporary "
            "and not starts_with(table_name, '_') order by table_oid"
        ).fetchall()
    return [name for (name,) in rows]


def export_parquet(db: str | Path, out_dir: str | Path) -> dict[str, Path]:
    """Write every table of the warehouse `db` to `out_dir/<table>.parquet`; returns {table: path}.

    Args:
        db: the warehouse file (opened read-only, so a running load is not disturbed once it ends).
        out_dir: folder to write to; created when missing; existing files of the same name are replaced.

    Returns:
        {'documents': Path('out/documents.parquet'), …} for every table, even empty ones (an empty
        table gives a Parquet file with the schema and no rows).

    Raises:
        FileNotFoundError: no warehouse at `db`.
        load.warehouse.WarehouseLocked: a writer holds the file.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = exported_tables(db)
    written: dict[str, Path] = {}
    with connect(db, read_only=True) as con:
        for name in tables:
            target = out / f"{name}.parquet"
            partial = out / f".{name}.parquet.partial"
            # COPY takes no bound parameters: the table name (from the catalog) is quoted as an
            # identifier and the path as a string literal, each with its quote character doubled.
            ident = name.replace('"', '""')
            path_literal = str(partial).replace("'", "''")
            con.execute(f'copy (select * from main."{ident}") to \'{path_literal}\' '
                        "(format parquet, compression zstd)")
            partial.replace(target)
            written[name] = target
    return written
