"""Stable ids: short hashes of natural keys, so re-running on the same input changes nothing."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = "\"'«»“”„‘’ .,:;!?–—-"


def normal_key(text: str | None) -> str:
    """Text folded for keys: NFKC, casefolded, spaces collapsed, edge punctuation stripped.

    >>> normal_key("  – KS gir  pengestøtte til Ukraina. ")
    'ks gir pengestøtte til ukraina'
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", folded).strip(_EDGE_PUNCT)


def stable_id(*parts: object) -> str:
    """A 16-hex-digit id from the parts of a natural key ('release', 'ks', 'title') -> '3f2a…'."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


OSLO = ZoneInfo("Europe/Oslo")


def oslo_day(published_at: datetime | None) -> str | None:
    """The Europe/Oslo calendar day of a publication time, or None when undated or naive.

    oslo_day(datetime(2022, 5, 12, 23, 30, tzinfo=UTC)) -> '2022-05-13'
    """
    if published_at is None or published_at.tzinfo is None:
        return None
    return published_at.astimezone(OSLO).date().isoformat()


def release_id(title: str | None, published_at: datetime | None = None, document_id: str | None = None) -> str:
    """A release's id from its normalised title and its Oslo publication day.

    "Invitasjon til pressekonferanse" of 2023-10-05 and of 2024-10-07 are two releases: titles like
    that recur every year, so the day is part of the key. An undated copy gets the title-only id
    here; the loader then joins it to the dated release of the same title (load/identity.py), so a
    dated NTB page and the undated ks.no capture of it stay one row. The URL is not part of the key
    (text dumps and listed teasers carry none), nor the publisher (a ks.no topic page lists KS's
    releases without naming it). An untitled release takes its id from its document.

    release_id("– KS gir pengestøtte til Ukraina.") == release_id("KS gir pengestøtte til Ukraina")
    """
    key = normal_key(title)
    if not key:
        return stable_id("release", "document", document_id)
    day = oslo_day(published_at)
    return stable_id("release", key, day) if day else stable_id("release", key)


_WORD = re.compile(r"\w+")
SHINGLE = 3  # words per shingle when comparing two bodies
BODIES_DIFFER_BELOW = 0.2  # shared shingles (of the shorter body) below which two bodies are different texts


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return {tuple(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 0))}


def body_overlap(a: str, b: str) -> float:
    """Share of the shorter body's three-word shingles found in the other (1.0 same text, 0.0 unrelated).

    The NTB and ks.no copies of one release, or two versions of it, share most shingles; two
    invitations with the same title in different years share almost none.
    """
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


@dataclass(frozen=True, slots=True)
class ReleaseCopy:
    """One stored or incoming copy of a release, as the identity resolver sees it (grain: one id)."""

    release_id: str
    title_key: str
    day: str | None
    has_full_text: bool
    body: str | None = None


def resolve_release_ids(copies: list[ReleaseCopy]) -> dict[str, str]:
    """{undated id: dated id} for the copies that are the same release as a dated one; pure.

    Copies share a release when their title keys are equal and their days agree: the same Oslo day
    (they already share an id), or one side undated. An undated copy joins the dated release of its
    title whose full body it repeats best; when both sides have full bodies that are clearly
    different (body_overlap below BODIES_DIFFER_BELOW) it stays its own release. Without a body to
    compare (a listed teaser) it joins the latest dated release of that title.
    """
    groups: dict[str, list[ReleaseCopy]] = {}
    for copy in copies:
        if copy.title_key:
            groups.setdefault(copy.title_key, []).append(copy)
    mapping: dict[str, str] = {}
    for group in groups.values():
        dated = sorted({c.release_id: c for c in group if c.day}.values(), key=lambda c: (c.day, c.release_id))
        undated = {c.release_id: c for c in group if not c.day}
        if not dated or not undated:
            continue
        bodies = {c.release_id: c.body for c in group if c.has_full_text and c.body}
        for uid in sorted(undated):
            body = bodies.get(uid)
            full = [d for d in dated if d.release_id in bodies]
            if body and full:
                score, target = max((body_overlap(body, bodies[d.release_id]), d.day or "", d.release_id)
                                    for d in full)[0::2]
                if score >= BODIES_DIFFER_BELOW:
                    mapping[uid] = target
                    continue
                teasers = [d for d in dated if d.release_id not in bodies]
                if teasers:
                    mapping[uid] = teasers[-1].release_id
                continue
            mapping[uid] = dated[-1].release_id
    return mapping


def person_id(full_name: str) -> str:
    """Person id from the normalised full name ('Gunn Marit Helgesen')."""
    return stable_id("person", normal_key(full_name))


def document_id(source_uri: str) -> str:
    """Document id from its source URI (a file path or URL)."""
    return stable_id("document", source_uri)
