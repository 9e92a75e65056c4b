"""Fuzz the text-dump reader and every extractor over it: `python fuzz/fuzz_textdump.py [seconds]`.

Bytes are decoded as a local file would be (extract.files.decode); only InputError may come out.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import main

from extract.files import InputError, decode
from transform.pipeline import extract_document
from transform.readers.textdump import parse_text_dump

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def one_input(data: bytes) -> None:
    """Decode, parse and extract one input; raises only on a bug."""
    try:
        text = decode(data, "fuzz.txt")
    except InputError:
        return
    doc = parse_text_dump(text, "fuzz.txt", fetched_at=T0)
    for extraction in extract_document(doc):
        text_len = len(extraction.release.text)
        for item in (*extraction.quotes, *extraction.people):
            if item.char_start == item.char_end == -1:
                continue  # a person from the contact block: no span in the text, by design
            assert 0 <= item.char_start <= item.char_end <= text_len, item


if __name__ == "__main__":
    seconds = float(sys.argv.pop(1)) if len(sys.argv) > 1 and sys.argv[1].replace(".", "").isdigit() else 120
    main("textdump", one_input, seconds)
