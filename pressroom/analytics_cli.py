"""Analytics commands of `pressroom`: report (HTML dashboard), export (Parquet, CSV), schema-doc (docs/schema.md).

pressroom/cli.py calls register(app); the commands import their modules lazily so `pressroom --help`
stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pressroom.settings_or_exit import warehouse_to_read

console = Console(emoji=False, soft_wrap=not sys.stdout.isatty())  # piped: lines not cut at 80
err = Console(stderr=True, emoji=False, soft_wrap=True, highlight=False)

DbOption = Annotated[Path | None, typer.Option("--db", help="warehouse file (default from pressroom.toml / "
                                                              "PRESSROOM_WAREHOUSE)")]


def _fail(exc: Exception) -> None:
    """One line for the user instead of a traceback, then exit 1."""
    err.print(f"[red]error:[/red] {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    raise typer.Exit(1) from None


def report(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", help="folder for index.html")] = Path("report"),
) -> None:
    """Render a static HTML dashboard of the warehouse views into OUT/index.html (works offline)."""
    from load.report import build_report
    from load.warehouse import now_utc

    db = warehouse_to_read(db)  # the same lookup as `pressroom run`; exit 2 when there is none
    try:
        path = build_report(db, out, generated_at=now_utc())
    except Exception as exc:  # noqa: BLE001 - missing or locked warehouse: a message, not a traceback
        _fail(exc)
    size = path.stat().st_size / 1_000_000
    console.print(f"report written to {path} ({size:.1f} MB, self-contained; open it in a browser)")


def export(
    out_dir: Annotated[Path, typer.Argument(help="folder for one <name>.<format> per table and view")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv")] = "parquet",
    views: Annotated[bool, typer.Option(help="also export the analyst views (sql/views/)")] = True,
    db: DbOption = None,
) -> None:
    """Write every warehouse table and analyst view to OUT_DIR as Parquet or CSV, for other engines and BI tools."""
    from load.export import FORMATS, export

    if fmt.lower() not in FORMATS:
        err.print(f"[red]error:[/red] unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    db = warehouse_to_read(db)  # the same lookup as `pressroom run`; exit 2 when there is none
    try:
        written = export(db, out_dir, fmt, views=views)
    except Exception as exc:  # noqa: BLE001 - missing or locked warehouse: a message, not a traceback
        _fail(exc)
    for name, path in written.items():
        console.print(f"  {name:<26} {path}", highlight=False)
    console.print(f"{len(written)} tables and views exported to {out_dir}", highlight=False)


def schema_doc(
    db: Annotated[Path | None, typer.Option(
        "--db", help="document this warehouse file; default: a fresh warehouse built from sql/")] = None,
    out: Annotated[Path, typer.Option("--out", help="markdown file to write")] = Path("docs/schema.md"),
) -> None:
    """Generate the schema document (tables, views, columns, types, comments) from the warehouse catalog."""
    from load.schema_doc import write_schema_doc

    try:
        path = write_schema_doc(out, db)
    except Exception as exc:  # noqa: BLE001 - missing or locked warehouse: a message, not a traceback
        _fail(exc)
    console.print(f"schema written to {path}")


def register(app: typer.Typer) -> None:
    """Add the commands `report`, `export` and `schema-doc` to the `pressroom` Typer app."""
    app.command("report")(report)
    app.command("export")(export)
    app.command("schema-doc")(schema_doc)
