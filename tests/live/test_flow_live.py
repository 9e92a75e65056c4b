"""The ingest and reparse flows against the local fixture press room (real Prefect runs)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from live_site import FAST, nordic_sources_toml, serve_nordic, serve_ntb

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
    spec = "ks-test"  # sources.toml points KS's NTB press room at the fixture server
    options = {"db": str(db), "archive": str(archive), "politeness": asdict(FAST),
               "sources_file": str(nordic_sources_toml(site.base, tmp_path / "sources.toml"))}

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


def test_via_tt_and_via_ritzau_press_rooms_load_swedish_and_danish_releases(site, tmp_path: Path) -> None:
    """SKR on Via TT and KL on Via Ritzau, their base URL pointed at the fixture server by sources.toml."""
    from flows.ingest import ingest

    serve_nordic(site)
    db = tmp_path / "w.duckdb"
    summary = ingest(sources=["skr-test", "kl-test"], db=str(db), archive=str(tmp_path / "archive"),
                     politeness=asdict(FAST), sources_file=str(nordic_sources_toml(site.base, tmp_path / "s.toml")))
    assert summary["status"] == "ok", summary["failures"]
    with connect(db, read_only=True) as con:
        releases = con.execute("select publisher, language, release_type, url from releases where has_full_text "
                               "order by url").fetchall()
        speakers = {r[0] for r in con.execute(
            "select p.full_name from quotes q join people p using (person_id)").fetchall()}
        currencies = dict(con.execute("select currency, count(*) from amounts group by all").fetchall())
        ranges = con.execute("select value, value_high from amounts where qualifier = 'range'").fetchall()
    assert sorted((p, lang, t) for p, lang, t, _ in releases) == [
        ("KL", "da", "Nyhed"), ("KL", "da", "Pressemeddelelse"),
        ("SKR", "sv", "Nyhet"), ("SKR", "sv", "Pressmeddelande")]
    assert all("/pressmeddelande/" in u or "/pressemeddelelse/" in u for *_, u in releases)
    assert {"Peter Danielsson", "Annika Wallenskog", "Martin Damm"} <= speakers
    assert currencies.get("SEK", 0) >= 1 and currencies.get("DKK", 0) >= 1
    assert (20e9, 30e9) in [(float(lo), float(hi)) for lo, hi in ranges]  # "cirka 20-30 miljarder kronor"


def test_a_blocked_live_run_is_fetched_again_and_never_claims_kept_pages(site, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 22, 4: a blocked live run fetched and parsed every page again on each retry, and the final
    run claimed "14 kept … not parsed again". Fetched pages in kept parts are set aside with a line and
    fetched again; the summary counts only what it loaded from kept parts (none)."""
    from invariant_machine import reader_holding

    from flows.ingest import ingest
    from load.warehouse import prepare

    monkeypatch.setenv("PRESSROOM_LOCK_WAIT_SECONDS", "0.5")
    serve_ntb(site)
    db, archive = tmp_path / "w.duckdb", tmp_path / "archive"
    options = {"db": str(db), "archive": str(archive), "politeness": asdict(FAST),
               "sources_file": str(nordic_sources_toml(site.base, tmp_path / "sources.toml"))}
    prepare(db)
    with reader_holding(db):
        blocked = ingest(sources=["ks-test"], **options)
    assert blocked["status"] == "failed" and blocked["documents_read"] >= 6
    retried = ingest(sources=["ks-test"], **options)
    assert retried["status"] == "ok", retried
    assert retried["documents_resumed"] == 0 and retried["documents_read"] == blocked["documents_read"]
    assert any("is a fetched page (fetched again)" in note for note in retried["notes"]), retried["notes"]
    with connect(db, read_only=True) as con:
        assert con.execute("select count(*) from releases where has_full_text").fetchone()[0] == 6
