"""Document -> entity mentions: runs every extractor over every release of a parsed document."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from transform.extractors.amounts import extract_amounts
from transform.extractors.contacts import CALLING_CODES, body_contacts
from transform.extractors.names import looks_like_person_name
from transform.extractors.people import extract_people, find_roles, split_role
from transform.extractors.people_index import PeopleIndex
from transform.extractors.quotes import extract_quotes
from transform.models import Block, Document, PersonMention, ReleaseDraft, ReleaseExtraction


def contact_people(release: ReleaseDraft) -> list[PersonMention]:
    """Named contacts of a release as person mentions (offset -1: they are not in the body text).

    Contact(name='Mads Fremstad', title='Rådgiver') -> PersonMention('Mads Fremstad', role='rådgiver');
    a person the title names with a post is one too: Contact('Jonas Lannering', 'Pressekreterare hos
    civilminister Lena Micko') also gives PersonMention('Lena Micko', role='civilminister').
    """
    people = []
    for contact in release.contacts:
        if not contact.name:
            continue
        role, organisation = split_role(contact.title) if contact.title else (None, None)
        people.append(
            PersonMention(
                name=contact.name,
                char_start=-1,
                char_end=-1,
                role=role.lower() if role else None,
                organisation=contact.organisation or organisation,
                as_written=contact.title,
            )
        )
        for hit in find_roles(contact.title or ""):
            # a person the card's title names with a post: "Pressekreterare hos civilminister Lena Micko"
            if hit.name and hit.name != contact.name and " " in hit.name:
                people.append(PersonMention(name=hit.name, char_start=-1, char_end=-1, role=hit.role,
                                            organisation=hit.organisation, as_written=hit.as_written))
    return people


# A name ending in "s" with a lowercase word after it: a genitive or a subject, no telling which
# ("Formand Anders Kühnaus tale": Anders Kühnau's speech; "Jostein Ljones takka for tilliten").
AMBIGUOUS_S_RE = re.compile(r"s\s+[a-zæøåäöü]")


def title_people(release: ReleaseDraft) -> list[PersonMention]:
    """People the release's title names with a post, as person mentions (offset -1: the title is not in
    the body text).

    "Lars Gaardhøj ny regionsrådsformand i hovedstaden" -> [PersonMention('Lars Gaardhøj', -1, -1,
    role='regionsrådsformand')]. A name without a post gives nothing (the body names it), and so do a
    name whose first word is no known first name ("Uttalande av Hanna Bocander, kommunstyrelsens
    ordförande") and one that may be printed in the genitive (_maybe_genitive).
    """
    if not release.title:
        return []
    return list(_title_people(release.title))


@lru_cache(maxsize=4096)
def _title_people(title: str) -> tuple[PersonMention, ...]:
    """title_people of a title, remembered: a press room's titles come back as the teasers listed on
    each of its pages (3,000 titles of 500 benchmark pages are 509 titles); the mentions are frozen.

    _title_people("Lars Gaardhøj ny regionsrådsformand i hovedstaden") -> (PersonMention('Lars Gaardhøj',
    -1, -1, role='regionsrådsformand', …),).
    """
    return tuple(replace(p, char_start=-1, char_end=-1)
                 for p in extract_people([Block(kind="title", text=title, start=0)])
                 if p.role and looks_like_person_name(p.name, need_first_name=True)
                 and not _maybe_genitive(title, p.char_end))


def _maybe_genitive(text: str, name_end: int) -> bool:
    """Whether the name ending at `name_end` ends in "s" and a lowercase word follows it: "Formand Anders
    Kühnaus tale ved …" may be Anders Kühnau's speech or a Kühnaus who speaks, so the title's mention is
    not taken (a wrong name is worse than none)."""
    return AMBIGUOUS_S_RE.match(text, name_end - 1) is not None


def definite_post_holders(release: ReleaseDraft, index: PeopleIndex) -> list[PersonMention]:
    """Posts the release names in the definite form with their organisation and no name, given to the one
    person the document names with that post there (offset -1: a reference, not a printed name).

    "Styreleiaren i KS er glad for det tverrpolitiske nasjonale engasjementet" under "sier styreleder Gunn
    Marit Helgesen i KS" (real2 117) -> PersonMention('Gunn Marit Helgesen', -1, -1, role='styreleiar',
    organisation='KS'). An indefinite post ("en styreleder i KS") refers to nobody in particular.
    """
    out = []
    for block in release.blocks:
        for hit in find_roles(block.text):
            if hit.name is not None or hit.organisation is None or not _definite(hit.as_written, hit.role):
                continue
            holder = index.sole_holder(hit.role, hit.organisation)
            if holder is not None:
                out.append(PersonMention(holder.name, -1, -1, role=hit.role, organisation=hit.organisation,
                                         as_written=hit.as_written))
    return out


def _definite(as_written: str, role: str) -> bool:
    """Whether a printed post is in the definite form: "Styreleiaren i KS" (role "styreleiar") -> True,
    "styreleiar i KS" -> False, "KS-lederen" -> True."""
    head = role.split(" for ")[0].split()[-1]
    return any(word.lower().rstrip(",.") != head and word.lower().startswith(head)
               for word in re.split(r"[\s-]+", as_written))


def with_body_contacts(release: ReleaseDraft, language: str | None) -> ReleaseDraft:
    """The release with the contact cards its body prints added to those of its contact block.

    A press invitation's "For påkravd påmelding og meir informasjon, kontakt Henning Lervåg, Trondheim
    kommune, 91 67 24 67, henning.lervag@…" gives Contact("Henning Lervåg", phone="+4791672467", …);
    a card already in the block (same phone or address) is not added twice.
    """
    found = body_contacts(release.text, CALLING_CODES.get(release.language or language or "", "47"))
    known = {c.phone for c in release.contacts if c.phone} | {c.email for c in release.contacts if c.email}
    new = tuple(c for c in found if not ({c.phone, c.email} - {None}) & known)
    return replace(release, contacts=(*release.contacts, *new)) if new else release


def extract_document(doc: Document, check: Callable[[], None] | None = None) -> list[ReleaseExtraction]:
    """Quotes, people and amounts of every release in a document, speakers resolved document-wide.

    `check` (a WorkBudget's check, see transform/budget.py) is called between releases and blocks and
    may raise to stop a document that takes more work than its budget.

    People are read from all releases first, so "sier Helgesen" in a teaser resolves to the
    "styreleder i KS, Gunn Marit Helgesen" named in the full release above it.
    """
    own_per_release: list[list[PersonMention]] = []
    people_per_release: list[list[PersonMention]] = []
    releases = [with_body_contacts(release, doc.language) for release in doc.releases]
    for release in releases:
        if check is not None:
            check()
        own = extract_people(release.blocks)
        own_per_release.append(own)
        people_per_release.append([*own, *contact_people(release), *title_people(release)])
    # the document's people and roles, indexed once: every release's speakers are resolved against it
    index = PeopleIndex.build(p for people in people_per_release for p in people)
    for release, people in zip(releases, people_per_release, strict=True):
        people.extend(definite_post_holders(release, index))

    results = []
    for release, own, people in zip(releases, own_per_release, people_per_release, strict=True):
        # the release's own people are passed in: extract_quotes would otherwise scan them again
        quotes = extract_quotes(release.blocks, known_people=index, own_people=own, check=check)
        amounts = [
            amount
            for block in release.blocks
            for amount in extract_amounts(block.text, offset=block.start,
                                          language=release.language or doc.language)
        ]
        results.append(
            ReleaseExtraction(release=release, quotes=tuple(quotes), people=tuple(people),
                              amounts=tuple(amounts))
        )
    return results
