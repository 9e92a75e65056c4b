"""Parquet export: every table, every row, types kept (money as DECIMAL, times as UTC timestamps)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from test_views import build_analytics_warehouse
from typer.testing import CliRunner

from load.export import export, export_parquet, exported_tables, exported_views
from load.warehouse import connect, query
from pressroom.analytics_cli import register

CONTRACT_TABLES = ["documents", "releases", "release_documents", "people", "person_roles", "contacts",
                   "quotes", "amounts", "ingest_runs"]


@pytest.fixture(scope="module")
def handmade(tmp_path_factory) -> Path:
    return build_analytics_warehouse(tmp_path_factory.mktemp("export") / "w.duckdb")


@pytest.fixture(scope="module")
def exported(handmade: Path, tmp_path_factory) -> dict[str, Path]:
    return export_parquet(handmade, tmp_path_factory.mktemp("parquet"))


def test_every_table_is_exported_and_nothing_internal(handmade: Path, exported: dict[str, Path]) -> None:
    assert set(CONTRACT_TABLES) <= set(exported)
    assert "_migrations" not in exported
    assert list(exported) == exported_tables(handmade)
    folder = next(iter(exported.values())).parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.parquet" for t in exported)


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_rows_survive_the_round_trip(handmade: Path, exported: dict[str, Path], table: str) -> None:
    _, stored = query(handmade, f"select * from {table}")
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        back = con.execute("select * from read_parquet(?)", [str(exported[table])]).fetchall()
    assert sorted(back, key=repr) == sorted(stored, key=repr)


@pytest.mark.parametrize(("table", "column", "arrow_type"), [
    ("amounts", "value", pa.decimal128(38, 2)),
    ("amounts", "value_high", pa.decimal128(38, 2)),
    ("amounts", "char_start", pa.int32()),
    ("releases", "published_at", pa.timestamp("us", tz="UTC")),
    ("releases", "has_full_text", pa.bool_()),
    ("quotes", "text", pa.string()),
])
def test_types_are_kept(exported: dict[str, Path], table: str, column: str, arrow_type: pa.DataType) -> None:
    schema = pq.read_schema(exported[table])
    assert schema.field(column).type == arrow_type


def test_amounts_read_back_with_pyarrow(exported: dict[str, Path]) -> None:
    amounts = pq.read_table(exported["amounts"]).to_pylist()
    assert sorted((a["currency"], a["value"]) for a in amounts) == [
        ("EUR", Decimal("40000000.00")), ("NOK", Decimal("2000000.00")), ("NOK", Decimal("5000000000.00")),
        ("SEK", Decimal("2000000000.00"))]


def test_empty_table_keeps_its_schema(exported: dict[str, Path]) -> None:
    runs = pq.read_table(exported["ingest_runs"])
    assert runs.num_rows == 0
    assert "started_at" in runs.schema.names


def test_export_replaces_earlier_files(handmade: Path, tmp_path: Path) -> None:
    (tmp_path / "quotes.parquet").write_bytes(b"not parquet")
    export_parquet(handmade, tmp_path)
    assert pq.read_table(tmp_path / "quotes.parquet").num_rows == 5
    assert not list(tmp_path.glob(".*partial"))


def test_export_opens_the_warehouse_read_only(handmade: Path, tmp_path: Path) -> None:
    with connect(handmade, read_only=True) as reader:  # another reader may be open at the same time
        export_parquet(handmade, tmp_path)
        assert reader.execute("select count(*) from releases").fetchone() == (5,)


def test_export_command(handmade: Path, tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--format", "parquet", str(tmp_path / "out"), "--db", str(handmade)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "releases.parquet").exists()
    wrong = runner.invoke(app, ["export", "--format", "xml", str(tmp_path / "xml"), "--db", str(handmade)])
    assert wrong.exit_code == 2
    assert not (tmp_path / "xml").exists()


def test_csv_export_of_tables_and_views(handmade: Path, tmp_path: Path) -> None:
    written = export(handmade, tmp_path, "csv")
    assert set(exported_views(handmade)) <= set(written)
    assert "most_quoted_people" in written and "amounts" in written
    with duckdb.connect() as con:
        for name in ("amounts", "most_quoted_people"):
            _, stored = query(handmade, f"select count(*) from {name}")
            assert con.execute("select count(*) from read_csv(?)", [str(written[name])]).fetchall() == stored
    assert sorted(tmp_path.iterdir()) == sorted(written.values())  # no partial files left
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        export(handmade, tmp_path, "xml")


def test_sample_warehouse_exports(sample_warehouse: Path, tmp_path: Path) -> None:
    written = export_parquet(sample_warehouse, tmp_path)
    for table in CONTRACT_TABLES:
        _, [(n,)] = query(sample_warehouse, f"select count(*) from {table}")
        assert pq.read_metadata(written[table]).num_rows == n
