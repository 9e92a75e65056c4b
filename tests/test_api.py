"""The analysts' read-only Python API (pressroom.api) on the sample warehouse, checked against plain SQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from load.readonly import relation_names
from load.warehouse import connect, query
from pressroom.api import open_warehouse


@pytest.fixture()
def wh(sample_warehouse: Path):
    return open_warehouse(sample_warehouse)


def test_every_table_and_view_is_a_dataframe(wh) -> None:
    names = wh.names()
    assert {"releases", "quotes", "amounts", "people"} <= {n for n, kind in names.items() if kind == "table"}
    assert {"most_quoted_people", "amount_sentences"} <= {n for n, kind in names.items() if kind == "view"}
    assert "_migrations" not in names
    for name in names:
        frame = wh.frame(name)
        _, [(n,)] = query(wh.path, f'select count(*) from "{name}"')
        assert isinstance(frame, pd.DataFrame) and len(frame) == n


def test_person_filter_by_part_of_the_name(wh) -> None:
    _, rows = query(wh.path, "select count(*) from quotes q join people p using (person_id) "
                             "where p.full_name ilike '%helgesen%'")
    quotes = wh.frame("quotes", person="HELGESEN")
    assert len(quotes) == rows[0][0] > 0
    ranked = wh.frame("most_quoted_people", person="helgesen")
    assert list(ranked["full_name"]) == ["Gunn Marit Helgesen"]


def test_period_filter_on_publication_day_in_oslo(wh) -> None:
    _, rows = query(wh.path, "select release_id from releases where cast(timezone('Europe/Oslo', published_at) "
                             "as date) between '2022-05-01' and '2022-05-31'")
    releases = wh.frame("releases", since="2022-05-01", until="2022-05-31")
    assert sorted(releases["release_id"]) == sorted(r for (r,) in rows) and rows
    quotes = wh.frame("quotes", since="2022-05-01", until="2022-05-31")  # through the quote's release
    assert set(quotes["release_id"]) <= {r for (r,) in rows}
    assert len(wh.frame("releases", since="2100-01-01")) == 0


def test_currency_filter(wh) -> None:
    _, rows = query(wh.path, "select count(*) from amounts where currency = 'EUR'")
    eur = wh.frame("amount_sentences", currency="eur")
    assert len(eur) == rows[0][0] > 0
    assert set(eur["currency"]) == {"EUR"}


def test_unfit_filters_and_names_are_clear_errors(wh, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="documents has no currency column"):
        wh.frame("documents", currency="NOK")
    with pytest.raises(ValueError, match="since='2022-13-01': not a date"):
        wh.frame("releases", since="2022-13-01")
    with pytest.raises(KeyError, match="'quote' is not a table or view"):
        wh.frame("quote")
    with pytest.raises(FileNotFoundError, match="no warehouse here"):
        open_warehouse(tmp_path / "nope.duckdb")


def test_read_only_and_configured_path(sample_warehouse: Path, tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, copy)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PRESSROOM_WAREHOUSE", str(copy))
    wh = open_warehouse()
    assert wh.path == copy
    _, [(n,)] = query(copy, "select count(*) from releases")
    with connect(copy, read_only=True):  # another reader may be open at the same time
        assert len(wh.frame("releases")) == n
    with pytest.raises(KeyError, match="is not a table or view"):  # names come from the catalog only
        wh.frame("releases; drop table releases")
    assert "releases" in relation_names(copy)


@pytest.mark.parametrize("text", ["%", "_", "Gunn_Marit", "Helg%sen", "\\"])
def test_percent_and_underscore_in_a_person_filter_are_letters_not_wildcards(wh, text: str) -> None:
    """Before: `person="%"` or `"_"` matched every person (LIKE wildcards)."""
    assert len(wh.frame("people")) > 0
    assert wh.frame("people", person=text).empty
    assert wh.frame("quotes", person=text).empty
    assert list(wh.frame("people", person="Gunn Marit")["full_name"]) == ["Gunn Marit Helgesen"]
