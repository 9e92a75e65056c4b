"""A document's people and roles, computed once and read by the quote and contact extractors.

`extract_people` runs once per release; `PeopleIndex.build` files every mention of the document (and
its contacts) under its normalised name, its surname and its role head, so resolving a speaker
("sier Helgesen", "sier KS-lederen", "hun") is a few dictionary look-ups instead of a walk over every
person of the document for every quote (which made quote extraction quadratic in document size).
Pure: built from `PersonMention`s, no I/O; the memo of resolved phrases only caches what the
immutable mentions already decide.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from transform.extractors.names import NAME_TOKEN_RE, PRONOUN_GENDER, name_gender
from transform.extractors.people import (
    NAME_PARTICLES,
    ROLE_SYNONYMS,
    find_roles,
    norm_name,
    role_head,
)
from transform.models import PersonMention


@dataclass
class PeopleIndex:
    """The people of one document, filed for look-up (grain: one document).

    `mentions` are the document's person mentions in the order given (releases in order, each
    release's body mentions then its contacts); `by_name` maps a normalised name to its mentions,
    `by_last` a surname (last token) to the names ending in it, `by_head` a role head
    ("styreleder", "distriktsminister") to the mentions holding a role with that head.
    """

    mentions: tuple[PersonMention, ...]
    by_name: dict[str, list[PersonMention]]
    by_last: dict[str, set[str]]
    by_head: dict[str, list[PersonMention]]
    _memo: dict[str, PersonMention | None] = field(default_factory=dict, repr=False)
    _gender_last: dict[str | None, str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, people: Iterable[PersonMention]) -> PeopleIndex:
        """Index person mentions: PeopleIndex.build([PersonMention('Gunn Marit Helgesen', 10, 29,
        'styreleder', 'KS')]).resolve('Helgesen').name == 'Gunn Marit Helgesen'."""
        mentions = tuple(people)
        by_name: dict[str, list[PersonMention]] = {}
        by_last: dict[str, set[str]] = {}
        by_head: dict[str, list[PersonMention]] = {}
        for p in mentions:
            name = norm_name(p.name)
            if not name:
                continue
            by_name.setdefault(name, []).append(p)
            by_last.setdefault(name.split()[-1], set()).add(name)
            if p.role:
                by_head.setdefault(role_head(p.role), []).append(p)
        return cls(mentions, by_name, by_last, by_head)

    # -- resolution ---------------------------------------------------------------------------

    def _best(self, names: set[str]) -> PersonMention | None:
        """The person behind a set of matching names: the longest, when all are forms of one name."""
        if not names:
            return None
        # "Helgesen" may match "Gunn Marit Helgesen" and "Helgesen": those are one person
        longest = max(names, key=len)
        if any(not longest.endswith(n) and n not in longest for n in names):
            return None
        mentions = self.by_name[longest]
        return next((p for p in mentions if p.role), mentions[0])

    def sole_holder(self, role: str, organisation: str) -> PersonMention | None:
        """The one person the document names with the same post in the same organisation, else None.

        The post's head may be spelt the other way ("styreleiaren i KS" in a nynorsk paragraph and
        "styreleder Gunn Marit Helgesen i KS" above it are one post: ROLE_SYNONYMS' endings);
        sole_holder("styreleiar", "KS") -> the mention of Gunn Marit Helgesen. None when nobody or more
        than one person holds it.
        """
        head = role_head(role)
        heads = {head, *(head[:-len(end)] + other for end, others in ROLE_SYNONYMS.items()
                         if head.endswith(end) for other in others)}
        names = {norm_name(p.name) for h, ps in self.by_head.items() if h in heads
                 for p in ps if p.organisation == organisation}
        return self._best(names)

    def surname_names(self, surname: str) -> set[str]:
        """Every indexed name whose last token is `surname`."""
        return self.by_last.get(surname, set())

    def resolve(self, as_written: str) -> PersonMention | None:
        """The fullest person matching a full name, a surname, or a role-only phrase, else None.

        Args:
            as_written: "Helgesen", "Gunn Marit Helgesen", "KS-lederen", "styreleder i KS, Gunn Marit
                Helgesen" or "styrelederen".

        Returns:
            The matching PersonMention with the longest name (one with a role when there is one), or
            None when nobody or more than one person matches.
        """
        if as_written in self._memo:
            return self._memo[as_written]
        found = self._resolve(as_written)
        self._memo[as_written] = found
        return found

    def _resolve(self, as_written: str) -> PersonMention | None:
        phrase = norm_name(as_written)
        if not phrase or phrase.lower() in PRONOUN_GENDER:
            return None
        # 1. a name inside the phrase (after any role): the full name or its surname
        hits = find_roles(phrase, allow_surname=True)
        named = [h.name for h in hits if h.name]
        candidate = named[0] if named else None
        if candidate is None and not hits:
            tokens = phrase.split()
            if 1 <= len(tokens) <= 5 and all(NAME_TOKEN_RE.match(t) or t in NAME_PARTICLES for t in tokens):
                candidate = phrase
        if candidate:
            return self._resolve_name(candidate)
        # 2. a role-only phrase: the person the document names with that role (and organisation)
        if hits:
            return self._resolve_role(hits[0].role, hits[0].organisation)
        return None

    def _resolve_name(self, candidate: str) -> PersonMention | None:
        cand_tokens = candidate.split()
        same_last = self.surname_names(cand_tokens[-1])
        if candidate in self.by_name:
            return self._best({n for n in same_last if n.endswith(candidate) or candidate.endswith(n)}
                              | {candidate})
        if len(cand_tokens) == 1:
            return self._best(same_last)
        # a double surname used alone: "Heggem Lunde" is the trailing part of "Astrid Heggem Lunde"
        fuller = {n for n in same_last
                  if len(n.split()) > len(cand_tokens) and n.split()[-len(cand_tokens):] == cand_tokens}
        if fuller:
            return self._best(fuller)
        # a shorter full name seen elsewhere ("Gunn Helgesen" vs "Gunn Marit Helgesen")
        return self._best({n for n in same_last if n.split()[0] == cand_tokens[0]})

    def _resolve_role(self, role: str, org: str | None) -> PersonMention | None:
        head = role_head(role)
        heads: tuple[str, ...] = ROLE_SYNONYMS.get(head, (head,))
        if " for " in role:
            # "direktøren for økonomi" names one specific post: only that post matches
            heads = (role,)
        holders = [p for h, ps in self.by_head.items() if h in heads or h.endswith(heads) for p in ps]
        if " for " in role:
            holders = [p for ps in self.by_head.values() for p in ps if p.role == role]

        tiers = (
            lambda p: p.role == role and (org is None or p.organisation == org),
            lambda p: org is None or p.organisation == org,
            lambda p: True,
        )
        top_posts = {*heads, *(f"styre{h}" for h in heads)}
        for test in tiers:
            names = {norm_name(p.name) for p in holders if test(p)}
            if names:
                found = self._best(names)
                if found is None:
                    # "KS-lederen" with a styreleder and a nestleder in the text: the chair
                    top = {norm_name(p.name) for p in holders if test(p) and p.role in top_posts}
                    found = self._best(top) if top else None
                return found
        return None

    def last_of_gender(self, gender: str | None) -> str | None:
        """The fullest name of the last-listed person of `gender` (a known gender first when None)."""
        if gender not in self._gender_last:

            def fits(name: str) -> bool:
                g = name_gender(name)
                return gender is None or g is None or g == gender

            ranked = sorted((p for p in reversed(self.mentions) if fits(p.name)),
                            key=lambda p: name_gender(p.name) is None)
            name = None
            if ranked:
                person = self.resolve(ranked[0].name)
                name = person.name if person else ranked[0].name
            self._gender_last[gender] = name
        return self._gender_last[gender]


@dataclass
class MentionSpans:
    """One release's own mentions sorted by offset, for "who was named between here and there"."""

    mentions: list[PersonMention]
    starts: list[int]

    @classmethod
    def of(cls, mentions: Iterable[PersonMention]) -> MentionSpans:
        ordered = sorted((m for m in mentions if m.char_start >= 0), key=lambda m: m.char_start)
        return cls(ordered, [m.char_start for m in ordered])

    def between(self, start: int, end: int) -> list[PersonMention]:
        """Mentions with start <= char_start < end, in text order."""
        return self.mentions[bisect_left(self.starts, start):bisect_left(self.starts, end)]

    def before(self, pos: int) -> list[PersonMention]:
        """Mentions starting before `pos`, in text order."""
        return self.mentions[:bisect_left(self.starts, pos)]


def resolve_name(as_written: str, known: Sequence[PersonMention] | PeopleIndex) -> PersonMention | None:
    """PeopleIndex.resolve over `known` (an index, or mentions indexed here for a one-off look-up).

    resolve_name("KS-lederen", [PersonMention("Gunn Marit Helgesen", 0, 19, "leder", "KS")]).name
    == "Gunn Marit Helgesen"
    """
    index = known if isinstance(known, PeopleIndex) else PeopleIndex.build(known)
    return index.resolve(as_written)
