"""Scheduled deployments of the `ingest` flow: hourly discovery (RSS) and nightly backfill.

Settings reach this module as plain values (the CLI reads pressroom.toml and passes them down), so
flows/ never imports the command-line package above it.
"""

from __future__ import annotations

from datetime import timedelta

from prefect.schedules import Cron, Interval

from flows.ingest import ingest

DEFAULT_LIVE_SOURCES = ("ntb:15032900", "ks.no")
# A scheduled run waits this long for another run of the same warehouse to finish (runs queue).
LOCK_WAIT_SECONDS = 6 * 3600.0


def deployments(parameters: dict, *, discovery_cron: str, backfill_cron: str, timezone: str,
                backfill_max_pages: int, sources: list[str] | None = None,
                interval: float | None = None) -> list:
    """The runner deployments `pressroom serve` serves.

    `parameters` are the ingest flow's common parameters (db, archive, sources_file, batch_size,
    politeness, publish). discovery: every source, newest list page only (RSS first), on
    `discovery_cron`; backfill: the same sources walking up to `backfill_max_pages` list pages, on
    `backfill_cron`. `interval` (seconds) replaces both crons, for trying it out. Runs of one
    warehouse are serialised: a run started while another holds the warehouse waits for it (up to
    LOCK_WAIT_SECONDS), and a run that still cannot start ends FAILED, never COMPLETED. Each run
    prints its one-line summary on stdout (`print_line`); the full one is its Prefect artifact.
    """
    sources = list(sources or DEFAULT_LIVE_SOURCES)
    common = {**parameters, "sources": sources, "lock_wait_seconds": LOCK_WAIT_SECONDS,
              "fail_when_refused": True, "print_line": True}

    def schedule(cron: str):
        if interval:
            return Interval(timedelta(seconds=interval))
        return Cron(cron, timezone=timezone)

    return [
        ingest.to_deployment(
            name="discovery", schedules=[schedule(discovery_cron)],
            parameters={**common, "max_pages": 1}, tags=["pressroom", "discovery"],
            description="What is new: RSS and the first list page of every source.",
        ),
        ingest.to_deployment(
            name="backfill", schedules=[schedule(backfill_cron)],
            parameters={**common, "max_pages": backfill_max_pages},
            tags=["pressroom", "backfill"],
            description="Backfill: walk the JSON list pages of every source.",
        ),
    ]
