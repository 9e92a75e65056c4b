"""Organisations as written on a role or contact -> one normalised organisation, its kind and its places.

Pure: the names come from transform/data/organisations/<lang>.txt (one organisation under all its
names: `KS`, `KS'`, `Kommunesektorens organisasjon` are KS; `SKL` and `SKR` are SKR) and the place
names from the bundled registers. A municipality or county body is named as the body of its place:
`kommunestyret i Tromsø`, `Tromsø`, `Tromsø kommune` are `Tromsø kommune`; `fylkestinget i Vestland`,
`Vestland` are `Vestland fylkeskommune`; `Region Skåne` is `Region Skåne`.

    normalise_organisation("kommunestyret i Tromsø")
    -> Organisation(name='Tromsø kommune', kind='municipality', places=('NO:kommune:1902', …))
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from transform import ids
from transform.places_register import register_places

LANGUAGES = ("nb", "nn", "sv", "da")
KINDS = ("municipality", "county", "association", "ministry", "agency", "union", "party", "company", "other")

# the body of a place: 'kommunestyret i Tromsø', 'fylkestinget i Vestland', 'ordføreren i Bodø'
BODY_OF = re.compile(r"^(?:(?P<county>fylkestinget|fylkestinget|fylkeskommunen|fylkesutvalet|fylkesutvalget|"
                     r"fylkesrådet)|(?:kommunestyret|bystyret|byrådet|formannskapet|kommunen|"
                     r"kommunfullmäktige|kommunstyrelsen|byrådet))\s+i\s+(?P<place>.+)$", re.IGNORECASE)
MUNICIPALITY_SUFFIX = re.compile(r"^(?P<place>.+)\s+(?:kommune|kommun|Kommune|Regionskommune|kommuns|Kommunes)$")
COUNTY_SUFFIX = re.compile(r"^(?P<place>.+?)\s+(?:fylkeskommune|fylke|län)$")
REGION_PREFIX = re.compile(r"^Region\s+(?P<place>.+)$")


@dataclass(frozen=True, slots=True)
class Organisation:
    """One organisation (grain: one row of `organisations`): its normalised name, kind and the place_ids
    it is (every number its place has had: Asker kommune is 0220, 3025 and 3203)."""

    name: str
    kind: str
    places: tuple[str, ...] = ()

    @property
    def organisation_id(self) -> str:
        """Stable id of the normalised name: organisation_id('KS') is the same for every way KS is written."""
        return organisation_id(self.name)


def organisation_id(name: str) -> str:
    """The stable id of an organisation's normalised name."""
    return ids.stable_id("organisation", ids.normal_key(name))


@cache
def _names() -> tuple[dict[str, tuple[str, str]], tuple[tuple[str, str], ...]]:
    names: dict[str, tuple[str, str]] = {}
    suffixes: list[tuple[str, str]] = []
    for lang in LANGUAGES:
        node = resources.files("transform").joinpath("data", "organisations", f"{lang}.txt")
        for line in node.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            kind, _, value = line.partition(":")
            if kind == "name":
                written, _, rest = value.partition("=")
                canonical, _, org_kind = rest.partition("|")
                names[ids.normal_key(written.strip())] = (canonical.strip(), org_kind.strip())
            elif kind == "suffix":
                ending, _, org_kind = value.partition("=")
                suffixes.append((ending.strip(), org_kind.strip()))
    return names, tuple(sorted(suffixes, key=lambda s: -len(s[0])))


@cache
def _places_by_name() -> dict[tuple[str, str], tuple[str, ...]]:
    """(short name, municipality|county) -> every place_id of that name; län by its bare name (Skåne)."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in register_places():
        level = "county" if p.kind in ("fylke", "län", "region") else "municipality"
        names = {p.short_name, *(part.split(" (", 1)[0] for part in p.name.split(" - "))}
        if p.kind == "län":
            base = p.name.removesuffix(" län")
            names.add(base[:-1] if base.endswith("s") else base)
        if p.kind == "region":
            names.add(p.name.removeprefix("Region "))
        for name in names:
            if p.place_id not in found[(name, level)]:
                found[(name, level)].append(p.place_id)
    return {k: tuple(v) for k, v in found.items()}


def _place_body(place: str, level: str | None, written: str) -> Organisation | None:
    """The body of a place by its name, at the level asked or the one the name has."""
    place = place.strip().rstrip("’'").strip()
    by_name = _places_by_name()
    levels = [level] if level else ["municipality", "county"]
    for lvl in levels:
        for name in (place, place[:-1] if place.endswith("s") else place):
            ids_ = by_name.get((name, lvl))
            if ids_:
                country = ids_[0].split(":", 1)[0]
                if lvl == "county":
                    normalised = written if written.startswith("Region ") else (
                        f"Region {name}" if country in ("SE", "DK") else f"{name} fylkeskommune")
                    return Organisation(normalised, "county", ids_)
                body = {"NO": "kommune", "SE": "kommun", "DK": "Kommune"}[country]
                return Organisation(f"{name} {body}", "municipality", ids_)
    return None


def normalise_organisation(written: str | None) -> Organisation | None:
    """The organisation a role's or contact's organisation words name, or None for no words.

    normalise_organisation("KS’") -> Organisation('KS', 'association');
    normalise_organisation("Sveriges Kommuner och Landsting") -> Organisation('SKR', 'association');
    normalise_organisation("Oppdal kommune") -> Organisation('Oppdal kommune', 'municipality', ('NO:kommune:1634', …));
    normalise_organisation("Helsepersonellkommisjonen") -> Organisation('Helsepersonellkommisjonen', 'other').
    """
    if not written or not written.strip():
        return None
    text = " ".join(written.split())
    names, suffixes = _names()
    known = names.get(ids.normal_key(text)) or names.get(ids.normal_key(text.rstrip("’'")))
    if known:
        return Organisation(known[0], known[1])
    m = BODY_OF.match(text)
    if m:
        found = _place_body(m["place"], "county" if m["county"] else "municipality", text)
        if found:
            return found
    for pattern, level in ((COUNTY_SUFFIX, "county"), (MUNICIPALITY_SUFFIX, "municipality"),
                           (REGION_PREFIX, "county")):
        m = pattern.match(text)
        if m:
            found = _place_body(m["place"], level, text)
            if found:
                return found
    found = _place_body(text, None, text)
    if found:
        return found
    first = names.get(ids.normal_key(text.split(" ", 1)[0]))
    if first and first[1] in ("association", "union") and " " in text:
        return Organisation(text, first[1])  # a body of one: KS Vestland, KS Bedrift Avfall, LO Stat
    for ending, kind in suffixes:
        if text.endswith(ending) and text[:1].isupper() and len(text) > len(ending):
            return Organisation(text, kind)
    return Organisation(text, "other")
