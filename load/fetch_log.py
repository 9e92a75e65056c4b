"""The warehouse's `fetches` table read back, for rebuilding a raw archive's lost index."""

from __future__ import annotations

from pathlib import Path

from load.warehouse import connect


def archived_fetches(db: str | Path) -> list[dict]:
    """Every `fetches` row with a stored body (sha256, no error), as dicts; [] without a warehouse.

    archived_fetches("w.duckdb") -> [{"url": "https://…/release/1", "sha256": "3f…", "status": 200, …}]
    """
    if not Path(db).exists():
        return []
    with connect(db, read_only=True) as con:
        present = con.execute("select count(*) from information_schema.tables where table_name = 'fetches'"
                              ).fetchall()[0][0]
        if not present:
            return []
        cur = con.execute("select * from fetches where error is null and sha256 is not null order by fetched_at")
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]
