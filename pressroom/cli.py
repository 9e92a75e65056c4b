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
from pressroom.exitcodes import REFUSED, USAGE, exit_code

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Press-room pages -> releases, people, quotes and amounts in DuckDB. "
                       "Exit codes: 0 ok (also nothing changed), 1 failed, 2 usage error, 3 partial, "
                       "4 refused (another run holds the warehouse), 130/143 cancelled.")
console = Console(emoji=False, soft_wrap=not sys.stdout.isatty())  # piped: lines not cut at 80
err = Console(stderr=True, emoji=False, soft_wrap=True, highlight=False)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"pressroom {version('pressroom')}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="print the version and exit")] = False,
) -> None:
    """Press-room pages -> releases, people, quotes and amounts in DuckDB."""


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


def hide_run_logs(verbose: bool) -> None:
    """On the terminal the run summary says what failed, once: the flow's and tasks' own log lines
    (the same errors again, and Prefect's tracebacks) are shown only with --verbose. Call after
    prefect is imported; served and deployed runs keep them in Prefect."""
    if verbose:
        return
    import logging

    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


SOURCE_HELP = ("a file or directory of .txt/.md/.html/.json, a configured source name (ks.no), "
               "ntb:<publisherId>, or a URL; repeatable. Default: the bundled samples")


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


def usage_error(message: str) -> typer.Exit:
    """Print a one-line usage error; returns the Exit (code 2) to raise."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(USAGE)


def flow_parameters(settings, db: Path | None = None) -> dict:
    """The ingest flow's parameters that come from the configuration (flows/ never reads it itself)."""
    from pressroom.config import publish_parameters

    return {"db": str(db or settings.warehouse), "archive": str(settings.archive),
            "sources_file": str(settings.sources_file), "batch_size": settings.batch_size,
            "politeness": asdict(settings.politeness), "publish": publish_parameters(settings)}


@contextmanager
def warehouse_lock(db: Path) -> Iterator[None]:
    """Hold the run lock of `db` for the whole command, taken before Prefect starts: refused at once."""
    from load.lock import RunLocked, run_lock

    try:
        with run_lock(db):
            yield
    except RunLocked as exc:
        err.print(f"[red]refused:[/red] {exc}", highlight=False)
        raise typer.Exit(REFUSED) from None


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
    """Ingest sources into the warehouse and print a summary (exit codes: `pressroom --help`)."""
    from pressroom.checks import UsageError, check_db, check_since, classify_sources

    settings = settings_or_exit()
    os.environ.setdefault("PRESSROOM_DUCKDB_MEMORY_LIMIT", settings.duckdb_memory_limit)
    os.environ.setdefault("PRESSROOM_LOCK_WAIT_SECONDS", str(settings.lock_wait_seconds))
    db = db or settings.warehouse
    sources = list(source or settings.default_sources)
    try:  # everything that can be checked before Prefect starts, answered in one line
        check_since(since)
        if sources:
            classify_sources(sources, settings.sources_file)
        check_db(db)
    except UsageError as exc:
        raise usage_error(str(exc)) from None
    with warehouse_lock(db):
        refuse_incompatible(db)
        if not force and nothing_to_do(sources, db, settings):
            return
        quiet_prefect(verbose)
        from flows.ingest import ingest

        hide_run_logs(verbose)
        params = flow_parameters(settings, db)
        with progress_sink(), cancellable():
            summary = ingest(sources=sources, since=since, max_pages=max_pages, force=force, workers=workers,
                             **params)
    print_summary(summary, db)
    raise typer.Exit(exit_code(summary["status"], summary.get("signal")))


@contextmanager
def cancellable() -> Iterator[None]:
    """Ctrl-C during a run: one line and exit 130, not a traceback (the warehouse is left as it was)."""
    try:
        yield
    except KeyboardInterrupt:
        err.print("[red]cancelled[/red] (SIGINT); nothing of this run was loaded")
        raise typer.Exit(exit_code("cancelled")) from None


def refuse_incompatible(db: Path) -> None:
    """Exit 1 with one line when the warehouse was written by a newer pressroom, is too old to upgrade,
    or is not a DuckDB file at all (answered before Prefect starts)."""
    import duckdb

    from load.migrations import WarehouseTooNew, WarehouseTooOld, check_compatible
    from load.warehouse import connect

    if not Path(db).exists():
        return
    try:
        with connect(db, read_only=True) as con:
            check_compatible(con, str(db))
    except (WarehouseTooNew, WarehouseTooOld) as exc:
        err.print(f"[red]pressroom run[/red] refused: {exc}", highlight=False)
        raise typer.Exit(1) from exc
    except duckdb.IOException as exc:
        if "not a valid DuckDB database file" not in str(exc):
            return  # e.g. busy: let the real run decide
        err.print(f"[red]error:[/red] {db}: not a DuckDB warehouse file (corrupt, or another kind of file); "
                  "nothing was read or changed", highlight=False)
        raise typer.Exit(1) from None
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
    from pressroom.checks import UsageError, check_db

    settings = settings_or_exit()
    db = db or settings.warehouse
    try:
        check_db(db)
    except UsageError as exc:
        raise usage_error(str(exc)) from None
    with warehouse_lock(db):
        quiet_prefect(verbose)
        from flows.ingest import reparse as reparse_flow

        hide_run_logs(verbose)

        with progress_sink(), cancellable():
            summary = reparse_flow(db=str(db), archive=str(archive or settings.archive),
                                   batch_size=settings.batch_size)
    print_summary(summary, db)
    raise typer.Exit(exit_code(summary["status"], summary.get("signal")))


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
    db: Annotated[Path | None, typer.Option("--db", help="warehouse file (default from pressroom.toml)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Serve the ingest flow on its schedules (needs a Prefect server: `prefect server start`).

    Runs of the warehouse are serialised: a run that starts while another writes waits for it.
    After a run that changed something, pressroom.toml [publish] folders are refreshed.
    """
    from pressroom.checks import UsageError, check_db, classify_sources

    settings = settings_or_exit()
    db = db or settings.warehouse
    try:
        check_db(db)
        if source:
            classify_sources(list(source), settings.sources_file)
    except UsageError as exc:
        raise usage_error(str(exc)) from None
    if not os.environ.get("PREFECT_API_URL"):
        err.print("[red]error:[/red] `pressroom serve` needs a Prefect server (Prefect's temporary local API "
                  "cannot schedule). Start one with `prefect server start` and set "
                  "PREFECT_API_URL=http://127.0.0.1:4200/api")
        raise typer.Exit(2)
    quiet_prefect(verbose)
    from flows.deployments import deployments

    schedule = settings.schedule
    served = deployments(flow_parameters(settings, db), discovery_cron=schedule.discovery_cron,
                         backfill_cron=schedule.backfill_cron, timezone=schedule.timezone,
                         backfill_max_pages=schedule.backfill_max_pages,
                         sources=list(source or settings.default_sources) or None, interval=interval)
    serve_until_stopped(served)


def serve_until_stopped(served: list) -> None:
    """Serve the deployments until SIGINT or SIGTERM, then stop cleanly with one line.

    Prefect's own SIGTERM handler calls the runner's async stop from inside the event loop without
    awaiting it ("coroutine 'Runner.astop' was never awaited"); here SIGTERM ends the loop like
    Ctrl-C does, and the runner shuts down through its normal exit path.
    """
    import asyncio
    import signal

    from prefect.runner import Runner

    runner = Runner(pause_on_shutdown=True)
    for deployment in served:
        runner.add_deployment(deployment)

    def on_sigterm(*_: object) -> None:
        raise KeyboardInterrupt

    runner.handle_sigterm = on_sigterm  # Runner.start installs this as the SIGTERM handler
    console.print(f"pressroom serve: {', '.join(d.name for d in served)} of flow ingest on "
                  f"{os.environ.get('PREFECT_API_URL')}; runs of one warehouse queue; Ctrl-C or SIGTERM stops",
                  highlight=False)
    try:
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        pass
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    console.print("pressroom serve stopped")


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
    """Print the effective configuration and where each value came from (default, file, environment)."""
    from pressroom.config import as_rows

    settings = settings_or_exit()
    table = Table(title=f"pressroom config ({settings.config_file or 'defaults only'})")
    table.add_column("setting")
    table.add_column("value")
    table.add_column("from")
    for key, value in as_rows(settings):
        table.add_row(key, value, settings.origins.get(key, "default"))
    wide_console().print(table)


def wide_console() -> Console:
    """The stdout console; not cut at 80 columns when piped (a terminal keeps its own width)."""
    return console if console.is_terminal else Console(width=10_000, soft_wrap=True)


def print_summary(summary: dict, db: Path) -> None:
    """Rows per table, failures (each once), documents without a release and why, examples from this run."""
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
                  + f" from {summary['source']} into {db}", highlight=False)
    if summary.get("error"):
        err.print(f"[red]error:[/red] {summary['error']}", highlight=False)
    for note in summary.get("notes") or []:
        err.print(f"[yellow]note[/yellow] {note}", highlight=False)
    for source, reason in summary["failures"]:
        shown = reason if reason.startswith(source) else f"{source}: {reason}"
        err.print(f"[yellow]skipped[/yellow] {shown}", highlight=False)
    ignored = summary.get("ignored") or []
    if ignored:
        names = ", ".join(ignored[:5]) + (f" and {len(ignored) - 5} more" if len(ignored) > 5 else "")
        err.print(f"[yellow]ignored[/yellow] {len(ignored)} files that are not .txt, .md, .html or .json: {names}",
                  highlight=False)
    without = summary.get("documents_without_release") or {}
    if without:
        console.print(f"{sum(without.values())} documents gave no release: "
                      + ", ".join(f"{n} {why}" for why, n in sorted(without.items(), key=lambda kv: -kv[1])),
                      highlight=False)
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
            err.print(f"  {line}", highlight=False)
    examples = summary.get("examples") or {}
    if examples.get("quotes") or examples.get("amounts"):
        console.print("examples from this run:")
    for name, verb, text in examples.get("quotes", []):
        short = text if len(text) <= 110 else text[:107] + "…"
        console.print(f"  [cyan]{name or '?'}[/cyan] ({verb or '?'}): «{short}»", highlight=False)
    for value, currency, qualifier, raw, sentence in examples.get("amounts", []):
        console.print(f"  [green]{float(value):,.0f} {currency}[/green] {qualifier} — {raw!r} in: {sentence}",
                      highlight=False)


FORMATS = ("table", "csv", "json")


@app.command("query", context_settings={"ignore_unknown_options": True})
def query_cmd(
    sql: Annotated[str | None, typer.Argument(
        help="one read-only SQL statement, e.g. \"select count(*) from quotes\"; '-' or none: read stdin")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="warehouse file (default from pressroom.toml)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
    limit: Annotated[int | None, typer.Option(help="print at most this many rows", min=0)] = None,
) -> None:
    """Run one read-only SQL statement against the warehouse; print a table, CSV or JSON.

    NULL prints as NULL in a table, as an empty field in CSV ('' as ""), as null in JSON.
    """
    from load.readonly import QueryError, run_query

    if fmt not in FORMATS:
        raise usage_error(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if sql is None or sql == "-":
        sql = "" if sys.stdin.isatty() else sys.stdin.read()
    db = db or settings_or_exit().warehouse
    try:
        result = run_query(db, sql, limit)
    except QueryError as exc:
        raise usage_error(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - one line for the user, not a traceback
        err.print(f"[red]error:[/red] {str(exc).splitlines()[0]}", highlight=False)
        raise typer.Exit(1) from None
    if fmt == "csv":
        print_csv(result.columns, result.rows)
    elif fmt == "json":
        import json

        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        print(json.dumps(rows, ensure_ascii=False, default=str, indent=1))
    else:
        table = Table()
        for column in result.columns:
            table.add_column(column)
        for row in result.rows:
            table.add_row(*("[dim]NULL[/dim]" if v is None else escape(str(v)) for v in row))
        wide_console().print(table)
    if result.more:
        err.print(f"(first {limit} rows; more left out by --limit)")


def escape(text: str) -> str:
    """Text for a rich table cell, its [markup] shown as written."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def print_csv(columns: list[str], rows: list[tuple]) -> None:
    """CSV on stdout: a header row; NULL an empty field, an empty string \"\" (so the two differ)."""
    sys.stdout.write(",".join(_csv_cell(c) for c in columns) + "\n")
    for row in rows:
        sys.stdout.write(",".join('""' if v == "" else "" if v is None else _csv_cell(str(v)) for v in row) + "\n")


def _csv_cell(cell: str) -> str:
    if any(c in cell for c in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


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
