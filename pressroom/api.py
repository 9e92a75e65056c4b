"""A small read-only Python API for analysts (notebooks): the warehouse's tables and views as pandas DataFrames.

    >>> from pressroom.api import open_warehouse
    >>> wh = open_warehouse()                       # pressroom.toml / PRESSROOM_WAREHOUSE, or a path
    >>> wh.names()                                  # every table and view
    >>> wh.frame("amounts", currency="EUR")         # one table or view, filtered
    >>> wh.frame("quotes", person="Helgesen", since="2022-01-01", until="2022-12-31")
    >>> wh.frame("amount_sentences", place="Bodø")   # or place="1804", place="NO:kommune:1804"

Every call opens the file read-only and closes it again, so a notebook never blocks the next load.
Filters apply to whatever the table or view has: a person by (part of) their name, a period on the
release's publication time (or the view's month/year/day), a currency by its ISO code, a place by its
name or official number (the rows of releases naming it, or the rows about it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from load.readonly import read_frame, relation_columns, relation_names

# Date columns a period filter uses, first match wins.
PERIOD_COLUMNS = ("published_at", "published_on", "month", "started_at", "last_seen_at")


def like_literal(text: str) -> str:
    """`text` for a LIKE pattern, matched as written: % and _ (and the escape \\) are escaped.

    like_literal("50%_x") -> "50\\%\\_x" (with `escape '\\'`, "%" and "_" are letters, not wildcards)
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _as_date(value: str | date | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}={value!r}: not a date; use YYYY-MM-DD") from None


@dataclass(frozen=True)
class Warehouse:
    """A pressroom warehouse file, read-only. Build it with open_warehouse()."""

    path: Path

    def names(self) -> dict[str, str]:
        """{name: 'table' | 'view'} of everything frame() can read: {'amounts': 'table', …}."""
        return relation_names(self.path)

    def frame(self, name: str, *, person: str | None = None, since: str | date | None = None,
              until: str | date | None = None, currency: str | None = None,
              place: str | None = None) -> pd.DataFrame:
        """Table or view `name` as a DataFrame, optionally filtered.

        person: rows of people whose name contains this text (case-insensitive), by `full_name` or
            through `person_id`; since/until: the period, inclusive, by the release's `published_at`
            (tables with a release_id), or the view's date, month or year column; currency: ISO code;
            place: a municipality or county by name (Bodø, Region Skåne's 'Skåne län'), official number
            (1804) or place_id (NO:kommune:1804), any version: the rows about it (place_id, county_id)
            or of the releases that name it (release_id).
        wh.frame("amount_sentences", currency="eur", since="2024-01-01") -> the EUR amounts of
        releases published from 2024 on. A filter the table cannot take raises ValueError.
        """
        columns = relation_columns(self.path, name) if name in self.names() else []
        where: list[str] = []
        params: list = []
        if person is not None:
            if "full_name" in columns:
                where.append(r"full_name ilike ? escape '\'")
            elif "person_id" in columns:
                where.append(r"person_id in (select person_id from main.people where full_name ilike ? escape '\')")
            else:
                raise ValueError(f"{name} has no person (no full_name or person_id column)")
            params.append(f"%{like_literal(person)}%")
        start, end = _as_date(since, "since"), _as_date(until, "until")
        if start or end:
            column = next((c for c in PERIOD_COLUMNS if c in columns), None)
            if column is not None:
                target = f"cast({column} as date)" if column != "published_at" else \
                    "cast(timezone('Europe/Oslo', published_at) as date)"
            elif "year" in columns:
                target, start, end = "year", start and start.year, end and end.year
            elif "release_id" in columns:
                target = ("(select cast(timezone('Europe/Oslo', r.published_at) as date) from main.releases r "
                          f'where r.release_id = main."{name}".release_id)')
            else:
                raise ValueError(f"{name} has no date to filter a period on")
            if start:
                where.append(f"{target} >= ?")
                params.append(start)
            if end:
                where.append(f"{target} <= ?")
                params.append(end)
        if currency is not None:
            if "currency" not in columns:
                raise ValueError(f"{name} has no currency column")
            where.append("currency = ?")
            params.append(currency.upper())
        if place is not None:
            where.append(place_filter(name, columns))
            params.extend([place.strip()] * 4)
        return read_frame(self.path, name, where, params)


# the place_ids a place filter means: by name (any version), official number or place_id
PLACE_IDS = ("select place_id from main.places where lower(short_name) = lower(?) or lower(name) = lower(?) "
             "or code = ? or place_id = ?")


def place_filter(name: str, columns: list[str]) -> str:
    """The SQL condition (four parameters: the place four times) that keeps the rows of one place.

    place_filter('amount_sentences', ['amount_id', 'release_id', …]) -> 'release_id in (select … place_mentions …)'
    """
    for column in ("place_id", "county_id"):
        if column in columns:
            return f"{column} in ({PLACE_IDS})"
    if "release_id" in columns:
        return f"release_id in (select release_id from main.place_mentions where place_id in ({PLACE_IDS}))"
    raise ValueError(f"{name} has no place (no place_id, county_id or release_id column)")


def open_warehouse(path: str | Path | None = None) -> Warehouse:
    """The warehouse at `path`, else the configured one (pressroom.toml, PRESSROOM_WAREHOUSE).

    open_warehouse("warehouse.duckdb").frame("most_quoted_people").head(3)
    Raises FileNotFoundError when there is no warehouse file there.
    """
    if path is None:
        from pressroom.config import load_settings

        path = load_settings().warehouse
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no warehouse here (run `pressroom run` first)")
    return Warehouse(path)
