"""A fetched page's kind (ntb_release_json, rss, html) guessed from its media type and URL.

Below extract/live.py (single-URL sources) and extract/archive.py (index records rebuilt from the warehouse).
"""

from __future__ import annotations


def kind_from_content_type(content_type: str | None, url: str) -> str:
    """Page kind guessed from a response's media type, for single-URL sources."""
    ct = (content_type or "").lower()
    if "json" in ct:
        return "ntb_release_json"
    if "rss" in ct or "atom" in ct or ct.endswith("/xml") or url.split("?")[0].endswith((".rss", ".xml")):
        return "rss"
    return "html"
