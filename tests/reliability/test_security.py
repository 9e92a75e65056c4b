"""Security: fetches stay on configured public hosts, archive paths come from hashes, SQL is bound,
`pressroom query` cannot write, and nothing fetched is executed or rendered unescaped."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import requests
from conftest import REPO, FaultServer, dump, respond, synthetic_release
from requests.adapters import BaseAdapter
from typer.testing import CliRunner

from extract.archive import ArchiveError, FetchRecord, RawArchive
from extract.http import FetchError, PoliteClient, non_public_address
from extract.live import collect
from extract.sources import HttpSettings, SourceConfig
from load.warehouse import load_tables
from transform.models import QuoteMention, ReleaseExtraction
from transform.normalise import tables_for
from transform.readers.rss import parse_rss

FAST = HttpSettings(delay_seconds=0.0, retries=0, connect_timeout_seconds=1.0, read_timeout_seconds=1.0)
PUBLIC = "press.example.no"
PUBLIC_IP = "93.184.216.34"


class FakeInternet(BaseAdapter):
    """The public press room, as a transport: canned responses per path, every request recorded."""

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
        super().__init__()
        self.routes = routes
        self.requested: list[str] = []

    def send(self, request, **kwargs):
        self.requested.append(request.url)
        path = request.path_url.split("?")[0]
        status, headers, body = self.routes.get(path, (404, {}, b"not found"))
        response = requests.Response()
        response.status_code, response.url, response.request = status, request.url, request
        response.headers.update({"Content-Type": "text/html", **headers})
        response.raw = __import__("io").BytesIO(body)
        return response

    def close(self) -> None:
        pass


def public_client(internet: FakeInternet, resolve=lambda _h: [PUBLIC_IP]) -> PoliteClient:
    session = requests.Session()
    session.mount(f"https://{PUBLIC}", internet)
    return PoliteClient(FAST, allowed_hosts=[PUBLIC], session=session, sleep=lambda _s: None,
                        resolve=resolve)


ROBOTS = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")


@pytest.mark.parametrize("target", [
    "http://127.0.0.1:{port}/hemmelig", "http://localhost:{port}/hemmelig", "http://10.0.0.7/admin",
    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:{port}/hemmelig",
    "http://172.16.0.1/", "file:///etc/passwd", "http://{public}.evil.example/",
])
def test_redirect_from_public_source_to_private_or_other_host_is_refused(fault_server: FaultServer,
                                                                        target: str) -> None:
    fault_server.routes["/hemmelig"] = respond("200 OK", b"intern hemmelighet")
    port = fault_server.base.rsplit(":", 1)[1]
    location = target.format(port=port, public=PUBLIC)
    internet = FakeInternet({"/robots.txt": ROBOTS, "/pressemelding/1": (302, {"Location": location}, b"")})
    client = public_client(internet)
    with pytest.raises(FetchError, match="refused"):
        client.get(f"https://{PUBLIC}/pressemelding/1")
    assert fault_server.hits.get("/hemmelig", 0) == 0
    assert all(url.startswith(f"https://{PUBLIC}/") for url in internet.requested)


@pytest.mark.parametrize("answer", [["10.1.2.3"], ["127.0.0.1"], ["192.168.0.10"], ["169.254.169.254"],
                                    ["::1"], ["fd00::1"], [PUBLIC_IP, "10.9.9.9"]])
def test_public_host_name_resolving_to_a_private_address_is_never_contacted(answer: list[str]) -> None:
    internet = FakeInternet({"/robots.txt": ROBOTS, "/x": (200, {}, b"<h1>x</h1>")})
    client = public_client(internet, resolve=lambda _h: answer)
    with pytest.raises(FetchError, match="resolves to non-public address"):
        client.get(f"https://{PUBLIC}/x")
    assert internet.requested == []


@pytest.mark.parametrize(("host", "answer", "expected"), [
    ("press.example.no", [PUBLIC_IP], None),
    ("press.example.no", ["10.0.0.5"], "10.0.0.5"),
    ("press.example.no", [], None),  # does not resolve: the request fails on its own
    ("127.0.0.1", ["127.0.0.1"], None),  # a literal address is only reached when it is itself allowed
    ("localhost", [], "127.0.0.1"),
])
def test_non_public_address(host: str, answer: list[str], expected: str | None) -> None:
    assert non_public_address(host, lambda _h: answer) == expected


def test_links_in_a_public_listing_to_private_hosts_are_not_fetched(fault_server: FaultServer,
                                                                    tmp_path: Path) -> None:
    fault_server.routes["/aktuelt/hemmelig-sak/"] = respond("200 OK", b"<h1>intern</h1><p>intern</p>")
    port = fault_server.base.rsplit(":", 1)[1]
    listing = (f'<html><body><h1>Aktuelt</h1><a href="http://127.0.0.1:{port}/aktuelt/hemmelig-sak/">A</a>'
               '<a href="http://10.0.0.7/aktuelt/intern-sak/">B</a>'
               f'<a href="https://{PUBLIC}/aktuelt/god-sak/">C</a></body></html>').encode()
    article = ("<html><body><h1>God sak</h1><p>Kommunene får mer penger til skole og barnehage i år, "
               "skriver KS.</p></body></html>").encode()
    internet = FakeInternet({"/robots.txt": ROBOTS, "/aktuelt/": (200, {}, listing),
                             "/aktuelt/god-sak/": (200, {}, article)})
    source = SourceConfig(name="offentlig", kind="ksno", base_url=f"https://{PUBLIC}", publisher="KS",
                          allowed_hosts=(PUBLIC,), rss_path=None, list_path=None, v2_list_path=None,
                          detail_path=None, pressroom_path=None, listing_paths=("/aktuelt/",),
                          article_pattern=r".*/aktuelt/[^/]+/$")
    result = collect(source, archive=RawArchive(tmp_path / "a"), validators={}, client=public_client(internet))
    assert fault_server.hits.get("/aktuelt/hemmelig-sak/", 0) == 0
    assert all(url.startswith(f"https://{PUBLIC}/") for url in internet.requested)
    assert f"https://{PUBLIC}/aktuelt/god-sak/" in {p.url for p in result.pages}


# ---- archive paths come from hashes ------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["../../../etc/passwd", "a" * 63, "A" * 64, "../" + "a" * 61, "", "a" * 64 + "/"])
def test_archive_path_only_from_a_sha256(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ArchiveError, match="not a sha256"):
        RawArchive(tmp_path).path_for(bad)


def test_archive_layout_never_uses_the_url(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path / "arkiv")
    for body in (b"<h1>../../etc/passwd</h1>", b"http://evil.example/../../x", b""):
        archive.put(body)
    files = [p.relative_to(archive.root).as_posix() for p in archive.root.rglob("*") if p.is_file()]
    assert files and all(re.fullmatch(r"objects/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\.gz", f) for f in files)


def test_tampered_index_cannot_read_outside_the_archive(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path / "arkiv")
    from datetime import UTC, datetime

    archive.record(FetchRecord(url="https://x.no/1", status=200, etag=None, last_modified=None,
                               content_type="text/html", sha256="../../../../etc/passwd", n_bytes=1,
                               fetched_at=datetime.now(UTC), error=None, changed=True, kind="html"))
    with pytest.raises(ArchiveError, match="not a sha256"):
        list(archive.iter_pages())


# ---- SQL values are bound; query is read-only ----------------------------------------------------------

HOSTILE = "Robert'); drop table releases; -- «</script><script>alert('x')</script>» \\ \" ; select 1"


def hostile_warehouse(tmp_path: Path) -> Path:
    doc, [ext] = synthetic_release(3)
    rel = ext.release.__class__(**{**{f: getattr(ext.release, f) for f in ext.release.__slots__},
                                   "title": HOSTILE, "url": "javascript:alert(document.cookie)"})
    quote = QuoteMention(HOSTILE, 0, 10, HOSTILE, "sier", "explicit", "Eve <img src=x onerror=alert(1)>", None, None)
    ext = ReleaseExtraction(release=rel, quotes=(quote,), people=ext.people, amounts=ext.amounts)
    db = tmp_path / "w.duckdb"
    load_tables(db, tables_for([(doc.__class__(**{**{f: getattr(doc, f) for f in doc.__slots__},
                                                  "source_uri": HOSTILE}), [ext])]))
    return db


def test_hostile_values_are_stored_verbatim(tmp_path: Path) -> None:
    rows = dump(hostile_warehouse(tmp_path))
    assert [r[2] for r in rows["releases"]] == [HOSTILE]
    assert [r[4] for r in rows["quotes"]] == [HOSTILE]
    assert [r[1] for r in rows["documents"]] == [HOSTILE]


# f-strings in SQL may interpolate only identifiers and SQL text from the repo, never data.
# COPY_OPTIONS[fmt]: a fixed option string of load/export.py, chosen by a format checked against FORMATS
SQL_FSTRING_PARTS = {"t", "query", "name", "', '.join(cols)", "placeholders", "ident", "path_literal",
                     "COPY_OPTIONS[fmt]", "readings"}


def test_sql_is_never_built_from_values() -> None:
    offenders = []
    for path in [*(REPO / "load").glob("*.py"), *(REPO / "pressroom").glob("*.py"), *(REPO / "flows").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "sql", "query") and node.args):
                continue
            for part in ast.walk(node.args[0]):
                if isinstance(part, ast.FormattedValue):
                    text = ast.unparse(part.value)
                    if text not in SQL_FSTRING_PARTS and not text.startswith("stg_"):
                        offenders.append(f"{path.name}:{node.lineno}: {{{text}}}")
    assert not offenders, offenders


@pytest.mark.parametrize("sql", ["delete from releases", "drop table releases", "update releases set title = 'x'",
                                 "insert into people values ('p', 'x', null, null)",
                                 "create table stjålet as select * from releases"])
def test_pressroom_query_opens_the_warehouse_read_only(tmp_path: Path, sql: str) -> None:
    from pressroom.cli import app

    db = hostile_warehouse(tmp_path)
    before = dump(db)
    result = CliRunner().invoke(app, ["query", sql, "--db", str(db)])
    assert result.exit_code == 1
    assert "read-only" in result.output.lower() or "read only" in result.output.lower(), result.output
    assert dump(db) == before


# ---- nothing fetched is executed or rendered unescaped ---------------------------------------------------

def test_report_escapes_everything_fetched(tmp_path: Path) -> None:
    from load.report import build_report

    page = build_report(hostile_warehouse(tmp_path), tmp_path / "rapport").read_text(encoding="utf-8")
    assert "<script>alert(" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "javascript:alert" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert" in page or "\\u003c/script" in page


def test_rss_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("PASSORD=hunter2", encoding="utf-8")
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            "<rss><channel><item><title>Sak &xxe;</title><description>Om &xxe;</description>"
            "</item></channel></rss>").encode()
    items = parse_rss(feed)
    assert all("hunter2" not in (i.title + i.description) for i in items)


def test_no_code_path_executes_fetched_text() -> None:
    dangerous = re.compile(r"(?<![\w.])(?:eval|exec|compile|pickle\.loads?|yaml\.load|os\.system)\s*\(|subprocess")
    for path in [*(REPO / "extract").glob("*.py"), *(REPO / "transform").glob("*.py")]:
        assert not dangerous.search(path.read_text(encoding="utf-8")), path
