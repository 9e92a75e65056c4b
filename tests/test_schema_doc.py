"""docs/schema.md is generated from the catalog, is up to date, and every table, view and column has a comment."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from load.schema_doc import catalog, missing_comments, render_markdown, schema_markdown, write_schema_doc
from load.warehouse import connect, migrate
from pressroom.analytics_cli import register

REPO = Path(__file__).resolve().parent.parent
SCHEMA_MD = REPO / "docs" / "schema.md"


def test_schema_doc_is_not_stale() -> None:
    expected = schema_markdown()
    assert SCHEMA_MD.exists(), "docs/schema.md is missing: run `pressroom schema-doc`"
    assert SCHEMA_MD.read_text(encoding="utf-8") == expected, (
        "docs/schema.md is stale: run `pressroom schema-doc` (or "
        "`.venv/bin/python -c 'from load.schema_doc import write_schema_doc; write_schema_doc()'`)")


def test_every_table_view_and_column_has_a_comment() -> None:
    with connect(":memory:") as con:
        migrate(con)
        missing = missing_comments(catalog(con))
    assert missing == [], ("add `comment on` statements (a new migration for tables and columns, the "
                           f"view's own file for views) for: {', '.join(missing)}")


def test_catalog_lists_every_contract_table_and_view() -> None:
    with connect(":memory:") as con:
        migrate(con)
        rels = {r.name: r for r in catalog(con)}
    for table in ("documents", "releases", "people", "person_roles", "contacts", "quotes", "amounts",
                  "ingest_runs"):
        assert rels[table].kind == "table"
    for view in ("quotes_per_person_month", "amounts_per_currency_year", "amount_sentences",
                 "releases_per_type_month", "person_roles_over_time", "most_quoted_people",
                 "release_calendar"):
        assert rels[view].kind == "view"
    amounts = {c.name: c for c in rels["amounts"].columns}
    assert amounts["amount_id"].primary_key and not amounts["amount_id"].nullable
    assert amounts["value"].data_type == "DECIMAL(38,2)"
    assert amounts["value_high"].nullable


@pytest.fixture
def tiny() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("""
        create table kommuner (kommune_id varchar primary key, navn varchar not null, innbyggere integer);
        comment on table kommuner is 'En rad per kommune | med rør';
        comment on column kommuner.kommune_id is 'Kommunenummer, f.eks. 0301.';
        comment on column kommuner.navn is 'Navn på
        to linjer.';
        create view store_kommuner as select navn from kommuner where innbyggere > 50000;
        comment on view store_kommuner is 'Kommuner over 50 000 innbyggere.';
    """)
    yield con
    con.close()


@pytest.mark.parametrize("line", [
    "### Table `kommuner`",
    "En rad per kommune \\| med rør",
    "| `kommune_id` (primary key) | VARCHAR | no | Kommunenummer, f.eks. 0301. |",
    "| `navn` | VARCHAR | no | Navn på to linjer. |",
    "| `innbyggere` | INTEGER | yes |  |",
    "### View `store_kommuner`",
    "| `navn` | VARCHAR |  |  |",
    "- [`store_kommuner`](#view-store-kommuner) — Kommuner over 50 000 innbyggere.",
])
def test_render_markdown_lines(tiny: duckdb.DuckDBPyConnection, line: str) -> None:
    assert line in render_markdown(catalog(tiny)).splitlines()


def test_missing_comments_names_table_view_and_columns(tiny: duckdb.DuckDBPyConnection) -> None:
    assert missing_comments(catalog(tiny)) == ["kommuner.innbyggere", "store_kommuner.navn"]


def test_schema_doc_command_writes_the_file(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    out = tmp_path / "docs" / "schema.md"
    result = CliRunner().invoke(app, ["schema-doc", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == schema_markdown()


def test_schema_doc_of_a_warehouse_file_matches_the_fresh_schema(tmp_path: Path) -> None:
    from test_views import build_analytics_warehouse

    db = build_analytics_warehouse(tmp_path / "w.duckdb")
    written = write_schema_doc(tmp_path / "schema.md", db)
    assert written.read_text(encoding="utf-8") == schema_markdown()
