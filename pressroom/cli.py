"""The `pressroom` command: run the ingestion flow, query the warehouse."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

import pressroom.idle  # noqa: F401 - its reading of the machine's CPU times at import is the command's start
from pressroom.analytics_cli import register as register_analytics
from pressroom.exitcodes import REFUSED, USAGE, exit_code
from pressroom.settings_or_exit import settings_or_exit, warehouse_to_read

if TYPE_CHECKING:
    from flows.api_server import ApiServer


def _no_type_after_flags() -> None:
    """`--help` shows no `<bool>` after a plain flag (--force, --verbose, --help): it takes no value.

    Typer 0.29 prints the annotation's type for every option, flags included; a value-taking option
    keeps its `<int>`, `<path>`, …
    """
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "hides_flags", False):
        return

    def display_type_rich(self: TyperOption, ctx: typer.Context) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.hides_flags = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_type_after_flags()

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


def quiet_prefect(verbose: bool = False, db: Path | None = None) -> ApiServer | None:
    """Prefect settings for an offline CLI run: no telemetry, no INFO chatter, a patient ephemeral API.

    Must run before prefect is imported; explicit environment values win. Starts Prefect's API server
    (unless PREFECT_API_URL names one) and returns it without waiting: it starts while the command
    imports Prefect; `prefect_ready` waits for it before the flow starts. Given a warehouse `db` that
    does not exist yet, its schema is built in a thread meanwhile (load/schema_ahead.py), also waited
    for by `prefect_ready`.
    """
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "false")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_SERVER_LEVEL", "WARNING")
    # Prefect's API server as a child that dies with this run, even on SIGKILL (flows/api_server.py)
    from flows.api_server import start_api_server

    server = start_api_server()
    if db is not None:
        from flows import cancel
        from load import schema_ahead

        with cancel.deferred():  # its imports (pandas) are never cut in half by a stop: the recording needs them
            schema_ahead.start(db)
    return server


def prefect_ready(server: ApiServer | None) -> None:
    """Wait for the API server `quiet_prefect` started (None: the user's own) and the new warehouse's
    schema; exit 1 in one line if the server does not start."""
    from flows.api_server import wait_for_api_server
    from load import schema_ahead

    schema_ahead.wait()
    try:
        wait_for_api_server(server)
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


def configured_sources() -> str:
    """The configured source names for `--help`, placeholders marked: 'ks-ntb, um-ritzau, ks.no; not ready until
    publisher_id is filled in (`pressroom config` says how): skr-tt, kl-ritzau'.

    Read once, when the module loads (option help is fixed then); empty when the configuration cannot be
    read (the command itself then says why).
    """
    try:
        from extract.sources import load_sources, readiness
        from pressroom.config import load_settings

        names = readiness(load_sources(load_settings().sources_file))
    except Exception:  # noqa: BLE001 - help must show whatever the configuration says
        return ""
    ready = [name for name, missing in names if missing is None]
    waiting = [name for name, missing in names if missing is not None]
    return ", ".join(ready) + (f"; not ready until publisher_id is filled in (`pressroom config` says how): "
                               f"{', '.join(waiting)}" if waiting else "")


SOURCE_HELP = ("a file or directory of .txt/.md/.html/.json (read one level deep), a configured source name "
               f"({configured_sources() or 'sources.toml'}), ntb:/tt:/ritzau:<publisherId>, ks.no, or a URL; "
               "repeatable. Default: the bundled samples")


def usage_error(message: str) -> typer.Exit:
    """Print a one-line usage error; returns the Exit (code 2) to raise."""
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
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
    from flows import cancel
    from flows.head_start import discarded_unless_adopted

    started = now()
    run_of: dict = {"command": "run", "sources": source, "db": db}
    with cancel.stop_on_signals(), cancelled_at_startup(run_of, started):
        with cancel.startup_window():  # a signal here: one line, the run recorded `cancelled`, exit 130/143
            from pressroom.checks import UsageError, check_db, check_since, classify_sources

            settings = settings_or_exit()
            os.environ.setdefault("PRESSROOM_DUCKDB_MEMORY_LIMIT", settings.duckdb_memory_limit)
            os.environ.setdefault("PRESSROOM_LOCK_WAIT_SECONDS", str(settings.lock_wait_seconds))
            db = db or settings.warehouse
            sources = list(source or settings.default_sources)
            run_of.update(db=db, sources=sources)
            try:  # everything that can be checked before Prefect starts, answered in one line (paths as typed)
                check_since(since)
                if sources:
                    classify_sources(sources, settings.sources_file)
                check_db(db)
            except UsageError as exc:
                raise usage_error(str(exc)) from None
            db = db.absolute()  # the summary names the file it wrote, wherever the command ran
            run_of.update(db=db)
            new = not db.exists()
            refuse_incompatible(db)  # before the run lock: a file that is no warehouse gets no <file>.lock beside it
        with warehouse_lock(db), discarded_unless_adopted():
            with cancel.startup_window():
                if not force and nothing_to_do(sources, db, settings):
                    return
                start_workers_early(sources, settings, workers, db, force)
                server = quiet_prefect(verbose, db)
                from flows.heartbeats import heartbeats_of_our_own
                from flows.ingest import ingest  # Prefect's import, while the server starts

                hide_run_logs(verbose)
                params = flow_parameters(settings, db)  # with [publish]: a run that changed the warehouse refreshes it
                prefect_ready(server)
            # from here the flow watches the stop flag itself (and records a stop that came meanwhile)
            with progress_sink(), cancellable(), heartbeats_of_our_own(send=server is None):
                summary = ingest(sources=sources, since=since, max_pages=max_pages, force=force, workers=workers,
                                 **params)
    print_summary(summary, db, new=new)
    end_command(exit_code(summary["status"], summary.get("signal")))


def end_command(code: int) -> None:
    """Exit with `code` at the end of a run: the `pressroom` command (a process of its own) exits at
    once after the exit handlers (the forkserver and API server stopped, logs and Prefect's events
    flushed), without the interpreter's teardown of every module and object it holds: Prefect's,
    pandas' and DuckDB's objects took 0.3–0.6 s of CPU to free after a one-file run. Anywhere else (the
    command called in-process by a test, say), or with a non-daemon thread still running, it exits
    as usual: raises typer.Exit(code)."""
    import threading

    if Path(sys.argv[0]).name == "pressroom" and all(
            thread.daemon or thread is threading.main_thread() for thread in threading.enumerate()):
        import atexit

        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # stdout gone (a closed pipe): Python's own exit reports it
            raise typer.Exit(code) from None
        atexit._run_exitfuncs()  # what Python runs at exit before its teardown
        os._exit(code)
    raise typer.Exit(code)


def start_workers_early(sources: list[str], settings, workers: int | None, db: Path, force: bool) -> None:
    """Start the parse workers' forkserver now, before Prefect is imported, when the run has local files
    to parse and more than one worker, and hand it the run's batches (the head start, flows/head_start.py:
    the flow adopts them, or throws them away when its files, known documents, code version or batch size
    differ): the workers parse while this process imports Prefect and starts its flow. The files are
    listed once, here; the flow takes that list while it holds. A run of one batch (one file, say)
    starts it only when a core is idle (`core_idle`): its parse then runs beside Prefect's import and
    this process never loads the model; on a busy machine the forkserver's own start (an interpreter,
    pyarrow's pandas, the warm-up) costs more CPU than the one batch parsed in this process, and there is
    no core to overlap on."""
    from flows.head_start import begin
    from flows.sources import split_sources

    cores = os.cpu_count() or 1
    if (workers or cores) < 2:
        return
    local, _live = split_sources(sources, str(settings.sources_file))
    if local:
        begin(local, str(db), settings.batch_size, workers or cores, force,
              lambda files: files > settings.batch_size or core_idle(cores))


def core_idle(cores: int) -> bool:
    """Whether a core sat idle while the command started: at least IDLE_CORE of a core unused on average
    since the command's start, read from the machine's CPU times (pressroom/idle.py: 1.0 on an idle
    2-core machine, this command on the other core; about 0 with other work on it). Where that cannot be
    read, the 1-minute load average below `cores` - 1."""
    from pressroom.idle import idle_cores

    idle = idle_cores(cores)
    if idle is not None:
        return idle >= IDLE_CORE
    try:
        return os.getloadavg()[0] < cores - 1
    except OSError:  # no load average on this system
        return False


# how much of a core must have been idle since the command's start for a one-batch run to parse in a worker
IDLE_CORE = 0.75


def now() -> datetime:
    """The current time, aware UTC (the start of a command's run)."""
    from datetime import UTC

    return datetime.now(UTC)


@contextmanager
def cancelled_at_startup(run_of: dict, started: datetime) -> Iterator[None]:
    """SIGTERM or Ctrl-C before the flow started: print the one line a cancelled run prints, record the
    run `cancelled` (in `<db>.pending/` when a reader holds the warehouse) and exit 143 / 130."""
    from flows import cancel

    try:
        yield
    except (cancel.StartupCancelled, Exception) as exc:
        # a stop that lands inside a library's callback can come out wrapped in the library's own error
        # (pydantic's serializer turns StartupCancelled into PydanticSerializationError while Prefect
        # imports): with a stop asked for, that is the stop all the same
        if not isinstance(exc, cancel.StartupCancelled) and (isinstance(exc, typer.Exit) or not cancel.requested()):
            raise
        from load import schema_ahead

        schema_ahead.wait()  # a new warehouse's schema being built: done before the run is recorded there
        signum = cancel.signal_number() or 15
        name = "SIGINT" if signum == 2 else "SIGTERM"
        line = f"pressroom {run_of['command']} cancelled: stopped by {name}; nothing of this run was loaded"
        err.print(line, highlight=False)
        db = run_of.get("db")
        if db is None:  # stopped before the settings were read: find the warehouse now, quietly
            try:
                from pressroom.config import load_settings

                db = load_settings().warehouse
            except Exception:  # noqa: BLE001 - nothing to record into
                db = None
        if db is not None:
            from flows.summary import record_cancelled_start

            source = run_of.get("source") or ", ".join(run_of.get("sources") or []) or "(default sources)"
            try:
                record_cancelled_start(str(db), source, started, signum)
            except Exception as exc:  # noqa: BLE001 - the stop stands; say why it is not recorded
                err.print(f"[yellow]warning:[/yellow] the cancelled run could not be recorded in {db}: "
                          f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", highlight=False)
        raise typer.Exit(exit_code("cancelled", signum)) from None


@contextmanager
def cancellable() -> Iterator[None]:
    """Ctrl-C during a run: one line and exit 130, not a traceback (the warehouse is left as it was)."""
    try:
        yield
    except KeyboardInterrupt:
        err.print("[red]cancelled[/red] (SIGINT); nothing of this run was loaded")
        raise typer.Exit(exit_code("cancelled")) from None


def refuse_incompatible(db: Path, command: str = "run") -> None:
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
        err.print(f"[red]pressroom {command}[/red] refused: {exc}", highlight=False)
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
    create: Annotated[bool, typer.Option("--create", help="build a new warehouse at --db from the archive "
                                                          "(without it, a missing warehouse is refused)")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="show Prefect's own logs")] = False,
) -> None:
    """Rebuild the warehouse from the raw archive, with no network (after a parser fix, say)."""
    from flows import cancel

    started = now()
    run_of: dict = {"command": "reparse", "source": f"reparse {archive or 'archive'}", "db": db}
    with cancel.stop_on_signals(), cancelled_at_startup(run_of, started):
        with cancel.startup_window():  # a signal here: one line, the run recorded `cancelled`, exit 130/143
            from pressroom.checks import UsageError, check_archive, check_db

            settings = settings_or_exit()
            labels = ("--archive" if archive else "archive", "--db" if db else "warehouse")
            db = db or settings.warehouse
            archive = archive or settings.archive
            run_of.update(db=db, source=f"reparse {archive}")
            try:  # answered before Prefect starts, and nothing is created (paths as typed)
                check_archive(archive, db, create, *labels)
                check_db(db)
            except UsageError as exc:
                raise usage_error(str(exc)) from None
            db, archive = db.absolute(), archive.absolute()
            new = not db.exists()
            refuse_incompatible(db, "reparse")
        with warehouse_lock(db):
            with cancel.startup_window():
                server = quiet_prefect(verbose, db)
                from flows.heartbeats import heartbeats_of_our_own
                from flows.ingest import reparse as reparse_flow

                hide_run_logs(verbose)
                prefect_ready(server)
            with progress_sink(), cancellable(), heartbeats_of_our_own(send=server is None):
                summary = reparse_flow(db=str(db), archive=str(archive), batch_size=settings.batch_size)
    print_summary(summary, db, new=new)
    end_command(exit_code(summary["status"], summary.get("signal")))


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
            progress.set_sink(sink, note=lambda text: err.print(f"pressroom: {text}", highlight=False))
            try:
                yield
            finally:
                progress.set_sink(None)
        return

    def plain(stage: str, done: int, total: int) -> None:
        print(f"pressroom: {stage} {done}/{total}", file=sys.stderr, flush=True)

    def note(text: str) -> None:
        print(f"pressroom: {text}", file=sys.stderr, flush=True)

    progress.set_sink(plain, note=note)
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
    After a run that changed something, the folders of pressroom.toml \\[publish] are refreshed.
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
    db = db.absolute()  # the served runs write this file, whatever folder Prefect starts them in
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
    """Serve the deployments until SIGINT or SIGTERM, then stop cleanly with one line and exit 0.

    Each scheduled run prints its one-line summary on stdout as it ends (flows/ingest.py, print_line).
    A signal stops the runner through its own async stop, awaited on the event loop: its poll loop
    and any run in flight are cancelled and its schedules paused, then the loop ends normally.
    (Prefect's own SIGTERM handler calls the async stop without awaiting it, and Ctrl-C cancelled
    the loop's tasks under their feet: both printed dozens of lines of asyncio tracebacks.)
    """
    import asyncio
    import signal

    from prefect.runner import Runner

    if hasattr(sys.stdout, "reconfigure"):  # one line per run, seen as it happens when piped
        sys.stdout.reconfigure(line_buffering=True)
    runner = Runner(pause_on_shutdown=True)
    for deployment in served:
        runner.add_deployment(deployment)
    stopped_by: list[str] = []

    async def serve_until_signal() -> None:
        loop = asyncio.get_running_loop()
        stopping: list[asyncio.Task] = []

        async def halt() -> None:
            while not runner.started:  # a signal during start-up: stop as soon as there is a runner to stop
                await asyncio.sleep(0.05)
            await runner.astop()

        def stop(signum: int) -> None:
            if not stopped_by:
                stopped_by.append(signal.Signals(signum).name)
                stopping.append(loop.create_task(halt()))

        def on_sigterm(*_: object) -> None:  # a plain signal handler: wake the loop, stop from inside it
            loop.call_soon_threadsafe(stop, signal.SIGTERM)

        runner.handle_sigterm = on_sigterm  # Runner.start installs it again with signal.signal
        signal.signal(signal.SIGTERM, on_sigterm)
        loop.add_signal_handler(signal.SIGINT, stop, signal.SIGINT)
        # printed once both signals are handled: from here on either one gives the one stop line
        console.print(f"pressroom serve: {', '.join(d.name for d in served)} of flow ingest on "
                      f"{os.environ.get('PREFECT_API_URL')}; runs of one warehouse queue; each run prints one "
                      "line; Ctrl-C or SIGTERM stops", highlight=False)
        await runner.start()

    asyncio.run(serve_until_signal())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    console.print(f"pressroom serve stopped ({stopped_by[0] if stopped_by else 'runner ended'})", highlight=False)


@app.command()
def probe(
    source: Annotated[str, typer.Argument(help="a press room on the NTB/Via TT/Via Ritzau platform: a "
                                               "sources.toml name of kind ntb (ks-ntb), ntb:/tt:/ritzau:<publisherId>, "
                                               "or its address with the publisher's number "
                                               "(https://via.ritzau.dk/nyhedsrum/2012662/…, …?publisherId=2012662). "
                                               "ks.no and single pages are not probed")],
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
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if src.kind != "ntb":
        what = "ks.no's news pages" if src.kind == "ksno" else "a single page, not a press room"
        err.print(f"[red]error:[/red] {source}: {what}; probe asks the endpoints of a press room on the NTB, Via TT "
                  "or Via Ritzau platform (ntb:, tt:, ritzau:<publisherId>, a sources.toml name of kind ntb, or the "
                  f"press room's address with its publisher number); `pressroom run --source {source}` reads it",
                  highlight=False)
        raise typer.Exit(2)
    client = PoliteClient(settings.politeness, allowed_hosts=src.pinned_hosts)
    try:
        reports = run_probe(src, client, save)
    finally:
        client.close()
    print(format_reports(src, reports))  # plain text: the output is meant to be pasted into an issue
    if not all(r.ok for r in reports if r.endpoint != "robots.txt"):
        raise typer.Exit(1)


@app.command("config")
def config_cmd() -> None:
    """Print the config file used and why, the effective settings and where each came from (default, file,
    environment), and the configured sources, those with a value still to fill in marked not ready."""
    from extract.sources import SourceError, load_sources, readiness
    from pressroom.config import as_rows

    settings = settings_or_exit()
    out = wide_console()
    out.print(f"config file: {settings.config_file} ({settings.config_reason})" if settings.config_file
              else f"config file: {settings.config_reason}", highlight=False)
    table = Table(title="settings")
    table.add_column("setting")
    table.add_column("value")
    table.add_column("from")
    for key, value in as_rows(settings):
        table.add_row(key, value, settings.origins.get(key, "default"))
    out.print(table)
    try:
        sources = load_sources(settings.sources_file)
    except SourceError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(USAGE) from None
    listed = Table(title=f"sources ({settings.sources_file if settings.sources_file.is_file() else 'built in'})")
    listed.add_column("source")
    listed.add_column("ready")
    listed.add_column("press room")
    states = readiness(sources)
    for name, missing in states:
        src = sources[name]
        room = src.base_url + (f" (publisher {src.publisher_id})" if src.kind == "ntb" else "")
        listed.add_row(name, "yes" if missing is None else "NOT READY", room)
    out.print(listed)
    for name, missing in states:
        if missing is not None:
            out.print(f"not ready: {name}: {missing}", highlight=False)


def wide_console() -> Console:
    """The stdout console; not cut at 80 columns when piped (a terminal keeps its own width)."""
    return console if console.is_terminal else Console(width=10_000, soft_wrap=True)


WARNINGS_SHOWN = 20  # warnings printed under a run's summary; the artifact holds all of them


def print_summary(summary: dict, db: Path, new: bool = False) -> None:
    """Rows per table, failures (each once), documents without a release and why, examples from this run.

    `db` is named as an absolute path, with "(a new file)" when this run created it.
    """
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
                  + f" from {summary['source']} into {db}" + (" (a new file)" if new and db.exists() else ""),
                  highlight=False)
    if summary.get("error"):
        err.print(f"[red]error:[/red] {summary['error']}", highlight=False)
    for note in summary.get("notes") or []:
        err.print(f"[yellow]note[/yellow] {note}", highlight=False)
    for source, reason in summary["failures"]:
        shown = reason if reason.startswith(source) else f"{source}: {reason}"
        err.print(f"[yellow]skipped[/yellow] {shown}", highlight=False)
    warnings = summary.get("warnings") or []
    for _, warning in warnings[:WARNINGS_SHOWN]:  # each names its input (and line, when it can)
        err.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
    if len(warnings) > WARNINGS_SHOWN:
        err.print(f"[yellow]warning[/yellow] … and {len(warnings) - WARNINGS_SHOWN} more (all of them in the "
                  "Prefect artifact ingest-summary, and with --verbose)", highlight=False)
    ignored = summary.get("ignored") or []
    if ignored:
        names = ", ".join(ignored[:5]) + (f" and {len(ignored) - 5} more" if len(ignored) > 5 else "")
        err.print(f"[yellow]ignored[/yellow] {len(ignored)} files that are not .txt, .md, .html or .json: {names}",
                  highlight=False)
    without = summary.get("documents_without_release") or {}
    if without:
        from flows.summary import without_release_text

        n = sum(without.values())
        console.print(f"{n} document{'s' if n != 1 else ''} gave no release: "
                      + without_release_text(without, summary.get("documents_without_release_named") or {}),
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
        warned = summary.get("warned") or {}
        failed = [name for name, n in summary["checks"] if n]

        def verdict(name: str, n: int) -> str:
            return "ok" if not n else f"warned ({n}, loaded)" if name in warned else f"FAILED ({n})"

        console.print(f"checks: {len(summary['checks']) - len(failed)}/{len(summary['checks'])} passed: "
                      + ", ".join(f"{name} {verdict(name, n)}" for name, n in summary["checks"]))
        for name, v in warned.items():
            err.print(f"[yellow]warning[/yellow] {name}: {v['rows']} rows loaded as they are, e.g. {v['example']}",
                      highlight=False)
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
        how = f" ({verb})" if verb else ""  # the reporting verb, or "carried"; nothing when neither is known
        console.print(f"  [cyan]{escape(name or 'speaker unknown')}[/cyan]{how}: «{escape(short)}»", highlight=False)
    for value, currency, qualifier, raw, sentence in examples.get("amounts", []):
        console.print(f"  [green]{float(value):,.0f} {currency}[/green] {qualifier} — {raw!r} in: {sentence}",
                      highlight=False)


FORMATS = ("table", "csv", "json")


def _sql_first_command() -> type:
    """The `query` command class: SQL that starts with a `--` comment is an argument, yet a mistyped option
    (`--limt 5`) is still a usage error, "No such option: --limt (did you mean --limit?)", instead of
    being taken for SQL.

    A token is taken for an option when it starts with `--` and holds no white space (a comment line
    before SQL always does).
    """
    import difflib

    from typer.core import TyperCommand

    class SqlFirstCommand(TyperCommand):
        def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
            known = sorted({o for p in self.get_params(ctx) for o in (*p.opts, *p.secondary_opts)
                            if o.startswith("--")})
            for arg in args:
                name = arg.split("=", 1)[0]
                if arg.startswith("--") and arg != "--" and not any(c.isspace() for c in arg) and name not in known:
                    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                    ctx.fail(f"No such option: {name}" + (f" (did you mean {close[0]}?)" if close else ""))
            return super().parse_args(ctx, args)

    return SqlFirstCommand


@app.command("query", cls=_sql_first_command(), context_settings={"ignore_unknown_options": True})
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
    db = warehouse_to_read(db)
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

    db = warehouse_to_read(db)
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


# Commands that record a run: SIGTERM and Ctrl-C are caught from their first step (the others keep
# Python's own handling: Ctrl-C interrupts a query, `serve` stops its runner).
RUN_COMMANDS = {"run", "reparse"}


def main() -> None:  # pragma: no cover - console entry point
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if command in RUN_COMMANDS:
        from flows import cancel

        cancel.install_for_process()  # first thing: a signal during start-up is caught, not a silent kill
    app(prog_name="pressroom")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
