"""Which of two staged copies of one release the load keeps (sql/load/005_stage.sql within a load,
sql/load/010_takeover.sql across loads), as a table: full text, then the longer body (a null body is
length 0), then the smaller document id, nulls last; and the kept row is one copy whole, its title,
lead, body, aside and document together, whichever way the copies arrive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa
import pytest

from load.warehouse import load_tables
from transform.normalise import empty_table

T0 = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
RELEASE = "r-ties"
BODY = "Kommunene får 1,2 mrd. kroner mer i skjønnsmidler neste år, opplyser departementet."


class Copy(NamedTuple):
    """One staged copy: its document (or none), whether it is the full text, and its body."""

    document_id: str | None
    has_full_text: bool | None
    body: str | None


class Case(NamedTuple):
    name: str
    a: Copy
    b: Copy
    one_load: str  # the copy kept when both are staged in one load
    a_then_b: str | None  # ... when a is stored by one load and b staged by the next (None: not checked)
    b_then_a: str | None


CASES = [
    Case("full text beats a longer teaser",
         Copy("doc-2", True, BODY[:20]), Copy("doc-1", False, BODY), "a", "a", "a"),
    Case("equal completeness: the longer body",
         Copy("doc-1", True, BODY[:40]), Copy("doc-2", True, BODY), "b", "b", "b"),
    Case("teasers: the longer body",
         Copy("doc-1", False, BODY[:10]), Copy("doc-2", False, BODY[:11]), "b", "b", "b"),
    Case("equal length: the smaller document id",
         Copy("doc-2", True, BODY[:30]), Copy("doc-1", True, BODY[-30:]), "b", "b", "b"),
    Case("a null body is as long as an empty one: the smaller document id",
         Copy("doc-1", False, None), Copy("doc-2", False, ""), "a", "a", "a"),
    Case("an empty body against a null one: the smaller document id",
         Copy("doc-1", False, ""), Copy("doc-2", False, None), "a", "a", "a"),
    Case("a null body loses to any text",
         Copy("doc-1", False, None), Copy("doc-2", False, "x"), "b", "b", "b"),
    Case("unknown completeness (null) comes after a teaser",
         Copy("doc-1", None, BODY), Copy("doc-2", False, ""), "b", None, None),
    # a stored release without a document has no document link: the next load removes it
    # (sql/load/before/010_rebuild.sql), so a later copy is kept whatever its rank
    Case("no document comes after a document of equal rank",
         Copy(None, True, BODY[:25]), Copy("doc-2", True, BODY[-25:]), "b", "b", "b"),
    Case("a longer body wins whatever its document",
         Copy(None, False, BODY[:5]), Copy("doc-1", False, BODY[:4]), "a", "b", "a"),
]


def tables(*copies: tuple[str, Copy], release_type: dict[str, str | None] | None = None,
           language: dict[str, str | None] | None = None,
           title_key: dict[str, str | None] | None = None) -> dict[str, pa.Table]:
    """A load's staged rows: the copies of release RELEASE (told apart by their title, lead and aside),
    their documents and their links; a copy's type, language and title key by its name when given."""
    releases, documents, links = [], {}, []
    for name, copy in copies:
        releases.append({
            "release_id": RELEASE, "url": None, "title": f"Skjønnsmidler ({name})", "lead": f"Ingress {name}",
            "body": copy.body, "published_at": T0, "release_type": (release_type or {}).get(name, "Pressemelding"),
            "publisher": "KS",
            "language": (language or {}).get(name, "nb"), "has_full_text": copy.has_full_text,
            "title_is_quote": False, "document_id": copy.document_id, "first_seen_at": T0, "last_seen_at": T0,
            "title_key": (title_key or {}).get(name),
            "title_source": "layout:ntb", "aside": f"copy {name}",
        })
        if copy.document_id is not None:
            documents[copy.document_id] = {"document_id": copy.document_id,
                                           "source_uri": f"/ties/{copy.document_id}.txt", "kind": "text_dump",
                                           "fetched_at": T0, "first_seen_at": T0, "last_seen_at": T0}
            links.append({"release_id": RELEASE, "document_id": copy.document_id,
                          "seen_as": "full_text" if copy.has_full_text else "teaser",
                          "source_document_id": copy.document_id})

    def table(name: str, rows: list[dict]) -> pa.Table:
        schema = empty_table(name).schema
        return pa.Table.from_pylist([{c: row.get(c) for c in schema.names} for row in rows], schema=schema)

    return {"releases": table("releases", releases), "documents": table("documents", list(documents.values())),
            "release_documents": table("release_documents", links)}


def kept(db: Path) -> tuple[str, ...]:
    """Which copy the stored release is, read from each of its columns that goes with the copy."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select title, lead, aside, body, document_id from releases").fetchall()
    assert len(rows) == 1
    title, lead, aside, body, document_id = rows[0]
    return title.removeprefix("Skjønnsmidler (").removesuffix(")"), lead.removeprefix("Ingress "), \
        aside.removeprefix("copy "), body, document_id


def expected(case: Case, name: str) -> tuple[str, ...]:
    copy = case.a if name == "a" else case.b
    return name, name, name, copy.body, copy.document_id


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_load_keeps_the_most_complete_copy(tmp_path: Path, case: Case) -> None:
    for order in (("a", case.a), ("b", case.b)), (("b", case.b), ("a", case.a)):
        db = tmp_path / f"{order[0][0]}.duckdb"
        load_tables(db, tables(*order))
        assert kept(db) == expected(case, case.one_load), order[0][0]


@pytest.mark.parametrize("case", [c for c in CASES if c.a_then_b], ids=[c.name for c in CASES if c.a_then_b])
def test_a_later_load_takes_over_only_with_a_more_complete_copy(tmp_path: Path, case: Case) -> None:
    for first, second, want in (("a", "b", case.a_then_b), ("b", "a", case.b_then_a)):
        db = tmp_path / f"{first}{second}.duckdb"
        load_tables(db, tables((first, getattr(case, first))))
        load_tables(db, tables((second, getattr(case, second))))
        assert kept(db) == expected(case, want), f"{first} then {second}"


def test_twins_keep_one_copy_whole(tmp_path: Path) -> None:
    # two staged copies of one release from one document, equal in completeness and body length but not
    # in their text or URL: the row is one of them, never a mix
    a = tables(("a", Copy("doc-1", True, BODY[:30])))
    b = tables(("b", Copy("doc-1", True, BODY[-30:])))
    rows = pa.concat_tables([a["releases"], b["releases"].set_column(
        1, "url", pa.array(["https://www.ks.no/b"], pa.string()))])
    db = tmp_path / "twins.duckdb"
    load_tables(db, {**a, "releases": rows})
    name = kept(db)[0]
    assert kept(db) == expected(Case("", Copy("doc-1", True, BODY[:30]), Copy("doc-1", True, BODY[-30:]),
                                     "", None, None), name)
    with duckdb.connect(str(db), read_only=True) as con:
        # the URL of a copy that has none is the other copy's (005_stage.sql): both copies give b's URL
        assert con.execute("select url from releases").fetchall() == [("https://www.ks.no/b",)]


def stored(db: Path, column: str) -> str | None:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"select {column} from releases").fetchone()[0]


# columns that go with the kept copy: each is that copy's own value in a fresh build (005_stage.sql),
# never filled in from another copy; (full text's value, teaser's value)
KEPT_COPY_COLUMNS = [
    (column, full, teaser)
    for column, value, other in (("release_type", "Nyhet", "Pressemelding"), ("language", "nb", "nn"),
                                 ("title_key", "skjonnsmidler", "skjonnsmidler-2024"))
    for full, teaser in ((None, other), (value, other), (value, None))
]


@pytest.mark.parametrize(("column", "full_value", "teaser_value"), KEPT_COPY_COLUMNS,
                         ids=[f"{c}-{f}-{t}" for c, f, t in KEPT_COPY_COLUMNS])
def test_the_kept_copys_value_whichever_load_brings_the_teaser(tmp_path: Path, column: str,
                                                               full_value: str | None,
                                                               teaser_value: str | None) -> None:
    # a generated listing's teaser prints '| Pressemelding', its full text no type: a fresh build keeps
    # the full text's (none); a later load bringing only the teaser (read again as another release's
    # copy) merged the teaser's type in, so the warehouse differed from a fresh build. The language and
    # the title key follow the same rule, whichever load brings which copy.
    full, teaser = Copy("doc-1", True, BODY), Copy("doc-2", False, BODY[:30])
    values = {"a": full_value, "b": teaser_value}
    fresh = tmp_path / "fresh.duckdb"
    load_tables(fresh, tables(("a", full), ("b", teaser), **{column: values}))
    assert stored(fresh, column) == full_value
    for first, second in (("a", "b"), ("b", "a")):
        later = tmp_path / f"{first}{second}.duckdb"
        copies = {"a": full, "b": teaser}
        load_tables(later, tables((first, copies[first]), **{column: values}))
        load_tables(later, tables((second, copies[second]), **{column: values}))
        assert stored(later, column) == full_value, f"{first} then {second}"
