"""[publish]: after a run that changed the warehouse, the export and the report are refreshed in place."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from load.publish import publish
from load.warehouse import query


def test_publish_writes_export_and_report_beside_then_renames(sample_warehouse: Path, tmp_path: Path) -> None:
    done = publish(sample_warehouse, export_dir=str(tmp_path / "exports"), report_dir=str(tmp_path / "site"))
    assert len(done) == 2
    _, [(n,)] = query(sample_warehouse, "select count(*) from most_quoted_people")
    assert pq.read_metadata(tmp_path / "exports" / "most_quoted_people.parquet").num_rows == n
    assert (tmp_path / "site" / "index.html").stat().st_size > 0
    assert not list(tmp_path.rglob(".*partial"))
    assert publish(sample_warehouse) == []  # nothing configured: nothing written


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_that_changed_something_publishes_and_an_unchanged_one_does_not(tmp_path: Path,
                                                                              samples_dir: Path) -> None:
    from flows.ingest import ingest

    db = tmp_path / "w.duckdb"
    target = {"export_dir": str(tmp_path / "exports"), "export_format": "csv", "report_dir": ""}
    first = ingest(sources=[str(samples_dir)], db=str(db), publish=target, workers=1)
    assert first["status"] == "ok"
    releases = tmp_path / "exports" / "releases.csv"
    _, [(n,)] = query(db, "select count(*) from releases")
    assert len(releases.read_text(encoding="utf-8").splitlines()) >= n + 1
    releases.unlink()
    again = ingest(sources=[str(samples_dir)], db=str(db), publish=target, workers=1)
    assert again["documents_read"] == 0 and again["documents_unchanged"] == 5
    assert not releases.exists()  # nothing changed: nothing refreshed


def test_a_refresh_is_written_whole_beside_the_old_set_then_switched_in_one_rename(
        sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import load.export as export_module

    target = tmp_path / "exports"
    publish(sample_warehouse, export_dir=str(target))
    first = target.resolve()
    assert target.is_symlink() and first.parent == tmp_path / ".exports.versions"
    names = sorted(p.name for p in first.iterdir())
    assert "documents.parquet" in names and "releases.parquet" in names
    seen_during: list[tuple[Path, list[str]]] = []
    real_copy = export_module._copy

    def watching(con, name, out, fmt):  # what a reader of `exports` sees while the next set is written
        seen_during.append((target.resolve(), sorted(p.name for p in target.iterdir())))
        return real_copy(con, name, out, fmt)

    monkeypatch.setattr(export_module, "_copy", watching)
    publish(sample_warehouse, export_dir=str(target))
    assert len(seen_during) == len(names)
    assert {folder for folder, _ in seen_during} == {first}  # the old set, whole, until the switch
    assert all(listed == names for _, listed in seen_during)
    second = target.resolve()
    assert second != first and sorted(p.name for p in second.iterdir()) == names
    assert first.is_dir()  # kept one refresh longer for a reader that resolved it just before
    publish(sample_warehouse, export_dir=str(target))
    assert not first.exists() and second.is_dir()


def test_a_plain_export_folder_of_an_earlier_pressroom_becomes_the_link(sample_warehouse: Path,
                                                                         tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    publish(sample_warehouse, report_dir=str(target))
    assert target.is_symlink() and (target / "index.html").read_text(encoding="utf-8") != "old"


def test_a_failed_refresh_leaves_the_published_set_as_it_was(sample_warehouse: Path, tmp_path: Path) -> None:
    from load.publish import publish_set, versions_root

    target = tmp_path / "exports"
    publish(sample_warehouse, export_dir=str(target))
    before = target.resolve()

    def broken(folder: Path) -> None:
        (folder / "documents.parquet").write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        publish_set(target, broken)
    assert target.resolve() == before
    assert [p for p in versions_root(target).iterdir()] == [before]
