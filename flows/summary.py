"""The run summary: what one ingest run did, as an `ingest_runs` row, a markdown table and a dict."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime

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
    error: str | None = None
    signal: int | None = None  # the signal that cancelled the run (SIGTERM 15, SIGINT 2)
    ignored: list[str] = field(default_factory=list)  # files in named folders with unreadable suffixes
    documents_without_release: dict[str, int] = field(default_factory=dict)  # why -> documents
    examples: dict[str, list] = field(default_factory=dict)  # a few quotes and amounts of this run
    # lines about the run's own bookkeeping: kept parts set aside, documents gone or read again
    notes: list[str] = field(default_factory=list)

    def take(self, stats) -> None:
        """Add what a parse stage did (flows.batches.BatchStats) to this summary."""
        self.documents_read += stats.documents
        self.documents_unchanged += stats.unchanged
        self.failures.extend(stats.failures)
        for why, n in stats.without_release.items():
            self.documents_without_release[why] = self.documents_without_release.get(why, 0) + n
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
            "summary": json.dumps({"checks": self.checks, "quarantined": self.quarantined, "error": self.error,
                                   "documents_resumed": self.documents_resumed, "notes": self.notes},
                                  ensure_ascii=False),
            "rows_quarantined": sum(v["rows"] for v in self.quarantined.values()),
            **{f"rows_{t}": self.rows_inserted.get(t) for t in COUNTED_TABLES},
        }

    def to_dict(self) -> dict:
        data = asdict(self)
        data["rows_inserted"] = self.rows_inserted
        return data


def outcome(summary: RunSummary) -> str:
    """The status of a finished run from what it did: "ok", "partial" or "failed".

    failed: there were failures and nothing was read, fetched or found unchanged (every input
    failed); partial: some inputs failed, the rest was read; ok: no failures.
    """
    if not summary.failures:
        return "ok"
    anything = (summary.documents_read or summary.documents_unchanged or summary.pages_fetched
                or summary.pages_unchanged)
    return "partial" if anything else "failed"


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
        lines += [f"| {name} | {n} |" for name, n in summary.checks]
    if summary.quarantined:
        lines += ["", "| quarantined by check | rows | example |", "|---|---:|---|"]
        lines += [f"| {name} | {v['rows']} | {v['example'].replace('|', '/')} |"
                  for name, v in summary.quarantined.items()]
    if summary.documents_without_release:
        lines += ["", "documents without a release: " + ", ".join(
            f"{n} {why}" for why, n in summary.documents_without_release.items())]
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


def record_unchanged_run(db: str, source: str, documents: int) -> None:
    """Record a run that found every input already loaded unchanged (answered without Prefect)."""
    from load.lock import run_lock

    started = now_utc()
    summary = RunSummary(run_id=str(uuid.uuid4()), source=source, started_at=started, finished_at=now_utc(),
                         status="unchanged", documents_unchanged=documents)
    with run_lock(db):
        record_run(db, summary.as_run_row())
