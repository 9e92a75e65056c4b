"""extract/language_model.py: the language model's tables kept uncompressed in the cache folder, read back
memory-mapped, the same arrays bit for bit, so the same languages; a damaged or unwritable cache never
stops a run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.language_model import cache_root, kept_tables, model_key, read_tables
from transform.extractors.language import RANKER_TABLES_FORMAT, RankerTables, _FastRanker, _identifier, ranker_tables

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built() -> RankerTables:
    return ranker_tables(_identifier())


def same_tables(a: RankerTables, b: RankerTables) -> None:
    for name in RankerTables.ARRAYS:
        left, right = getattr(a, name), getattr(b, name)
        assert left.dtype == right.dtype and left.shape == right.shape, name
        assert np.array_equal(left.view(np.uint8), right.view(np.uint8)), name  # bit for bit (float16 too)
    assert (a.classes, a.alias_pairs, a.depth) == (b.classes, b.alias_pairs, b.depth)


def test_kept_tables_are_written_once_then_mapped(tmp_path: Path, built: RankerTables) -> None:
    first = kept_tables(tmp_path)
    folder = tmp_path / model_key()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{name}.npy" for name in RankerTables.ARRAYS] + ["tables.json"])
    written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    again = kept_tables(tmp_path)
    assert isinstance(again.weights16, np.memmap) and not again.weights16.flags.writeable
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == written  # read, not written again
    same_tables(first, built)
    same_tables(again, built)
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no temporary folder left


def test_mapped_tables_rank_as_py3langid(tmp_path: Path, built: RankerTables) -> None:
    kept_tables(tmp_path)
    ranker = _FastRanker(read_tables(tmp_path / model_key()))
    pages = sorted((REPO / "data" / "samples").glob("*.txt"))[:3] + sorted(
        (REPO / "data" / "real2" / "corpus").glob("*.txt"))[:5]
    assert len(pages) == 8
    for page in pages:
        sample = page.read_text(encoding="utf-8")[:2000]
        assert ranker.rank(sample) == _identifier().rank(sample), page.name


@pytest.mark.parametrize("damage", ["truncate weights16", "drop output", "bad json", "wrong shape"])
def test_a_damaged_folder_is_built_again(tmp_path: Path, built: RankerTables, damage: str) -> None:
    kept_tables(tmp_path)
    folder = tmp_path / model_key()
    if damage == "truncate weights16":
        data = (folder / "weights16.npy").read_bytes()
        (folder / "weights16.npy").write_bytes(data[: len(data) // 2])
    elif damage == "drop output":
        (folder / "output.npy").unlink()
    elif damage == "bad json":
        (folder / "tables.json").write_text("{", encoding="utf-8")
    else:
        np.save(folder / "prior.npy", np.zeros(3, dtype=np.float32))
    same_tables(kept_tables(tmp_path), built)
    same_tables(read_tables(folder), built)  # written whole again
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


def test_an_unwritable_cache_only_costs_the_unpacking(tmp_path: Path, built: RankerTables) -> None:
    root = tmp_path / "cache"
    root.write_text("a file where the folder should be", encoding="utf-8")
    same_tables(kept_tables(root), built)


def test_the_folder_names_what_the_tables_depend_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = model_key()
    assert key.startswith("langid-0.") and key.endswith(f"-f{RANKER_TABLES_FORMAT}")
    monkeypatch.setenv("PRESSROOM_CACHE_DIR", str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    monkeypatch.delenv("PRESSROOM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_root() == tmp_path / "x" / "pressroom"
