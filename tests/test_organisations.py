"""Organisations (transform/organisations.py): the organisation words of real roles and contacts, normalised.

Each row: the words as a real page prints them on a role or contact (the page in the comment), the
normalised name, the kind, and the places it is.
"""

from __future__ import annotations

import pytest

from transform.normalise import org_id
from transform.organisations import normalise_organisation

ROWS = [
    ("KS", "KS", "association", ()),
    ("KS’", "KS", "association", ()),  # real/006: KS’ arbeidslivsdirektør
    ("KS'", "KS", "association", ()),
    ("Kommunesektorens organisasjon", "KS", "association", ()),
    ("KS Vestland", "KS Vestland", "association", ()),  # real2/106: a regional body of KS
    ("SKR", "SKR", "association", ()),
    ("SKL", "SKR", "association", ()),  # real2/141: SKL was renamed SKR in 2019
    ("Sveriges Kommuner och Regioner", "SKR", "association", ()),
    ("KL", "KL", "association", ()),
    ("Kommunernes Landsforening", "KL", "association", ()),
    ("Danske Regioner", "Danske Regioner", "association", ()),
    ("Akademikerne kommune", "Akademikerne kommune", "union", ()),  # real/051
    ("Utdanningsforbundet", "Utdanningsforbundet", "union", ()),  # real2/116
    ("Kommunal- og distriktsdepartementet", "Kommunal- og distriktsdepartementet", "ministry", ()),
    ("Helsepersonellkommisjonen", "Helsepersonellkommisjonen", "other", ()),  # real/004
    # municipality and county bodies, every number the place has had
    ("Oppdal kommune", "Oppdal kommune", "municipality", ("NO:kommune:1634", "NO:kommune:5021")),  # real/004
    ("Kongsberg", "Kongsberg kommune", "municipality", ("NO:kommune:0604", "NO:kommune:3006",
                                                         "NO:kommune:3303")),  # real/002: ordføreren i Kongsberg
    ("kommunestyret i Tromsø", "Tromsø kommune", "municipality", ("NO:kommune:1902", "NO:kommune:5401",
                                                                   "NO:kommune:5501")),
    ("Vestland", "Vestland fylkeskommune", "county", ("NO:fylke:46",)),  # real2/161: fylkesordføraren i Vestland
    ("fylkestinget i Vestland", "Vestland fylkeskommune", "county", ("NO:fylke:46",)),
    ("Region Syddanmark", "Region Syddanmark", "county", ("DK:region:1083",)),  # real2/152
    ("Region Skåne", "Region Skåne", "county", ("SE:län:12",)),
    ("Umeå kommuns", "Umeå kommun", "municipality", ("SE:kommun:2480",)),
    ("Aarhus Kommune", "Aarhus Kommune", "municipality", ("DK:kommune:751",)),
    # a Swedish board word is not a Danish agency
    ("regionstyrelsen", "regionstyrelsen", "other", ()),
]


@pytest.mark.parametrize(("written", "name", "kind", "places"), ROWS, ids=[r[0] for r in ROWS])
def test_organisation_words_are_normalised(written: str, name: str, kind: str, places: tuple) -> None:
    found = normalise_organisation(written)
    assert (found.name, found.kind, found.places) == (name, kind, places)


def test_one_organisation_has_one_id_however_written() -> None:
    assert org_id("KS") == org_id("KS’") == org_id("Kommunesektorens organisasjon")
    assert org_id("kommunestyret i Tromsø") == org_id("Tromsø kommune") == org_id("Tromsø")
    assert org_id("KS") != org_id("KL")
    assert org_id(None) is None and org_id("  ") is None
