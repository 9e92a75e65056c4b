"""The HTML dashboard: escaped, self-contained, and rendered without errors in headless Chromium."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from bs4 import BeautifulSoup
from test_views import analytics_batch, build_analytics_warehouse
from typer.testing import CliRunner

from load.report import build_report, esc, label, marked_sentence, money, safe_url, when
from load.warehouse import connect, load_tables, migrate
from pressroom.analytics_cli import register
from transform.normalise import tables_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed: `apt-get update && apt-get install -y chromium` "
           "(Debian/Ubuntu; .ci/run installs it)")

HOSTILE_TITLE = '<script>alert("tittel")</script> Kommunene & staten'
HOSTILE_NAME = "Ola <img src=x onerror=alert(1)> Nordmann"


# ---- small helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("KS’ styreleder", "KS’ styreleder"),
    ('<b onclick="x()">Helgesen</b>', "&lt;b onclick=&quot;x()&quot;&gt;Helgesen&lt;/b&gt;"),
    ("Kommuner & fylker", "Kommuner &amp; fylker"),
    (None, ""),
    (42, "42"),
])
def test_esc(value, expected: str) -> None:
    assert esc(value) == expected


@pytest.mark.parametrize(("value", "limit", "expected"), [
    ("Gunn Marit Helgesen", 60, "Gunn Marit Helgesen"),
    ("Gunn Marit <i>Helgesen</i>", 60, "Gunn Marit &lt;i&gt;Helgesen&lt;/i&gt;"),
    ("Regjeringen   legger\nfram budsjettet", 60, "Regjeringen legger fram budsjettet"),
    ("Kommuneøkonomien i 2024", 12, "Kommuneøkon…"),
    (None, 60, "–"),
])
def test_label(value, limit: int, expected: str) -> None:
    assert label(value, limit) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://kommunikasjon.ntb.no/pressemelding/1/ks", "https://kommunikasjon.ntb.no/pressemelding/1/ks"),
    ("http://www.ks.no/aktuelt", "http://www.ks.no/aktuelt"),
    ("javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("/pressemelding/1/ks", None),
    (None, None),
])
def test_safe_url(url, expected) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("1500000000.00"), "1\u202f500\u202f000\u202f000"),
    (Decimal("2500.50"), "2\u202f500.50"),
    (Decimal("0.00"), "0"),
    (None, ""),
])
def test_money(value, expected: str) -> None:
    assert money(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (datetime(2022, 5, 12, 8, 57, tzinfo=UTC), "2022-05-12 10:57"),  # summer time in Oslo
    (datetime(2024, 1, 31, 23, 30, tzinfo=UTC), "2024-02-01 00:30"),
    (date(2024, 2, 1), "2024-02-01"),
    (None, ""),
])
def test_when(value, expected: str) -> None:
    assert when(value) == expected


@pytest.mark.parametrize(("sentence", "raw", "expected"), [
    ("KS krever 1,5 mrd. kroner i kompensasjon.", "1,5 mrd. kroner",
     "KS krever <mark>1,5 mrd. kroner</mark> i kompensasjon."),
    ("Tilskuddet <økes> med 3 mill. kroner.", "3 mill. kroner",
     "Tilskuddet &lt;økes&gt; med <mark>3 mill. kroner</mark>."),
    ("Ingen treff her.", "5 millioner kroner", "Ingen treff her."),
])
def test_marked_sentence(sentence: str, raw: str, expected: str) -> None:
    assert marked_sentence(sentence, raw) == expected


# ---- the page ------------------------------------------------------------------------------------

def hostile_batch():
    """The hand-made batch with an untrusted title, speaker name and URL, as a hostile page could give."""
    batch = analytics_batch()
    doc, [first] = batch[0]
    rel = dataclasses.replace(first.release, title=HOSTILE_TITLE, url="javascript:alert('url')")
    quotes = tuple(dataclasses.replace(q, speaker_name=HOSTILE_NAME) for q in first.quotes)
    batch[0] = (dataclasses.replace(doc, releases=(rel,)),
                [dataclasses.replace(first, release=rel, quotes=quotes)])
    return batch


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    db = base / "w.duckdb"
    load_tables(db, tables_for(hostile_batch()))
    return build_report(db, base / "report")


@pytest.fixture(scope="module")
def handmade_report(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("report")
    return build_report(build_analytics_warehouse(base / "w.duckdb"), base / "report")


@pytest.fixture(scope="module")
def empty_report(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("empty")
    with connect(base / "w.duckdb") as con:
        migrate(con)
    return build_report(base / "w.duckdb", base / "report")


@pytest.mark.parametrize("forbidden", [
    '<script>alert("tittel")',
    "<img src=x",
    "javascript:alert",
])
def test_untrusted_text_is_escaped(hostile_report: Path, forbidden: str) -> None:
    assert forbidden not in hostile_report.read_text(encoding="utf-8")


def test_untrusted_text_is_still_shown(hostile_report: Path) -> None:
    page = hostile_report.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;tittel&quot;)&lt;/script&gt; Kommunene &amp; staten" in page
    assert "Ola &lt;img src=x onerror=alert(1)&gt; Nordmann" in page


def test_page_is_self_contained(handmade_report: Path) -> None:
    page = handmade_report.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all("script", src=True)
    assert not soup.find_all("link")
    assert not soup.find_all(src=re.compile(r"^(https?:)?//"))
    # plotly.js inline exactly once, and the page stays a sane size.
    assert page.count("Plotly=") + page.count("plotly.js v") >= 1
    assert 3_000_000 < len(page.encode()) < 8_000_000


def test_page_has_plots_and_tables(handmade_report: Path) -> None:
    soup = BeautifulSoup(handmade_report.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("div.plotly-graph-div")) == 5
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings == ["Publiseringer", "Sitater over tid", "Mest siterte personer", "Beløp",
                        "Roller over tid", "Publiseringskalender", "Steder", "Innlesinger"]
    cells = [td.get_text() for td in soup.find_all("td")]
    assert "Gunn Marit Helgesen" in cells
    assert "Det haster også med tilskuddet på mellom 2 og 3 millioner kroner til hver region." in cells
    link = soup.find("a", string="Kommunene trenger fem milliarder mer")
    assert link["href"] == "https://kommunikasjon.ntb.no/pressemelding/1/kommunene-trenger"


def test_empty_warehouse_gives_a_page(empty_report: Path) -> None:
    page = empty_report.read_text(encoding="utf-8")
    assert "Ingen data ennå" in page
    assert "Ingen rader ennå." in page


def test_report_command(tmp_path: Path) -> None:
    db = build_analytics_warehouse(tmp_path / "w.duckdb")
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "index.html").exists()
    missing = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "nope.duckdb")])
    assert missing.exit_code == 2  # a usage error, before anything is created
    assert "no warehouse here" in " ".join(missing.output.split())
    assert not (tmp_path / "report").exists()


# ---- headless Chromium ---------------------------------------------------------------------------

CONSOLE_LINE = re.compile(r":CONSOLE[:(]\d*\)?\] \"(?P<message>.*)\", source: (?P<source>.*)$", re.MULTILINE)


def render_in_chromium(page: Path) -> tuple[BeautifulSoup, list[str]]:
    """Open `page` in headless Chromium with all network blocked; (rendered DOM, console messages)."""
    with tempfile.TemporaryDirectory(prefix="pressroom-chromium-") as profile:
        proc = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync",
             f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             # no DNS: a page that needs the network (a CDN) fails to render here
             "--host-resolver-rules=MAP * ~NOTFOUND",
             "--virtual-time-budget=15000", "--dump-dom", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    messages = [m.group("message") for m in CONSOLE_LINE.finditer(proc.stderr)]
    return BeautifulSoup(proc.stdout, "html.parser"), messages


def assert_rendered(page: Path, with_traces: bool) -> None:
    dom, console = render_in_chromium(page)
    assert dom.html is not None and not dom.html.get("data-js-errors"), dom.html.get("data-js-errors")
    errors = [m for m in console if re.search(r"error|uncaught|failed", m, re.IGNORECASE)]
    assert errors == []
    plots = dom.select("div.plotly-graph-div")
    assert len(plots) == 5
    for plot in plots:
        assert "js-plotly-plot" in plot.get("class", []), plot.get("id")
        assert plot.select("svg.main-svg"), f"{plot.get('id')} has no rendered SVG"
        if with_traces:
            assert plot.select("g.trace"), f"{plot.get('id')} rendered no trace"


@NEEDS_CHROMIUM
def test_chromium_renders_every_plot_without_errors(handmade_report: Path) -> None:
    assert_rendered(handmade_report, with_traces=True)


@NEEDS_CHROMIUM
def test_chromium_renders_hostile_page_without_running_its_scripts(hostile_report: Path) -> None:
    assert_rendered(hostile_report, with_traces=True)


@NEEDS_CHROMIUM
def test_chromium_renders_empty_report(empty_report: Path) -> None:
    assert_rendered(empty_report, with_traces=False)


@NEEDS_CHROMIUM
def test_chromium_renders_sample_report(sample_warehouse: Path, tmp_path: Path) -> None:
    assert_rendered(build_report(sample_warehouse, tmp_path / "report"), with_traces=False)


@NEEDS_CHROMIUM
def test_chromium_probe_catches_a_script_error(tmp_path: Path) -> None:
    """The error probe and console parsing can fail: a page with a broken script is caught."""
    from load.report import ERROR_PROBE

    page = tmp_path / "broken.html"
    page.write_text(f"<html><head>{ERROR_PROBE}</head><body><script>console.error('feil i grafen');"
                    "ikkeDefinert();</script></body></html>", encoding="utf-8")
    dom, console = render_in_chromium(page)
    assert "ikkeDefinert is not defined" in dom.html["data-js-errors"]
    assert "feil i grafen" in dom.html["data-js-errors"]
    assert any("feil i grafen" in m for m in console)


# ---- the plots' axes and legends (issue 15) ------------------------------------------------------

def test_months_sit_on_a_time_axis() -> None:
    from load.report import quotes_month_figure, releases_figure

    rows = [{"month": date(2022, 5, 1), "release_type": "Pressemelding", "n_releases": 2},
            {"month": date(2025, 9, 1), "release_type": "Pressemelding", "n_releases": 1}]
    fig = releases_figure(rows)
    assert fig.layout.xaxis.type == "date"
    assert list(fig.data[0].x) == ["2022-05-01", "2025-09-01"]
    quotes = quotes_month_figure([{"person_id": "p", "full_name": "Gunn Marit Helgesen", "month": m, "n_quotes": 1}
                                  for m in (date(2022, 5, 1), date(2025, 9, 1))])
    assert quotes.layout.xaxis.type == "date"
    assert quotes.data[0].mode == "markers"  # no line across three years without quotes


def test_releases_without_a_type_have_a_legend_label() -> None:
    from load.report import releases_figure

    fig = releases_figure([{"month": date(2024, 2, 1), "release_type": None, "n_releases": 3},
                           {"month": date(2024, 2, 1), "release_type": "Aktuelt", "n_releases": 1}])
    assert [t.name for t in fig.data] == ["Aktuelt", "uten type"]


def test_undated_amounts_are_still_plotted() -> None:
    from load.report import amounts_figure

    fig = amounts_figure([{"year": None, "currency": "NOK", "total_value": Decimal("1000000"), "n_amounts": 2},
                          {"year": None, "currency": "EUR", "total_value": Decimal("58000"), "n_amounts": 1}])
    assert list(fig.data[0].x) == ["EUR", "NOK"]
    assert list(fig.data[0].y) == [58000.0, 1000000.0]
    assert not fig.layout.annotations  # no "Ingen data ennå" while the warehouse has amounts


def test_empty_plots_show_no_axis_range() -> None:
    from load.report import amounts_figure, releases_figure

    for fig in (releases_figure([]), amounts_figure([])):
        assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
        assert fig.layout.annotations[0].text == "Ingen data ennå"


def test_sample_report_plots_its_amounts(sample_warehouse: Path, tmp_path: Path) -> None:
    from load.report import sections

    with connect(sample_warehouse, read_only=True) as con:
        _, parts = sections(con)
    by_title = {p.title: p for p in parts}
    assert by_title["Beløp"].plot.data  # the sample amounts are plotted, dated or not
    assert all(t.name for t in by_title["Publiseringer"].plot.data)  # every legend entry labelled
    build_report(sample_warehouse, tmp_path)
    assert not list(tmp_path.glob(".*partial"))  # written beside, then renamed
