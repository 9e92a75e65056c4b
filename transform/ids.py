"""Stable ids: short hashes of natural keys, so re-running on the same input changes nothing."""

from __future__ import annotations

import hashlib
import re
import unicodedata

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


def release_id(title: str) -> str:
    """Release id from the normalised title: the same release listed on three pages is one id.

    The title, not the URL, is the key because text dumps and listed teasers carry no URL; the URL is
    kept as an attribute. The publisher is not part of the key either: a ks.no topic page lists KS's
    releases without naming the publisher, and must not make a second row of a release seen on NTB.
    ("– KS gir pengestøtte til Ukraina." and "KS gir pengestøtte til Ukraina" are one release.)
    """
    return stable_id("release", normal_key(title))


def release_key(title: str | None, source_uri: str) -> str:
    """Release id of a release as read from one document: from its title, or from the document when
    the page shows no title (a capture starting mid-article), so untitled pages never share an id.

    release_key("KS gir pengestøtte til Ukraina", "a.txt") == release_id("KS gir pengestøtte til Ukraina");
    release_key(None, "data/real/010.txt") == stable_id("release", "document", "data/real/010.txt").
    """
    if normal_key(title):
        return release_id(title or "")
    return stable_id("release", "document", source_uri)


def person_id(full_name: str) -> str:
    """Person id from the normalised full name ('Gunn Marit Helgesen')."""
    return stable_id("person", normal_key(full_name))


def document_id(source_uri: str) -> str:
    """Document id from its source URI (a file path or URL)."""
    return stable_id("document", source_uri)
