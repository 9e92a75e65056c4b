"""The layout of transform/: readers and extractors in folders of their own, the extractor version over all of it."""

from __future__ import annotations

import ast
from pathlib import Path

from flows.batches import code_version, versioned_sources

REPO = Path(__file__).resolve().parent.parent


def test_extractor_version_covers_subfolders_and_decoding() -> None:
    names = {f"{p.parent.name}/{p.name}" for p in versioned_sources()}
    assert {"extractors/quotes.py", "extractors/amounts.py", "readers/textdump.py", "readers/html.py",
            "transform/normalise.py", "extract/files.py", "chrome/nb.txt", "stopwords/sv.txt",
            "listing/nb.txt"} <= names
    assert len(code_version()) == 16


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_extractors_do_not_import_readers_and_transform_does_no_io() -> None:
    """Extractors read text, never page layouts; nothing in transform/ imports extract/, load/ or flows/."""
    for path in (REPO / "transform").rglob("*.py"):
        imported = _imports(path)
        assert not {m for m in imported if m.split(".")[0] in {"extract", "load", "flows", "duckdb", "prefect"}}, path
        if path.parent.name == "extractors":
            assert not {m for m in imported if m.startswith("transform.readers")}, path


def test_parse_error_lives_outside_the_readers() -> None:
    from transform.errors import ParseError
    from transform.readers.parse import ParseError as Reexported

    assert Reexported is ParseError
    for path in (REPO / "transform" / "readers").glob("*.py"):
        assert "transform.readers.parse" not in _imports(path) or path.name == "parse.py", path
