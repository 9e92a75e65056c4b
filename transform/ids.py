"""Stable ids: short hashes of natural keys, so re-running on the same input changes nothing."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

_EDGE_PUNCT = "\"'«»“”„‘’ .,:;!?–—-"


def normal_key(text: str | None) -> str:
    """Text folded for keys: NFKC, casefolded, spaces collapsed, edge punctuation stripped.

    >>> normal_key("  – KS gir  pengestøtte til Ukraina. ")
    'ks gir pengestøtte til ukraina'
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # str.split() splits at the white space `\s` matches: the runs collapse as `\s+` -> " " collapses them,
    # and the edge spaces that substitution leaves are edge punctuation stripped anyway (twice as fast)
    return " ".join(folded.split()).strip(_EDGE_PUNCT)


def stable_id(*parts: object) -> str:
    """A 16-hex-digit id from the parts of a natural key ('release', 'ks', 'title') -> '3f2a…'."""
    # a list, not a generator, for the join; a str part is taken as it is (str() of it is itself)
    key = "\x1f".join([p if p.__class__ is str else "" if p is None else str(p) for p in parts])
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
    dated NTB page and the undated ks.no capture of it stay one row. Two copies of one title and day
    whose bodies plainly differ are two releases: the loader gives the one with the shorter body an id
    that adds its body's fingerprint (resolve_release_ids). The URL is not part of the key
    (text dumps and listed teasers carry none), nor the publisher (a ks.no topic page lists KS's
    releases without naming it). An untitled release takes its id from its document.

    release_id("– KS gir pengestøtte til Ukraina.") == release_id("KS gir pengestøtte til Ukraina")
    """
    key = normal_key(title)
    if not key:
        return stable_id("release", "document", document_id)
    return title_day_id(key, oslo_day(published_at), None)


_WORD = re.compile(r"\w+")
MAX_MARKS = 64  # distinct non-word characters up to which `_words` replaces them one by one
SHINGLE = 3  # words per shingle when comparing two bodies
# Share of the shorter body's shingles found in the other, below which two full bodies are different
# texts. Copies of one release (another site's capture, a second version, a capture cut short) share
# far more than half; two different releases of one title share almost nothing (docs/eval_real.md).
BODIES_DIFFER_BELOW = 0.2
# A full body with fewer shingles than this is too short to tell apart: it is compared like a teaser.
MIN_SHINGLES = 10


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


def body_key(body: str) -> str:
    """The fingerprint of a body that tells apart two releases of one title and day: a hash of its words.

    body_key("Regjeringen har i dag fordelt 805 millioner kroner …") -> '9c1e…' (spacing and case do not count)
    """
    return stable_id("body", _words(unicodedata.normalize("NFKC", body).casefold()))


def _words(text: str) -> str:
    """The `\\w+` words of a text joined by single spaces, as " ".join(re.findall(r"\\w+", text)) gives them.

    _words("Regjeringen har i dag fordelt 805 millioner kroner …") -> "Regjeringen har i dag fordelt 805
    millioner kroner". `\\w` is a character that `str.isalnum()` or "_" is: every other character of the text
    (a body holds few distinct ones) becomes a space and str.split() cuts the words apart, faster than the
    regex finds them in a long body (a text of many distinct marks is left to the regex: one pass per mark).
    """
    marks = [ch for ch in set(text) if not (ch.isalnum() or ch == "_")]
    if len(marks) > MAX_MARKS:
        return " ".join(_WORD.findall(text))
    for ch in marks:
        text = text.replace(ch, " ")
    return " ".join(text.split())


def _shared(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """body_overlap of two shingle sets (neither empty)."""
    return len(a & b) / min(len(a), len(b))


def body_groups(bodies: Sequence[str | None]) -> list[int]:
    """For copies sharing one id, the body each belongs to: 0 for the teasers (None) and the bodies too
    short to compare, 1, 2, … for each plainly different full body (longest first, as resolve_release_ids).

    body_groups([None, INVITE_2023, INVITE_2024, INVITE_2023 + " Velkommen!"]) -> [0, 1, 2, 1]
    """
    shingles = [_shingles(b) if b else set() for b in bodies]
    order = sorted((i for i, sh in enumerate(shingles) if len(sh) >= MIN_SHINGLES),
                   key=lambda i: (-len(bodies[i] or ""), bodies[i] or "", i))
    groups = [0] * len(bodies)
    reps: list[int] = []
    for i in order:
        scores = [(_shared(shingles[i], shingles[r]), -n) for n, r in enumerate(reps)]
        best = max(scores, default=(0.0, 0))
        if best[0] >= BODIES_DIFFER_BELOW:
            groups[i] = 1 - best[1]
        else:
            reps.append(i)
            groups[i] = len(reps)
    return groups


@dataclass(frozen=True, slots=True)
class ReleaseCopy:
    """One stored or incoming copy of a release, as the identity resolver sees it.

    `document_id` names the document of an incoming (staged) copy; a stored release has None.
    """

    release_id: str
    title_key: str
    day: str | None
    has_full_text: bool
    body: str | None = None
    document_id: str | None = None


@dataclass
class _Cluster:
    """Full copies of one title with one body (each within BODIES_DIFFER_BELOW of the longest, `rep`)."""

    rep: ReleaseCopy
    shingles: set[tuple[str, ...]]
    day: str | None
    members: list[ReleaseCopy]


def resolve_release_ids(copies: list[ReleaseCopy]) -> dict[tuple[str, str | None], str]:
    """{(release id, document id or None): id it becomes} for the copies whose id changes; pure.

    Copies are one release when their title keys are equal, their days agree (the same Oslo day, or
    one side undated) and their bodies do not plainly differ. Per title:

    - Full copies, longest body first, join the release whose longest body they repeat best
      (body_overlap at least BODIES_DIFFER_BELOW, days agreeing; an undated copy takes the day of the
      first dated copy it meets); a body plainly different from every one starts a release of its own.
      A body too short to compare (under MIN_SHINGLES shingles) is treated as a teaser.
    - An undated release that met no dated copy joins the latest day seen only in teasers, if any.
    - Of the releases sharing a title and a day (or both undated), the one with the longest body keeps
      the plain id (title and day); each other one adds the fingerprint of its longest body (body_key).
      So the ids are a function of the copies, not of the order in which they arrive.
    - A copy whose id is none of these (a row its title and day do not give) is left as it is.
    - Teasers take the plain id of their day (held by the longest body of that day); an undated
      teaser joins the latest dated release of its title.

    p = release_id("Historisk arkiv")  # two regjeringen.no releases read with a chrome title, undated
    resolve_release_ids([ReleaseCopy(p, "historisk arkiv", None, True, KMD_2020_BODY, "d1"),
                         ReleaseCopy(p, "historisk arkiv", None, True, KUD_2020_BODY, "d2")])
    -> {(p, "d1"): title_day_id("historisk arkiv", None, body_key(KMD_2020_BODY))}  (KUD's is the longer)
    """
    groups: dict[str, list[ReleaseCopy]] = {}
    for copy in copies:
        if copy.title_key:
            groups.setdefault(copy.title_key, []).append(copy)
    mapping: dict[tuple[str, str | None], str] = {}
    for key, group in groups.items():
        mapping.update(_resolve_title(key, group))
    return mapping


def _resolve_title(key: str, group: list[ReleaseCopy]) -> dict[tuple[str, str | None], str]:
    """The mapping of resolve_release_ids for the copies of one title key."""
    full = []
    others = []
    group = [copy for copy in group if _ours(key, copy)]
    for copy in group:
        shingles = _shingles(copy.body) if copy.has_full_text and copy.body else set()
        (full if len(shingles) >= MIN_SHINGLES else others).append((copy, shingles))
    full.sort(key=lambda cs: (-len(cs[0].body or ""), cs[0].body or "", cs[0].release_id, cs[0].document_id or ""))
    clusters: list[_Cluster] = []
    for copy, shingles in full:
        best: tuple[float, _Cluster] | None = None
        for cluster in clusters:
            if copy.day and cluster.day and copy.day != cluster.day:
                continue
            shared = _shared(shingles, cluster.shingles)
            if shared >= BODIES_DIFFER_BELOW and (best is None or shared > best[0]):
                best = (shared, cluster)
        if best is None:
            clusters.append(_Cluster(copy, shingles, copy.day, [copy]))
        else:
            best[1].members.append(copy)
            best[1].day = best[1].day or copy.day
    dated_days = {c.day for c in group if c.day}
    teaser_days = sorted(dated_days - {cl.day for cl in clusters if cl.day})
    undated = [cl for cl in clusters if cl.day is None]
    if undated and teaser_days:
        undated[0].day = teaser_days[-1]
    mapping: dict[tuple[str, str | None], str] = {}
    by_day: dict[str | None, list[_Cluster]] = {}
    for cluster in clusters:
        by_day.setdefault(cluster.day, []).append(cluster)
    for day, day_clusters in by_day.items():
        for rank, cluster in enumerate(day_clusters):
            target = title_day_id(key, day, None if rank == 0 else body_key(cluster.rep.body or ""))
            for copy in cluster.members:
                if copy.release_id != target:
                    mapping[(copy.release_id, copy.document_id)] = target
    latest = title_day_id(key, max(dated_days), None) if dated_days else title_day_id(key, None, None)
    for copy, _ in others:
        target = title_day_id(key, copy.day, None) if copy.day else latest
        if copy.release_id != target:
            mapping[(copy.release_id, copy.document_id)] = target
    return mapping


def _ours(key: str, copy: ReleaseCopy) -> bool:
    """Whether the copy's id is one this resolver gives (title and day, or with its body's fingerprint).

    A row whose id its title and day do not give (built by other means, or edited by hand) is left as
    it is: moving it could meet the rows it already has.
    """
    if copy.release_id == title_day_id(key, copy.day, None):
        return True
    return bool(copy.body) and copy.release_id == title_day_id(key, copy.day, body_key(copy.body or ""))


def title_day_id(key: str, day: str | None, fingerprint: str | None) -> str:
    """The id of a titled release: its title key, its Oslo day when dated, a body fingerprint when needed."""
    parts: list[str] = ["release", key]
    if day:
        parts.append(day)
    if fingerprint:
        parts.extend(["body", fingerprint])
    return stable_id(*parts)


def person_id(full_name: str) -> str:
    """Person id from the normalised full name ('Gunn Marit Helgesen')."""
    return stable_id("person", normal_key(full_name))


def document_id(source_uri: str) -> str:
    """Document id from its source URI (a file path or URL)."""
    return stable_id("document", source_uri)
