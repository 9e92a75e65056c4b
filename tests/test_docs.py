"""Documentation promises that can be checked by reading the files (issue 15, items 12 and 18)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["README.md", "docs/sources.md", "extract/ntb.py", "transform/readers/ntb_json.py"])
def test_no_pointer_outside_the_repository(path: str) -> None:
    assert "/work/" not in (REPO / path).read_text(encoding="utf-8")


def test_sources_doc_names_where_politeness_lives() -> None:
    text = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "`[politeness]` table of `pressroom.toml`" in text
    assert "The defaults live in the `[http]` table" not in text


def test_server_recipe_switches_telemetry_off_before_starting_the_server() -> None:
    block = README[README.index("Schedules need a Prefect server"):]
    block = block[:block.index("```", block.index("```sh") + 5)]
    assert block.index("PREFECT_SERVER_ANALYTICS_ENABLED=false") < block.index("prefect server start")
    assert "DO_NOT_TRACK=1" in block


def test_performance_figures_name_day_machine_and_command() -> None:
    section = README[README.index("## Performance"):README.index("## Reliability")]
    for paragraph in re.split(r"\n\n", section):
        if re.search(r"\d+ (text|HTML)? ?docs/s", paragraph):
            assert re.search(r"20\d\d-\d\d-\d\d", paragraph), paragraph
            assert "make bench" in paragraph and "2-core" in paragraph, paragraph


def test_readme_documents_every_exit_code() -> None:
    from pressroom.exitcodes import FAILED, OK, PARTIAL, REFUSED, USAGE

    table = README[README.index("**Exit codes**"):]
    for code in (OK, FAILED, USAGE, PARTIAL, REFUSED):
        assert f"\n| {code} |" in table
    assert "| 130 / 143 |" in table
