"""Migrations: applied in order once, committed files never edited, newer warehouses refused, the
first commit's warehouse declared too old, and the schema migrated before a run reads anything."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from load.migrations import WarehouseTooNew, WarehouseTooOld, known_migrations
from load.warehouse import connect, load_tables, prepare, read_known_documents

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "warehouses"

# sha256 of every committed migration. A committed migration is never edited (a warehouse that applied
# it never applies it again); a new migration adds its line here when it is committed.
COMMITTED = {
    "001_core_tables.sql": "eb324d4911b025dd6b575a65fde22149fed561414df5668dc6f202cbdc6d3ff0",
    "002_comments.sql": "7a69a655028c6534fd14918d1b2533742be38150d4d3497b2cf80bf517ffb82e",
    "003_fetches.sql": "8af0bd93646b4aed73d3335ce2fc779d8418a8ee2391947aea808680bb9cd472",
    "004_extractor_version.sql": "0ba579031c38a62ff74a5557cf5e8b09c27cb9e641d9e3318b5041248eaad225",
    "005_ingest_runs_pages.sql": "7a68a94f2fa681fcb7562f66ae4e8035570b68e3c54924e52a6094e3d2b8b0af",
    "006_release_identity.py": "aea5195e3eda4137d7e05a9a5c4c5fa086e6b305ac3ab75a0eb44069ed79987e",
    "007_local_document_paths.py": "0136bfb005d46d81adcafeab0b9d82762f666eab87dc55d02c925894fcbdd434",
    "008_untitled_release_repair.py": "ba641035dc805e99facec58dc32a5a7711c2e41ffcc2b6b0f0103ef09b3347f7",
    "010_releases_untitled.sql": "ecf08da43a7200be35b10b10833d7d51ef72f0a3408299ce69531b9b7dc5d4f1",
    "021_release_title_source.sql": "58aab0954255be886fb868c7d1b12904ebc265888e98ab23a3e9a1fd1b83fb3f",
    "022_release_body_identity.py": "179fd162095550b48209473a8394c8e73e3c3c10f7b47492a301c0bd20bfdbaa",
    "030_places.sql": "5761e33552619a585950ff471c1490de7b160f31eb1ccf5556a36eb4929bb568",
    "031_organisations.sql": "c8a610d58f30b395dbc6b05cc5b6f6b465dcdca6cbdffd28dc07ae827a4f98c7",
    "032_release_aside_implied_date.sql": "20ad1f156b85d9f159038972c970c498e73232de952d574d48647a8a21794cdd",
    "033_reference_digests.sql": "dc6e5110903766d5ba4134c0ac9474a256b9a1e3f81eb2c0ce1841b5bc980f96",
    "034_kept_copy_columns.sql": "dbf34d06705a430fcdb71a507b9c69009e887a68da7e986834a64cab1c0199ea",
}


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_committed_migrations_are_never_edited(name: str) -> None:
    data = (REPO / "sql" / "migrations" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == COMMITTED[name], (
        f"sql/migrations/{name} was edited after it was committed; put the change in a new migration")


def test_migration_numbers_are_unique_and_ordered() -> None:
    found = known_migrations()
    numbers = [m.number for m in found]
    assert numbers == sorted(set(numbers))
    assert {m.name for m in found} >= set(COMMITTED)


def test_new_warehouse_applies_every_migration_once(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = prepare(db)
    assert first == [m.name for m in known_migrations()]
    assert prepare(db) == []
    with connect(db, read_only=True) as con:
        cols = {c for (c,) in con.execute("select column_name from information_schema.columns "
                                          "where table_name = 'ingest_runs'").fetchall()}
    assert {"pages_fetched", "pages_unchanged", "pages_failed", "documents_unchanged"} <= cols


def test_a_future_migration_is_refused(tmp_path: Path) -> None:
    """Case 3 of issue 13: code must not write into a warehouse of a newer pressroom."""
    db = tmp_path / "w.duckdb"
    prepare(db)
    with connect(db) as con:
        con.execute("insert into _migrations values ('912_from_the_future.py', now())")
        con.execute("create table future_things (x integer)")
    with pytest.raises(WarehouseTooNew, match=r"written by a newer pressroom \(migration 912\); upgrade pressroom"):
        load_tables(db, {})
    with pytest.raises(WarehouseTooNew):
        prepare(db)
    with connect(db, read_only=True) as con:
        assert con.execute("select count(*) from ingest_runs").fetchall()[0][0] == 0
        assert con.execute("select count(*) from _migrations").fetchall()[0][0] == len(known_migrations()) + 1
    assert read_known_documents(db) == {}


def test_first_commit_warehouse_is_declared_too_old(tmp_path: Path) -> None:
    """Case 2 of issue 13: 001 as first committed (639466a) lacks columns the committed 003 comments on."""
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table _migrations (name varchar primary key, applied_at timestamptz)")
    con.execute((FIXTURES / "639466a_001_core_tables.sql").read_text(encoding="utf-8"))
    con.execute("insert into _migrations values ('001_core_tables.sql', now())")
    con.close()
    with pytest.raises(WarehouseTooOld, match="too old to upgrade; rebuild it by running over the inputs again"):
        prepare(db)
    with connect(db, read_only=True) as con:
        assert con.execute("select name from _migrations").fetchall() == [("001_core_tables.sql",)]


def test_warehouse_of_9811c08_gets_the_page_columns(tmp_path: Path) -> None:
    """001 as first committed + 003 as first committed (9811c08): 005 adds what the edited 001 added."""
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table _migrations (name varchar primary key, applied_at timestamptz)")
    con.execute((FIXTURES / "639466a_001_core_tables.sql").read_text(encoding="utf-8"))
    con.execute((REPO / "sql" / "migrations" / "003_fetches.sql").read_text(encoding="utf-8")
                .split("comment on column ingest_runs")[0])
    con.execute("insert into _migrations values ('001_core_tables.sql', now()), ('003_fetches.sql', now())")
    con.close()
    applied = prepare(db)
    assert "005_ingest_runs_pages.sql" in applied and "002_comments.sql" in applied
    load_tables(db, {}, run={"run_id": "r1", "started_at": "2026-01-01 00:00:00+00", "status": "ok",
                             "pages_fetched": 3})
    with connect(db, read_only=True) as con:
        assert con.execute("select pages_fetched from ingest_runs").fetchall() == [(3,)]


def test_pressroom_run_refuses_a_newer_warehouse_in_one_line(tmp_path: Path) -> None:
    """`pressroom run` on a warehouse of a newer pressroom: exit 1, one line, nothing written."""
    from typer.testing import CliRunner

    from pressroom.cli import app

    db = tmp_path / "w.duckdb"
    prepare(db)
    with connect(db) as con:
        con.execute("insert into _migrations values ('912_from_the_future.py', now())")
    before = db.read_bytes()
    result = CliRunner().invoke(app, ["run", "--db", str(db), "--source", str(REPO / "data" / "samples")])
    assert result.exit_code == 1
    assert result.output.strip().endswith("written by a newer pressroom (migration 912); upgrade pressroom")
    assert len(result.output.strip().splitlines()) == 1
    assert db.read_bytes() == before
