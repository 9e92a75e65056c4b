"""The scheduled deployments: `pressroom serve`'s and prefect.yaml's agree with the configuration."""

from __future__ import annotations

from pathlib import Path

import yaml

from flows.deployments import deployments as flow_deployments
from pressroom.cli import flow_parameters
from pressroom.config import Publish, Settings, load_settings

REPO = Path(__file__).resolve().parent.parent


def deployments(settings: Settings, **options) -> list:
    """The deployments `pressroom serve` builds from these settings (the CLI passes values down)."""
    s = settings.schedule
    return flow_deployments(flow_parameters(settings), discovery_cron=s.discovery_cron,
                            backfill_cron=s.backfill_cron, timezone=s.timezone,
                            backfill_max_pages=s.backfill_max_pages, **options)


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
        assert entry["parameters"]["fail_when_refused"] is mine.parameters["fail_when_refused"]
        assert entry["parameters"]["lock_wait_seconds"] == mine.parameters["lock_wait_seconds"]
        assert entry["parameters"]["print_line"] is mine.parameters["print_line"] is True


def test_served_runs_queue_on_the_warehouse_and_publish_when_configured() -> None:
    settings = Settings(warehouse=Path("/data/ks.duckdb"), publish=Publish(export_dir="exports"))
    for deployment in deployments(settings):
        assert deployment.parameters["db"] == "/data/ks.duckdb"
        assert deployment.parameters["lock_wait_seconds"] > 0  # runs of one warehouse wait, not refuse
        assert deployment.parameters["fail_when_refused"] is True  # never COMPLETED when refused
        assert deployment.parameters["publish"] == {"export_dir": "exports", "export_format": "parquet",
                                                    "report_dir": ""}


def test_flows_do_not_import_the_command_line_package() -> None:
    import ast

    for path in sorted((REPO / "flows").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "pressroom" or n.startswith("pressroom.") for n in names), path.name
