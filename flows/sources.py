"""Which sources of a run are local paths and which are live press rooms."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from extract.files import bundled_samples


def split_sources(sources: Sequence[str] | None, sources_file: str = "sources.toml") -> tuple[list[str], list[str]]:
    """(local sources, live sources); none given means the bundled sample corpus.

    A source is live when it is a URL, `ntb:`/`tt:`/`ritzau:`/`stt:<publisherId>` (stt: is then refused
    with its reason), or a name in sources.toml, and is not an
    existing path; everything else is read as a local path (a missing one is reported as such).
    """
    if not sources:
        return [str(bundled_samples())], []
    local, live = [], []
    names: set[str] = set()
    if any(not Path(s).exists() for s in sources):
        try:
            from extract.sources import load_sources

            names = set(load_sources(Path(sources_file)))
        except Exception:  # noqa: BLE001 - without a readable sources.toml only URLs and ntb: are live
            names = set()
    for spec in map(str, sources):
        if Path(spec).exists():
            local.append(spec)
        elif spec.startswith(("http://", "https://", "ntb:", "tt:", "ritzau:", "stt:")) or spec in names:
            live.append(spec)
        else:
            local.append(spec)
    return local, live
