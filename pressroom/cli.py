"""The `pressroom` command: run the ingestion flow, query the warehouse."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pressroom.analytics_cli import register as register_analytics

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Press-room pages -> releases, people, quotes and amounts in DuckDB.")
console = Console()
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="warehouse file (DuckDB)")]


def quiet_prefect(verbose: bool = False) -> None:
    """Prefect settings for an offline CLI run: no telemetry, no INFO chatter, a patient ephemeral API.

    Must run before prefect is imported; explicit environment values win.
    """
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "false")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_SERVER_LEVEL", "WARNING")
    # Prefect's API server as a child that dies with this run, even on SIGKILL (flows/api_server.py)
    from flows.api_server import own_api_server

    try:
        own_api_server()
    except RuntimeError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


SOURCE_HELP = ("a file or directory of .txt/.md/.html/.json, a configured source name (ks.no), "
               "ntb:<publisherId>, or a URL; repeatable. Default: the bundled samples")


def settings_or_exit():
    """The effective settings, or a one-line error and exit code 2."""
    from pressroom.config import ConfigError, load_settings

    try:
        return load_settings()
    except ConfigError as exc:
        err.print(f"[red]config error:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command()
def run(
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help=SOURCE_HELP)] = None,
    db: Annotated[Path | None, typer.Option("--db", help="warehouse file (default from pressroom.toml)")] = None,
    since: Annotated[str | None, typer.Option(help="live sources: only releases published on or after "
                                                   "this date (YYYY-MM-DD)")] = None,
    max_pages: Annotated[int | None, typer.Option(help="live sources: list pages to walk at most")] = None,
    force: Annotated[bool, typer.Option(help="read files again even when unchanged since loaded")] = False,
    workers: Annotated[int | None, typer.Option(help="processes for parse + extract (default: all cores)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="show Prefect's own logs")] = False,
) -> None:
    """Ingest sources into the warehouse and print a summary."""
    settings = settings_or_exit()
    os.environ.setdefault("PRESSROOM_DUCKDB_MEMORY_LIMIT", settings.duckdb_memory_limit)
    os.environ.setdefault("PRESSROOM_LOCK_WAIT_SECONDS", str(settings.lock_wait_seconds))
    db = db or settings.warehouse
    sources = list(source or settings.default_sources)
    refuse_incompatible(db)
    if not force and nothing_to_do(sources, db, settings):
        return
    quiet_prefect(verbose)
    from flows.ingest import ingest

    with progress_sink():
        summary = ingest(sources=sources, db=str(db), since=since,
                         max_pages=max_pages, batch_size=settings.batch_size,
                         archive=str(settings.archive), sources_file=str(settings.sources_file),
                         politeness=asdict(settings.politeness), force=force, workers=workers)
    print_summary(summary, db)
    if summary["status"] == "cancelled":
        raise typer.Exit(128 + (summary.get("signal") or 2))
    if summary["status"] in {"failed", "refused"}:
        raise typer.Exit(1)


def refuse_incompatible(db: Path) -> None:
    """Exit 1 with one line when the warehouse was written by a newer pressroom or is too old to upgrade."""
    from load.migrations import WarehouseTooNew, WarehouseTooOld, check_compatible
    from load.warehouse import connect

    if not Path(db).exists():
        return
    try:
        with connect(db, read_only=True) as con:
            check_compatible(con, str(db))
    except (WarehouseTooNew, WarehouseTooOld) as exc:
        console.print(f"[red]pressroom run[/red] refused: {exc}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from exc
    except Exception:  # noqa: BLE001 - e.g. the warehouse is busy: let the real run decide
        return


def nothing_to_do(sources: list[str], db: Path, settings) -> bool:
    """True (after recording and printing it) when every local input is already loaded unchanged.

    Such a run needs no parsing and no orchestration, so Prefect is not started: the answer takes
    about a second instead of Prefect's ~10 s start-up. Live sources always run the flow.
    """
    from flows.batches import all_unchanged
    from flows.sources import split_sources
    from flows.summary import record_unchanged_run

    local, live = split_sources(sources, str(settings.sources_file))
    if live or not Path(db).exists():
        return False
    try:
        n = all_unchanged(local, str(db))
    except Exception:  # noqa: BLE001 - e.g. the warehouse is busy: let the real run decide
        return False
    if n is None:
        return False
    try:
        record_unchanged_run(str(db), ", ".join(local), n)
    except Exception:  # noqa: BLE001 - a busy warehouse or a held run lock: let the real run decide
        return False
    console.print(f"[bold]pressroom run[/bold] unchanged: all {n} documents from {', '.join(local)} are already "
                  f"in {db} with the same content and extractor code; nothing to do (--force reads them again)")
    return True


@app.command()
def reparse(
    db: Annotated[Path | None, typer.Option("--db", help="warehouse file (default from pressroom.toml)")] = None,
    archive: Annotated[Path | None, typer.Option(help="raw archive folder (default from pressroom.toml)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Rebuild the warehouse from the raw archive, with no network (after a parser fix, say)."""
    settings = settings_or_exit()
    quiet_prefect(verbose)
    from flows.ingest import reparse as reparse_flow

    db = db or settings.warehouse
    with progress_sink():
        summary = reparse_flow(db=str(db), archive=str(archive or settings.archive),
                               batch_size=settings.batch_size)
    print_summary(summary, db)
    if summary["status"] == "cancelled":
        raise typer.Exit(128 + (summary.get("signal") or 2))
    if summary["status"] in {"failed", "refused"}:
        raise typer.Exit(1)


@contextmanager
def progress_sink() -> Iterator[None]:
    """Show run progress: a rich bar on a terminal, one plain line per step on stderr otherwise."""
    from flows import progress

    if err.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn(), console=err, transient=True)
        tasks: dict[str, int] = {}

        def sink(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        with bar:
            progress.set_sink(sink)
            try:
                yield
            finally:
                progress.set_sink(None)
        return

    def plain(stage: str, done: int, total: int) -> None:
        print(f"pressroom: {stage} {done}/{total}", file=sys.stderr, flush=True)

    progress.set_sink(plain)
    try:
        yield
    finally:
        progress.set_sink(None)


@app.command()
def serve(
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help=SOURCE_HELP)] = None,
    interval: Annotated[float | None, typer.Option(help="seconds between runs, instead of the crons")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Serve the ingest flow on its schedules (needs a Prefect server: `prefect server start`)."""
    settings = settings_or_exit()
    if not os.environ.get("PREFECT_API_URL"):
        err.print("[red]error:[/red] `pressroom serve` needs a Prefect server (Prefect's temporary local API "
                  "cannot schedule). Start one with `prefect server start` and set "
                  "PREFECT_API_URL=http://127.0.0.1:4200/api")
        raise typer.Exit(2)
    quiet_prefect(verbose)
    from prefect import serve as prefect_serve

    from flows.deployments import deployments

    prefect_serve(*deployments(settings, sources=source, interval=interval))


@app.command()
def probe(
    source: Annotated[str, typer.Argument(help="a configured name, ntb:/tt:/ritzau:<publisherId>, or a URL")],
    save: Annotated[Path | None, typer.Option("--save", help="keep the raw bodies (and probe.json) here")] = None,
) -> None:
    """Ask a press room's endpoints once each, politely, and show status, type, size and fields found."""
    from extract.http import PoliteClient
    from extract.probe import format_reports
    from extract.probe import probe as run_probe
    from extract.sources import SourceError, load_sources, resolve_source

    settings = settings_or_exit()
    try:
        src = resolve_source(source, load_sources(settings.sources_file))
    except SourceError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if src.kind != "ntb":
        err.print(f"[red]error:[/red] {source} is a {src.kind} source; probe knows the press-release platform "
                  "(ntb:, tt:, ritzau: or a sources.toml entry of kind ntb)")
        raise typer.Exit(2)
    client = PoliteClient(settings.politeness, allowed_hosts=src.allowed_hosts)
    try:
        reports = run_probe(src, client, save)
    finally:
        client.close()
    print(format_reports(src, reports))  # plain text: the output is meant to be pasted into an issue
    if not all(r.ok for r in reports if r.endpoint != "robots.txt"):
        raise typer.Exit(1)


@app.command("config")
def config_cmd() -> None:
    """Print the effective configuration (pressroom.toml + PRESSROOM_* environment overrides)."""
    from pressroom.config import as_rows

    settings = settings_or_exit()
    table = Table(title=f"pressroom config ({settings.config_file or 'defaults only'})")
    table.add_column("setting")
    table.add_column("value")
    for key, value in as_rows(settings):
        table.add_row(key, value)
    console.print(table)


def print_summary(summary: dict, db: Path) -> None:
    """Rows per table, failures, and a few example quotes and amounts from the warehouse."""
    if summary["status"] == "cancelled":  # one line, nothing else: nothing of the run was loaded
        label = "reparse" if summary["source"].startswith("reparse") else "run"
        err.print(f"pressroom {label} cancelled: {summary.get('error')}", highlight=False)
        return
    unchanged = summary.get("documents_unchanged") or 0
    command = "reparse" if summary["source"].startswith("reparse ") else "run"
    console.print(f"[bold]pressroom {command}[/bold] {summary['status']}: {summary['documents_read']} documents read"
                  + (f", {unchanged} unchanged (skipped)" if unchanged else "")
                  + (f", {summary['documents_resumed']} kept from a blocked run (not parsed again)"
                     if summary.get("documents_resumed") else "")
                  + (f", {summary['pages_fetched']} pages fetched, {summary['pages_unchanged']} unchanged"
                     if summary.get("pages_fetched") or summary.get("pages_unchanged") else "")
                  + f" from {summary['source']} into {db}")
    if summary.get("error"):
        err.print(f"[red]error:[/red] {summary['error']}")
    for source, reason in summary["failures"]:
        shown = reason if reason.startswith(source) else f"{source}: {reason}"
        err.print(f"[yellow]skipped[/yellow] {shown}")
    if not summary["rows_after"]:
        return
    table = Table(title="rows per table")
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("new this run", justify="right")
    for name, n in summary["rows_after"].items():
        table.add_row(name, str(n), str(summary["rows_inserted"].get(name, 0)))
    console.print(table)
    if summary["checks"]:
        failed = [name for name, n in summary["checks"] if n]
        console.print(f"checks: {len(summary['checks']) - len(failed)}/{len(summary['checks'])} passed: "
                      + ", ".join(f"{name} {'ok' if not n else f'FAILED ({n})'}" for name, n in summary["checks"]))
    if summary.get("quarantined"):
        from load.quarantine import summary_lines

        held = sum(v["rows"] for v in summary["quarantined"].values())
        err.print(f"[yellow]quarantined[/yellow] {held} rows (`pressroom quarantine` lists them):")
        for line in summary_lines(summary["quarantined"]):
            err.print(f"  {line}")
    from load.warehouse import query

    _, quotes = query(db, "select p.full_name, q.reporting_verb, q.text from quotes q "
                          "left join people p using (person_id) order by q.quote_id limit 3")
    for name, verb, text in quotes:
        short = text if len(text) <= 110 else text[:107] + "…"
        console.print(f"  [cyan]{name or '?'}[/cyan] ({verb}): «{short}»")
    _, amounts = query(db, "select value, currency, qualifier, raw_text, sentence from amounts "
                           "order by amount_id limit 3")
    for value, currency, qualifier, raw, sentence in amounts:
        console.print(f"  [green]{value:,.0f} {currency}[/green] {qualifier} — {raw!r} in: {sentence}")


@app.command("query")
def query_cmd(
    sql: Annotated[str, typer.Argument(help="SQL to run read-only, e.g. \"select count(*) from quotes\"")],
    db: DbOption = Path("warehouse.duckdb"),
) -> None:
    """Run read-only SQL against the warehouse and print a table."""
    from load.warehouse import query

    try:
        columns, rows = query(db, sql)
    except Exception as exc:  # noqa: BLE001 - one line for the user, not a traceback
        err.print(f"[red]error:[/red] {str(exc).splitlines()[0]}")
        raise typer.Exit(1) from None
    table = Table()
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


@app.command("quarantine")
def quarantine_cmd(
    run_id: Annotated[str | None, typer.Option("--run", help="only rows held by this run id")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="warehouse file (default from pressroom.toml)")] = None,
    resolved: Annotated[bool, typer.Option("--resolved", help="also list entries a later run resolved")] = False,
) -> None:
    """List the rows held in quarantine (failed a row-level check) and why, as a table."""
    from load.quarantine import held_rows

    db = db or settings_or_exit().warehouse
    try:
        columns, rows = held_rows(db, run_id, include_resolved=resolved)
    except Exception as exc:  # noqa: BLE001 - one line for the user, not a traceback
        err.print(f"[red]error:[/red] {str(exc).splitlines()[0]}")
        raise typer.Exit(1) from None
    if not rows:
        console.print(f"nothing held in quarantine in {db}" + (f" for run {run_id}" if run_id else ""))
        return
    table = Table(title=f"quarantine: {len(rows)} rows held in {db}")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


register_analytics(app)


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="pressroom")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
