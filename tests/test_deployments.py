"""The scheduled deployments: `pressroom serve`'s and prefect.yaml's agree with the configuration."""

from __future__ import annotations

from pathlib import Path

import yaml

from flows.deployments import deployments
from pressroom.config import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent


def test_served_deployments_follow_the_configured_crons() -> None:
    settings = load_settings(REPO / "pressroom.toml", env={})
    served = {d.name: d for d in deployments(settings)}
    assert set(served) == {"discovery", "backfill"}
    discovery, backfill = served["discovery"], served["backfill"]
    assert discovery.schedules[0].schedule.cron == settings.schedule.discovery_cron == "0 * * * *"
    assert backfill.schedules[0].schedule.cron == settings.schedule.backfill_cron
    assert discovery.schedules[0].schedule.timezone == "Europe/Oslo"
    assert discovery.parameters["max_pages"] == 1
    assert backfill.parameters["max_pages"] == settings.schedule.backfill_max_pages
    assert discovery.parameters["sources"] == ["ntb:15032900", "ks.no"]
    assert discovery.parameters["politeness"]["delay_seconds"] == settings.politeness.delay_seconds


def test_interval_replaces_the_crons_for_trying_it_out() -> None:
    served = deployments(Settings(), sources=["ntb:15032900"], interval=5)
    for deployment in served:
        assert deployment.schedules[0].schedule.interval.total_seconds() == 5
        assert deployment.parameters["sources"] == ["ntb:15032900"]


def test_prefect_yaml_matches_the_served_deployments() -> None:
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    served = {d.name: d for d in deployments(Settings())}
    for entry in spec["deployments"]:
        mine = served[entry["name"]]
        assert entry["entrypoint"] == "flows/ingest.py:ingest"
        assert entry["schedules"][0]["cron"] == mine.schedules[0].schedule.cron
        assert entry["schedules"][0]["timezone"] == mine.schedules[0].schedule.timezone
        assert entry["parameters"]["max_pages"] == mine.parameters["max_pages"]
        assert entry["parameters"]["sources"] == mine.parameters["sources"]
