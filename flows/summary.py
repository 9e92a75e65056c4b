"""The run summary: what one ingest run did, as an `ingest_runs` row, a markdown table and a dict."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime

from flows.batches import NAMED
from load.warehouse import COUNTED_TABLES, now_utc, record_run


@dataclass
class RunSummary:
    """What one ingest run did; printed by the CLI and stored as an `ingest_runs` row."""

    run_id: str
    source: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "running"
    documents_read: int = 0
    documents_unchanged: int = 0
    documents_resumed: int = 0  # loaded from the kept parts of an earlier run whose load was blocked
    pages_fetched: int = 0
    pages_unchanged: int = 0
    pages_failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)
    checks: list[tuple[str, int]] = field(default_factory=list)
    # rows held in `quarantine`, per check: {"accepted_values": {"rows": 1, "example": "amounts …: …"}}
    quarantined: dict[str, dict] = field(default_factory=dict)
    # rows loaded as they are but reported by a warn check, same shape: {"releases_not_in_future": {…}}
    warned: dict[str, dict] = field(default_factory=dict)
    # (input, warning): what was read but not taken at face value (a date in the future, an impossible one)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None
    signal: int | None = None  # the signal that cancelled the run (SIGTERM 15, SIGINT 2)
    ignored: list[str] = field(default_factory=list)  # files in named folders with unreadable suffixes
    documents_without_release: dict[str, int] = field(default_factory=dict)  # why -> documents
    documents_without_release_named: dict[str, list[str]] = field(default_factory=dict)  # why -> first few
    examples: dict[str, list] = field(default_factory=dict)  # a few quotes and amounts of this run
    # lines about the run's own bookkeeping: kept parts set aside, documents gone or read again
    notes: list[str] = field(default_factory=list)

    def take(self, stats) -> None:
        """Add what a parse stage did (flows.batches.BatchStats) to this summary."""
        self.documents_read += stats.documents
        self.documents_unchanged += stats.unchanged
        self.failures.extend(stats.failures)
        self.warnings.extend(stats.warnings)
        for why, n in stats.without_release.items():
            self.documents_without_release[why] = self.documents_without_release.get(why, 0) + n
        for why, names in stats.without_release_named.items():
            known = self.documents_without_release_named.setdefault(why, [])
            known += names[:max(0, NAMED - len(known))]
        for kind, found in stats.examples.items():
            self.examples[kind] = (self.examples.get(kind, []) + found)[:3]

    @property
    def rows_inserted(self) -> dict[str, int]:
        return {t: self.rows_after.get(t, 0) - self.rows_before.get(t, 0) for t in self.rows_after}

    def as_run_row(self) -> dict:
        """The `ingest_runs` row of this summary."""
        return {
            "run_id": self.run_id, "started_at": self.started_at, "finished_at": self.finished_at,
            "source": self.source, "status": self.status, "documents_read": self.documents_read,
            "pages_fetched": self.pages_fetched, "pages_unchanged": self.pages_unchanged,
            "pages_failed": self.pages_failed,
            "documents_failed": len(self.failures), "documents_unchanged": self.documents_unchanged,
            "failures": json.dumps(self.failures, ensure_ascii=False),
            "summary": json.dumps({"checks": self.checks, "quarantined": self.quarantined, "warned": self.warned,
                                   "warnings": [w for _, w in self.warnings][:100], "error": self.error,
                                   "documents_resumed": self.documents_resumed, "notes": self.notes},
                                  ensure_ascii=False),
            "rows_quarantined": sum(v["rows"] for v in self.quarantined.values()),
            **{f"rows_{t}": self.rows_inserted.get(t) for t in COUNTED_TABLES},
        }

    def to_dict(self) -> dict:
        data = asdict(self)
        data["rows_inserted"] = self.rows_inserted
        return data


def outcome(summary: RunSummary, removed_documents: int = 0) -> str:
    """The status of a finished run from what it did: "ok", "unchanged", "partial" or "failed".

    The one place a run's status is decided, whoever started the run (`pressroom run`, a scheduled
    run under `pressroom serve`, the answer without Prefect when nothing changed). failed: there were
    failures and nothing was read, fetched or found unchanged (every input failed); partial: some
    inputs failed, the rest was read; unchanged: no failures, nothing read or fetched, every input
    found as loaded before; ok: no failures and something read or fetched, kept documents of an earlier
    blocked run loaded (`summary.documents_resumed`), or `removed_documents` gone from their folder.
    """
    if summary.failures:
        anything = (summary.documents_read or summary.documents_unchanged or summary.pages_fetched
                    or summary.pages_unchanged)
        return "partial" if anything else "failed"
    if not (summary.documents_read or summary.pages_fetched or summary.documents_resumed or removed_documents) and (
            summary.documents_unchanged or summary.pages_unchanged):
        return "unchanged"
    return "ok"


def summary_line(summary: RunSummary, label: str, db: str) -> str:
    """One line for a scheduled run's log: what `pressroom serve` prints per run.

    summary_line(s, "discovery", "/data/w.duckdb") -> "discovery ok: 5 documents read, 0 unchanged;
    new rows: releases +22, quotes +14, amounts +9; into /data/w.duckdb" (the artifact has the rest).
    """
    parts = [f"{summary.documents_read} documents read, {summary.documents_unchanged} unchanged"]
    if summary.pages_fetched or summary.pages_unchanged or summary.pages_failed:
        parts[0] += (f", {summary.pages_fetched} pages fetched, {summary.pages_unchanged} unchanged, "
                     f"{summary.pages_failed} failed")
    if summary.failures:
        parts.append(f"{len(summary.failures)} inputs failed (first: {summary.failures[0][0]})")
    added = {t: n for t, n in summary.rows_inserted.items() if n and t in ("releases", "quotes", "amounts")}
    if added:
        parts.append("new rows: " + ", ".join(f"{t} {n:+d}" for t, n in added.items()))
    held = sum(v["rows"] for v in summary.quarantined.values())
    if held:
        parts.append(f"{held} rows quarantined")
    if summary.warnings or summary.warned:
        parts.append(f"{len(summary.warnings) + sum(v['rows'] for v in summary.warned.values())} warnings")
    if summary.error:
        parts.append(f"error: {summary.error}")
    return f"{label} {summary.status}: " + "; ".join(parts) + f"; into {db}"


def summary_markdown(summary: RunSummary) -> str:
    """The run summary as a markdown table (the Prefect artifact and the README show this shape)."""
    lines = [
        f"**ingest {summary.status}** — {summary.documents_read} documents read, "
        f"{summary.documents_unchanged} unchanged, from `{summary.source}`",
        "",
        "| table | rows | new this run |",
        "|---|---:|---:|",
    ]
    lines += [f"| {t} | {n} | {summary.rows_inserted.get(t, 0)} |" for t, n in summary.rows_after.items()]
    if summary.checks:
        lines += ["", "| check | violations |", "|---|---:|"]
        lines += [f"| {name} | {n}{' (warning: loaded)' if name in summary.warned else ''} |"
                  for name, n in summary.checks]
    if summary.warned:
        lines += ["", "| warned by check (rows loaded) | rows | example |", "|---|---:|---|"]
        lines += [f"| {name} | {v['rows']} | {v['example'].replace('|', '/')} |"
                  for name, v in summary.warned.items()]
    if summary.warnings:
        lines += ["", "| warning | input |", "|---|---|"]
        lines += [f"| {w.replace('|', '/')} | {src} |" for src, w in summary.warnings]
    if summary.quarantined:
        lines += ["", "| quarantined by check | rows | example |", "|---|---:|---|"]
        lines += [f"| {name} | {v['rows']} | {v['example'].replace('|', '/')} |"
                  for name, v in summary.quarantined.items()]
    if summary.documents_without_release:
        lines += ["", "documents without a release: " + without_release_text(
            summary.documents_without_release, summary.documents_without_release_named)]
    if summary.ignored:
        lines += ["", "ignored (not .txt, .md, .html or .json): " + ", ".join(summary.ignored)]
    if summary.failures:
        lines += ["", "| failed input | reason |", "|---|---|"]
        lines += [f"| {src} | {reason.replace('|', '/')} |" for src, reason in summary.failures]
    if summary.notes:
        lines += ["", *(f"- {note}" for note in summary.notes)]
    if summary.error:
        lines += ["", f"error: {summary.error}"]
    return "\n".join(lines)


def without_release_text(counts: dict[str, int], named: dict[str, list[str]]) -> str:
    """'1 unknown layout (/data/inbox/notes.txt)' or '7 too short (a.txt, b.txt, … and 2 more), 1 no prose (c.txt)':
    per reason, most first, the documents by path or URL."""
    parts = []
    for why, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        names = named.get(why, [])
        shown = ", ".join(names) + (f" and {n - len(names)} more" if names and n > len(names) else "")
        parts.append(f"{n} {why}" + (f" ({shown})" if shown else ""))
    return ", ".join(parts)


def record_unchanged_run(db: str, source: str, documents: int) -> None:
    """Record a run that found every input already loaded unchanged (answered without Prefect)."""
    from load.lock import run_lock

    started = now_utc()
    summary = RunSummary(run_id=str(uuid.uuid4()), source=source, started_at=started, finished_at=now_utc(),
                         documents_unchanged=documents)
    summary.status = outcome(summary)  # "unchanged", as a flow run that read nothing new records it
    with run_lock(db):
        record_run(db, summary.as_run_row())


def record_cancelled_start(db: str, source: str, started_at: datetime, signum: int) -> None:
    """Record a run stopped (SIGTERM, Ctrl-C) before its flow started (answered without Prefect).

    Written into `ingest_runs` when the warehouse can be opened within 2 s, else left beside it in
    `<db>.pending/<run_id>/run.json` for the next writer (a reader holds the file, another run holds
    the run lock).
    """
    import signal

    from load.lock import RunLocked, run_lock
    from load.pending import save_run_row
    from load.warehouse import WarehouseLocked

    summary = RunSummary(run_id=str(uuid.uuid4()), source=source, started_at=started_at, finished_at=now_utc(),
                         status="cancelled", signal=signum,
                         error=f"stopped by {signal.Signals(signum).name} before the run started; "
                               "nothing of this run was loaded")
    row = summary.as_run_row()
    try:
        with run_lock(db):
            record_run(db, row, lock_wait=2.0)
    except (RunLocked, WarehouseLocked):
        save_run_row(db, row)
