"""A static HTML dashboard of the warehouse views: `report/index.html`, self-contained and readable offline.

Plots are Plotly figures with plotly.js embedded once, inline (no CDN, no network); tables are plain
HTML. The plotly wheel ships only the full plotly.js bundle (~4.6 MB, `plotly/package_data/plotly.min.js`),
not the ~1 MB basic one, so that is what the page carries; the rest of the page is small. Everything
read from the warehouse (titles, names, quotes, sentences, URLs) is untrusted: it is HTML-escaped in
tables, escaped again before it reaches Plotly (whose labels understand a little HTML), and only
http(s) URLs become links.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from load.warehouse import connect

OSLO = ZoneInfo("Europe/Oslo")
DEFAULT_OUT = Path("report")
TOP_PEOPLE = 15
PEOPLE_PER_MONTH = 8
TABLE_ROWS = 50
PLOT_CONFIG = {"displaylogo": False, "responsive": True}
# Months on a time axis: 2022-05 and 2025-09 sit as far apart as they are in time; a month's bar
# spans its month (xperiod), and ticks read as months.
MONTH_AXIS = {"type": "date", "tickformat": "%Y-%m"}
MONTH_BARS = {"xperiod": "M1", "xperiodalignment": "middle"}
UNTYPED = "uten type"
UNDATED = "uten dato"
# The publishing calendar bins by day over at most this many days, by ISO week up to WEEKS_UP_TO days,
# by month beyond: a bar one day wide over years is a hairline.
DAYS_UP_TO = 62
WEEKS_UP_TO = 730
WEEK_MS = 7 * 24 * 3600 * 1000

# Collects script errors and console.error calls into an attribute of <html>, so a headless browser
# test (and a reader with devtools) can see whether the page rendered cleanly; it runs before plotly.js.
ERROR_PROBE = """<script>
(function () {
  var errors = [];
  function note(message) {
    errors.push(String(message));
    document.documentElement.setAttribute("data-js-errors", errors.join(" | "));
  }
  window.addEventListener("error", function (e) { note(e.message); });
  var consoleError = console.error;
  console.error = function () {
    note(Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
})();
</script>"""

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1 { margin-bottom: .2rem; } .sub { color: #666; margin-top: 0; }
section { margin: 2.5rem 0; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { border: 1px solid #ddd; border-radius: .5rem; padding: .6rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #eee; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } td.num { text-align: right; white-space: nowrap; }
mark { background: #fff1a8; } .note { color: #666; font-size: .85rem; }
"""


@dataclass(frozen=True, slots=True)
class Section:
    """One titled part of the dashboard: an optional plot and an optional table (grain: one section)."""

    title: str
    note: str
    plot: go.Figure | None = None
    table: str = ""


def esc(value: object) -> str:
    """HTML-escaped text of a value: esc('<b>Helgesen</b>') -> '&lt;b&gt;Helgesen&lt;/b&gt;'; None -> ''."""
    return "" if value is None else html.escape(str(value), quote=True)


def label(value: object, limit: int = 60) -> str:
    """A plot label: shortened to `limit` characters, then escaped, since Plotly reads tags in labels.

    label('Gunn Marit <i>Helgesen</i>') -> 'Gunn Marit &lt;i&gt;Helgesen&lt;/i&gt;'.
    """
    text = "–" if value is None else " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: safe_url('https://kommunikasjon.ntb.no/x') keeps it,
    safe_url('javascript:alert(1)') -> None."""
    if not url:
        return None
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("http://", "https://")) else None


def money(value: Decimal | float | int | None) -> str:
    """A money value with thin-space thousands: money(Decimal('1500000000.00')) -> '1 500 000 000'."""
    if value is None:
        return ""
    number = Decimal(value)
    text = f"{number:,.2f}" if number != number.to_integral_value() else f"{number:,.0f}"
    return text.replace(",", "\u202f")


def when(value: datetime | date | None) -> str:
    """A timestamp shown in Oslo time ('2022-05-12 10:57'), a date as ISO ('2022-05-12'), None as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(OSLO) if value.tzinfo else value
        return local.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def dated(value: datetime | date | None) -> str:
    """A table cell's date: when(value), and 'uten dato' for a release without a date (never blank)."""
    return UNDATED if value is None else when(value)


def nice_step(top: float, ticks: int = 5) -> float:
    """The axis step of 1, 2 or 5 times a power of ten that covers 0..`top` in at most `ticks` steps.

    nice_step(1_160_000) -> 500_000.0; nice_step(3) -> 1.0; nice_step(0) -> 1.0.
    """
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10.0 ** (len(str(int(raw))) - 1) if raw >= 1 else 10.0 ** _floor_log10(raw)
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def _floor_log10(value: float) -> int:
    exponent = 0
    while value < 1:
        value *= 10
        exponent -= 1
    return exponent


def count_axis(top: int) -> dict:
    """A count axis from 0 with whole-number ticks (never 0.5 quotes): count_axis(3) steps by 1."""
    return {"tickmode": "linear", "tick0": 0, "dtick": max(1, int(nice_step(top))), "tickformat": "d",
            "rangemode": "tozero"}


def money_tick(value: float, currency: str) -> str:
    """An axis label of money in the currency's units, Norwegian style.

    money_tick(1_500_000_000, 'NOK') -> '1,5 mrd. NOK'; money_tick(2_000_000, 'NOK') -> '2 mill. NOK';
    money_tick(116_000, 'EUR') -> '116 000 EUR'; money_tick(0, 'EUR') -> '0 EUR'.
    """
    for size, unit in ((1e9, "mrd."), (1e6, "mill.")):
        if abs(value) >= size:
            number = f"{value / size:.2f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{number} {unit} {currency}"
    return f"{money(Decimal(round(value)))} {currency}"


def money_axis(top: float, currency: str) -> dict:
    """A linear money axis from 0 to past `top`, its ticks labelled with units: '500 000 EUR', '1 mill. EUR'."""
    step = nice_step(top)
    count = int(top // step) + 1 if top > 0 else 1
    values = [step * i for i in range(count + 1)]
    return {"type": "linear", "tickmode": "array", "tickvals": values,
            "ticktext": [money_tick(v, currency) for v in values], "range": [0, values[-1] * 1.05]}


def month_label(value: date) -> str:
    """A month as a sortable label: date(2024, 2, 1) -> '2024-02'."""
    return value.strftime("%Y-%m")


def month_start(value: date | datetime) -> str:
    """The first day of a month as the ISO date Plotly's time axis reads: date(2024, 2, 1) -> '2024-02-01'."""
    return date(value.year, value.month, 1).isoformat()


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def html_table(rows: Sequence[dict], columns: Sequence[tuple[str, str]],
               render: dict[str, Callable[[dict], str]] | None = None, numeric: Sequence[str] = ()) -> str:
    """An HTML table: `columns` are (key, heading); `render` maps a key to a function returning HTML.

    Cells without a renderer are escaped text. html_table([{'n': 2}], [('n', 'antall')]) ->
    '<table><thead><tr><th>antall</th>…'.
    """
    render = render or {}
    if not rows:
        return '<p class="note">Ingen rader ennå.</p>'
    head = "".join(f"<th>{esc(h)}</th>" for _, h in columns)
    body = []
    for row in rows:
        cells = []
        for key, _ in columns:
            content = render[key](row) if key in render else esc(row.get(key))
            cls = ' class="num"' if key in numeric else ""
            cells.append(f"<td{cls}>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def release_link(title: str | None, url: str | None) -> str:
    """The release title as escaped HTML, linked when its URL is http(s)."""
    href = safe_url(url)
    text = esc(title)
    return f'<a href="{esc(href)}" rel="noopener noreferrer">{text}</a>' if href else text


def marked_sentence(sentence: str | None, raw: str | None) -> str:
    """The sentence escaped, with the first occurrence of the amount's raw text wrapped in <mark>."""
    sentence = sentence or ""
    if raw and raw in sentence:
        i = sentence.index(raw)
        return f"{esc(sentence[:i])}<mark>{esc(raw)}</mark>{esc(sentence[i + len(raw):])}"
    return esc(sentence)


def _figure(title: str, traces: list | go.Figure, empty: bool, **layout) -> go.Figure:
    fig = traces if isinstance(traces, go.Figure) else go.Figure(data=traces)
    layout = {"height": 420, **layout}
    fig.update_layout(title=label(title, 120), margin={"l": 60, "r": 20, "t": 60, "b": 60},
                      template="plotly_white", legend={"orientation": "h", "y": -0.2}, **layout)
    if empty:
        # no axes at all: an empty axis would show a meaningless range (-1 … 4)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        fig.add_annotation(text="Ingen data ennå", showarrow=False, x=0.5, y=0.5, xref="paper",
                           yref="paper", font={"size": 16, "color": "#888"})
    return fig


def releases_figure(rows: list[dict]) -> go.Figure:
    """Stacked bars of releases per month, one colour per release type (undated releases left out)."""
    dated = [r for r in rows if r["month"] is not None]
    traces = []
    for rtype in sorted({r["release_type"] for r in dated}, key=lambda t: (t is None, t or "")):
        mine = sorted((r for r in dated if r["release_type"] == rtype), key=lambda r: r["month"])
        traces.append(go.Bar(x=[month_start(r["month"]) for r in mine], y=[r["n_releases"] for r in mine],
                             name=label(rtype if rtype is not None else UNTYPED), **MONTH_BARS))
    per_month: dict = {}
    for r in dated:
        per_month[r["month"]] = per_month.get(r["month"], 0) + r["n_releases"]
    return _figure("Publiseringer per måned og type", traces, not traces, barmode="stack",
                   yaxis={"title": "publiseringer", **count_axis(max(per_month.values(), default=0))},
                   xaxis=MONTH_AXIS)


def quotes_month_figure(rows: list[dict]) -> go.Figure:
    """Quotes per month for the most quoted people, one line per person."""
    totals: dict[str, int] = {}
    for r in rows:
        if r["month"] is not None:  # ranked by dated quotes: the ones the chart can show
            totals[r["person_id"]] = totals.get(r["person_id"], 0) + r["n_quotes"]
    top = sorted(totals, key=lambda p: (-totals[p], p))[:PEOPLE_PER_MONTH]
    traces = []
    for pid in top:
        mine = sorted((r for r in rows if r["person_id"] == pid and r["month"] is not None),
                      key=lambda r: r["month"])
        if mine:
            traces.append(go.Scatter(x=[month_start(r["month"]) for r in mine], y=[r["n_quotes"] for r in mine],
                                     mode="markers", name=label(mine[0]["full_name"])))
    # markers only: a line would join months years apart as if the months between had quotes
    top_count = max((r["n_quotes"] for r in rows if r["month"] is not None), default=0)
    return _figure("Sitater per person per måned", traces, not traces,
                   yaxis={"title": "sitater", **count_axis(top_count)}, xaxis=MONTH_AXIS)


def most_quoted_figure(rows: list[dict]) -> go.Figure:
    """Horizontal bars of the most quoted people, most quoted at the top."""
    top = rows[:TOP_PEOPLE][::-1]
    names = [label(r["full_name"]) for r in top]
    traces = [go.Bar(x=[r["n_quotes"] for r in top], y=names, orientation="h",
                     hovertext=[label(r["latest_role"]) for r in top], name="sitater")] if top else []
    return _figure("Mest siterte personer", traces, not top,
                   xaxis={"title": "sitater", **count_axis(max((r["n_quotes"] for r in top), default=0))},
                   height=max(420, 28 * len(top) + 120))


def amounts_figure(rows: list[dict]) -> go.Figure:
    """Bars of the summed amounts per year, one panel per currency, each on its own linear axis in
    that currency's units (EUR 116 000 is no sliver beside NOK 5 mrd.); amounts from undated
    releases are the bar 'uten dato' of their currency's panel, so every amount is in the chart."""
    if not rows:
        return _figure("Beløp per valuta og år (sum)", [], True)
    currencies = sorted({r["currency"] for r in rows})
    years = sorted({r["year"] for r in rows if r["year"] is not None})
    categories = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    if any(r["year"] is None for r in rows):
        categories.append(UNDATED)
    fig = make_subplots(rows=len(currencies), cols=1, subplot_titles=[label(c) for c in currencies],
                        vertical_spacing=min(0.12, 0.4 / len(currencies)))
    for i, currency in enumerate(currencies, start=1):
        mine = sorted((r for r in rows if r["currency"] == currency),
                      key=lambda r: (r["year"] is None, r["year"] or 0))
        values = [float(r["total_value"] or 0) for r in mine]
        fig.add_trace(go.Bar(x=[UNDATED if r["year"] is None else str(r["year"]) for r in mine], y=values,
                             name=label(currency), showlegend=False,
                             text=[f"{r['n_amounts']} beløp" for r in mine],
                             hovertext=[money_tick(v, currency) for v in values], hoverinfo="text+x"),
                      row=i, col=1)
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=categories, row=i, col=1)
        fig.update_yaxes(**money_axis(max(values), currency), row=i, col=1)
    return _figure("Beløp per valuta og år (sum, én akse per valuta)", fig, False,
                   height=max(420, 230 * len(currencies) + 120))


def calendar_bins(rows: list[dict]) -> tuple[str, list[tuple[str, int, list[str]]]]:
    """The calendar's bars: ('dag' | 'uke' | 'måned', [(first day of the bin, releases, titles)]).

    By day over at most DAYS_UP_TO days, by ISO week (Monday) up to WEEKS_UP_TO days, by month beyond,
    so that a bar is wide enough to see. Rows are release_calendar rows (published_on, n_releases, titles).
    """
    if not rows:
        return "dag", []
    days = sorted(rows, key=lambda r: r["published_on"])
    span = (days[-1]["published_on"] - days[0]["published_on"]).days
    unit = "dag" if span <= DAYS_UP_TO else "uke" if span <= WEEKS_UP_TO else "måned"

    def start(day: date) -> date:
        if unit == "uke":
            return date.fromordinal(day.toordinal() - day.weekday())
        return date(day.year, day.month, 1) if unit == "måned" else day

    bins: dict[date, tuple[int, list[str]]] = {}
    for r in days:
        key = start(r["published_on"])
        n, titles = bins.get(key, (0, []))
        bins[key] = (n + r["n_releases"], titles + [t for t in r["titles"] or [] if t])  # untitled: no hover line
    return unit, [(key.isoformat(), n, titles) for key, (n, titles) in sorted(bins.items())]


def calendar_figure(rows: list[dict]) -> go.Figure:
    """Bars of dated releases per day, week or month (calendar_bins), wide enough to see over years."""
    unit, bins = calendar_bins(rows)
    period = {"dag": {}, "uke": {"xperiod": WEEK_MS, "xperiodalignment": "start"},
              "måned": MONTH_BARS}[unit]
    traces = [go.Bar(x=[b[0] for b in bins], y=[b[1] for b in bins],
                     hovertext=[label("; ".join(b[2]), 200) for b in bins], name="publiseringer",
                     **period)] if bins else []
    title = {"dag": "dag", "uke": "uke", "måned": "måned"}[unit]
    return _figure(f"Publiseringskalender (per {title})", traces, not bins,
                   yaxis={"title": f"publiseringer per {title}", **count_axis(max((b[1] for b in bins), default=0))},
                   xaxis=MONTH_AXIS if unit == "måned" else {"type": "date"})


def people_note(rows: list[dict]) -> str:
    """Who the quotes-per-month chart shows, with the real count: 'De 8 mest siterte personene (av 12)'
    when more are quoted in dated releases, 'Alle 2 siterte personer' when 2 are, 'Den ene siterte
    personen' for one."""
    quoted = {r["person_id"] for r in rows if r["month"] is not None}
    if len(quoted) > PEOPLE_PER_MONTH:
        return f"De {PEOPLE_PER_MONTH} mest siterte personene (av {len(quoted)})"
    if not quoted:
        return "Ingen daterte sitater ennå"
    if len(quoted) == 1:
        return "Den ene siterte personen"
    return f"Alle {len(quoted)} siterte personer"


def sections(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, int], list[Section]]:
    """Headline counts and the dashboard sections, read from the views of an open warehouse."""
    totals = _rows(con, """
        select
            (select count(*) from releases) as releases,
            (select count(*) from releases where has_full_text) as full_text,
            (select count(*) from quotes) as quotes,
            (select count(*) from people) as people,
            (select count(*) from amounts) as amounts,
            (select count(*) from documents) as documents
    """)[0]
    per_type = _rows(con, "select * from releases_per_type_month")
    per_month = _rows(con, "select * from quotes_per_person_month")
    quoted = _rows(con, "select * from most_quoted_people order by rank, full_name")
    per_year = _rows(con, "select * from amounts_per_currency_year order by currency, year")
    sentences = _rows(con, f"""
        select * from amount_sentences
        order by published_at desc nulls last, release_title, char_start
        limit {TABLE_ROWS}
    """)
    roles = _rows(con, f"""
        select * from person_roles_over_time
        order by last_seen_at desc nulls last, full_name, role
        limit {TABLE_ROWS}
    """)
    calendar = _rows(con, "select * from release_calendar order by published_on")
    counties = _rows(con, f"""
        select county_name, county_id, count(*) as n_months, sum(n_releases) as n_releases, max(month) as last_month
        from releases_per_county_month group by all
        order by n_releases desc, county_name limit {TABLE_ROWS}
    """)
    place_money = _rows(con, f"""
        select * from amounts_per_place_year
        order by year desc nulls last, total_value desc, place_name limit {TABLE_ROWS}
    """)
    runs = _rows(con, """
        select started_at, status, source, documents_read, documents_failed, rows_releases, rows_quotes,
               rows_amounts
        from ingest_runs order by started_at desc limit 10
    """)
    undated = sum(r["n_releases"] for r in per_type if r["month"] is None)
    undated_quotes = sum(r["n_quotes"] for r in per_month if r["month"] is None)
    undated_amounts = sum(r["n_amounts"] for r in per_year if r["year"] is None)
    quotes_note = people_note(per_month)
    amounts_note = (f" {undated_amounts} beløp fra publiseringer uten dato står i søylen «{UNDATED}»."
                    if undated_amounts else "")
    unit, _ = calendar_bins(calendar)
    result = [
        Section("Publiseringer", f"Per måned (Oslo-tid) og type. {undated} publiseringer uten dato er "
                "ikke med i grafen.", releases_figure(per_type)),
        Section("Sitater over tid", f"{quotes_note}, sitater per måned. "
                f"{undated_quotes} sitater fra publiseringer uten dato er ikke med i grafen.",
                quotes_month_figure(per_month)),
        Section("Mest siterte personer", "Rangert etter antall sitater, med siste kjente rolle.",
                most_quoted_figure(quoted),
                html_table(quoted[:TABLE_ROWS], [("rank", "#"), ("full_name", "navn"),
                                                 ("latest_role", "siste rolle"), ("n_quotes", "sitater"),
                                                 ("n_releases", "publiseringer"),
                                                 ("last_quoted_at", "sist sitert")],
                           {"last_quoted_at": lambda r: esc(dated(r["last_quoted_at"]))},
                           numeric=("rank", "n_quotes", "n_releases"))),
        Section("Beløp", "Én graf per valuta, hver med sin akse. Summen legger sammen laveste verdi i "
                f"intervaller; samme beløp nevnt i to publiseringer telles to ganger.{amounts_note} "
                "Tabellen viser setningen bak hvert beløp.",
                amounts_figure(per_year),
                html_table(sentences, [("value", "beløp"), ("currency", "valuta"),
                                       ("qualifier", "presisjon"), ("sentence", "setning"),
                                       ("release_title", "publisering"), ("published_at", "publisert")],
                           {"value": lambda r: esc(money(r["value"]) + (
                                f" – {money(r['value_high'])}" if r["value_high"] is not None else "")),
                            "sentence": lambda r: marked_sentence(r["sentence"], r["raw_text"]),
                            "release_title": lambda r: release_link(r["release_title"], r["release_url"]),
                            "published_at": lambda r: esc(dated(r["published_at"]))},
                           numeric=("value",))),
        Section("Roller over tid", "Hver persons roller, med første og siste publisering rollen står i.",
                None,
                html_table(roles, [("full_name", "navn"), ("role", "rolle"),
                                   ("organisation", "organisasjon"), ("first_seen_at", "først"),
                                   ("last_seen_at", "sist"), ("n_releases", "publiseringer")],
                           {"first_seen_at": lambda r: esc(dated(r["first_seen_at"])),
                            "last_seen_at": lambda r: esc(dated(r["last_seen_at"]))},
                           numeric=("n_releases",))),
        Section("Publiseringskalender", f"Daterte publiseringer per {unit} (Oslo-tid); tabellen viser "
                "hver dag med minst én.",
                calendar_figure(calendar),
                html_table(calendar[::-1][:TABLE_ROWS],
                           [("published_on", "dato"), ("iso_week", "uke"), ("n_releases", "antall"),
                            ("titles", "titler")],
                           {"titles": lambda r: "<br>".join(esc(t) for t in r["titles"] or [])},
                           numeric=("iso_week", "n_releases"))),
        Section("Steder", "Fylker (län, regioner) etter antall daterte publiseringer som nevner fylket eller en "
                "kommune i det; beløp i setninger som nevner en kommune eller et fylke, per sted, år og valuta.",
                None,
                html_table(counties, [("county_name", "fylke"), ("county_id", "nummer"),
                                      ("n_releases", "publiseringer"), ("n_months", "måneder"),
                                      ("last_month", "siste måned")], {}, numeric=("n_releases", "n_months"))
                + html_table(place_money, [("place_name", "sted"), ("code", "nummer"), ("year", "år"),
                                           ("currency", "valuta"), ("total_value", "sum"),
                                           ("n_amounts", "beløp"), ("n_releases", "publiseringer")],
                             {"total_value": lambda r: esc(money(r["total_value"]))},
                             numeric=("year", "total_value", "n_amounts", "n_releases"))),
        Section("Innlesinger", "De siste kjøringene av pipelinen.", None,
                html_table(runs, [("started_at", "startet"), ("status", "status"), ("source", "kilde"),
                                  ("documents_read", "dokumenter"), ("documents_failed", "feilet"),
                                  ("rows_releases", "nye publiseringer"), ("rows_quotes", "nye sitater"),
                                  ("rows_amounts", "nye beløp")],
                           {"started_at": lambda r: esc(when(r["started_at"]))},
                           numeric=("documents_read", "documents_failed", "rows_releases", "rows_quotes",
                                    "rows_amounts"))),
    ]
    return totals, result


def render_html(totals: dict[str, int], parts: Sequence[Section], generated_at: datetime | None = None) -> str:
    """The whole dashboard page: plotly.js inline once, then one <section> per part.

    Input: sections(con); output: '<!DOCTYPE html><html lang="nb">…</html>' with no external resources.
    """
    cards = "".join(f'<div class="card"><b>{esc(n)}</b>{esc(name)}</div>' for name, n in (
        ("publiseringer", totals["releases"]), ("med fulltekst", totals["full_text"]),
        ("sitater", totals["quotes"]), ("personer", totals["people"]), ("beløp", totals["amounts"]),
        ("dokumenter", totals["documents"])))
    body = []
    for i, part in enumerate(parts):
        plot = ""
        if part.plot is not None:
            plot = part.plot.to_html(full_html=False, include_plotlyjs=False, div_id=f"plot-{i}",
                                     config=PLOT_CONFIG)
        body.append(f"<section><h2>{esc(part.title)}</h2><p class=\"note\">{esc(part.note)}</p>"
                    f"{plot}{part.table}</section>")
    stamp = f" Laget {esc(when(generated_at))}." if generated_at else ""
    return (
        '<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>pressroom – oversikt</title>\n"
        f"<style>{CSS}</style>\n{ERROR_PROBE}\n"
        # plotly.js inline: the page must open offline, from a file, with no CDN.
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        "</head>\n<body>\n<h1>pressroom</h1>\n"
        f'<p class="sub">Pressemeldinger, personer, sitater og beløp fra lageret.{stamp}</p>\n'
        f'<div class="cards">{cards}</div>\n' + "\n".join(body) + "\n</body>\n</html>\n"
    )


def build_report(db: str | Path, out_dir: str | Path = DEFAULT_OUT,
                 generated_at: datetime | None = None) -> Path:
    """Render the dashboard of the warehouse `db` into `out_dir/index.html`; returns that path.

    Args:
        db: the warehouse file, opened read-only for the few queries and closed before rendering.
        out_dir: folder for index.html (created when missing).
        generated_at: time stamp printed on the page; None prints none (reproducible output).

    Raises:
        FileNotFoundError: no warehouse at `db`.
        load.warehouse.WarehouseLocked: a writer holds the file.
    """
    with connect(db, read_only=True) as con:
        totals, parts = sections(con)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    partial = out / ".index.html.partial"
    partial.write_text(render_html(totals, parts, generated_at), encoding="utf-8")
    partial.replace(path)  # a reader (or a dashboard server) never sees a half-written page
    return path
