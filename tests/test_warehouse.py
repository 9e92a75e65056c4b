"""The loader against a real DuckDB file: upserts, merges, checks, rollback, locking."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from load.warehouse import CheckFailed, WarehouseLocked, connect, load_tables, query
from transform import ids
from transform.models import (
    AmountMention,
    Block,
    Contact,
    Document,
    PersonMention,
    QuoteMention,
    ReleaseDraft,
    ReleaseExtraction,
)
from transform.normalise import tables_for

T0 = datetime(2022, 5, 16, 12, 0, tzinfo=UTC)
QUOTE = "Et oppsiktsvekkende løftebrudd"
TEASER_TEXT = ("Regjeringens forslag inneholder ingen kompensasjon for kommunenes koronautgifter. "
               f"– {QUOTE}, sier styreleder i KS, Gunn Marit Helgesen.")
FULL_TEXT = (f"{TEASER_TEXT}\n\nKS krever 1,5 mrd. kroner i kompensasjon for koronautgiftene i 2022.")


def release(text: str, full: bool, title: str = "Oppsiktsvekkende løftebrudd") -> ReleaseDraft:
    blocks, start = [], 0
    for i, para in enumerate(text.split("\n\n")):
        blocks.append(Block("lead" if i == 0 else "paragraph", para, start))
        start += len(para) + 2
    return ReleaseDraft(
        title=title, text=text, blocks=tuple(blocks), has_full_text=full, publisher="KS",
        published_at=datetime(2022, 5, 12, 8, 57, 40, tzinfo=UTC), release_type="Pressemelding",
        contacts=(Contact("Mads Fremstad", "Rådgiver", "KS", "+4790233059", "mads.fremstad@ks.no"),)
        if full else (),
    )


def extraction(rel: ReleaseDraft) -> ReleaseExtraction:
    start = rel.text.index(QUOTE)
    quote = QuoteMention(QUOTE, start, start + len(QUOTE), "styreleder i KS, Gunn Marit Helgesen", "sier",
                         "explicit", "Gunn Marit Helgesen", "styreleder", "KS")
    person = PersonMention("Gunn Marit Helgesen", rel.text.index("Gunn"), rel.text.index("Gunn") + 19,
                           "styreleder", "KS", "styreleder i KS")
    amounts = ()
    if "1,5 mrd." in rel.text:
        s = rel.text.index("1,5 mrd.")
        amounts = (AmountMention(Decimal("1500000000"), "NOK", "exact", "1,5 mrd. kroner",
                                 "KS krever 1,5 mrd. kroner i kompensasjon for koronautgiftene i 2022.",
                                 s, s + len("1,5 mrd. kroner")),)
    return ReleaseExtraction(rel, quotes=(quote,), people=(person,), amounts=amounts)


def document(uri: str, rel: ReleaseDraft, when: datetime = T0) -> tuple[Document, list[ReleaseExtraction]]:
    doc = Document(source_uri=uri, kind="text_dump", text=rel.text, title=rel.title, language="nb",
                   parser="test", content_sha256="0" * 64, releases=(rel,), fetched_at=when)
    return doc, [extraction(rel)]


def dump(db: Path) -> dict[str, list[tuple]]:
    tables = ["documents", "releases", "release_documents", "people", "person_roles", "contacts",
              "quotes", "amounts"]
    with connect(db, read_only=True) as con:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in tables}


def test_release_listed_on_two_pages_is_one_row_with_one_quote(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    unnamed_publisher = replace(release(TEASER_TEXT, False), publisher=None)  # e.g. a ks.no topic page
    batch = [document("a.txt", release(TEASER_TEXT, False)), document("b.txt", unnamed_publisher)]
    result = load_tables(db, tables_for(batch))
    assert result.after["releases"] == 1
    assert result.after["quotes"] == 1
    assert result.after["people"] == 1
    _, links = query(db, "select count(*) from release_documents")
    assert links == [(2,)]


def test_rerun_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    batch = [document("a.txt", release(TEASER_TEXT, False)), document("b.txt", release(FULL_TEXT, True))]
    load_tables(db, tables_for(batch))
    first = dump(db)
    result = load_tables(db, tables_for(batch))
    assert dump(db) == first
    assert result.inserted == dict.fromkeys(result.after, 0)


def test_full_text_takes_over_from_teaser_and_teaser_does_not_take_back(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load_tables(db, tables_for([document("listing.txt", release(TEASER_TEXT, False))]))
    load_tables(db, tables_for([document("page.txt", release(FULL_TEXT, True), T0.replace(hour=13))]))
    load_tables(db, tables_for([document("listing2.txt", release(TEASER_TEXT, False), T0.replace(hour=14))]))
    _, rows = query(db, "select has_full_text, body, first_seen_at, last_seen_at from releases")
    assert len(rows) == 1
    has_full, body, first, last = rows[0]
    assert has_full is True and body == FULL_TEXT
    assert first.hour == 12 and last.hour == 14
    _, quotes = query(db, "select q.text, r.body, q.char_start, q.char_end from quotes q join releases r "
                          "using (release_id)")
    assert len(quotes) == 1
    text, body, start, end = quotes[0]
    assert body[start:end] == text
    _, amounts = query(db, "select value, currency from amounts")
    assert amounts == [(Decimal("1500000000.00"), "NOK")]
    _, contacts = query(db, "select name, phone from contacts")
    assert contacts == [("Mads Fremstad", "+4790233059")]


def test_failed_structural_check_rolls_back_the_whole_load(tmp_path: Path) -> None:
    # a row-level fault (a negative amount) is quarantined instead: tests/test_quarantine.py
    db = tmp_path / "w.duckdb"
    load_tables(db, tables_for([document("a.txt", release(TEASER_TEXT, False))]))
    before = dump(db)
    tables = tables_for([document("b.txt", release(FULL_TEXT, True, title="En annen sak"))])
    bad = tables["releases"].to_pylist()
    bad[0]["document_id"] = "ffffffffffffffff"  # points at no document: a bug, not an odd input
    tables["releases"] = pa.Table.from_pylist(bad, schema=tables["releases"].schema)
    with pytest.raises(CheckFailed, match="foreign_keys"):
        load_tables(db, tables)
    assert dump(db) == before


def test_second_writer_is_refused_at_once(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load_tables(db, tables_for([document("a.txt", release(TEASER_TEXT, False))]))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, time, sys; c = duckdb.connect({str(db)!r}); print('ready', flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(WarehouseLocked, match="another process has this warehouse open"):
            load_tables(db, tables_for([document("b.txt", release(FULL_TEXT, True))]), lock_wait=1.0)
        assert time.monotonic() - started < 10
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_ids_are_stable_hashes_of_natural_keys() -> None:
    same = ids.release_id("KS gir pengestøtte til ukraina")
    assert ids.release_id("– KS gir pengestøtte til Ukraina.") == same
    assert ids.person_id("Gunn Marit Helgesen") == ids.person_id("gunn marit  helgesen")
    assert len(ids.stable_id("x")) == 16


def test_query_is_read_only(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load_tables(db, tables_for([document("a.txt", release(TEASER_TEXT, False))]))
    with pytest.raises(duckdb.Error):
        query(db, "delete from releases")
    with pytest.raises(duckdb.Error, match="disabled"):
        query(db, f"copy releases to '{tmp_path / 'out.csv'}'")
    assert not (tmp_path / "out.csv").exists()
    assert query(db, "select count(*) from releases")[1] == [(1,)]


def test_load_waits_for_a_reader_to_let_go(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load_tables(db, tables_for([document("a.txt", release(TEASER_TEXT, False))]))
    reader = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, time; c = duckdb.connect({str(db)!r}, read_only=True); print('ready', flush=True); "
         "time.sleep(2); c.close()"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "ready"
        result = load_tables(db, tables_for([document("b.txt", release(FULL_TEXT, True))]), lock_wait=30)
        assert result.after["amounts"] == 1
    finally:
        reader.wait(timeout=30)


def test_staged_batches_merge_like_one_batch(tmp_path: Path) -> None:
    from load.staging import stage_tables

    staging = tmp_path / "stage"
    stage_tables(staging, 0, tables_for([document("listing.txt", release(TEASER_TEXT, False))]))
    stage_tables(staging, 1, tables_for([document("page.txt", release(FULL_TEXT, True), T0.replace(hour=13))]))
    stage_tables(staging, 2, tables_for([document("listing2.txt", release(TEASER_TEXT, False), T0.replace(hour=14))]))
    staged = tmp_path / "staged.duckdb"
    load_tables(staged, staging=staging)

    one = tmp_path / "one.duckdb"
    load_tables(one, tables_for([document("listing.txt", release(TEASER_TEXT, False)),
                                 document("page.txt", release(FULL_TEXT, True), T0.replace(hour=13)),
                                 document("listing2.txt", release(TEASER_TEXT, False), T0.replace(hour=14))]))
    assert dump(staged) == dump(one)
    _, rows = query(staged, "select has_full_text, first_seen_at, last_seen_at from releases")
    assert [(full, first.hour, last.hour) for full, first, last in rows] == [(True, 12, 14)]
    assert query(staged, "select count(*) from quotes")[1] == [(1,)]
