"""The municipality and county registers bundled in transform/data/registers, as place versions.

Pure: reads only the package's own CSV files (their sources are in the folder's README.md). One
`Place` per version: `NO:kommune:3025` valid 2020-01-01 – 2023-12-31 ("Asker", county NO:fylke:30).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

# Sweden's and Denmark's registers give no dates: their rows are taken as valid from the start of what
# the bundle covers (the Norwegian registers begin on 2013-01-01).
REGISTERS_BEGIN = date(2013, 1, 1)


@dataclass(frozen=True, slots=True)
class Place:
    """One version of a municipality or county (grain: one row of `places`)."""

    place_id: str  # NO:kommune:3025
    valid_from: date
    valid_to: date | None
    country: str
    kind: str
    code: str
    name: str
    short_name: str
    parent_id: str | None
    source: str

    def valid_on(self, day: date) -> bool:
        """True when this version is valid on `day` (both ends inclusive)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _rows(folder: Traversable, name: str) -> list[dict[str, str]]:
    text = folder.joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _bare(name: str) -> str:
    """'Herøy (Nordland)' -> 'Herøy'."""
    return name.split(" (", 1)[0].strip()


# One bundled register file a row: (file, country, kind, parent kind, the file's column of the parent's code).
# Files without valid_from/valid_to columns hold today's places, valid since the registers begin; a file
# without a short_name column takes the name without its parenthesised county ('Herøy (Nordland)' -> 'Herøy').
REGISTER_FILES = (
    ("no_counties.csv", "NO", "fylke", None, None),
    ("no_municipalities.csv", "NO", "kommune", "fylke", "county_code"),
    ("se_regions.csv", "SE", "län", None, None),
    ("se_municipalities.csv", "SE", "kommun", "län", "county_code"),
    ("dk_regions.csv", "DK", "region", None, None),
    ("dk_municipalities.csv", "DK", "kommune", "region", "region_code"),
)


@cache
def register_places() -> tuple[Place, ...]:
    """Every place version of the bundled registers, Norway's counties and municipalities first.

    register_places()[0]
    -> Place('NO:fylke:01', date(2013, 1, 1), date(2017, 12, 31), 'NO', 'fylke', '01', 'Østfold', …)
    """
    return places_in(resources.files("transform").joinpath("data", "registers"))


def places_in(folder: Traversable) -> tuple[Place, ...]:
    """Every place version of the register files (REGISTER_FILES) in `folder`: what register_places()
    reads from the bundled transform/data/registers, from another copy of those files (a changed one)."""
    out: list[Place] = []
    for name, country, kind, parent_kind, parent_column in REGISTER_FILES:
        for r in _rows(folder, name):
            parent = f"{country}:{parent_kind}:{r[parent_column]}" if parent_column else None
            out.append(Place(f"{country}:{kind}:{r['code']}", _day(r.get("valid_from", "")) or REGISTERS_BEGIN,
                             _day(r.get("valid_to", "")), country, kind, r["code"], r["name"],
                             r.get("short_name") or _bare(r["name"]), parent, r["source"]))
    return tuple(out)


def place_successors(places: tuple[Place, ...]) -> list[tuple[str, date, str, date, str]]:
    """Successor links the registers show: (place_id, valid_from, successor_id, successor_valid_from, how).

    Only Norway's registers have versions. `same_code`: the next version of the same number;
    `same_name`: a number that ends, followed the next day by another number of the same kind and
    the same name in the same country, when no other place of the version had it (0220 Asker ->
    3025 Asker); `municipalities`: a county number that ends, followed by each county its
    municipalities are found in the next day (by the links above: 30 Viken -> 31 Østfold, 32
    Akershus, 33 Buskerud). A municipality merged into one of another name has no link: the
    registers do not say where it went.
    """
    by_start: dict[tuple[str, date], list[Place]] = {}
    for p in places:
        by_start.setdefault((p.kind, p.valid_from), []).append(p)
    links: dict[tuple[str, date, str, date], str] = {}
    # names held by more than one place of a kind in a version (Os in Hordaland and in Hedmark)
    shared = {k for k, n in Counter((p.kind, p.valid_from, p.short_name) for p in places).items() if n > 1}
    ids_on = {key: {p.place_id for p in group} for key, group in by_start.items()}
    # the places starting on a day by number and by (country, name), each list in the registers' order
    by_code: dict[tuple[str, date, str], list[Place]] = {}
    by_name: dict[tuple[str, date, str, str], list[Place]] = {}
    for p in places:
        by_code.setdefault((p.kind, p.valid_from, p.place_id), []).append(p)
        by_name.setdefault((p.kind, p.valid_from, p.country, p.short_name), []).append(p)
    muni_next: dict[tuple[str, date], list[Place]] = {}
    for p in places:
        if p.valid_to is None:
            continue
        day = p.valid_to + timedelta(days=1)
        same_code = by_code.get((p.kind, day, p.place_id), [])
        # a new number under the name; a shared name (Våler in Hedmark and in Østfold) tells nothing
        before = ids_on.get((p.kind, p.valid_from), set())
        named = [q for q in by_name.get((p.kind, day, p.country, p.short_name), []) if q.place_id not in before]
        unique = len(named) == 1 and (p.kind, p.valid_from, p.short_name) not in shared
        found = same_code or (named if unique else [])
        for q in found:
            links[(p.place_id, p.valid_from, q.place_id, q.valid_from)] = "same_code" if same_code else "same_name"
        if p.kind == "kommune":
            muni_next[(p.place_id, p.valid_from)] = found
    county_versions: dict[str, list[Place]] = {}  # a county's versions, in the registers' order
    for c in {(p.place_id, p.valid_from): p for p in places if p.kind == "fylke"}.values():
        county_versions.setdefault(c.place_id, []).append(c)
    # versions with a next version of the same number (the loop below adds no `same_code` link)
    continued = {(k[0], k[1]) for k, how in links.items() if how == "same_code"}
    for p in places:
        if p.kind != "kommune" or p.parent_id is None or not p.valid_to:
            continue
        parent = next((c for c in county_versions.get(p.parent_id, []) if c.valid_on(p.valid_to)), None)
        if parent is None or parent.valid_to != p.valid_to or (parent.place_id, parent.valid_from) in continued:
            continue
        for q in muni_next.get((p.place_id, p.valid_from), []):
            child_parent = next((c for c in county_versions.get(q.parent_id or "", []) if c.valid_on(q.valid_from)),
                                None)
            key = (parent.place_id, parent.valid_from, child_parent.place_id, child_parent.valid_from) \
                if child_parent else None
            if key and key not in links:
                links[key] = "municipalities"
    return [(*k, how) for k, how in sorted(links.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], kv[0][3]))]
