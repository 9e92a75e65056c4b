"""Data-quality checks in sql/checks: a load with a structural fault is rolled back, naming the failing
check; rows at the edge of what is allowed pass. (Row-level checks quarantine: tests/test_quarantine.py.)"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from test_views import analytics_batch

from load.warehouse import CheckFailed, connect, load_tables, sql_files
from transform.normalise import tables_for

CHECKS = sorted(name.removesuffix(".sql") for name, _ in sql_files("checks"))
# Checks that mean a bug rather than an odd input: they roll the whole load back.
STRUCTURAL = {"foreign_keys", "not_null_keys", "unique_ids"}
TABLES = ["documents", "releases", "release_documents", "people", "person_roles", "contacts", "quotes",
          "amounts"]


def fresh_tables() -> dict[str, pa.Table]:
    return tables_for(analytics_batch())


def change(table: str, match: Callable[[dict], bool], **values) -> Callable[[dict[str, pa.Table]], None]:
    """A mutation: set `values` on the first row of `table` that `match` accepts."""
    def apply(tables: dict[str, pa.Table]) -> None:
        rows = tables[table].to_pylist()
        row = next(r for r in rows if match(r))
        row.update(values)
        tables[table] = pa.Table.from_pylist(rows, schema=tables[table].schema)
    return apply


def add_copy(table: str, match: Callable[[dict], bool], **values) -> Callable[[dict[str, pa.Table]], None]:
    """A mutation: append a copy of the first matching row of `table`, with `values` changed."""
    def apply(tables: dict[str, pa.Table]) -> None:
        rows = tables[table].to_pylist()
        rows.append({**next(r for r in rows if match(r)), **values})
        tables[table] = pa.Table.from_pylist(rows, schema=tables[table].schema)
    return apply


def any_row(_row: dict) -> bool:
    return True


def is_range(row: dict) -> bool:
    return row["qualifier"] == "range"


def is_exact(row: dict) -> bool:
    return row["qualifier"] == "exact"


def dated(row: dict) -> bool:
    return row["published_at"] is not None


NOW = datetime.now(UTC)

# (case, mutation, failing check)
BAD = [
    ("negative amount", change("amounts", is_exact, value=Decimal("-5.00")), "amounts_value_valid"),
    ("range high end below low end", change("amounts", is_range, value_high=Decimal("1000000.00")),
     "amounts_value_valid"),
    ("currency not in ISO 4217", change("amounts", any_row, currency="KRN"), "amounts_currency_iso4217"),
    ("retired currency code", change("amounts", any_row, currency="DEM"), "amounts_currency_iso4217"),
    ("published in 2099", change("releases", dated, published_at=datetime(2099, 1, 1, tzinfo=UTC)),
     "releases_year_plausible"),
    ("published on a placeholder date", change("releases", dated, published_at=datetime(1899, 12, 30, tzinfo=UTC)),
     "releases_year_plausible"),
    ("quote ends after the body", change("quotes", any_row, char_end=100_000),
     "quotes_span_inside_release"),
    ("quote span empty", change("quotes", any_row, char_end=0, char_start=0), "quotes_span_inside_release"),
    ("amount starts before the body", change("amounts", any_row, char_start=-1),
     "amounts_span_inside_release"),
    ("two documents with one source URI", add_copy("documents", any_row, document_id="0123456789abcdef"),
     "unique_ids"),
    ("blank quote text", change("quotes", any_row, text="   "), "not_null_keys"),
    ("empty role", change("person_roles", any_row, role=""), "not_null_keys"),
    # longer than any stored name, so the merge (fullest name wins) takes it
    ("blank person name", change("people", any_row, full_name=" " * 80), "not_null_keys"),
    ("quote by unknown person", change("quotes", any_row, person_id="ffffffffffffffff"), "foreign_keys"),
    ("contact points at unknown person", change("contacts", any_row, person_id="ffffffffffffffff"),
     "foreign_keys"),
    ("release from unknown document", change("releases", any_row, document_id="ffffffffffffffff"),
     "foreign_keys"),
    ("unknown attribution", change("quotes", any_row, attribution="guessed"), "accepted_values"),
    ("unknown qualifier", change("amounts", is_exact, qualifier="roughly"), "accepted_values"),
    ("range without high end", change("amounts", is_range, value_high=None), "accepted_values"),
    ("high end on an exact amount", change("amounts", is_exact, value_high=Decimal("6000000000.00")),
     "accepted_values"),
    ("unknown document kind", change("documents", any_row, kind="pdf"), "accepted_values"),
    ("phone not E.164", change("contacts", any_row, phone="902 33 059"), "accepted_values"),
    ("role not lowercase", change("person_roles", any_row, role="Styreleder"), "accepted_values"),
]

# Odd rows that may be right (issue 20: an embargoed release dated ahead): they load as they are and
# the load reports them; a quarantine here would hang on the day of the run, not on the input.
WARNED = [
    ("published next year", change("releases", dated, published_at=NOW + timedelta(days=365)),
     "releases_not_in_future"),
    ("published two hours ahead", change("releases", dated, published_at=NOW + timedelta(hours=2)),
     "releases_not_in_future"),
]

# Rows at the edge of what the checks allow: the load must pass.
GOOD = [
    ("zero amount", change("amounts", is_exact, value=Decimal("0.00"))),
    ("range with equal ends", change("amounts", is_range, value=Decimal("3000000.00"))),
    ("Danish kroner", change("amounts", any_row, currency="DKK")),
    ("published a minute ago", change("releases", dated, published_at=NOW - timedelta(minutes=1))),
    ("published in 1999", change("releases", dated, published_at=datetime(1999, 1, 1, tzinfo=UTC))),
    ("published in 1971", change("releases", dated, published_at=datetime(1971, 1, 1, 12, tzinfo=UTC))),
    ("quote span to the end of the body", change("quotes", any_row, char_start=0)),
    ("desk contact without person", change("contacts", any_row, person_id=None, name=None)),
    ("phone with country code", change("contacts", any_row, phone="+4724132601")),
    ("contact without phone", change("contacts", any_row, phone=None)),
]


def dump(db: Path) -> dict[str, list]:
    with connect(db, read_only=True) as con:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("template") / "w.duckdb"
    load_tables(db, fresh_tables())
    return db


@pytest.fixture
def loaded(template: Path, tmp_path: Path) -> Path:
    """A warehouse holding the hand-made batch: a copy of one loaded file (a load takes ~0.4 s)."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(template, db)
    return db


def test_every_check_is_exercised_by_a_bad_row() -> None:
    assert {check for _, _, check in BAD + WARNED} == set(CHECKS)


def test_clean_load_runs_every_check_and_reports_zero(tmp_path: Path) -> None:
    result = load_tables(tmp_path / "w.duckdb", fresh_tables())
    assert sorted(name for name, _ in result.checks) == CHECKS
    assert all(n == 0 for _, n in result.checks)


STRUCTURAL_BAD = [b for b in BAD if b[2] in STRUCTURAL]


def test_every_check_declares_the_severity_the_docs_give_it() -> None:
    from load.quarantine import load_checks

    warn = {check for _, _, check in WARNED}
    assert {c.name for c in load_checks() if c.severity == "error"} == STRUCTURAL
    assert {c.name for c in load_checks() if c.severity == "warn"} == warn
    assert {c.name for c in load_checks() if c.severity == "quarantine"} == set(CHECKS) - STRUCTURAL - warn


@pytest.mark.parametrize(("case", "mutate", "check"), WARNED, ids=[c for c, _, _ in WARNED])
def test_warned_row_loads_as_it_is_and_the_run_reports_it(loaded: Path, case: str, mutate, check: str) -> None:
    import json

    tables = fresh_tables()
    mutate(tables)
    target = next(r for r in tables["releases"].to_pylist() if r["published_at"] and r["published_at"] > NOW)
    run = {"run_id": "ahead", "started_at": NOW, "source": "fixture", "status": "ok", "summary": "{}"}
    result = load_tables(loaded, tables, run=run)
    assert result.warned[check]["rows"] == 1, case
    assert result.warned[check]["example"].startswith(f"releases {target['release_id']}: releases.published_at ")
    assert target["title"] in result.warned[check]["example"]
    assert result.quarantined == {}
    with connect(loaded, read_only=True) as con:
        (published,) = con.execute("select published_at from releases where release_id = ?",
                                   [target["release_id"]]).fetchall()[0]
        status, summary = con.execute("select status, summary from ingest_runs where run_id = 'ahead'").fetchall()[0]
        held = con.execute("select count(*) from quarantine").fetchall()[0][0]
    assert published == target["published_at"]  # kept as printed
    assert (status, held) == ("ok", 0)
    assert json.loads(summary)["warned"][check]["rows"] == 1


@pytest.mark.parametrize(("case", "mutate", "check"), STRUCTURAL_BAD, ids=[c for c, _, _ in STRUCTURAL_BAD])
def test_structural_fault_rolls_back_and_names_the_check(loaded: Path, case: str, mutate, check: str) -> None:
    before = dump(loaded)
    tables = fresh_tables()
    mutate(tables)
    with pytest.raises(CheckFailed, match=rf"\b{check} \(\d+ rows\)") as failure:
        load_tables(loaded, tables)
    assert dump(loaded) == before, case
    assert "rolled back" in str(failure.value)


@pytest.mark.parametrize(("case", "mutate"), GOOD, ids=[c for c, _ in GOOD])
def test_edge_rows_pass(loaded: Path, case: str, mutate) -> None:
    tables = fresh_tables()
    mutate(tables)
    result = load_tables(loaded, tables)
    assert [(n, v) for n, v in result.checks if v] == [], case


def test_bad_first_load_leaves_an_empty_warehouse(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    tables = fresh_tables()
    change("quotes", any_row, person_id="ffffffffffffffff")(tables)
    with pytest.raises(CheckFailed, match="foreign_keys"):
        load_tables(db, tables)
    assert all(rows == [] for rows in dump(db).values())


def test_two_failing_checks_are_both_named(loaded: Path) -> None:
    tables = fresh_tables()
    change("quotes", any_row, person_id="ffffffffffffffff")(tables)
    change("quotes", any_row, text="  ")(tables)
    with pytest.raises(CheckFailed) as failure:
        load_tables(loaded, tables)
    message = str(failure.value)
    assert "foreign_keys (1 rows)" in message
    assert "not_null_keys (1 rows)" in message


def test_checks_pass_on_the_sample_warehouse(sample_warehouse: Path) -> None:
    from load.warehouse import run_checks

    with connect(sample_warehouse, read_only=True) as con:
        results = run_checks(con)
    assert sorted(n for n, _ in results) == CHECKS
    assert [(n, v) for n, v in results if v] == []
