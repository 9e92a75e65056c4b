"""The HTML reader alone: dump its output on every HTML input we have, or time it (and trafilatura).

    python benchmarks/html_reader.py dump /tmp/before.txt        # Document + extraction rows, one block per input
    python benchmarks/html_reader.py time --n 1000 --rounds 3    # CPU docs/s of parse + extract, one core
    python benchmarks/html_reader.py time --trafilatura --trafilatura-path DIR   # and trafilatura 2.x
    python benchmarks/html_reader.py time --fixtures --n 700     # the live fixture pages, 100 times each

`dump` writes, for each input, the repr of what the readers give (parse_input's Document and
pipeline.extract_document's rows; parse_listing_html, extract_links and next_page_link of every HTML
page; parse_body_html of the generated JSON releases) or the error they raise. Inputs: the HTML of
tests/live/fixtures, the 1,000 benchmark HTML pages of seed 1 and 300 of seed 7, 200 generated JSON
releases, HTML pages recorded from the tests (`--recorded FILE`, see `record`), and for each of those
pages variants with one element removed or unwrapped (other layouts from real page structure), and
`--random N` seeded random pages of the lines and elements the reader reacts to (also read as a body
fragment). Two
dumps of the same code are identical; compare a dump before and after a change with `cmp`.

`time` measures CPU seconds (time.process_time) of parse + extract over the generated pages, after
a warm-up, in one process: docs per CPU-second, pressroom and trafilatura alternating on the same pages.
trafilatura (`bare_extraction(html, url=…, with_metadata=True)`) is a benchmark-only dependency, never a
runtime or test one: `pip install --target DIR trafilatura==2.3.1 lxml_html_clean` and pass
`--trafilatura-path DIR` (appended to sys.path, so the project's own lxml stays first).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FETCHED = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def _live_pages() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "tests/live/fixtures").rglob("*.html")):
        yield f"https://fixture.example/{path.parent.name}/{path.stem}", path.read_text(encoding="utf-8")


def _generated(n: int, seed: int) -> Iterator[tuple[str, str]]:
    from generate import iter_documents

    for name, content in iter_documents(n, "html", seed):
        yield f"https://kommunikasjon.ntb.no/synthetic/{seed}/{name}", content


def _variants(url: str, html: str, count: int, rng: random.Random) -> Iterator[tuple[str, str]]:
    """The page with one element removed, or one element's tags dropped (its children kept)."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return
    paths = [tree.getroottree().getpath(e) for e in tree.iter() if isinstance(e.tag, str)][1:]
    for i in range(min(count, len(paths))):
        copy = lxml.html.document_fromstring(html)
        found = copy.getroottree().xpath(rng.choice(paths))
        if not found:
            continue
        elem = found[0]
        try:
            if rng.random() < 0.5:
                elem.drop_tree()
            else:
                elem.drop_tag()
        except ValueError:  # text lxml will not join (control characters)
            continue
        yield f"{url}#v{i}", lxml.html.tostring(copy, encoding="unicode")


# what the random pages are made of: lines and elements the reader reacts to
RANDOM_LINES = [
    "Kontakter", "Siste pressemeldinger fra KS", "Pressevakt", "Tel: 24 13 26 01", "kom@ks.no", "12.03.2024 10:15",
    "Publisert: 3. mars 2024", "– Vi er glade, sier styreleder i KS, Kari Lien.",
    "Hovedstyret i KS vedtok i dag å gi 3 millioner kroner til Ukraina.", "Om KS", "Del", "Historisk arkiv", "  ",
    "\n  ", "Mads Fremstad", "Rådgiver", "14.10.2021 11:30:11 CEST | KS | Pressemelding", "Neste side", "Les mer",
    "Kommunen kutter i skolen etter et nytt budsjett som ble vedtatt i går kveld.", "\xa0", "mandag 16:05",
]
RANDOM_TAGS = ["p", "div", "section", "article", "li", "ul", "h1", "h2", "h3", "blockquote", "header", "footer",
               "main", "nav", "aside", "table", "tr", "td", "dl", "dt", "dd", "pre", "span", "b", "strong", "i",
               "a", "time", "figure", "template", "form"]


def _random_node(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth > 5 or roll < 0.3:
        return rng.choice(RANDOM_LINES)
    if roll < 0.39:
        return rng.choice(["<br>", "<!-- c -->", "<script>var x = 'Kontakter';</script>"])
    tag = rng.choice(RANDOM_TAGS)
    attrs = ""
    if tag == "a":
        href = rng.choice(["/nyheter/1", "mailto:kom@ks.no", "tel:+4724132601", "", "/pressemelding/18420101/x"])
        attrs = f' href="{href}"'
    elif tag == "time" and rng.random() < 0.5:
        attrs = ' datetime="2024-03-12T10:00:00+01:00"'
    elif tag == "div" and rng.random() < 0.1:
        attrs = ' role="main"'
    inner = "".join(_random_node(rng, depth + 1) for _ in range(rng.randint(0, 4)))
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _random_pages(n: int, seed: int) -> Iterator[tuple[str, str]]:
    """n random pages (seeded): a head or none, 1-8 random nodes, a doctype or none, or a bare fragment."""
    for i in range(n):
        rng = random.Random(seed * 100_000 + i)
        head = rng.choice(["", '<head><title>Ein ny milliard - regjeringen.no</title><meta property="og:title" '
                               'content="OG tittel"><meta name="date" content="2024-03-01"></head>',
                           "<head><title>  </title></head>"])
        body = "".join(_random_node(rng, 0) for _ in range(rng.randint(1, 8)))
        page = (rng.choice(["<!DOCTYPE html>", ""]) + f"<html lang='nb'>{head}<body>{body}</body></html>"
                if rng.random() < 0.8 else body)
        yield f"https://ks.no/random/{seed}/{i}", page


def _recorded(path: Path | None) -> list[tuple[str, str]]:
    if path is None or not path.exists():
        return []
    with path.open("rb") as fh:
        return pickle.load(fh)


def _show(value: object) -> str:
    return repr(value)


def dump(out: Path, recorded: Path | None, variants: int, random_pages: int = 0) -> int:
    """Write every reader output (or error) to `out`; returns the number of inputs."""
    from generate import iter_documents

    from transform.pipeline import extract_document
    from transform.readers.html import extract_links, next_page_link, parse_body_html, parse_listing_html
    from transform.readers.parse import parse_input

    rng = random.Random(21)
    pages: list[tuple[str, str]] = list(_live_pages()) + _recorded(recorded)
    base = list(pages)
    for url, html in base:
        pages.extend(_variants(url, html, variants, rng))
    gen = list(_generated(1000, 1)) + list(_generated(300, 7))
    pages.extend(gen)
    for url, html in gen[:40]:
        pages.extend(_variants(url, html, 5, rng))
    pages.extend(_random_pages(random_pages, 1))
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for url, html in pages:
            n += 1
            fh.write(f"=== {url}\n")
            try:
                doc = parse_input(html, url, "html", fetched_at=FETCHED, publisher="KS")
                fh.write(_show(doc) + "\n")
                fh.write(_show(extract_document(doc)) + "\n")
            except Exception as exc:  # noqa: BLE001 - the error is part of the output
                fh.write(f"ERROR {type(exc).__name__}: {exc}\n")
            try:
                fh.write(_show(parse_listing_html(html, url, fetched_at=FETCHED, publisher="KS")) + "\n")
            except Exception as exc:  # noqa: BLE001
                fh.write(f"LISTING ERROR {type(exc).__name__}: {exc}\n")
            try:
                fh.write(_show(extract_links(html, url)) + _show(next_page_link(html, url)) + "\n")
            except Exception as exc:  # noqa: BLE001
                fh.write(f"LINKS ERROR {type(exc).__name__}: {exc}\n")
            if "/random/" in url:  # the page read as an API's body fragment too (no doctype: see docs/performance.md)
                try:
                    fh.write(_show(parse_body_html(html.removeprefix("<!DOCTYPE html>"))) + "\n")
                except Exception as exc:  # noqa: BLE001
                    fh.write(f"BODY ERROR {type(exc).__name__}: {exc}\n")
        for name, content in iter_documents(200, "json", 1):
            n += 1
            fh.write(f"=== json {name}\n")
            doc = parse_input(content, name, "json", fetched_at=FETCHED)
            fh.write(_show(doc) + "\n" + _show(extract_document(doc)) + "\n")
            fh.write(_show(parse_body_html(content)) + "\n")
    return n


def record(out: Path, test_files: list[str]) -> int:
    """Run test files in this process and keep every page given to parse_release_html/parse_listing_html."""
    import pytest

    import transform.readers.html as html_module

    seen: list[tuple[str, str]] = []
    keys: set[str] = set()

    def wrap(func):  # type: ignore[no-untyped-def]
        def inner(html, url, *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(html, str) and html not in keys:
                keys.add(html)
                seen.append((f"{url}#recorded{len(seen)}", html))
            return func(html, url, *args, **kwargs)
        return inner

    html_module.parse_release_html = wrap(html_module.parse_release_html)
    html_module.parse_listing_html = wrap(html_module.parse_listing_html)
    pytest.main(["-q", "-x", "-p", "no:cacheprovider", *test_files])
    with out.open("wb") as fh:
        pickle.dump(seen, fh)
    return len(seen)


def time_reader(n: int, rounds: int, use_trafilatura: bool, trafilatura_path: Path | None = None,
                fixtures: bool = False) -> None:
    """Print docs per CPU-second of pressroom's parse + extract (and trafilatura's) on n pages."""
    from transform.pipeline import extract_document
    from transform.readers.parse import parse_input

    # the live fixture pages, repeated to n pages, or the first n generated pages
    pages = (list(_live_pages()) * n)[:n] if fixtures else list(_generated(n, 1))

    def ours() -> None:
        for url, html in pages:
            extract_document(parse_input(html, url, "html", fetched_at=FETCHED))

    runners = {"pressroom": ours}
    if use_trafilatura:
        if trafilatura_path:  # a `pip install --target DIR trafilatura`, after our own packages
            sys.path.append(str(trafilatura_path))
        from trafilatura import bare_extraction

        def theirs() -> None:
            for url, html in pages:
                bare_extraction(html, url=url, with_metadata=True)

        runners["trafilatura"] = theirs
    for url, html in pages[:20]:  # warm-up: imports, models, compiled patterns
        extract_document(parse_input(html, url, "html", fetched_at=FETCHED))
        if use_trafilatura:
            bare_extraction(html, url=url, with_metadata=True)
    for r in range(rounds):
        for name, run in runners.items():
            start = time.process_time()
            run()
            cpu = time.process_time() - start
            print(f"round {r + 1} {name:12s} {n} docs {cpu:6.2f} CPU s {n / cpu:7.1f} docs/s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--recorded", type=Path, help="pages recorded from the tests (see `record`)")
    d.add_argument("--variants", type=int, default=60, help="variants per fixture or recorded page")
    d.add_argument("--random", type=int, default=0, help="random pages (seed 1) to add")
    r = sub.add_parser("record")
    r.add_argument("out", type=Path)
    r.add_argument("tests", nargs="+")
    t = sub.add_parser("time")
    t.add_argument("--n", type=int, default=1000)
    t.add_argument("--rounds", type=int, default=3)
    t.add_argument("--trafilatura", action="store_true")
    t.add_argument("--fixtures", action="store_true", help="the HTML pages of tests/live/fixtures, repeated")
    t.add_argument("--trafilatura-path", type=Path, help="a folder trafilatura was pip-installed into with --target")
    args = parser.parse_args(argv)
    if args.command == "dump":
        print(dump(args.out, args.recorded, args.variants, args.random), "inputs dumped to", args.out)
    elif args.command == "record":
        print(record(args.out, args.tests), "pages recorded to", args.out)
    else:
        time_reader(args.n, args.rounds, args.trafilatura, args.trafilatura_path, args.fixtures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
