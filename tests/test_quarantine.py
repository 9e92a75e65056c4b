"""Quarantine instead of rollback: each row-level kind of bad row (BAD in test_checks) injected into a load
of several documents goes to `quarantine` with its check and reason, with its dependants; every other row
loads; the run is `partial`. A later clean load of the same documents resolves the entries."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from test_checks import BAD, STRUCTURAL, any_row, change, fresh_tables, is_exact

from load.quarantine import ROW_ID, held_rows
from load.warehouse import connect, load_tables

ROW_LEVEL = [b for b in BAD if b[2] not in STRUCTURAL]
DATA_TABLES = ["documents", "releases", "release_documents", "people", "person_roles", "contacts", "quotes",
               "amounts"]


def run_row(run_id: str) -> dict:
    return {"run_id": run_id, "started_at": datetime(2025, 3, 4, 10, tzinfo=UTC), "source": "fixture",
            "status": "ok", "summary": "{}"}


def rows_by_id(db: Path) -> dict[str, dict[str, tuple]]:
    with connect(db, read_only=True) as con:
        return {t: {r[0]: r[1:] for r in con.execute(f"select {ROW_ID[t]}, * from {t}").fetchall()}
                for t in DATA_TABLES}


def quarantine_of(db: Path) -> list[dict]:
    with connect(db, read_only=True) as con:
        cur = con.execute("select * from quarantine order by table_name, row_id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, dict[str, tuple]]:
    db = tmp_path_factory.mktemp("clean") / "w.duckdb"
    load_tables(db, fresh_tables(), run=run_row("clean"))
    return rows_by_id(db)


def test_the_23_kinds_are_row_level_or_structural() -> None:
    assert len(BAD) == 23
    assert len(ROW_LEVEL) == 16 and len(BAD) - len(ROW_LEVEL) == 7


@pytest.mark.parametrize(("case", "mutate", "check"), ROW_LEVEL, ids=[c for c, _, _ in ROW_LEVEL])
def test_row_level_fault_is_quarantined_and_everything_else_loads(tmp_path: Path, clean: dict, case: str,
                                                                  mutate, check: str) -> None:
    db = tmp_path / "w.duckdb"
    tables = fresh_tables()
    mutate(tables)
    result = load_tables(db, tables, run=run_row("bad"))

    held = quarantine_of(db)
    assert held, case
    assert {h["check_name"] for h in held} == {check}
    assert {h["run_id"] for h in held} == {"bad"}
    direct = [h for h in held if not h["reason"].startswith("its ")]
    assert len(direct) == 1, held
    loaded = rows_by_id(db)
    for table in DATA_TABLES:
        held_ids = {h["row_id"] for h in held if h["table_name"] == table}
        assert not held_ids & set(loaded[table]), table
        assert set(loaded[table]) | held_ids == set(clean[table]), table  # nothing lost
        assert {k: v for k, v in loaded[table].items()} == {k: clean[table][k] for k in loaded[table]}
    for h in held:  # every held row can be read back, with its source document
        row = json.loads(h["row_json"])
        assert isinstance(row, dict) and h["reason"] and h["source_uri"].startswith("fixture/")
        if h["table_name"] != "release_documents":
            assert h["row_id"] in row.values()
    assert result.quarantined[check]["rows"] == len({(h["table_name"], h["row_id"]) for h in held})
    with connect(db, read_only=True) as con:
        status, n, summary = con.execute("select status, rows_quarantined, summary from ingest_runs "
                                         "where run_id = 'bad'").fetchall()[0]
    assert status == "partial" and n == len({(h["table_name"], h["row_id"]) for h in held})
    assert json.loads(summary)["quarantined"][check]["example"].startswith(direct[0]["table_name"])


def test_a_failing_release_takes_its_quotes_amounts_roles_and_contacts_along(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    tables = fresh_tables()
    target = next(r for r in tables["releases"].to_pylist() if r["published_at"] is not None)
    change("releases", lambda r: r["release_id"] == target["release_id"],
           published_at=datetime(2999, 1, 1, tzinfo=UTC))(tables)
    load_tables(db, tables, run=run_row("future"))
    held = quarantine_of(db)
    by_table = {h["table_name"] for h in held}
    children = {t for t in ("quotes", "amounts", "person_roles", "contacts")
                if any(r["release_id"] == target["release_id"] for r in tables[t].to_pylist())}
    assert {"releases", "release_documents"} | children <= by_table
    assert all(h["check_name"] == "releases_year_plausible" for h in held)
    assert any(f"its release {target['release_id']} is quarantined" in h["reason"] for h in held)


def test_rerun_of_the_same_bad_input_adds_no_second_entry(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    for run_id in ("first", "second"):
        tables = fresh_tables()
        change("amounts", any_row, currency="KRN")(tables)
        load_tables(db, tables, run=run_row(run_id))
    held = quarantine_of(db)
    assert len(held) == 1 and held[0]["run_id"] == "first" and held[0]["resolved_at"] is None


def test_a_later_clean_load_resolves_by_source_document_and_table(tmp_path: Path, clean: dict) -> None:
    db = tmp_path / "w.duckdb"
    tables = fresh_tables()
    change("amounts", is_exact, qualifier="about", value_high=Decimal("6000000000.00"))(tables)
    load_tables(db, tables, run=run_row("bad"))
    [entry] = quarantine_of(db)
    assert "value_high" in entry["reason"] and "about" in entry["reason"]
    assert entry["row_id"] not in rows_by_id(db)["amounts"]

    result = load_tables(db, fresh_tables(), run=run_row("fixed"))
    assert result.quarantined == {}
    [entry] = quarantine_of(db)
    assert entry["resolved_by_run"] == "fixed" and entry["resolved_at"] is not None
    assert rows_by_id(db)["amounts"] == clean["amounts"]
    assert held_rows(db)[1] == []  # nothing held any more
    assert len(held_rows(db, include_resolved=True)[1]) == 1


def test_pressroom_quarantine_lists_what_is_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from pressroom.cli import app, console

    monkeypatch.setattr(console, "width", 400)
    db = tmp_path / "w.duckdb"
    tables = fresh_tables()
    change("contacts", any_row, phone="902 33 059")(tables)
    load_tables(db, tables, run=run_row("run-a"))
    runner = CliRunner()
    out = runner.invoke(app, ["quarantine", "--db", str(db)], terminal_width=250)
    assert out.exit_code == 0, out.output
    assert "accepted_values" in out.output and "902 33 059" in out.output and "fixture/" in out.output
    other = runner.invoke(app, ["quarantine", "--db", str(db), "--run", "no-such-run"], terminal_width=250)
    assert other.exit_code == 0 and "nothing held" in other.output


def test_no_analyst_view_reads_the_quarantine() -> None:
    from load.warehouse import sql_files

    assert not [name for name, text in sql_files("views") if "quarantine" in text.lower()]


@pytest.mark.parametrize("first_line", ["-- Enumerated columns only", "-- severity: warning", ""])
def test_a_check_without_a_valid_severity_line_is_refused(first_line: str) -> None:
    from load.quarantine import CheckDefinitionError, parse_check

    with pytest.raises(CheckDefinitionError, match=r"sql/checks/new_check.sql: first line must be"):
        parse_check("new_check.sql", f"{first_line}\nselect 'amounts' as table_name, amount_id as row_id, "
                                     "'x' as reason from amounts")


def test_severity_is_read_from_the_first_line() -> None:
    from load.quarantine import parse_check

    check = parse_check("accepted_values.sql", "-- severity: quarantine\n-- why\nselect 1;\n")
    assert (check.name, check.severity, check.sql) == ("accepted_values", "quarantine",
                                                        "-- severity: quarantine\n-- why\nselect 1")
