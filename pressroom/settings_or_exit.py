"""The settings every `pressroom` command reads, or a one-line config error and exit code 2.

Below pressroom/cli.py and pressroom/analytics_cli.py, which both look the warehouse up through it.
"""

from __future__ import annotations

import typer
from rich.console import Console

from pressroom.exitcodes import USAGE

err = Console(stderr=True, emoji=False, soft_wrap=True, highlight=False)


def settings_or_exit():
    """The effective settings, or a one-line error and exit code 2; warns about misspelled PRESSROOM_* names."""
    from pressroom.config import ConfigError, load_settings, unknown_variables

    for line in unknown_variables():
        err.print(f"[yellow]warning:[/yellow] {line}")
    try:
        return load_settings()
    except ConfigError as exc:
        err.print(f"[red]config error:[/red] {exc}")
        raise typer.Exit(USAGE) from None
