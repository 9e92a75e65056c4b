"""Upgrades of warehouses written by earlier pressroom code (committed fixtures), run as a user would.

tests/fixtures/warehouses/72c7b9d_samples.duckdb was written by `pressroom run` of commit 72c7b9d
(release ids from publisher + title, no extractor_version) over its bundled samples;
4f78f62_samples.duckdb by the code of 4f78f62 (ids from the title alone, relative source paths). Each
is copied, run over the same samples twice with today's code, and compared with a warehouse built
fresh from those samples: nothing lost, nothing doubled (issue 13, case 1: releases 79 -> 157).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest

from flows.batches import code_version, process_files
from load.warehouse import load_tables, prepare, read_known_documents

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "warehouses"
SAMPLES = REPO / "data" / "samples"
TABLES = ("documents", "releases", "release_documents", "people", "person_roles", "contacts", "quotes",
          "amounts", "places", "place_successors", "place_mentions", "organisations", "organisation_places")


def run(db: Path, sources: list[str | Path], tmp: Path) -> dict:
    """What `pressroom run` does, without Prefect: migrate, read known documents, parse changed files, load."""
    from extract.files import expand

    prepare(db)
    known = read_known_documents(db)
    paths, failures = expand(sources)
    staging = tmp / f"stage-{len(list(tmp.glob('stage-*')))}"
    stats = process_files([str(p) for p in paths], str(staging), 0, known, code_version())
    assert not stats.failures and not failures
    load_tables(db, staging=staging)
    return {"read": stats.documents, "unchanged": stats.unchanged}


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in TABLES}


def content(db: Path) -> dict[str, set]:
    """Contract content independent of ids: releases by title and day, quotes and amounts by release title."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "releases": set(con.execute(
                "select title, published_at, has_full_text, title_source from releases").fetchall()),
            "quotes": set(con.execute(
                "select r.title, q.text, q.char_start from quotes q join releases r using (release_id)").fetchall()),
            "amounts": set(con.execute(
                "select r.title, a.value, a.raw_text from amounts a join releases r using (release_id)").fetchall()),
            "documents": set(con.execute("select source_uri, content_sha256 from documents").fetchall()),
            "place_mentions": set(con.execute(
                "select r.title, m.place_id, m.valid_from, m.as_written, m.char_start "
                "from place_mentions m join releases r using (release_id)").fetchall()),
        }


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("fresh")
    db = tmp / "fresh.duckdb"
    run(db, [SAMPLES], tmp)
    return db


@pytest.mark.parametrize("fixture", ["72c7b9d_samples.duckdb", "4f78f62_samples.duckdb"])
@pytest.mark.parametrize("cwd", ["elsewhere", "repo"])
def test_upgrade_loses_nothing_and_doubles_nothing(fixture: str, cwd: str, fresh: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """From the repo the migration finds the stored relative paths; elsewhere the loader matches them
    by content hash when the files are read again. Either way the result is the fresh build."""
    db = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, db)
    with duckdb.connect(str(db), read_only=True) as con:
        old_titles = {t for (t,) in con.execute("select title from releases").fetchall()}
        assert con.execute("select count(*) from releases").fetchall()[0][0] == 22
    monkeypatch.chdir(REPO if cwd == "repo" else tmp_path)
    assert read_known_documents(db) == {}  # not migrated yet: nothing is read in the old layout
    first = run(db, [SAMPLES], tmp_path)
    assert first["read"] == 5
    second = run(db, [SAMPLES], tmp_path)
    assert second == {"read": 0, "unchanged": 5}
    assert counts(db) == counts(fresh)
    assert content(db) == content(fresh)
    with duckdb.connect(str(db), read_only=True) as con:
        new_titles = {t for (t,) in con.execute("select title from releases").fetchall()}
        n, distinct = con.execute(
            "select count(*), count(distinct (title_key, published_at)) from releases").fetchall()[0]
    assert old_titles <= new_titles
    assert n == distinct == 22


def test_migration_alone_merges_both_id_schemes(tmp_path: Path) -> None:
    """A warehouse holding both id schemes (72c7b9d run once with 4f78f62 code): the migration merges
    them, keeping one row per release and the quotes of one copy."""
    db = tmp_path / "both.duckdb"
    shutil.copy(FIXTURES / "72c7b9d_samples.duckdb", db)
    con = duckdb.connect(str(db))
    con.execute(f"attach '{FIXTURES / '4f78f62_samples.duckdb'}' as b (read_only)")
    for table in ("releases", "quotes", "amounts", "person_roles", "contacts", "release_documents"):
        con.execute(f"insert or ignore into {table} select * from b.{table}")
    doubled = con.execute("select count(*), count(distinct title) from releases").fetchall()[0]
    quotes_before = con.execute("select count(distinct text) from quotes").fetchall()[0][0]
    con.close()
    assert doubled[0] > doubled[1]  # the doubling of issue 13, case 1
    prepare(db)
    with duckdb.connect(str(db), read_only=True) as con:
        n, titles = con.execute("select count(*), count(distinct title) from releases").fetchall()[0]
        quotes = con.execute("select count(*), count(distinct (release_id, text)) from quotes").fetchall()[0]
        orphans = con.execute("select count(*) from quotes anti join releases using (release_id)").fetchall()[0][0]
    assert n == titles == doubled[1]
    assert quotes[0] == quotes[1] >= quotes_before
    assert orphans == 0


UNTITLED = ["006_ks-ntb-tariffoppgjeret-skal-sikre-gode-velferdstenester-v1.txt",
            "007_ks-ntb-tariffoppgjeret-skal-sikre-gode-velferdstenester-v2.txt",
            "008_ks-ntbinfo-bemanningsnorm-i-barnehagene-er-ikke-finansiert.txt",
            "010_ks-ksno-pm-bemanningsnorm-i-barnehagene-er-ikke-finansiert.txt",
            "019_ks-ksno-pm-ks-lederen-til-kommunene-i-viken-og-rogaland.txt",
            "020_ks-ksno-pm-ks-om-ny-regjeringsplattform.txt"]


def test_upgrade_of_a_warehouse_with_untitled_releases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """5fe57e7_untitled.duckdb was written by the code of 5fe57e7 (readers: untitled captures 010, 019
    and 020 are releases keyed by their document) from six real pages in `untitled/`. 006 gives the
    three untitled rows one id; 008 removes that row and has its documents read again, so after one run
    the warehouse is the fresh build of the same pages: three untitled releases, every quote back."""
    pages = tmp_path / "untitled"
    pages.mkdir()
    for name in UNTITLED:
        shutil.copy(REPO / "data" / "real" / "corpus" / name, pages / name)
    fresh_db = tmp_path / "fresh.duckdb"
    run(fresh_db, [pages], tmp_path)
    db = tmp_path / "old.duckdb"
    shutil.copy(FIXTURES / "5fe57e7_untitled.duckdb", db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from releases where title is null").fetchall() == [(3,)]
    monkeypatch.chdir(tmp_path / "..")  # not where the fixture's run started: paths matched by content
    applied = prepare(db)
    assert applied[:4] == ["005_ingest_runs_pages.sql", "006_release_identity.py", "007_local_document_paths.py",
                           "008_untitled_release_repair.py"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from releases where title is null").fetchall() == [(0,)]
    run(db, [pages], tmp_path)
    assert counts(db) == counts(fresh_db)
    assert content(db) == content(fresh_db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from releases where title is null").fetchall() == [(3,)]
    assert run(db, [pages], tmp_path)["unchanged"] == 6


# Where 77f7d21_chrome_title.duckdb was written from: documents are known by their absolute path, so the
# test puts the same pages there again (the same bytes and mtime as when the fixture was written).
CHROME_PAGES = Path(tempfile.gettempdir()) / "pressroom-fixture-77f7d21" / "chrome"
CHROME = ["120_regjeringen-kmd-mer-penger-til-kommuner-og-fylkeskommuner.txt",
          "121_regjeringen-kud-805-millioner-i-spillemidler-til-kulturformal-2020.txt",
          "122_regjeringen-fin-statsbudsjettet-2024-et-budsjett-for-a-trygge-folks-okonomi.txt"]


def test_upgrade_of_a_warehouse_that_merged_two_texts(tmp_path: Path) -> None:
    """77f7d21_chrome_title.duckdb was written by the code of 77f7d21 from real2 pages 120-122: the KMD and
    KUD releases (120, 121) were both read as `Historisk arkiv`, undated, and merged into one row. 022 marks
    the documents of that row to be read again (not 122's); one run later the warehouse is the fresh build
    of the same pages: each page its own release, body and quotes."""
    CHROME_PAGES.mkdir(parents=True, exist_ok=True)
    for name in CHROME:
        shutil.copy(REPO / "data" / "real2" / "corpus" / name, CHROME_PAGES / name)
        os.utime(CHROME_PAGES / name, (1_796_126_400, 1_796_126_400))  # 2026-12-01 12:00 UTC, as written
    db = tmp_path / "old.duckdb"
    shutil.copy(FIXTURES / "77f7d21_chrome_title.duckdb", db)
    with duckdb.connect(str(db), read_only=True) as con:
        merged = con.execute("select release_id from release_documents group by release_id "
                             "having count(*) = 2").fetchall()
        assert len(merged) == 1 and con.execute("select count(*) from releases").fetchall() == [(2,)]
    assert "022_release_body_identity.py" in prepare(db)
    with duckdb.connect(str(db), read_only=True) as con:
        marked = con.execute("select source_uri from documents where extractor_version is null").fetchall()
    assert sorted(Path(u).name for (u,) in marked) == CHROME[:2]
    fresh_db = tmp_path / "fresh.duckdb"
    run(fresh_db, [CHROME_PAGES], tmp_path)
    run(db, [CHROME_PAGES], tmp_path)
    assert counts(db) == counts(fresh_db)
    assert content(db) == content(fresh_db)
    with duckdb.connect(str(db), read_only=True) as con:
        linked = con.execute("select count(distinct release_id) from release_documents").fetchall()[0][0]
        quotes = con.execute("select quote_id, release_id from quotes order by 1").fetchall()
    with duckdb.connect(str(fresh_db), read_only=True) as con:
        assert quotes == con.execute("select quote_id, release_id from quotes order by 1").fetchall()
    assert linked == 3
    assert run(db, [CHROME_PAGES], tmp_path)["unchanged"] == 3


def test_upgrade_reads_again_the_documents_of_releases_seen_twice(tmp_path: Path) -> None:
    """Loads before 034 merged a release's type, language and title key in from a copy that was not kept
    (a listed teaser's '| Pressemelding' into a full text without one). 034 cannot tell those rows from
    the right ones: it marks the documents of every release seen in two documents or more, and the next
    run holds what a fresh build holds. The samples have two such releases, listed by another sample; the
    earlier merge is written into them here as those loads left it, and 034 marked as not yet applied."""
    samples = REPO / "data" / "samples"
    fresh_db, db = tmp_path / "fresh.duckdb", tmp_path / "old.duckdb"
    run(fresh_db, [samples], tmp_path)
    run(db, [samples], tmp_path)
    columns = "release_id, release_type, language, title_key"
    with duckdb.connect(str(db)) as con:
        shared = [r for (r,) in con.execute("select release_id from release_documents group by release_id "
                                            "having count(distinct document_id) > 1 order by 1").fetchall()]
        assert len(shared) == 2
        con.execute("update releases set release_type = 'Nyhet', language = 'nn', title_key = 'merged' "
                    "where release_id in (select unnest($1::varchar[]))", [shared])
        con.execute("delete from _migrations where name = '034_kept_copy_columns.sql'")
        linked = {d for (d,) in con.execute("select distinct document_id from release_documents "
                                            "where release_id in (select unnest($1::varchar[]))",
                                            [shared]).fetchall()}
    assert prepare(db) == ["034_kept_copy_columns.sql"]
    with duckdb.connect(str(db), read_only=True) as con:
        marked = {d for (d,) in con.execute("select document_id from documents "
                                            "where extractor_version is null").fetchall()}
    assert marked == linked and len(marked) >= 2
    assert run(db, [samples], tmp_path)["read"] == len(marked)
    with duckdb.connect(str(db), read_only=True) as con, duckdb.connect(str(fresh_db), read_only=True) as ref:
        query = f"select {columns} from releases order by release_id"
        assert con.execute(query).fetchall() == ref.execute(query).fetchall()
    assert content(db) == content(fresh_db)
    assert run(db, [samples], tmp_path)["unchanged"] == 5
