"""The .sql files shipped in the `sql` package, read by folder (checks, views, load)."""

from __future__ import annotations

from importlib import resources


def sql_files(folder: str) -> list[tuple[str, str]]:
    """(name, text) of every .sql file in a folder of the `sql` package (or a sub-folder, "load/before"), in
    lexical order: sql_files("checks") -> [("accepted_values.sql", "select …"), …]."""
    root = resources.files("sql").joinpath(*folder.split("/"))  # "load/before": a sub-folder
    if not root.is_dir():
        return []
    files = sorted((p for p in root.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name)
    return [(p.name, p.read_text(encoding="utf-8")) for p in files]
