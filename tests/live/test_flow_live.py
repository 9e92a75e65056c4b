"""The ingest and reparse flows against the local fixture press room (real Prefect runs)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from live_site import FAST, PID, serve_ntb

from load.warehouse import connect

pytestmark = pytest.mark.usefixtures("prefect_harness")


def rows(db: Path) -> dict[str, int]:
    with connect(db, read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("releases", "quotes", "amounts", "contacts", "fetches")}


def test_fixture_press_room_end_to_end_then_304s_then_reparse(site, tmp_path: Path) -> None:
    from flows.ingest import ingest, reparse

    serve_ntb(site)
    db, archive = tmp_path / "w.duckdb", tmp_path / "archive"
    spec = f"{site.base}/?publisherId={PID}"
    options = {"db": str(db), "archive": str(archive), "politeness": asdict(FAST)}

    first = ingest(sources=[spec], **options)
    assert first["status"] == "ok", first["failures"]
    assert first["pages_fetched"] >= 6
    with connect(db, read_only=True) as con:
        full = con.execute("select count(*) from releases where has_full_text").fetchone()[0]
        speakers = con.execute("select count(*) from quotes where person_id is not null").fetchone()[0]
        statuses = dict(con.execute("select status, count(*) from fetches group by all").fetchall())
    assert full == 6
    assert speakers >= 6
    assert statuses.get(200, 0) >= 6
    after_first = rows(db)
    assert after_first["amounts"] > 0 and after_first["contacts"] > 0

    second = ingest(sources=[spec], **options)
    assert second["status"] == "ok"
    assert second["documents_read"] == 0
    assert second["pages_unchanged"] >= 6
    assert set(second["rows_inserted"].values()) == {0}
    assert rows(db) == after_first

    rebuilt = tmp_path / "rebuilt.duckdb"
    again = reparse(db=str(rebuilt), archive=str(archive))
    assert again["status"] == "ok"
    rebuilt_rows = rows(rebuilt)
    assert {k: v for k, v in rebuilt_rows.items() if k != "fetches"} == \
        {k: v for k, v in after_first.items() if k != "fetches"}
