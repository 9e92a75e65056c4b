"""Small builders shared by the property tests (kept out of conftest so hypothesis can import them)."""

from __future__ import annotations

from datetime import UTC, datetime

from transform.models import Document, ReleaseExtraction
from transform.pipeline import extract_document
from transform.readers.textdump import parse_text_dump

TEXTS = [
    "KS vil ha flere lærlinger\nKommunene tok inn rekordmange lærlinger i år. – Vi trenger enda flere, sier "
    "styreleder i KS, Gunn Marit Helgesen. KS ber staten om 200 millioner kroner til ordningen, og mener at "
    "dette er en investering i fremtidens velferd for innbyggerne i hele landet.",
    "Godt signal for eldre\nRegjeringen gir 1,5 milliarder kroner til eldreomsorg. – Dette er et godt signal, "
    "sier Helgesen. Pengene skal gå til flere ansatte i hjemmetjenesten og på sykehjem i kommunene rundt om "
    "i landet, og KS følger opp med kommunene gjennom året.",
]


def batch_of(picks: list[int]) -> list[tuple[Document, list[ReleaseExtraction]]]:
    """Documents built from the texts above; the same text may arrive from several files, at several times."""
    out = []
    for n, pick in enumerate(picks):
        text = TEXTS[pick % len(TEXTS)]
        doc = parse_text_dump(text, f"dump/{pick}-{n % 3}.txt",
                              fetched_at=datetime(2025, 1, 1 + pick, 8, tzinfo=UTC))
        out.append((doc, extract_document(doc)))
    return out
