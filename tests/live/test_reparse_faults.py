"""Reparse survives a bad archive object: a corrupt (flipped byte) or truncated object fails only its page,
named by URL, and the reparse ends `partial`; a lost index is rebuilt from the `fetches` table or the
reparse fails clearly; a missing or empty archive fails, never "ok: 0 documents" (real Prefect runs)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from live_site import FAST, nordic_sources_toml, serve_ntb

from extract.archive import RawArchive
from load.warehouse import connect

pytestmark = pytest.mark.usefixtures("prefect_harness")


def count(db: Path, table: str) -> int:
    with connect(db, read_only=True) as con:
        return con.execute(f"select count(*) from {table}").fetchall()[0][0]


def test_reparse_skips_bad_objects_rebuilds_a_lost_index_and_refuses_an_empty_archive(site, tmp_path: Path) -> None:
    from flows.ingest import ingest, reparse

    serve_ntb(site)
    db, archive = tmp_path / "w.duckdb", tmp_path / "archive"
    first = ingest(sources=["ks-test"], db=str(db), archive=str(archive), politeness=asdict(FAST),
                   sources_file=str(nordic_sources_toml(site.base, tmp_path / "sources.toml")))
    assert first["status"] == "ok", first["failures"]
    full = reparse(db=str(tmp_path / "full.duckdb"), archive=str(archive))
    assert full["status"] == "ok" and full["documents_read"] >= 6
    releases = count(tmp_path / "full.duckdb", "releases")

    store = RawArchive(archive)
    index = [json.loads(line) for line in store.index_path.read_text(encoding="utf-8").splitlines()]
    details = [r for r in index if r["kind"] == "ntb_release_json" and r["sha256"]]
    flipped, truncated = details[0], details[1]
    obj = store.path_for(flipped["sha256"])
    data = bytearray(obj.read_bytes())
    data[len(data) // 2] ^= 0xFF
    obj.write_bytes(bytes(data))
    obj = store.path_for(truncated["sha256"])
    obj.write_bytes(obj.read_bytes()[: len(obj.read_bytes()) // 2])

    bad = reparse(db=str(tmp_path / "bad.duckdb"), archive=str(archive))
    assert bad["status"] == "partial", bad
    assert bad["documents_read"] == full["documents_read"] - 2
    failed = dict(bad["failures"])
    assert set(failed) == {flipped["url"], truncated["url"]}
    assert all(url in reason for url, reason in failed.items())
    assert count(tmp_path / "bad.duckdb", "releases") >= releases - 2 > 0
    with connect(tmp_path / "bad.duckdb", read_only=True) as con:
        assert con.execute("select status from ingest_runs").fetchall() == [("partial",)]

    store.index_path.unlink()  # lost index: rebuilt from the warehouse's fetches table
    rebuilt = reparse(db=str(db), archive=str(archive))
    assert rebuilt["status"] == "partial" and rebuilt["documents_read"] == bad["documents_read"], rebuilt
    assert store.index_path.is_file()

    store.index_path.unlink()  # lost index and a warehouse without fetches: a clear failure
    lost = reparse(db=str(tmp_path / "fresh.duckdb"), archive=str(archive))
    assert lost["status"] == "failed" and "index.jsonl is missing" in lost["error"], lost
    assert "cannot be matched to URLs" in lost["error"]

    missing = reparse(db=str(db), archive=str(tmp_path / "nowhere"))
    assert missing["status"] == "failed" and "no archive folder" in missing["error"], missing
    (tmp_path / "empty").mkdir()
    empty = reparse(db=str(db), archive=str(tmp_path / "empty"))
    assert empty["status"] == "failed" and "nothing archived" in empty["error"], empty
