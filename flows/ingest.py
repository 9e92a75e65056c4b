"""The `ingest` Prefect flow: read sources -> parse + extract (in batches) -> normalise -> load.

Thin by design: each task wraps a plain function from extract/, transform/ or load/. Tasks work on
batches of documents, never one task per paragraph, so Prefect's per-task overhead stays small.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extract.files import LocalInput, bundled_samples, expand, read_files
from load.lock import RunLocked, run_lock
from load.warehouse import COUNTED_TABLES, LoadResult, load_tables, now_utc, record_run
from transform.batch import BatchResult, extract_batch
from transform.normalise import tables_for

BATCH_SIZE = 500


@dataclass
class RunSummary:
    """What one ingest run did; printed by the CLI and stored as an `ingest_runs` row."""

    run_id: str
    source: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "running"
    documents_read: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)
    checks: list[tuple[str, int]] = field(default_factory=list)
    error: str | None = None

    @property
    def rows_inserted(self) -> dict[str, int]:
        return {t: self.rows_after.get(t, 0) - self.rows_before.get(t, 0) for t in self.rows_after}

    def as_run_row(self) -> dict:
        """The `ingest_runs` row of this summary."""
        return {
            "run_id": self.run_id, "started_at": self.started_at, "finished_at": self.finished_at,
            "source": self.source, "status": self.status, "documents_read": self.documents_read,
            "documents_failed": len(self.failures), "failures": json.dumps(self.failures, ensure_ascii=False),
            "summary": json.dumps({"checks": self.checks, "error": self.error}, ensure_ascii=False),
            **{f"rows_{t}": self.rows_inserted.get(t) for t in COUNTED_TABLES},
        }

    def to_dict(self) -> dict:
        data = asdict(self)
        data["rows_inserted"] = self.rows_inserted
        return data


@task(name="read-files", cache_policy=NO_CACHE, persist_result=False)
def read_inputs(sources: Sequence[str]) -> tuple[list[LocalInput], list[tuple[str, str]]]:
    """Read every file the sources name; unreadable ones become (input, reason) failures."""
    paths, failures = expand(sources)
    inputs: list[LocalInput] = []
    for item in read_files(paths):
        if isinstance(item, Exception):
            failures.append((str(item).split(":", 1)[0], str(item)))
        else:
            inputs.append(item)
    return inputs, failures


@task(name="parse-extract", cache_policy=NO_CACHE, persist_result=False)
def parse_extract(batch: list[LocalInput]) -> BatchResult:
    """Parse one batch of inputs into documents and run every extractor over them."""
    return extract_batch(batch)


@task(name="load-warehouse", cache_policy=NO_CACHE, persist_result=False)
def load(db: str, results: list, run: dict) -> LoadResult:
    """Normalise all extractions into tables and upsert them in one transaction."""
    return load_tables(db, tables_for(results), run=run)


def split_sources(sources: Sequence[str] | None) -> list[str]:
    """The local sources to read; none given means the bundled sample corpus."""
    if not sources:
        return [str(bundled_samples())]
    return [str(s) for s in sources]


@flow(name="ingest", log_prints=False)
def ingest(sources: list[str] | None = None, db: str = "warehouse.duckdb",
           batch_size: int = BATCH_SIZE) -> dict:
    """Ingest files or directories into the warehouse; returns the run summary as a dict.

    ingest(["data/samples"], "warehouse.duckdb") reads the five samples and loads them.
    """
    logger = get_run_logger()
    sources = split_sources(sources)
    summary = RunSummary(run_id=str(uuid.uuid4()), source=", ".join(sources), started_at=now_utc())
    try:
        with run_lock(db):
            _run(summary, sources, db, batch_size, logger)
    except RunLocked as exc:
        summary.status = "refused"
        summary.error = str(exc)
        summary.finished_at = now_utc()
        logger.error("%s", exc)
    publish_artifact(summary)
    return summary.to_dict()


def _run(summary: RunSummary, sources: list[str], db: str, batch_size: int, logger) -> None:
    try:
        inputs, failures = read_inputs(sources)
        summary.failures.extend(failures)
        results: list = []
        for start in range(0, len(inputs), batch_size):
            batch = parse_extract(inputs[start:start + batch_size])
            results.extend(batch.results)
            summary.failures.extend(batch.failures)
        summary.documents_read = len(results)
        for source, reason in summary.failures:
            logger.warning("skipped %s: %s", source, reason)
        summary.status = "ok" if not summary.failures else "partial"
        summary.finished_at = now_utc()
        loaded = load(db, results, summary.as_run_row())
        summary.rows_before, summary.rows_after, summary.checks = loaded.before, loaded.after, loaded.checks
    except Exception as exc:  # noqa: BLE001 - any failure is recorded in ingest_runs and the summary
        summary.status = "failed"
        summary.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        summary.finished_at = now_utc()
        logger.error("run failed: %s", summary.error)
        try:
            record_run(db, summary.as_run_row())
        except Exception as record_exc:  # noqa: BLE001 - e.g. the warehouse is locked; the error is kept
            logger.error("could not record the failed run in %s: %s", Path(db), record_exc)


def summary_markdown(summary: RunSummary) -> str:
    """The run summary as a markdown table (the Prefect artifact and the README show this shape)."""
    lines = [
        f"**ingest {summary.status}** — {summary.documents_read} documents from `{summary.source}`",
        "",
        "| table | rows | new this run |",
        "|---|---:|---:|",
    ]
    lines += [f"| {t} | {n} | {summary.rows_inserted.get(t, 0)} |" for t, n in summary.rows_after.items()]
    if summary.checks:
        lines += ["", "| check | violations |", "|---|---:|"]
        lines += [f"| {name} | {n} |" for name, n in summary.checks]
    if summary.failures:
        lines += ["", "| failed input | reason |", "|---|---|"]
        lines += [f"| {src} | {reason.replace('|', '/')} |" for src, reason in summary.failures]
    if summary.error:
        lines += ["", f"error: {summary.error}"]
    return "\n".join(lines)


def publish_artifact(summary: RunSummary) -> None:
    """Attach the run summary to the flow run as a markdown artifact (key `ingest-summary`)."""
    from prefect.artifacts import create_markdown_artifact

    create_markdown_artifact(markdown=summary_markdown(summary), key="ingest-summary",
                             description=f"pressroom ingest {summary.status}")
