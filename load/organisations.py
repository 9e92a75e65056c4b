"""Organisations in the warehouse: `organisations` and `organisation_places` from every role's and
contact's organisation words, rewritten inside each load's transaction (only what differs), so they
always follow the stored roles and contacts (a re-run changes nothing).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from load.places import _replace_all
from transform.organisations import normalise_organisation

ORGANISATIONS = pa.schema([("organisation_id", pa.string()), ("name", pa.string()), ("kind", pa.string())])
LINKS = pa.schema([("organisation_id", pa.string()), ("place_id", pa.string())])


def refresh_organisations(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite `organisations`/`organisation_places` from the organisation words of roles and contacts;
    returns the number of organisations. refresh_organisations(con) -> 31."""
    words = [w for (w,) in con.execute(
        """select distinct organisation from person_roles where organisation is not null
           union select distinct organisation from contacts where organisation is not null""").fetchall()]
    orgs: dict[str, dict] = {}
    links: set[tuple[str, str]] = set()
    for written in sorted(words):
        found = normalise_organisation(written)
        if found is None:
            continue
        orgs.setdefault(found.organisation_id, {"organisation_id": found.organisation_id, "name": found.name,
                                                "kind": found.kind})
        links.update((found.organisation_id, place_id) for place_id in found.places)
    _replace_all(con, "organisations", pa.Table.from_pylist(list(orgs.values()), schema=ORGANISATIONS))
    _replace_all(con, "organisation_places", pa.Table.from_pylist(
        [{"organisation_id": o, "place_id": p} for o, p in sorted(links)], schema=LINKS))
    return len(orgs)
