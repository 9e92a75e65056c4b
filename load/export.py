"""Export every warehouse table (and the analyst views) as Parquet or CSV, for other engines and BI tools.

The warehouse is opened read-only; each table or view becomes `<dir>/<name>.parquet` (zstd-compressed)
or `<dir>/<name>.csv` (header row, UTF-8), written to a temporary name first and renamed, so a reader
never sees a half-written file.
"""

from __future__ import annotations

from pathlib import Path

from load.warehouse import connect

FORMATS = ("parquet", "csv")
COPY_OPTIONS = {"parquet": "format parquet, compression zstd", "csv": "format csv, header true"}


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


def exported_views(db: str | Path) -> list[str]:
    """Names of the analyst views of a warehouse (sql/views/), sorted.

    exported_views('warehouse.duckdb') -> ['amount_sentences', 'amounts_per_currency_year', …].
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "select view_name from duckdb_views() where schema_name = 'main' "
            "and database_name = current_database() and not internal and not temporary "
            "and not starts_with(view_name, '_') order by view_name"
        ).fetchall()
    return [name for (name,) in rows]


def export(db: str | Path, out_dir: str | Path, fmt: str = "parquet", views: bool = True) -> dict[str, Path]:
    """Write every table (and, with `views`, every analyst view) of `db` to `out_dir/<name>.<fmt>`.

    export('warehouse.duckdb', 'exports', 'csv') -> {'documents': Path('exports/documents.csv'), …,
    'most_quoted_people': Path('exports/most_quoted_people.csv'), …}.
    Raises ValueError for a format other than parquet or csv, FileNotFoundError without a warehouse.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    names = exported_tables(db) + (exported_views(db) if views else [])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    with connect(db, read_only=True) as con:
        for name in names:
            written[name] = _copy(con, name, out, fmt)
    return written


def _copy(con, name: str, out: Path, fmt: str) -> Path:
    target = out / f"{name}.{fmt}"
    partial = out / f".{name}.{fmt}.partial"
    # COPY takes no bound parameters: the name (from the catalog) is quoted as an identifier and
    # the path as a string literal, each with its quote character doubled.
    ident = name.replace('"', '""')
    path_literal = str(partial).replace("'", "''")
    con.execute(f'copy (select * from main."{ident}") to \'{path_literal}\' ({COPY_OPTIONS[fmt]})')
    partial.replace(target)
    return target


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
    return export(db, out_dir, "parquet", views=False)
