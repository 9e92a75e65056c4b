"""Identity that holds across edits, folders and repeated runs (issue 13, cases 4-7), on real files and
a real DuckDB warehouse, plus the release-identity rule as a table of copies."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from extract.files import expand
from flows.batches import code_version, process_files
from load.warehouse import load_tables, prepare, read_known_documents
from transform.ids import ReleaseCopy, body_overlap, normal_key, release_id, resolve_release_ids

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "data" / "real" / "corpus"


def run(db: Path, sources: list[str | Path], staging_root: Path) -> tuple[dict, list[tuple[str, str]]]:
    """What `pressroom run` does over local files, without Prefect; returns (stats, failures)."""
    prepare(db)
    known = read_known_documents(db)
    paths, failures = expand(sources)
    staging = staging_root / f"stage-{len(list(staging_root.glob('stage-*')))}"
    stats = process_files([str(p) for p in paths], str(staging), 0, known, code_version())
    load_tables(db, staging=staging)
    return {"read": stats.documents, "unchanged": stats.unchanged, "failures": stats.failures}, failures


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def dump(title: str, dateline: str | None, body: str) -> str:
    """A text dump as a browser shows an NTB release page (title, dateline, body), like data/real/corpus/003."""
    head = f"{title}\n{dateline} | KS | Presseinvitasjon\n\n" if dateline else f"{title}\n\n"
    return head + body + "\n"


INVITE_2023 = ("KS inviterer til pressekonferanse om kommuneøkonomien før statsbudsjettet legges fram.\n"
               "– Kommunene står i en krevende situasjon, og vi trenger forutsigbare rammer, sier styreleder "
               "i KS, Gunn Marit Helgesen.\nPressekonferansen holdes i KS-huset i Haakon VIIs gate 9 i Oslo.")
INVITE_2024 = ("Velkommen til pressekonferanse om ny rapport om rekruttering i helse- og omsorgssektoren.\n"
               "– Vi mangler fagfolk i nesten alle kommuner, og det haster å finne nye løsninger, sier "
               "administrerende direktør i KS, Kristin Weidemann.\nRapporten legges fram på Litteraturhuset.")
TITLE = "Invitasjon til pressekonferanse"


def test_same_title_different_days_are_two_releases(tmp_path: Path) -> None:
    """Case 4: two invitations with one title, different dates, bodies and speakers stay two, each with
    its quote; an undated copy of the 2024 one joins it."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(dump(TITLE, "05.10.2023 10:00:00 CEST", INVITE_2023), encoding="utf-8")
    (inputs / "b.txt").write_text(dump(TITLE, "07.10.2024 09:30:00 CEST", INVITE_2024), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    run(db, [inputs], tmp_path)
    releases = rows(db, "select release_id, published_at, body from releases order by published_at")
    assert len(releases) == 2
    quotes = rows(db, "select q.release_id, q.speaker_as_written from quotes q order by 2")
    assert {rid for rid, _ in quotes} == {r[0] for r in releases}
    assert len(quotes) == 2
    # a later run brings an undated capture of the 2024 invitation: one release, not three
    (inputs / "c.txt").write_text(dump(TITLE, None, INVITE_2024), encoding="utf-8")
    run(db, [inputs], tmp_path)
    assert len(rows(db, "select * from releases")) == 2
    assert rows(db, "select count(*) from release_documents where release_id = ?"
                .replace("?", f"'{releases[1][0]}'")) == [(2,)]
    assert len(rows(db, "select * from quotes")) == 2


def test_edited_release_leaves_nothing_behind(tmp_path: Path) -> None:
    """Case 5: change the title and delete one quote, run again: one release, the deleted quote gone,
    amounts counted once."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    body = ("KS krever 1,5 milliarder kroner i kompensasjon for koronautgiftene i 2022.\n"
            "– Et oppsiktsvekkende løftebrudd, sier styreleder i KS, Gunn Marit Helgesen.\n"
            "– Kommunene må få dekket utgiftene sine fullt ut, sier Helgesen.")
    page = inputs / "lofte.txt"
    page.write_text(dump("Oppsiktsvekkende løftebrudd", "12.05.2022 10:57:40 CEST", body), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    run(db, [inputs], tmp_path)
    assert len(rows(db, "select * from quotes")) == 2
    assert len(rows(db, "select * from amounts")) == 1
    edited = body.rsplit("\n", 1)[0]
    page.write_text(dump("Et oppsiktsvekkende løftebrudd fra regjeringen", "12.05.2022 10:57:40 CEST", edited),
                    encoding="utf-8")
    run(db, [inputs], tmp_path)
    assert rows(db, "select title from releases") == [("Et oppsiktsvekkende løftebrudd fra regjeringen",)]
    assert [t for (t,) in rows(db, "select text from quotes")] == ["Et oppsiktsvekkende løftebrudd"]
    assert len(rows(db, "select * from amounts")) == 1
    assert rows(db, "select count(*) from release_documents") == [(1,)]


def test_release_still_listed_elsewhere_stays(tmp_path: Path) -> None:
    """A release a document no longer yields stays while another document still yields it."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    page = inputs / "a.txt"
    page.write_text(dump(TITLE, "05.10.2023 10:00:00 CEST", INVITE_2023), encoding="utf-8")
    (inputs / "b.txt").write_text(dump(TITLE, "05.10.2023 10:00:00 CEST", INVITE_2023), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    run(db, [inputs], tmp_path)
    page.write_text(dump("Noe helt annet", "06.10.2023 10:00:00 CEST", INVITE_2024), encoding="utf-8")
    run(db, [inputs], tmp_path)
    assert sorted(t for (t,) in rows(db, "select title from releases")) == ["Invitasjon til pressekonferanse",
                                                                            "Noe helt annet"]


def test_document_identity_does_not_depend_on_the_working_directory(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Case 6: the folder read as `in` from its parent, then by its absolute path from elsewhere: one
    documents row per file, links not doubled, and the second run skips every unchanged file."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for sample in sorted((REPO / "data" / "samples").glob("00[0-2]_*.txt")):
        shutil.copy(sample, inputs / sample.name)
    db = tmp_path / "w.duckdb"
    monkeypatch.chdir(tmp_path)
    run(db, ["in"], tmp_path)
    before = {t: rows(db, f"select count(*) from {t}")[0][0] for t in ("documents", "release_documents")}
    elsewhere = tmp_path / "cron"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    stats, _ = run(db, [str(inputs)], tmp_path)
    assert stats["unchanged"] == 3 and stats["read"] == 0
    after = {t: rows(db, f"select count(*) from {t}")[0][0] for t in ("documents", "release_documents")}
    assert after == before == {"documents": 3, "release_documents": after["release_documents"]}
    assert all(uri == str(inputs / Path(uri).name) for (uri,) in rows(db, "select source_uri from documents"))


def test_folder_scan_skips_links_out_devices_fifos_loops_and_dirs(tmp_path: Path) -> None:
    """Case 7: a folder scan reads regular files inside the folder only, and names each skipped entry."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    sample = REPO / "data" / "samples" / "000_0c407894616695cd.txt"
    shutil.copy(sample, inputs / "ok.txt")
    (inputs / "passwd.txt").symlink_to("/etc/passwd")
    (inputs / "null.txt").symlink_to("/dev/null")
    (inputs / "status.txt").symlink_to("/proc/self/status")
    (inputs / "loop.txt").symlink_to(inputs / "loop.txt")
    (inputs / "dangling.txt").symlink_to(inputs / "missing.txt")
    (inputs / "dir.txt").mkdir()
    os.mkfifo(inputs / "fifo.txt")
    (inputs / "same.txt").symlink_to(inputs / "ok.txt")  # inside the folder: read, once
    outside = tmp_path / "outside.txt"
    shutil.copy(sample, outside)
    (inputs / "out.txt").symlink_to(outside)
    paths, failures = expand([inputs])
    assert paths == [(inputs / "ok.txt").resolve()]
    reasons = {Path(src).name: reason for src, reason in failures}
    assert set(reasons) == {"passwd.txt", "null.txt", "status.txt", "loop.txt", "dangling.txt", "dir.txt",
                            "fifo.txt", "out.txt"}
    assert "outside the folder (to /etc/passwd)" in reasons["passwd.txt"]
    assert "loop" in reasons["loop.txt"] and "dangling" in reasons["dangling.txt"]
    assert "directory" in reasons["dir.txt"] and "FIFO" in reasons["fifo.txt"]
    # named explicitly: read when it resolves to a regular file, even outside; /proc and devices never
    paths, failures = expand([inputs / "out.txt", "/proc/self/status", "/dev/null"])
    assert paths == [outside.resolve()]
    assert [Path(s).name for s, _ in failures] == ["status", "null"]
    assert "system file" in failures[0][1] and "system file" in failures[1][1]
    db = tmp_path / "w.duckdb"
    stats, failures = run(db, [inputs], tmp_path)
    assert stats["read"] == 1 and len(failures) == 8
    assert not [t for (t,) in rows(db, "select title from releases") if "root:" in t]


@pytest.mark.parametrize(("copies", "expected"), [
    # undated teaser joins the dated release of its title
    ([ReleaseCopy("d", "t", "2023-10-05", True, "a b c d e"), ReleaseCopy("u", "t", None, False)], {"u": "d"}),
    # two dated releases: an undated full copy joins the one whose body it repeats
    ([ReleaseCopy("d1", "t", "2023-10-05", True, INVITE_2023), ReleaseCopy("d2", "t", "2024-10-07", True, INVITE_2024),
      ReleaseCopy("u", "t", None, True, INVITE_2023)], {"u": "d1"}),
    # clearly different bodies: the undated copy stays its own release
    ([ReleaseCopy("d", "t", "2024-10-07", True, INVITE_2024), ReleaseCopy("u", "t", None, True, INVITE_2023)], {}),
    # different titles never join; dated copies never move
    ([ReleaseCopy("d", "t", "2024-10-07", True, INVITE_2024), ReleaseCopy("u", "s", None, True, INVITE_2024)], {}),
])
def test_resolve_release_ids(copies: list[ReleaseCopy], expected: dict[str, str]) -> None:
    assert resolve_release_ids(copies) == expected


def test_release_id_from_title_and_oslo_day() -> None:
    from datetime import UTC, datetime

    late = datetime(2023, 10, 4, 22, 30, tzinfo=UTC)  # 00:30 on 5 October in Oslo
    assert release_id(TITLE, late) == release_id("– Invitasjon til pressekonferanse.",
                                                  datetime(2023, 10, 5, 9, 0, tzinfo=UTC))
    assert release_id(TITLE, late) != release_id(TITLE, datetime(2024, 10, 7, 9, 0, tzinfo=UTC))
    assert release_id(TITLE) != release_id(TITLE, late)
    assert release_id(None, None, "doc1") != release_id(None, None, "doc2")
    assert normal_key("  – KS gir  pengestøtte til Ukraina. ") == "ks gir pengestøtte til ukraina"


def test_ntb_and_ksno_copies_of_one_release_share_their_body() -> None:
    """data/real/corpus 006 and 007 (two versions of one release) overlap far above the 'different' line;
    two different invitations do not."""
    v1 = (REAL / "006_ks-ntb-tariffoppgjeret-skal-sikre-gode-velferdstenester-v1.txt").read_text(encoding="utf-8")
    v2 = (REAL / "007_ks-ntb-tariffoppgjeret-skal-sikre-gode-velferdstenester-v2.txt").read_text(encoding="utf-8")
    assert body_overlap(v1, v2) > 0.5
    assert body_overlap(INVITE_2023, INVITE_2024) < 0.2
