"""Fuzz the HTML readers (release and listing pages) and the extractors: `python fuzz/fuzz_html.py [seconds]`.

Bytes are decoded as a fetched page would be (extract.live); only HtmlShapeError/ParseError may come out.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import main

from extract.archive import RawPage, sha256_hex
from extract.live import parse_raw_page
from transform.errors import ParseError
from transform.pipeline import extract_document

T0 = datetime(2025, 1, 1, tzinfo=UTC)
URL = "https://kommunikasjon.ntb.no/pressemelding/18420101/fuzz?publisherId=15032900"


def one_input(data: bytes) -> None:
    """Parse one body as a release page and as a listing page; raises only on a bug."""
    for kind in ("html", "ksno_listing"):
        page = RawPage(url=URL, final_url=URL, status=200, content_type="text/html", body=data,
                       sha256=sha256_hex(data), fetched_at=T0, kind=kind, publisher="KS")
        try:
            doc = parse_raw_page(page)
        except ParseError:
            continue
        extract_document(doc)


if __name__ == "__main__":
    seconds = float(sys.argv.pop(1)) if len(sys.argv) > 1 and sys.argv[1].replace(".", "").isdigit() else 120
    main("html", one_input, seconds)
