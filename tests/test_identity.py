"""Identity that holds across edits, folders and repeated runs (issue 13, cases 4-7), on real files and
a real DuckDB warehouse, plus the release-identity rule as a table of copies."""

from __future__ import annotations

import os
import shutil
from itertools import permutations
from pathlib import Path

import duckdb
import pytest

from extract.files import expand
from flows.batches import code_version, process_files
from load.rebuild import gone_documents
from load.warehouse import load_tables, prepare, read_known_documents
from transform.ids import (
    ReleaseCopy,
    body_groups,
    body_key,
    body_overlap,
    normal_key,
    release_id,
    resolve_release_ids,
    title_day_id,
)

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "data" / "real" / "corpus"


def run(db: Path, sources: list[str | Path], staging_root: Path) -> tuple[dict, list[tuple[str, str]]]:
    """What `pressroom run` does over local files, without Prefect; returns (stats, failures).

    Files gone from a folder read before have their rows removed (load.rebuild.gone_documents)."""
    prepare(db)
    known = read_known_documents(db)
    paths, failures = expand(sources)
    staging = staging_root / f"stage-{len(list(staging_root.glob('stage-*')))}"
    stats = process_files([str(p) for p in paths], str(staging), 0, known, code_version())
    gone = gone_documents(db, [s for s in sources if Path(s).is_dir()], [str(p) for p in paths])
    load_tables(db, staging=staging, gone=gone)
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


def rid(day: str | None = None, body: str | None = None, key: str = "t") -> str:
    """The id resolve_release_ids gives a release of title key `key`: plain, or with its body's fingerprint."""
    return title_day_id(key, day, body_key(body) if body else None)


def copy(day: str | None, body: str | None, doc: str | None, *, full: bool = True, key: str = "t") -> ReleaseCopy:
    """A copy as the loader hands it over: its id from title and day, its body, its document (None: stored)."""
    return ReleaseCopy(rid(day, key=key), key, day, full, body, doc)


D1, D2 = "2023-10-05", "2024-10-07"
REAL2 = REPO / "data" / "real2" / "corpus"
KMD = REAL2 / "120_regjeringen-kmd-mer-penger-til-kommuner-og-fylkeskommuner.txt"
KUD = REAL2 / "121_regjeringen-kud-805-millioner-i-spillemidler-til-kulturformal-2020.txt"
KMD_BODY = KMD.read_text(encoding="utf-8").split("Utgiver: Kommunal- og moderniseringsdepartementet", 1)[1]
KUD_BODY = KUD.read_text(encoding="utf-8").split("Utgiver: Kulturdepartementet", 1)[1]
INVITE_2023_CUT = INVITE_2023.split("\n")[0] + "\n" + INVITE_2023.split("\n")[1]  # a capture cut short
SHORT = "Pressekonferanse i morgen."  # full text, but too short to tell apart


@pytest.mark.parametrize(("copies", "expected"), [
    # an undated teaser joins the dated release of its title
    ([copy(D1, INVITE_2023, "a"), copy(None, "Kort ingress.", "b", full=False)], {(rid(), "b"): rid(D1)}),
    # two dated releases: an undated full copy joins the one whose body it repeats
    ([copy(D1, INVITE_2023, "a"), copy(D2, INVITE_2024, "b"), copy(None, INVITE_2023, "c")],
     {(rid(), "c"): rid(D1)}),
    # an undated body plainly different from the dated one: its own release
    ([copy(D2, INVITE_2024, "a"), copy(None, INVITE_2023, "b")], {}),
    # ... unless a teaser shows a day it has no full copy of: it is that day's release
    ([copy(D2, INVITE_2024, "a"), copy(D1, "Kort ingress.", "t", full=False), copy(None, INVITE_2023, "b")],
     {(rid(), "b"): rid(D1)}),
    # different titles never join
    ([copy(D2, INVITE_2024, "a"), copy(None, INVITE_2024, "b", key="s")], {}),
    # same title, same day, plainly different bodies: two releases, the longer (2023) keeps the plain id
    ([copy(D1, INVITE_2023, "a"), copy(D1, INVITE_2024, "b")], {(rid(D1), "b"): rid(D1, INVITE_2024)}),
    # same title, same day, one body a near copy of the other: one release
    ([copy(D1, INVITE_2023, "a"), copy(D1, INVITE_2023_CUT, "b")], {}),
    # two regjeringen.no releases read with the chrome title `Historisk arkiv`, undated: two releases
    ([copy(None, KMD_BODY, "kmd", key="historisk arkiv"), copy(None, KUD_BODY, "kud", key="historisk arkiv")],
     {(rid(key="historisk arkiv"), "kmd"): rid(body=KMD_BODY, key="historisk arkiv")}),
    # a teaser of that title and day joins the release holding the plain id (the longest body)
    ([copy(D1, INVITE_2023, "a"), copy(D1, INVITE_2024, "b"), copy(D1, "Kort ingress.", "t", full=False)],
     {(rid(D1), "b"): rid(D1, INVITE_2024)}),
    # a full copy too short to compare is read like a teaser: it joins, whatever its words
    ([copy(D1, INVITE_2023, "a"), copy(None, SHORT, "b")], {(rid(), "b"): rid(D1)}),
    # a stored release (document None) meets a longer, different body of its title and day: the stored
    # one takes the fingerprint id, the incoming one the plain id
    ([copy(D1, INVITE_2023_CUT, None), copy(D1, INVITE_2024, "b")], {(rid(D1), None): rid(D1, INVITE_2023_CUT)}),
    # a stored split release and an incoming near copy of it: it stays where it is
    ([ReleaseCopy(rid(D1, INVITE_2023), "t", D1, True, INVITE_2023), copy(D1, INVITE_2024 + " Mer tekst her.", None),
      copy(D1, INVITE_2023, "c")], {(rid(D1), "c"): rid(D1, INVITE_2023)}),
])
def test_resolve_release_ids(copies: list[ReleaseCopy], expected: dict[tuple[str, str | None], str]) -> None:
    assert resolve_release_ids(copies) == expected


@pytest.mark.parametrize("copies", [
    [copy(D1, INVITE_2023, "a"), copy(D1, INVITE_2024, "b"), copy(D1, INVITE_2023_CUT, "c"),
     copy(None, "Kort ingress.", "t", full=False), copy(None, INVITE_2024, "u")],
    [copy(None, KMD_BODY, "kmd", key="h"), copy(None, KUD_BODY, "kud", key="h"), copy(D2, KUD_BODY, "kud2", key="h")],
])
def test_resolved_ids_do_not_depend_on_the_order_of_the_copies(copies: list[ReleaseCopy]) -> None:
    """Every order of arrival gives every copy the same id (ids are a function of the copies alone)."""
    def ids_of(order: tuple[ReleaseCopy, ...]) -> dict[str | None, str]:
        mapping = resolve_release_ids(list(order))
        return {c.document_id: mapping.get((c.release_id, c.document_id), c.release_id) for c in order}

    first = ids_of(tuple(copies))
    assert len(set(first.values())) >= 2
    assert all(ids_of(order) == first for order in permutations(copies))


def test_body_groups_split_only_plainly_different_full_bodies() -> None:
    assert body_groups([None, INVITE_2023, INVITE_2024, INVITE_2023_CUT, SHORT]) == [0, 1, 2, 1, 0]
    assert body_groups([KMD_BODY, KUD_BODY]) == [2, 1]  # the longer (KUD) first


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


def state(db: Path) -> dict[str, set]:
    """The rows a fresh build and an incremental one must share: releases with their ids and bodies, quotes
    with their release, document links by file name (seen-times are the files' mtimes, kept by os.replace)."""
    return {
        "releases": set(rows(db, "select release_id, title, body, published_at, has_full_text, first_seen_at, "
                                 "last_seen_at from releases")),
        "quotes": set(rows(db, "select quote_id, release_id, text, speaker_as_written from quotes")),
        "amounts": set(rows(db, "select amount_id, release_id, value from amounts")),
        "links": {(r, Path(u).name, s) for r, u, s in rows(
            db, "select l.release_id, d.source_uri, l.seen_as from release_documents l join documents d "
                "using (document_id)")},
    }


def arrive(tmp_path: Path, pages: dict[str, str], runs: list[list[str]]) -> Path:
    """A warehouse built by one run per list of `runs`, each bringing the named pages into `tmp_path`/in
    (written once to a stash, moved in with their mtimes): [["a", "b"]] is a fresh build of both. Every
    build of one test reads the same paths, so document ids (and ties broken by them) agree."""
    stash, inputs = tmp_path / "stash", tmp_path / "in"
    stash.mkdir(parents=True, exist_ok=True)
    inputs.mkdir(exist_ok=True)
    for name, text in pages.items():
        if not (stash / f"{name}.txt").exists() and not (inputs / f"{name}.txt").exists():
            (stash / f"{name}.txt").write_text(text, encoding="utf-8")
            os.utime(stash / f"{name}.txt", (1_700_000_000 + len(name), 1_700_000_000 + len(name)))
    for page in inputs.iterdir():  # every build starts from an empty folder
        os.replace(page, stash / page.name)
    db = tmp_path / f"w-{len(list(tmp_path.glob('w-*.duckdb')))}.duckdb"
    for names in runs:
        for name in names:
            os.replace(stash / f"{name}.txt", inputs / f"{name}.txt")
        run(db, [inputs], tmp_path)
    return db


CHROME = "Historisk arkiv"


def test_two_regjeringen_pages_are_two_releases(tmp_path: Path) -> None:
    """real2 pages 120 (KMD) and 121 (KUD): two government releases with different text, both read with the
    chrome title `Historisk arkiv` and no date by the code of issue 19; each page keeps its own release,
    body and quotes, whatever title the reader finds."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for page in (KMD, KUD):
        shutil.copy(page, inputs / page.name)
    db = tmp_path / "w.duckdb"
    run(db, [inputs], tmp_path)
    linked = rows(db, "select d.source_uri, l.release_id from release_documents l join documents d using "
                      "(document_id)")
    assert len(linked) == 2 and len({rid for _, rid in linked}) == 2
    bodies = {Path(u).name[:3]: b for u, b in rows(db, "select d.source_uri, r.body from releases r join "
                                                       "documents d using (document_id)")}
    assert "Astrup" in bodies["120"] and "Abid Raja" in bodies["121"]
    speakers = rows(db, "select d.source_uri, q.speaker_as_written from quotes q join releases r using (release_id) "
                        "join documents d on d.document_id = r.document_id")
    assert {Path(u).name[:3] for u, _ in speakers} == {"120", "121"}


SHARED_TITLE = "Mer penger til kommunene"


@pytest.mark.parametrize("title", [CHROME, SHARED_TITLE])
@pytest.mark.parametrize("runs", [[["a", "b"]], [["a"], ["b"]], [["b"], ["a"]]])
def test_one_title_two_bodies_in_any_order(tmp_path: Path, runs: list[list[str]], title: str) -> None:
    """Invented pair: one title and no date, two plainly different bodies -> two releases with the same ids,
    bodies and quotes, whether they arrive together or one run after the other, in either order. A chrome
    title (`Historisk arkiv`) is no title at all (the reader's judgement), so both are untitled; a real title
    shared by two bodies gives the longer body the plain id and the other one with its body's fingerprint."""
    pages = {"a": dump(title, None, KMD_BODY), "b": dump(title, None, KUD_BODY)}
    fresh = arrive(tmp_path, pages, [["a", "b"]])
    built = arrive(tmp_path, pages, runs)
    assert len(state(built)["releases"]) == 2
    assert state(built) == state(fresh)
    if title == CHROME:
        assert rows(built, "select count(*) from releases where title is null") == [(2,)]
    else:
        assert {r[0] for r in state(built)["releases"]} == {release_id(title), title_day_id(
            normal_key(title), None, body_key(min(KMD_BODY, KUD_BODY, key=len)))}


@pytest.mark.parametrize("runs", [[["a", "b"]], [["a"], ["b"]], [["b"], ["a"]]])
def test_same_title_same_day_near_copy_is_one_release(tmp_path: Path, runs: list[list[str]]) -> None:
    """Invented pair: one title and day, one body a capture of the other cut short -> one release (the longer
    body), in any order."""
    pages = {"a": dump(TITLE, "05.10.2023 10:00:00 CEST", INVITE_2023),
             "b": dump(TITLE, "05.10.2023 10:00:00 CEST", INVITE_2023_CUT)}
    built = arrive(tmp_path, pages, runs)
    releases = state(built)["releases"]
    assert len(releases) == 1 and "Haakon VIIs gate 9" in next(iter(releases))[2]
    assert len(state(built)["links"]) == 2


@pytest.mark.parametrize("runs", [[["a", "b", "c"]], [["c"], ["a"], ["b"]], [["b", "c"], ["a"]]])
def test_same_title_same_day_two_bodies_and_a_copy_in_any_order(tmp_path: Path, runs: list[list[str]]) -> None:
    """Invented: two invitations of one title and day (2023's longer), and an undated capture of the 2024 one:
    two releases; the capture joins the one whose body it repeats, in any order of arrival."""
    pages = {"a": dump(TITLE, "05.10.2023 10:00:00 CEST", INVITE_2023),
             "b": dump(TITLE, "05.10.2023 14:00:00 CEST", INVITE_2024),
             "c": dump(TITLE, None, INVITE_2024)}
    fresh = arrive(tmp_path, pages, [["a", "b", "c"]])
    built = arrive(tmp_path, pages, runs)
    assert state(built) == state(fresh)
    links = {name: rid for rid, name, _ in state(built)["links"]}
    assert links["b.txt"] == links["c.txt"] != links["a.txt"]


@pytest.mark.parametrize("change", ["retitled", "deleted"])
def test_a_page_read_again_moves_the_ids_as_a_fresh_build(tmp_path: Path, change: str) -> None:
    """The page holding the plain id of a title and day is rewritten under another title, or deleted: the
    release that was split off by its body takes the plain id, as a fresh build of the pages as they now are
    gives it. (Either way the load removes the old release before the release map, in
    sql/load/before/010_rebuild.sql, as all its copies are staged or gone: its title must still be settled.)"""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(dump(SHARED_TITLE, None, KUD_BODY), encoding="utf-8")
    (inputs / "b.txt").write_text(dump(SHARED_TITLE, None, KMD_BODY), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    run(db, [inputs], tmp_path)
    assert len(rows(db, "select * from releases")) == 2
    if change == "retitled":
        (inputs / "a.txt").write_text(dump("805 millioner kroner i spillemidler til kulturformål i 2020", None,
                                           KUD_BODY), encoding="utf-8")
    else:
        (inputs / "a.txt").unlink()
    run(db, [inputs], tmp_path)
    fresh = tmp_path / "fresh.duckdb"
    run(fresh, [inputs], tmp_path)
    assert state(db) == state(fresh)
    assert release_id(SHARED_TITLE) in {r[0] for r in state(db)["releases"]}


def test_keys_are_what_their_regex_forms_give() -> None:
    """normal_key (white space collapsed by str.split) and the words body_key hashes (non-word characters made
    spaces, then str.split) are what the regexes `\\s+` -> " " and `\\w+` give (issue 21), on every line and page of
    the corpora and on random strings of spaces, marks, digits and letters."""
    import random
    import re
    import unicodedata

    from transform.ids import _EDGE_PUNCT, _words

    def regex_key(text: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip(_EDGE_PUNCT)

    root = Path(__file__).resolve().parent.parent / "data"
    folders = ("samples", "real/corpus", "real2/corpus", "real3/corpus")
    pages = [p.read_text(encoding="utf-8", errors="replace") for f in folders for p in (root / f).glob("*.*")]
    texts = {*pages, *(line for page in pages for line in page.split("\n"))}
    rng = random.Random(21)
    pieces = [*" \t\n\x1c\x85\u00a0\u2028\u3000\u200b_-–.,'’«»²½٣", "ø", "Å", "İ", "ß", "KS", "2024"]
    texts.update("".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(20000))
    texts.add("".join(map(chr, range(0x21, 0x250))))  # more distinct marks than `_words` replaces one by one
    assert [t for t in texts if t and normal_key(t) != regex_key(t)] == []
    assert [t for t in texts if _words(t) != " ".join(re.findall(r"\w+", t))] == []
