"""The `ingest` Prefect flow: read sources -> parse + extract (in batches) -> normalise -> load.

Thin by design: each task wraps a plain function from extract/, transform/ or load/. Tasks work on
batches of documents, never one task per paragraph, so Prefect's per-task overhead stays small.
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extract.files import expand, ignored_files
from flows import cancel, head_start, progress
from flows.batches import BatchStats, batch_plan, code_version, process_files, process_pages
from flows.cancel import RunCancelled
from flows.heartbeats import beating
from flows.plain_flow import plain_flow
from flows.sources import split_sources
from flows.summary import RunSummary, outcome, summary_line, summary_markdown
from flows.workers import forkserver_running, stop_pool, worker_pool
from load.faults import point
from load.lock import RunLocked, run_lock
from load.pending import claim, keep_staged, save_run_row, unreadable_waiting_rows, usable_kept
from load.rebuild import copies_to_read_again, gone_documents
from load.staging import stage_tables, staging_folder
from load.warehouse import (
    LoadResult,
    WarehouseLocked,
    load_tables,
    now_utc,
    prepare,
    read_known_documents,
    read_validators,
    record_run,
)
from transform.normalise import fetches_table

BATCH_SIZE = 500


@task(name="list-inputs", cache_policy=NO_CACHE, persist_result=False)
def list_inputs(sources: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The files the local sources name; a missing path becomes an (input, reason) failure."""
    paths, failures = expand(sources)
    return [str(p) for p in paths], failures


@task(name="parse-extract-stage", cache_policy=NO_CACHE, persist_result=False)
def parse_extract_stage(paths: list[str], staging: str, batch_size: int, known: dict[str, str],
                        version: str, workers: int, first_batch: int = 0) -> BatchStats:
    """Read, parse, extract and stage every file, batch by batch, on `workers` processes.

    One Prefect task for the whole corpus (per-task overhead must not dominate); the batches go to a
    process pool when there is more than one, so both cores of a 2-core machine work, and so does a
    single batch when the workers' forkserver runs already (`pressroom run` starts it before Prefect's
    import when a core is idle: the batch is parsed by a fork that holds the model, and this process
    loads none of it). The batches of `batch_plan` (smaller ones at the end, so the workers finish together).
    When `pressroom run` submitted these very batches before Prefect started (flows/head_start.py: same
    files, known documents, code version, batch size and workers), they are adopted: waited on, their
    parts moved into `staging`; any other head start is thrown away.
    """
    logger = get_run_logger()
    batches = batch_plan(paths, batch_size, workers)
    numbered = list(enumerate(batches, start=first_batch))  # part names: batch numbers of this run
    total = BatchStats()
    done = 0
    if paths:  # the stage has started (a long first batch shows no other sign of life)
        progress.report("read (unchanged skipped) + parse", 0, len(paths), logger)

    def add(stats: BatchStats, size: int) -> None:
        nonlocal done
        total.add(stats)
        for _, warning in stats.warnings:
            logger.warning("%s", warning)
        done += size
        # every file is read and hashed; only new or changed ones are parsed (the summary counts both)
        progress.report("read (unchanged skipped) + parse", done, len(paths), logger)

    head = head_start.adopt(paths, known, version, batch_size, workers) if first_batch == 0 else None
    if head is not None:
        logger.info("%d batches submitted before the flow started (pressroom run's head start) adopted",
                    len(head.pending))
    if head is not None or (workers > 1 and batches and (len(batches) > 1 or forkserver_running())):
        # forked from a forkserver that holds the model (no fork of this process, which has Prefect's
        # threads); they die with this process (flows/lifeline.py): a killed run leaves none behind
        pool = head.pool if head is not None and head.pool else worker_pool(min(workers, len(batches)))
        clean = False
        try:
            pending = dict(head.pending) if head is not None else {
                pool.submit(process_files, batch, staging, no, known, version): len(batch) for no, batch in numbered}
            while pending and not cancel.requested():
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in finished:
                    add(future.result(), pending.pop(future))
            clean = not pending
        except BrokenProcessPool:
            if not cancel.requested():  # a worker died on its own (OOM-killed, say): a real failure
                raise
        finally:
            if clean:
                pool.shutdown(wait=True)
                if head is not None:
                    head_start.hand_over(staging)
            elif head is not None:
                head_start.discard()  # its workers stopped, its parts removed
            else:
                stop_pool(pool)
        total.cancelled = not clean
    else:
        for no, batch in numbered:
            try:  # in this process: a signal stops the batch at once, even inside one long document
                with cancel.interruptible():
                    stats = process_files(batch, staging, no, known, version)
            except cancel.Interrupted:
                total.cancelled = True
                break
            add(stats, len(batch))
    return total


@task(name="fetch-source", cache_policy=NO_CACHE, persist_result=False)
def fetch_source(spec: str, sources_file: str, archive_root: str, validators: dict, since: str | None,
                 max_pages: int | None, politeness: dict | None = None):
    """Discover and fetch one live source politely; new or changed pages land in the raw archive.

    Returns (CollectResult, publisher). The HTTP client retries 429/5xx itself, so this task has no
    Prefect retries of its own.
    """
    from extract.archive import RawArchive
    from extract.http import FetchStopped
    from extract.live import collect
    from extract.sources import HttpSettings, load_sources, resolve_source

    source = resolve_source(spec, load_sources(Path(sources_file)))
    since_date = date.fromisoformat(since) if since else None
    try:  # SIGTERM / Ctrl-C: no request is sent after it, a response being read is cut off
        result = collect(source, archive=RawArchive(Path(archive_root)), validators=validators,
                         since=since_date, max_pages=max_pages, http=HttpSettings(**(politeness or {})),
                         stop=cancel.stop_event())
    except FetchStopped:
        raise RunCancelled(f"stopped while fetching {spec}") from None
    if result.skipped:  # list items of other publishers: left out on purpose, not failures
        get_run_logger().warning("%s: skipped %d listed items of other publishers (first: %s)", spec,
                                 len(result.skipped), "; ".join(" ".join(s) for s in result.skipped[:3]))
    for url, note in result.notes:  # e.g. a press room without an RSS feed: said, not a failure
        get_run_logger().warning("%s: %s: %s", spec, url, note)
    return result, source.publisher


@task(name="parse-pages-stage", cache_policy=NO_CACHE, persist_result=False)
def parse_pages_stage(pages: list, publisher: str | None, staging: str, first_batch: int, batch_size: int,
                      version: str, label: str) -> BatchStats:
    """Parse, extract and stage fetched pages (JSON, HTML, RSS), batch by batch."""
    logger = get_run_logger()
    total = BatchStats()
    for offset in range(0, len(pages), batch_size):
        try:
            with cancel.interruptible():
                stats = process_pages(pages[offset:offset + batch_size], publisher, staging,
                                      first_batch + offset // batch_size, version)
        except cancel.Interrupted:
            total.cancelled = True
            break
        total.add(stats)
        for _, warning in stats.warnings:
            logger.warning("%s", warning)
        progress.report(label, min(offset + batch_size, len(pages)), len(pages), logger)
    return total


@task(name="load-warehouse", cache_policy=NO_CACHE, persist_result=False)
def load(db: str, staging: str | list, run: dict, fetch_records: list | None = None,
         gone: list[str] | None = None) -> LoadResult | WarehouseLocked | None:
    """Upsert the staged rows (and fetch records) of the whole run in one transaction.

    `staging`: the run's staging folder (kept parts of blocked runs moved into it), or a list of folders. None
    when the run was stopped (SIGTERM, Ctrl-C) before the load committed: it was rolled back. The
    WarehouseLocked error when another process held the file past the wait: nothing was loaded.
    """
    try:  # a stop while the load waits for readers ends the wait at once (on_wait raises)
        return load_tables(db, {"fetches": fetches_table(fetch_records or [])}, staging=staging, run=run,
                           before_commit=cancel.raise_if_requested, on_wait=waiting_for_readers(db),
                           gone=gone or [])
    except RunCancelled:
        return None
    except WarehouseLocked as exc:  # returned, not raised: the run keeps its work and says so in one line
        return exc


def waiting_for_readers(db: str) -> Callable[[str], None]:
    """The load's callback while another process holds the warehouse: say once that it waits and for
    whom, and stop the wait at once when the run is asked to stop (RunCancelled)."""
    said: list[str] = []

    def on_wait(holder: str) -> None:
        cancel.raise_if_requested()
        if not said:
            said.append(holder)
            from load.warehouse import lock_wait_seconds

            progress.note(f"waiting up to {lock_wait_seconds():g} s for {holder} to let go of {db}")

    return on_wait


@plain_flow(name="ingest", log_prints=False)
def ingest(sources: list[str] | None = None, db: str = "warehouse.duckdb", batch_size: int = BATCH_SIZE,
           since: str | None = None, max_pages: int | None = None, archive: str = "archive",
           sources_file: str = "sources.toml", politeness: dict | None = None, force: bool = False,
           workers: int | None = None, lock_wait_seconds: float = 0.0, fail_when_refused: bool = False,
           publish: dict | None = None, print_line: bool = False) -> dict:
    """Ingest files, directories and live sources into the warehouse; returns the run summary.

    ingest(["data/samples"], "warehouse.duckdb") reads the five samples and loads them;
    ingest(["ntb:15032900"], since="2025-01-01") fetches KS's press room on NTB Kommunikasjon.
    Local files already loaded with the same content and extractor code are skipped unless `force`;
    `workers` processes parse and extract (default: every core, at most 2 per batch of work).
    A run waits up to `lock_wait_seconds` for another run of the same warehouse (scheduled runs
    queue); a refused run raises when `fail_when_refused` (Prefect then shows it FAILED). `publish`
    ({"export_dir", "export_format", "report_dir"}) refreshes those after a run that changed something.
    `print_line` prints a one-line summary on stdout at the end (scheduled runs: `pressroom serve` shows it).
    """
    logger = get_run_logger()
    local, live = split_sources(sources, sources_file)
    summary = RunSummary(run_id=str(uuid.uuid4()), source=", ".join([*local, *live]), started_at=now_utc())
    options = {"batch_size": batch_size, "since": since, "max_pages": max_pages, "archive": archive,
               "sources_file": sources_file, "politeness": politeness, "force": force,
               "workers": workers or os.cpu_count() or 1}
    try:
        with beating(), run_lock(db, lock_wait_seconds), cancel.stop_on_signals():
            if _run(summary, local, live, db, options, logger):
                publish_outputs(summary, db, publish, logger)
    except RunLocked as exc:
        summary.status = "refused"
        summary.error = str(exc)
        summary.finished_at = now_utc()
        logger.error("%s", exc)
        if fail_when_refused:
            publish_artifact(summary, db if print_line else None)
            raise
    publish_artifact(summary, db if print_line else None)
    return summary.to_dict()


def publish_outputs(summary: RunSummary, db: str, publish: dict | None, logger) -> None:
    """Refresh the configured export and report folders; called after a run whose load changed the
    warehouse (read, kept from a blocked run, or removed: a changed quote leaves the row counts as they were)."""
    if not publish or summary.status not in {"ok", "partial"}:
        return
    from load.publish import publish as refresh

    try:
        for line in refresh(db, **publish):
            logger.info("published %s", line)
    except Exception as exc:  # noqa: BLE001 - the load stands; a failed refresh is reported, not fatal
        logger.error("could not refresh the published outputs: %s", exc)


def _run(summary: RunSummary, local: list[str], live: list[str], db: str, options: dict, logger) -> bool:
    """One run's work inside the run lock; True when its load committed a change (outputs are published then).

    Kept parts of blocked runs that still hold are loaded with this run's rows (their documents not
    parsed again); the others are set aside with a line (load/pending.py). Every other copy of a release
    this run touches is read again, so the load rebuilds it from all its copies (load/rebuild.py).
    """
    batch_size = options["batch_size"]
    version = code_version()
    force = bool(options.get("force"))
    try:
        cancel.raise_if_requested()  # a stop that came while Prefect started the flow
        try:
            prepare(db, lock_wait=0)  # the schema is migrated before anything reads the warehouse
        except WarehouseLocked:
            pass  # a reader has the file open: read and parse anyway; the load waits for it and migrates
        summary.notes.extend(unreadable_waiting_rows(db))
        with staging_folder() as staging:
            fetch_records: list = []
            batches_used = 0
            paths: list[str] = []
            gone: list[str] = []
            if local:  # listed once: `pressroom run` listed them before Prefect started (while they still hold)
                listed = head_start.listed(db, local)
                paths, failures = listed if listed is not None else list_inputs(local)
                summary.failures.extend(failures)
            kept, lines = usable_kept(db, version, paths if force else ())
            summary.notes.extend(lines)
            for run in kept:  # loaded below with this run's rows, not parsed again
                claim(run, staging)
            summary.documents_resumed = sum(len(run.documents) for run in kept)
            if local:
                known = {} if force else read_known_documents(db)
                for run in kept:
                    known.update({uri: f"{sha}@{version}" for uri, sha in run.documents})
                summary.ignored.extend(ignored_files(local))
                stats = parse_extract_stage(paths, staging, batch_size, known, version, options["workers"])
                if stats.cancelled:
                    raise RunCancelled("stopped during parse + extract")
                summary.take(stats)
                batches_used = len(batch_plan(paths, batch_size, options["workers"]))  # part names used
                gone = gone_documents(db, [s for s in local if Path(s).is_dir()], paths)
                if gone:
                    summary.notes.append(f"{len(gone)} documents gone from their folder: their rows are removed")
            if live:
                from extract.live import Validator

                validators = {url: Validator(*v) for url, v in read_validators(db).items()}
                for spec in live:
                    cancel.raise_if_requested()
                    collected, publisher = fetch_source(spec, options["sources_file"], options["archive"],
                                                        validators, options["since"], options["max_pages"],
                                                        options["politeness"])
                    fetch_records.extend(collected.records)
                    summary.failures.extend(collected.failures)
                    summary.pages_fetched += sum(1 for r in collected.records if r.status and r.status != 304)
                    summary.pages_unchanged += collected.unchanged  # failed fetches are not unchanged
                    summary.pages_failed += len(collected.failures)
                    stats = parse_pages_stage(collected.pages, publisher, staging, batches_used, batch_size,
                                              version, f"parse {spec}")
                    batches_used += (len(collected.pages) + batch_size - 1) // batch_size
                    summary.take(stats)
            again = copies_to_read_again(db, staging, gone)
            if again:  # other copies of the releases this run touches: read with them (not counted as read)
                stats = parse_extract_stage(again, staging, batch_size, {}, version, options["workers"],
                                            first_batch=batches_used)
                if stats.cancelled:
                    raise RunCancelled("stopped during parse + extract")
                summary.failures.extend(stats.failures)
                summary.notes.append(f"{stats.documents} documents read again: they hold other copies of "
                                     f"releases this run changed")
            for source, reason in summary.failures:  # the summary shows them; info for served runs' logs
                logger.info("skipped %s: %s", source, reason)
            for line in summary.notes:
                logger.warning("%s", line)
            # kept documents count through summary.documents_resumed; files gone from a folder are a change too
            summary.status = outcome(summary, removed_documents=len(gone))
            summary.finished_at = now_utc()
            cancel.raise_if_requested()
            point("before-load")
            loaded = load(db, staging, summary.as_run_row(), fetch_records, gone)
            if isinstance(loaded, WarehouseLocked):
                keep_blocked(summary, loaded, db, staging, version, fetch_records)
                return False
            if loaded is None:
                raise RunCancelled("stopped during the load")
            take_load(summary, loaded)
            return bool(summary.documents_read or summary.documents_resumed or gone or again
                        or any(summary.rows_inserted.values()))
    except RunCancelled:
        record_cancelled(summary, db)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded in ingest_runs and the summary
        record_failure(summary, exc, db, logger)
    finally:
        head_start.discard()  # a head start not adopted by now never will be: its workers and parts go
    return False


def keep_blocked(summary: RunSummary, exc: WarehouseLocked, db: str, staging: str, version: str,
                 fetch_records: list) -> None:
    """The load could not start (another process holds the file): keep the staged parts beside the
    warehouse for the next run, leave the run's row there for the next writer, fail in one line."""
    if fetch_records:
        stage_tables(Path(staging), 999_999, {"fetches": fetches_table(fetch_records)})
    kept = keep_staged(db, staging, summary.run_id, version)
    summary.status = "failed"
    summary.error = (f"{str(exc).splitlines()[0]}; this run's {len(kept.documents)} documents are kept in "
                     f"{kept.folder} for the next run (it loads them while their files are unchanged, "
                     f"else reads them again)")
    summary.finished_at = now_utc()
    save_run_row(db, summary.as_run_row())


def take_load(summary: RunSummary, loaded: LoadResult) -> None:
    """Copy what the load did into the summary; quarantined rows make an `ok` run `partial`."""
    summary.rows_before, summary.rows_after = loaded.before, loaded.after
    summary.checks = loaded.checks
    summary.quarantined = loaded.quarantined
    summary.warned = loaded.warned
    if loaded.quarantined and summary.status == "ok":
        summary.status = "partial"


def record_cancelled(summary: RunSummary, db: str) -> None:
    """Mark the run cancelled (SIGTERM, Ctrl-C) and record it; nothing of it was loaded. Logs nothing:
    the command prints the one line."""
    summary.signal = cancel.signal_number()
    name = signal.Signals(summary.signal).name if summary.signal else "a signal"
    summary.status = "cancelled"
    summary.error = f"stopped by {name}; nothing of this run was loaded"
    summary.finished_at = now_utc()
    record_or_keep(db, summary.as_run_row(), lock_wait=2.0)


def record_failure(summary: RunSummary, exc: Exception, db: str, logger) -> None:
    """Mark the run failed with the error's first line, log it, and record it in `ingest_runs`."""
    summary.status = "failed"
    summary.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    summary.finished_at = now_utc()
    logger.error("%s failed: %s", summary.source, summary.error)
    record_or_keep(db, summary.as_run_row(), logger=logger)


def record_or_keep(db: str, row: dict, lock_wait: float | None = None, logger=None) -> None:
    """Write a run's `ingest_runs` row; when the file is held, leave it beside the warehouse for the
    next writer (load/pending.py) instead of losing it."""
    try:  # a stop during the wait for readers leaves the row beside the warehouse at once
        record_run(db, row, lock_wait=lock_wait, on_wait=lambda _holder: cancel.raise_if_requested())
    except (WarehouseLocked, RunCancelled):
        save_run_row(db, row)
    except Exception as record_exc:  # noqa: BLE001 - e.g. a broken file; the error is kept in the summary
        if logger is not None:
            logger.error("could not record the run in %s: %s", Path(db), record_exc)


def publish_artifact(summary: RunSummary, line_for: str | None = None) -> None:
    """Attach the run summary to the flow run as a markdown artifact (key `ingest-summary`); with
    `line_for` (the warehouse path), also print its one line on stdout, named by the deployment."""
    from prefect.artifacts import create_markdown_artifact
    from prefect.runtime import deployment

    create_markdown_artifact(markdown=summary_markdown(summary), key="ingest-summary",
                             description=f"pressroom ingest {summary.status}")
    if line_for is not None:
        label = deployment.name or "ingest"
        print(summary_line(summary, label, str(Path(line_for).resolve())), flush=True)


class NothingToReparse(RuntimeError):
    """The archive folder is missing, empty, or its index is lost with nothing to rebuild it from."""


def archived_pages(db: str, archive: str, logger) -> tuple[list, list[tuple[str, str]]]:
    """The pages reparse reads, and (url, reason) for each bad object; raises NothingToReparse.

    A lost index.jsonl is rebuilt from the warehouse's `fetches` table (URL and sha256) and written
    back; without it the objects cannot be matched to URLs and reparse fails clearly.
    """
    from extract.archive import RawArchive, records_from_fetches
    from load.fetch_log import archived_fetches

    root = Path(archive)
    if not root.is_dir():
        raise NothingToReparse(f"reparse: no archive folder {root} (live runs write it; local files are "
                               f"never archived)")
    store = RawArchive(root)
    objects = store.object_count()
    records = None
    if not store.index_path.is_file():
        if not objects:
            raise NothingToReparse(f"reparse: nothing archived in {root} (local files are never archived; "
                                   f"only pages fetched from live sources are)")
        records = records_from_fetches(archived_fetches(db))
        if not records:
            raise NothingToReparse(f"reparse: {store.index_path} is missing and {db} has no fetches to rebuild "
                                   f"it from; the {objects} objects in {root} cannot be matched to URLs")
        for record in records:
            store.record(record)
        logger.warning("reparse: %s was missing; rebuilt %d entries from the fetches table of %s",
                       store.index_path, len(records), db)
    pages, bad = store.read_pages(records)
    for warning in store.warnings:  # an index line it could not use: named, the rest is read
        logger.warning("reparse: %s", warning)
    if not pages and not bad:
        raise NothingToReparse(f"reparse: nothing archived in {root} (local files are never archived; "
                               f"only pages fetched from live sources are)")
    return pages, bad


@plain_flow(name="reparse", log_prints=False)
def reparse(db: str = "warehouse.duckdb", archive: str = "archive", batch_size: int = BATCH_SIZE) -> dict:
    """Rebuild the warehouse from the raw archive with no network: every archived page parsed again.

    reparse("warehouse.duckdb", "archive") after a parser fix re-extracts everything fetched so far.
    A missing or corrupt object fails only its page (named by URL; the reparse ends `partial`); a
    missing archive, an empty one, or a lost index that cannot be rebuilt fails the reparse clearly.
    """
    logger = get_run_logger()
    summary = RunSummary(run_id=str(uuid.uuid4()), source=f"reparse {archive}", started_at=now_utc())
    try:
        with beating(), run_lock(db), cancel.stop_on_signals():
            try:
                prepare(db)
                pages, bad = archived_pages(db, archive, logger)
                summary.failures.extend(bad)
                for url, reason in bad:
                    logger.warning("reparse skipped %s: %s", url, reason)
                with staging_folder() as staging:
                    stats = parse_pages_stage(pages, None, staging, 0, batch_size, code_version(), "reparse")
                    if stats.cancelled:
                        raise RunCancelled("stopped during reparse")
                    summary.take(stats)
                    if not summary.documents_read:
                        raise NothingToReparse(f"reparse read 0 documents from {archive}: every one of the "
                                               f"{len(summary.failures)} archived pages failed")
                    summary.status = "ok" if not summary.failures else "partial"
                    summary.finished_at = now_utc()
                    loaded = load(db, staging, summary.as_run_row())
                if isinstance(loaded, WarehouseLocked):
                    raise loaded
                if loaded is None:
                    raise RunCancelled("stopped during the load")
                take_load(summary, loaded)
            except RunCancelled:
                record_cancelled(summary, db)
            except Exception as exc:  # noqa: BLE001 - recorded like any failed run
                record_failure(summary, exc, db, logger)
    except RunLocked as exc:
        summary.status, summary.error, summary.finished_at = "refused", str(exc), now_utc()
    publish_artifact(summary)
    return summary.to_dict()
