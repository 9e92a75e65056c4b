"""Memory sizes in DuckDB's units, one pattern for the settings check and the warehouse connection.

Imports nothing heavy (no duckdb), so that pressroom/config.py can check a setting without loading DuckDB.
"""

from __future__ import annotations

import re

SIZE = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)", re.IGNORECASE)


def is_size(value: str) -> bool:
    """True for a size DuckDB's memory_limit takes: is_size('256MB') -> True, is_size('lots') -> False."""
    return SIZE.fullmatch(value.strip()) is not None
