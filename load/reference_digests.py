"""Digests of the reference data the code writes into the warehouse at each migration (`_reference_digests`).

A kind of reference data ('places': the bundled registers, load/places.py; 'views': the sql/views files,
load/warehouse.py `migrate`) is written again only when the digest of what the code ships differs from
the one recorded, or a migration was just applied.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import duckdb


def recorded_digest(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The digest `_reference_digests` holds for `name` ('places', 'views'); None when none is recorded."""
    rows = con.execute("select digest from _reference_digests where name = ?", [name]).fetchall()
    return rows[0][0] if rows else None


def record_digest(con: duckdb.DuckDBPyConnection, name: str, digest: str) -> None:
    """Record that the warehouse now holds the reference data `name` of `digest`."""
    con.execute("insert or replace into _reference_digests (name, digest) values (?, ?)", [name, digest])


def files_digest(files: Sequence[tuple[str, str]]) -> str:
    """A digest of (name, text) pairs, in their order: the view files sql_files('views') lists.

    files_digest([('010_x.sql', 'create view x as select 1;')]) -> 32 hex digits.
    """
    return hashlib.blake2b("\0".join(f"{name}\0{text}" for name, text in files).encode(),
                           digest_size=16).hexdigest()
