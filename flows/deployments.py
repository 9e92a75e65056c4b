"""Scheduled deployments of the `ingest` flow: hourly discovery (RSS) and nightly backfill."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from prefect.schedules import Cron, Interval

from flows.ingest import ingest
from pressroom.config import Settings

DEFAULT_LIVE_SOURCES = ("ntb:15032900", "ks.no")


def deployments(settings: Settings, *, sources: list[str] | None = None, interval: float | None = None) -> list:
    """The runner deployments `pressroom serve` serves.

    discovery: every source, newest list page only (RSS first), on `schedule.discovery_cron`;
    backfill: the same sources walking up to `schedule.backfill_max_pages` list pages, on
    `schedule.backfill_cron`. `interval` (seconds) replaces both crons, for trying it out.
    """
    sources = list(sources or settings.default_sources or DEFAULT_LIVE_SOURCES)
    common = {"sources": sources, "db": str(settings.warehouse), "archive": str(settings.archive),
              "sources_file": str(settings.sources_file), "batch_size": settings.batch_size,
              "politeness": asdict(settings.politeness)}
    tz = settings.schedule.timezone

    def schedule(cron: str):
        if interval:
            return Interval(timedelta(seconds=interval))
        return Cron(cron, timezone=tz)

    return [
        ingest.to_deployment(
            name="discovery", schedules=[schedule(settings.schedule.discovery_cron)],
            parameters={**common, "max_pages": 1}, tags=["pressroom", "discovery"],
            description="What is new: RSS and the first list page of every source.",
        ),
        ingest.to_deployment(
            name="backfill", schedules=[schedule(settings.schedule.backfill_cron)],
            parameters={**common, "max_pages": settings.schedule.backfill_max_pages},
            tags=["pressroom", "backfill"],
            description="Backfill: walk the JSON list pages of every source.",
        ),
    ]
