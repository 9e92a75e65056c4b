"""The settings every `pressroom` command reads, or a one-line config error and exit code 2; the
warehouse a reading command opens, or a one-line usage error.

Below pressroom/cli.py and pressroom/analytics_cli.py, which both look the warehouse up through it.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from pressroom.exitcodes import USAGE

err = Console(stderr=True, emoji=False, soft_wrap=True, highlight=False)


def settings_or_exit():
    """The effective settings, or a one-line error and exit code 2; warns about misspelled PRESSROOM_* names."""
    from pressroom.config import ConfigError, load_settings, unknown_variables

    for line in unknown_variables():
        err.print(f"[yellow]warning:[/yellow] {escape(line)}", highlight=False)
    try:
        return load_settings()
    except ConfigError as exc:  # the message may hold "[politeness]": printed as written, not as markup
        err.print(f"[red]config error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(USAGE) from None


def warehouse_to_read(db: Path | None) -> Path:
    """The existing warehouse a reading command opens (--db, else the configured one), or a one-line usage
    error and exit code 2 when there is none there; nothing is created.

    warehouse_to_read(Path('missing.duckdb')) -> exit 2 with 'error: /abs/missing.duckdb: no warehouse here (…)'.
    """
    from pressroom.checks import UsageError, check_warehouse

    hint = ""
    settings = settings_or_exit()  # read even with --db: a bad setting is answered by every command alike
    if db is None:
        db = settings.warehouse
        if settings.config_file is None:
            hint = ("; no pressroom.toml was found here, so this is the default path: set PRESSROOM_CONFIG to your "
                    "pressroom.toml, or give --db, to use that warehouse from any folder")
    db = db.absolute()
    try:
        check_warehouse(db, hint)
    except UsageError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(USAGE) from None
    return db
