"""Bad local input: each file gives a clear error naming it, or is read correctly; the run goes on."""

from __future__ import annotations

import codecs
import re
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO, dump, synthetic_release

from extract.file_hash import file_sha256
from extract.files import MAX_FILE_BYTES, InputError, expand, read_file, read_files
from load.warehouse import load_tables
from transform.batch import extract_batch
from transform.extractors.amounts import extract_amounts
from transform.normalise import money, plausible_published_at, tables_for
from transform.readers.html import MAX_HTML_DEPTH, parse_release_html
from transform.readers.rss import rss_document
from transform.text import repair_mojibake

SAMPLE = REPO / "data" / "samples" / "000_0c407894616695cd.txt"
TITLE = "Kommunene får 2,5 milliarder kroner mindre enn ventet"
BODY = ("Regjeringens forslag gir kommunesektoren 2,5 milliarder kroner mindre enn KS hadde regnet med. "
        "– Dette rammer tjenestene til innbyggerne, og det må rettes opp i budsjettforliket, sier "
        "styreleder i KS, Gunn Marit Helgesen. Kommunene har allerede skåret ned på drift i to år, og "
        "flere melder om underskudd på både skole, pleie og omsorg.")
TEXT = f"{TITLE}\n{BODY}\n"
DEEP = MAX_HTML_DEPTH + 50

# (file name, bytes, expected): an InputError/parse failure whose message matches, or a title read.
BAD_INPUTS = [
    ("tom.txt", b"", ("error", r"tom\.txt: empty file")),
    ("blank.md", b"  \n\t\r\n ", ("error", r"blank\.md: empty file")),
    ("bare-mellomrom.txt", "\u00a0 \u2003\n".encode(), ("error", r"bare-mellomrom\.txt: empty file")),
    ("bilde.txt", bytes(range(256)) * 40, ("error", r"bilde\.txt: binary file")),
    ("logo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), ("error", r"logo\.html: binary file")),
    ("rapport.pdf", b"%PDF-1.7\n", ("error", r"rapport\.pdf: unknown format '\.pdf'")),
    ("latin1.txt", TEXT.replace("–", "-").encode("latin-1"), ("title", TITLE)),
    ("cp1252.txt", (TEXT + "«Dette er alvorlig» – sier hun …\n").encode("cp1252"), ("title", TITLE)),
    ("utf16le.txt", TEXT.encode("utf-16"), ("title", TITLE)),
    ("utf16be.txt", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), ("title", TITLE)),
    ("utf8bom.txt", codecs.BOM_UTF8 + TEXT.encode(), ("title", TITLE)),
    ("mojibake.txt", TEXT.encode().decode("latin-1").encode(), ("title", TITLE)),
    ("mojibake-cp1252.txt", TEXT.encode().decode("cp1252", errors="replace").encode(), ("title", TITLE)),
    ("uten-body.html", b"<html><head><title>KS</title></head></html>", ("error", r"uten-body\.html: no body text")),
    ("tom-body.html", b"<html><head></head><body>  </body></html>", ("error", r"tom-body\.html: no title and no body")),
    ("dyp.html", b"<html><body><h1>Dypt</h1>" + b"<div>" * DEEP + b"<p>x</p>" + b"</div>" * DEEP + b"</body></html>",
     ("error", rf"dyp\.html: .*nested {DEEP + 3} elements deep")),
    ("halv.json", b'{"id": 18420101, "versions": {"no": {"title": "Godt sig', ("error", r"halv\.json: malformed JSON")),
    ("liste.json", b'[{"title": "Godt signal"}]', ("error", r"liste\.json: JSON of the wrong shape.*got list")),
    ("tall.json", b"42", ("error", r"tall\.json: JSON of the wrong shape.*got int")),
    ("feil-form.json", b'{"id": 18420101, "versions": 5}', ("error", r"feil-form\.json: release JSON lacks")),
    ("tom-tittel.json", b'{"title": "", "body": "<p>tekst</p>"}', ("error", r"tom-tittel\.json: .*empty 'title'")),
    ("liste-tittel.json", b'{"title": ["Godt signal for eldre"], "body": "<p>Tekst om eldre.</p>"}',
     ("title", "Godt signal for eldre")),
]


def outcome(path: Path) -> tuple[str, str]:
    """("error", message) or ("title", first release title) for one file, as a run sees it."""
    try:
        item = read_file(path)
    except InputError as exc:
        return "error", str(exc)
    batch = extract_batch([item])
    if batch.failures:
        return "error", batch.failures[0][1]
    return "title", batch.results[0][0].releases[0].title


@pytest.mark.parametrize(("name", "data", "expected"), BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_gives_clear_error_or_is_read(tmp_path: Path, name: str, data: bytes,
                                                expected: tuple[str, str]) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    kind, value = outcome(path)
    assert kind == expected[0], value
    if kind == "error":
        assert name in value and re.search(expected[1], value), value
        assert "Traceback" not in value and len(value) < 400
    else:
        assert value == expected[1]


def test_a_files_hash_without_reading_its_text_is_the_hash_a_run_records(tmp_path: Path) -> None:
    """file_sha256 (the unchanged re-run's check) gives LocalInput.sha256 for every file a run reads,
    in every encoding; a file a run cannot read is not hashed either, or hashes to what no run loaded."""
    for name, data, _expected in BAD_INPUTS:
        (tmp_path / name).write_bytes(data)
    paths = [*(tmp_path / name for name, _, _ in BAD_INPUTS), *sorted((REPO / "data" / "samples").glob("*.txt"))]
    read = 0
    for path in paths:
        try:
            item = read_file(path)
        except InputError:
            continue
        read += 1
        assert file_sha256(path) == item.sha256, path.name
    assert read >= 12
    with pytest.raises(InputError, match="cannot read"):
        file_sha256(tmp_path / "gone.txt")


def test_mojibake_body_is_repaired_not_just_the_title(tmp_path: Path) -> None:
    path = tmp_path / "mojibake.txt"
    path.write_bytes(TEXT.encode().decode("latin-1").encode())
    item = read_file(path)
    assert "Ã" not in item.text and "â€" not in item.text
    assert "får" in item.text and "– Dette rammer" in item.text


@pytest.mark.parametrize(("broken", "fixed"), [
    ("KommunesektorenÃ¸ fÃ¥r mer", "Kommunesektorenø får mer"),
    ("â€“ Vi er sjokkerte, sier Helgesen", "– Vi er sjokkerte, sier Helgesen"),
    ("Ã†rlig talt, sa Ã…se i TromsÃ¸", "Ærlig talt, sa Åse i Tromsø"),
    ("Prisen er 5 â‚¬ per innbygger", "Prisen er 5 € per innbygger"),
    ("Blåbær og «sitat» – helt riktig tekst", "Blåbær og «sitat» – helt riktig tekst"),  # negative
    ("ÆØÅ æøå Ø» Æ\u00a0og São Paulo", "ÆØÅ æøå Ø» Æ\u00a0og São Paulo"),  # negative: real letters kept
])
def test_repair_mojibake(broken: str, fixed: str) -> None:
    assert repair_mojibake(broken) == fixed
    assert repair_mojibake(fixed) == fixed


def test_file_over_the_size_cap_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "stor.html"
    with path.open("wb") as fh:  # sparse: 50 MB + 1 byte without writing them
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match=rf"stor\.html: {MAX_FILE_BYTES + 1} bytes, over the"):
        read_file(path)


def test_deeply_nested_html_fails_fast(tmp_path: Path) -> None:
    depth = 100_000  # hung the parser for minutes before the depth cap
    html = "<html><body><h1>Dypt</h1>" + "<div>" * depth + "tekst" + "</div>" * depth + "</body></html>"
    started = datetime.now(UTC)
    with pytest.raises(ValueError, match="nested"):
        parse_release_html(html, "dyp.html")
    assert (datetime.now(UTC) - started).total_seconds() < 10


def test_reasonably_nested_html_is_still_read() -> None:
    depth = 60
    html = ("<html><body><h1>KS vil ha flere lærlinger</h1>" + "<div>" * depth
            + "<p>Kommunene tok inn rekordmange lærlinger i år, og KS vil ha enda flere.</p>"
            + "</div>" * depth + "</body></html>")
    doc = parse_release_html(html, "ok.html")
    assert doc.releases[0].text.startswith("Kommunene tok inn rekordmange")


def test_the_rest_of_the_run_goes_on_and_loads(tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    folder.mkdir()
    for name, data, _ in BAD_INPUTS:
        (folder / name).write_bytes(data)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    paths, failures = expand([folder, tmp_path / "finnes-ikke"])
    assert failures == [(str(tmp_path / "finnes-ikke"), "no such file or directory")]
    items = list(read_files(paths))
    inputs = [i for i in items if not isinstance(i, Exception)]
    errors = [str(i) for i in items if isinstance(i, Exception)]
    batch = extract_batch(inputs)
    failed = errors + [reason for _, reason in batch.failures]
    # a directory is read for its .txt/.md/.html/.json files only: rapport.pdf is not an input there
    expected_errors = {name for name, _, exp in BAD_INPUTS if exp[0] == "error" and not name.endswith(".pdf")}
    assert len(failed) == len(expected_errors)
    assert all(any(name in reason for reason in failed) for name in expected_errors)
    read = {Path(doc.source_uri).name for doc, _ in batch.results}
    assert SAMPLE.name in read and "latin1.txt" in read
    db = tmp_path / "w.duckdb"
    result = load_tables(db, tables_for(batch.results))
    assert all(n == 0 for _, n in result.checks)
    rows = dump(db)
    ids = [r[0] for r in rows["releases"]]
    assert len(ids) == len(set(ids)) > 0


# ---- RSS with bad dates: the item is kept, its date is unknown (None), nothing raises -----------------

@pytest.mark.parametrize("pub_date", [
    "ikke en dato", "Thu, 45 Foo 2023 25:61:00 +0200", "31.02.2023", "Mon, 32 Jan 2024 10:00:00 GMT",
    "9999-99-99", "", "Fri, 01 Jan 10000 00:00:00 +0000", "0000-00-00T00:00:00Z", "2023-02-30T10:00:00+01:00",
])
def test_rss_item_with_bad_date_is_kept_without_a_date(pub_date: str) -> None:
    xml = ("<rss version='2.0'><channel><item><title>KS vil ha flere lærlinger</title>"
           "<link>https://kommunikasjon.ntb.no/pressemelding/18420101</link>"
           f"<pubDate>{pub_date}</pubDate><description>Kommunene tok inn flere lærlinger.</description>"
           "</item></channel></rss>").encode()
    doc = rss_document(xml, "https://kommunikasjon.ntb.no/rss/releases/latest?publisherId=15032900")
    assert [r.title for r in doc.releases] == ["KS vil ha flere lærlinger"]
    assert doc.releases[0].published_at is None


def test_rss_date_in_the_future_does_not_fail_the_whole_load(tmp_path: Path) -> None:
    fetched = datetime(2025, 10, 15, 12, tzinfo=UTC)
    xml = (b"<rss><channel><item><title>Feil dato i feeden</title><link>https://x.no/1</link>"
           b"<pubDate>Fri, 01 Jan 2100 10:00:00 +0000</pubDate></item></channel></rss>")
    doc = rss_document(xml, "https://x.no/rss", fetched_at=fetched, publisher="KS")
    assert doc.releases[0].published_at == datetime(2100, 1, 1, 10, tzinfo=UTC)
    good = synthetic_release(1, fetched_at=fetched)
    db = tmp_path / "w.duckdb"
    load_tables(db, tables_for([(doc, [_bare(doc)]), good]))  # raised CheckFailed before the fix
    releases = {r[2]: r[5] for r in dump(db)["releases"]}
    assert releases["Feil dato i feeden"] is None
    assert releases[good[0].title] is not None


def test_a_release_dated_ahead_is_kept_and_warned_an_implausible_year_is_left_empty(tmp_path: Path) -> None:
    """Issue 20: '3.3.2031 09:00:00 CET | Pressemelding' loaded as NULL with no warning."""
    body = ("\nRegjeringen foreslår å øke rammetilskuddet til kommunene med 300 millioner kroner for å "
            "styrke barnevernet i hele landet neste år, sier statsråden.\n")
    (tmp_path / "embargo.txt").write_text("Kommunene får mer til barnevern\n3.3.2031 09:00:00 CET | "
                                          "Pressemelding" + body, encoding="utf-8")
    (tmp_path / "typo.txt").write_text("Kommunene får mer til skole\n3.3.2099 09:00:00 CET | Pressemelding"
                                       + body, encoding="utf-8")
    paths, _ = expand([tmp_path])
    batch = extract_batch(read_files(paths))
    db = tmp_path / "w.duckdb"
    result = load_tables(db, tables_for(batch.results))
    releases = {r[2]: r[5] for r in dump(db)["releases"]}
    assert releases["Kommunene får mer til barnevern"] == datetime(2031, 3, 3, 8, tzinfo=UTC)
    assert releases["Kommunene får mer til skole"] is None
    warnings = dict(batch.warnings)
    assert "line 2 '3.3.2031 09:00:00 CET | Pressemelding'" in next(w for k, w in warnings.items()
                                                                     if k.endswith("embargo.txt"))
    assert "2099-03-03 is after 2050" in next(w for k, w in warnings.items() if k.endswith("typo.txt"))
    assert result.warned["releases_not_in_future"]["rows"] == 1 and result.quarantined == {}


def _bare(doc):
    from transform.models import ReleaseExtraction

    return ReleaseExtraction(release=doc.releases[0])


@pytest.mark.parametrize(("published", "kept"), [
    (datetime(2361, 3, 21, tzinfo=UTC), False),  # epoch in the wrong unit
    (datetime(2100, 1, 1, tzinfo=UTC), False),
    (datetime(1899, 12, 30, tzinfo=UTC), False),
    (datetime(2025, 1, 1, 23, tzinfo=UTC), True),
    (datetime(2020, 1, 1, tzinfo=UTC), True),
    (datetime(2030, 1, 1, tzinfo=UTC), True),  # ahead of the fetch: kept (an embargo), warned by the reader
])
def test_plausible_published_at(published: datetime, kept: bool) -> None:
    assert (plausible_published_at(published) == published) is kept


# ---- absurd numbers never overflow DECIMAL(38,2) ---------------------------------------------------------

@pytest.mark.parametrize(("sentence", "values"), [
    ("Regjeringen lover 9999999999999999999 milliarder kroner til kommunene, påstår innlegget.", []),
    ("KS ber om " + "9" * 400 + " kroner i kompensasjon.", []),
    ("Budsjettet er 1e308 kroner ifølge regnearket.", []),
    ("Det koster 9 999 999 999 999 999 kroner å bygge alt på nytt.", [Decimal("9999999999999999.00")]),
    ("Kommunene får 999 999 999 999 999,99 kroner.", [Decimal("999999999999999.99")]),
    ("Staten bruker 1 billion kroner på helse.", [Decimal("1000000000000.00")]),
])
def test_absurd_amounts_are_dropped_or_fit(sentence: str, values: list[Decimal]) -> None:
    assert [a.value for a in extract_amounts(sentence)] == values


def test_huge_amount_loads_into_decimal_column(tmp_path: Path) -> None:
    doc, [ext] = synthetic_release(7)
    text = ext.release.text
    big = Decimal("9999999999999999.99")
    amount = ext.amounts[0].__class__(big, "NOK", "exact", "9 999 999 999 999 999,99 kroner", text, 0, 10)
    ext = ext.__class__(release=ext.release, quotes=ext.quotes, people=ext.people, amounts=(amount,))
    db = tmp_path / "w.duckdb"
    load_tables(db, tables_for([(doc, [ext])]))
    assert [r[2] for r in dump(db)["amounts"]] == [big]
    assert money(Decimal("1e40")) is None and money(Decimal("NaN")) is None


def _in_a_thread(work, seconds: float = 60.0):
    """Run `work()` in a thread; fail (instead of hanging the suite) when it has not returned in time."""
    import threading

    out: list = []
    thread = threading.Thread(target=lambda: out.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked: the read never returned"
    return out[0]


def test_a_file_swapped_for_a_fifo_after_the_scan_fails_that_input_and_does_not_block(tmp_path: Path) -> None:
    """Before: open() waited for a writer that never came; the run hung, SIGTERM was not handled."""
    import os

    folder = tmp_path / "inn"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT.replace("2,5", "3,5"), encoding="utf-8")
    paths, failures = expand([folder])
    assert not failures and len(paths) == 2
    (folder / "b.txt").unlink()
    os.mkfifo(folder / "b.txt")
    items = _in_a_thread(lambda: list(read_files(paths)))
    assert isinstance(items[0], Exception) is False and items[0].source_uri.endswith("a.txt")
    assert isinstance(items[1], InputError)
    assert re.fullmatch(rf"{re.escape(str(folder / 'b.txt'))}: a FIFO \(named pipe\) now \(changed after the "
                        r"folder was read\), not read", str(items[1])), str(items[1])


def test_a_file_swapped_for_a_symlink_after_the_scan_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    [path], _ = expand([folder])
    path.unlink()
    path.symlink_to("/etc/passwd")
    with pytest.raises(InputError, match=r"a\.txt: a symbolic link now .*not followed"):
        read_file(path)


def test_nul_bytes_after_the_first_8_kib_are_dropped_from_the_text(tmp_path: Path) -> None:
    """Before: stored in releases.body and quotes.text, and `7 millioner\\0 kroner` gave no amount."""
    filler = "\n".join(f"Avsnitt {n}: kommunene har lagt fram planene sine for neste år." for n in range(160))
    tail = "– Kommunen får 7 millioner\0 kroner til skolen, sier\0 ordfører Kari Nordmann."
    path = tmp_path / "nul.txt"
    path.write_bytes(f"{TITLE}\n{filler}\n{tail}\n".encode())
    assert b"\0" not in path.read_bytes()[:8192]
    item = read_file(path)
    assert "\0" not in item.text and "7 millioner kroner" in item.text
    batch = extract_batch([item])
    [(doc, extractions)] = batch.results
    assert "\0" not in doc.text
    assert [(a.value, a.raw_text) for ex in extractions for a in ex.amounts] == [(Decimal(7_000_000),
                                                                                  "7 millioner kroner")]
    assert all("\0" not in q.text for ex in extractions for q in ex.quotes)
