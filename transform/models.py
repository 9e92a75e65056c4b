"""Dataclasses that flow between the stages: parsed documents in, entity mentions out.

Everything here is plain data (frozen dataclasses); no I/O. Offsets (`start`, `char_start`,
`char_end`) always point into the text of the release they belong to (`ReleaseDraft.text`), so an
analyst can cut the sentence behind every row out of `releases.body`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

# How a release's title was chosen (releases.title_source): read exactly from a known layout
# ("layout:ntb" NTB release page or its listed releases, "layout:ksno" ks.no teasers printed twice,
# "layout:list" a news list's title over its date line), from structured data ("json" the NTB API,
# "rss" a feed item), from HTML markup ("html:h1", "html:og", "html:title", "html:teaser"), chosen
# among a page's lines by evidence ("scored", transform/readers/evidence.py), or no title ("none").
TITLE_SOURCES = ("layout:ntb", "layout:ksno", "layout:list", "json", "rss", "html:h1", "html:og", "html:title",
                 "html:teaser", "scored", "none")

# Block kinds, in the order they appear in a release page.
BLOCK_KINDS = ("lead", "paragraph", "subheading", "blockquote", "teaser")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a release's text (grain: one paragraph, subheading or teaser).

    `start` is the offset of `text` inside `ReleaseDraft.text`, so
    `release.text[block.start:block.start + len(block.text)] == block.text`.
    """

    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Contact:
    """One person or desk in a release's contact block (grain: one contact card).

    `name` is None for a desk such as "Pressevakt"; `phone` is E.164 ("+4724132601").
    """

    name: str | None
    title: str | None
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class ReleaseDraft:
    """One press release or article as read from one document, full or as a listed teaser.

    `text` is the release's body: its blocks joined by blank lines ("\\n\\n"); `blocks` carry their
    offsets into it. `published_at` is timezone-aware or None when the source does not say.
    """

    title: str | None  # None for a page that shows no title (a capture starting mid-article)
    text: str
    blocks: tuple[Block, ...]
    has_full_text: bool
    url: str | None = None
    published_at: datetime | None = None
    release_type: str | None = None
    publisher: str | None = None
    language: str | None = None
    contacts: tuple[Contact, ...] = ()
    title_is_quote: bool = False
    # How the title was chosen (TITLE_SOURCES): a layout read exactly, a page's markup, or a best guess.
    title_source: str | None = None
    # What the page prints with the release but its body leaves out, one line each: the rows of a
    # flattened table ("0101 Halden"), the block about the publisher ("Om Bisnode" / "… hovedkontor i
    # Stockholm"). Read for places only (releases.aside); quotes, amounts and people never see it.
    aside: str = ""

    @property
    def lead(self) -> str | None:
        leads = [b.text for b in self.blocks if b.kind == "lead"]
        return leads[0] if leads else None


@dataclass(frozen=True, slots=True)
class Document:
    """One source document read (grain: one file or one fetched page).

    `kind` is one of release_page, listing_page, article_page, text_dump, other. A document holds
    zero or more releases: its own (when it is a release page) and every release it lists.
    """

    source_uri: str
    kind: str
    text: str
    title: str | None
    language: str | None
    parser: str
    content_sha256: str
    releases: tuple[ReleaseDraft, ...] = ()
    fetched_at: datetime | None = None
    http_status: int | None = None
    # When the pipeline read a local file (its mtime is `fetched_at`); dates are judged against it.
    read_at: datetime | None = None
    # What the reader could not take at face value, one line each naming the document and the line:
    # "data/x.txt: line 3: impossible date '29.2.2023' in '29.2.2023 10:00 | KS'; its date is left empty".
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """One stretch of direct speech in a release (grain: one quote).

    `text` excludes dashes, quote marks and the trailing attribution. `speaker_as_written` is the
    attribution as printed ("Helgesen", "styreleder i KS, Gunn Marit Helgesen", "hun"), or None when
    the quote is carried from the previous speaker and no attribution is printed. `attribution`
    is "explicit" (printed next to the quote), "carried" (inherited from the previous quote) or
    "title" (a quote used as the release title). Offsets point into `ReleaseDraft.text`.
    """

    text: str
    char_start: int
    char_end: int
    speaker_as_written: str | None
    reporting_verb: str | None
    attribution: str
    speaker_name: str | None = None
    speaker_role: str | None = None
    speaker_organisation: str | None = None


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One mention of a named person, with the role printed next to the name (grain: one mention).

    `role` is lowercase, indefinite singular, without the organisation ("styreleder");
    `organisation` is the organisation the role belongs to ("KS") or None; `as_written` is the
    role phrase as printed ("KS’ styreleder"). Offsets point into `ReleaseDraft.text`.
    """

    name: str
    char_start: int
    char_end: int
    role: str | None = None
    organisation: str | None = None
    as_written: str | None = None


@dataclass(frozen=True, slots=True)
class AmountMention:
    """One monetary amount (grain: one amount, a range counting once).

    `value` is in units of the currency (a range's low end), `value_high` only for ranges;
    `currency` is ISO 4217; `qualifier` is one of exact, about, more_than, at_least, less_than,
    at_most, up_to, range. Offsets point into the text the amount was read from.
    """

    value: Decimal
    currency: str
    qualifier: str
    raw_text: str
    sentence: str
    char_start: int
    char_end: int
    value_high: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ReleaseExtraction:
    """Everything the extractors found in one release (grain: one release of one document)."""

    release: ReleaseDraft
    quotes: tuple[QuoteMention, ...] = ()
    people: tuple[PersonMention, ...] = ()
    amounts: tuple[AmountMention, ...] = ()
    extra: dict = field(default_factory=dict)
