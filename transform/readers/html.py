"""HTML pages and fragments -> Document / blocks / contacts, plus helpers shared by ntb_json and rss.

Pure functions. `parse_date` and `phone_e164` prefer the shared implementations in
transform/extractors/dates.py and transform/extractors/contacts.py; the local versions below are only a fallback used
while those modules do not exist (they are written in parallel), so behaviour converges on theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, Tag, UnicodeDammit
from lxml import etree

from transform.extractors.contacts import CONTACTS_HEADING_RE
from transform.extractors.contacts import parse_contacts as _shared_parse_contacts
from transform.extractors.contacts import phone_e164 as _shared_phone_e164
from transform.extractors.dates import parse_date as _shared_parse_date
from transform.extractors.dates import read_dateline
from transform.extractors.language import detect_language as _shared_detect_language
from transform.models import Block, Contact, Document, ReleaseDraft
from transform.readers.evidence import Candidate, is_chrome, slug_match, slug_words
from transform.readers.listing import MIN_ITEMS, list_date
from transform.readers.tree import (
    ELEMENT,
    HIDDEN_TEXT_TAGS,
    children,
    decompose,
    load_tree,
    set_string,
    strings,
    stripped_strings,
    the_string,
)
from transform.readers.tree import text as get_text
from transform.text import ends_sentence, normalise_text, word_count

OSLO = ZoneInfo("Europe/Oslo")

# "2024-10-15T10:02:00+02:00", "2024-10-15 10:02:00", "2024-10-15"
ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
# "14.10.2021 11:30:11 CEST", "15.10.2025 10:02", "Publisert: 3.5.2022"
NORDIC_DATETIME = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
    r"(?:\s+(?:kl\.?\s*)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?)?"
    r"(?:\s*(?P<tz>CEST|CET|UTC|GMT))?"
)
# "15. oktober 2025"
NORWEGIAN_MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}
WORDED_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\.\s*(?P<mon>" + "|".join(NORWEGIAN_MONTHS) + r")\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
TZ_NAMES = {"CEST": timezone(timedelta(hours=2)), "CET": timezone(timedelta(hours=1)),
            "UTC": UTC, "GMT": UTC}

WHITESPACE = re.compile(r"\s+")



def detect_language(text: str, declared: str | None = None) -> str | None:
    """The declared language when given, else the shared detector's guess ("nb", "en", …) or None.

    detect_language("Hovedstyret i KS vedtok i dag å gi mer enn en million kroner.") -> "nb"
    """
    if declared:
        return declared
    if not text.strip():
        return None
    return _shared_detect_language(text)


def clean_text(text: str | None) -> str:
    """Whitespace collapsed to single spaces and trimmed; NFC, NBSP, soft hyphens and zero-width
    characters removed (transform.text.normalise_text).

    clean_text("  Hovedstyret i KS\\u00a0vedtok \\n i dag ") -> "Hovedstyret i KS vedtok i dag"
    """
    if not text:
        return ""
    text = normalise_text(text)
    # == WHITESPACE.sub(" ", text).strip(): `\s` and str.split() both use Unicode's whitespace test
    return " ".join(text.split())


def _tz(name: str | None) -> timezone | ZoneInfo:
    if not name:
        return OSLO
    if name in TZ_NAMES:
        return TZ_NAMES[name]
    if name == "Z":
        return UTC
    sign = 1 if name[0] == "+" else -1
    digits = name[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _local_parse_date(text: str) -> datetime | None:
    match = ISO_DATETIME.search(text)
    if match:
        parts = match.groupdict()
    else:
        match = NORDIC_DATETIME.search(text)
        if match:
            parts = match.groupdict()
        else:
            match = WORDED_DATE.search(text)
            if not match:
                return None
            parts = {"y": match["y"], "m": str(NORWEGIAN_MONTHS[match["mon"].lower()]), "d": match["d"],
                     "H": None, "M": None, "S": None, "tz": None}
    try:
        return datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]),
            int(parts["H"] or 0), int(parts["M"] or 0), int(parts["S"] or 0),
            tzinfo=_tz(parts.get("tz")),
        )
    except ValueError:
        return None


def parse_when(value: object) -> datetime | None:
    """A timezone-aware datetime from an API or page date value, or None.

    Accepts ISO 8601 ("2024-10-15T10:02:00+02:00"), NTB bylines ("14.10.2021 11:30:11 CEST"),
    "Publisert: 15. oktober 2025", and epoch numbers (seconds or milliseconds). A date without a
    zone is read as Europe/Oslo local time.
    parse_when("15.10.2025 10:02:00 CEST") -> datetime(2025, 10, 15, 10, 2, tzinfo=UTC+02:00)
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10_000_000_000 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if text.isdigit():
        return parse_when(int(text))
    # ISO first: the shared parser targets Norwegian page text and may not know ISO offsets.
    if ISO_DATETIME.match(text):
        return _local_parse_date(text)
    parsed = _shared_parse_date(text)
    if parsed is not None:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=OSLO)
    return _local_parse_date(text)


def phone_e164(raw: str | None) -> str | None:
    """A Norwegian/Nordic phone number in E.164, or None when it is not a phone number.

    phone_e164("24 13 26 01") -> "+4724132601"; phone_e164("+47 902 33 059") -> "+4790233059"
    """
    return _shared_phone_e164(raw) if raw else None


def build_release(
    title: str | None,
    blocks: Iterable[tuple[str, str]],
    *,
    has_full_text: bool,
    url: str | None = None,
    published_at: datetime | None = None,
    release_type: str | None = None,
    publisher: str | None = None,
    language: str | None = None,
    contacts: Iterable[Contact] = (),
    title_source: str | None = None,
) -> ReleaseDraft:
    """A ReleaseDraft from (kind, text) blocks: text joined by blank lines, offsets computed.

    The first paragraph becomes kind "lead" when no block is a lead yet; empty blocks are dropped.
    `title_source` says how the caller found the title ("json", "html:h1", …); "none" when there is none.
    build_release("KS gir pengestøtte", [("paragraph", "Hovedstyret vedtok i dag …")], has_full_text=True)
    -> ReleaseDraft(text="Hovedstyret vedtok i dag …", blocks=(Block("lead", …, 0),), …)
    """
    cleaned = [(kind, clean_text(text)) for kind, text in blocks]
    cleaned = [(kind, text) for kind, text in cleaned if text]
    if cleaned and not any(kind == "lead" for kind, _ in cleaned):
        for i, (kind, text) in enumerate(cleaned):
            if kind == "paragraph":
                cleaned[i] = ("lead", text)
                break
    out: list[Block] = []
    pos = 0
    for kind, text in cleaned:
        out.append(Block(kind=kind, text=text, start=pos))
        pos += len(text) + 2
    title = clean_text(title) or None if title else None
    return ReleaseDraft(
        title=title,
        text="\n\n".join(text for _, text in cleaned),
        blocks=tuple(out),
        has_full_text=has_full_text,
        url=url,
        published_at=published_at,
        release_type=release_type,
        publisher=publisher,
        language=language,
        contacts=tuple(contacts),
        title_source=title_source if title else "none",
    )


LANGUAGE_CODES = {"no": "nb", "nb": "nb", "nn": "nn", "nob": "nb", "nno": "nn", "norsk": "nb",
                  "en": "en", "eng": "en", "engelsk": "en", "english": "en", "sv": "sv", "da": "da",
                  "fi": "fi", "se": "se"}


def language_code(value: object) -> str | None:
    """An ISO 639-1 language code from an API language field ("no" -> "nb", "Engelsk" -> "en")."""
    if isinstance(value, dict):
        value = value.get("code") or value.get("label") or value.get("name")
    if not isinstance(value, str) or not value.strip():
        return None
    return LANGUAGE_CODES.get(value.strip().lower()[:7], value.strip().lower()[:2])


# ---------------------------------------------------------------------------------------------
# HTML -> blocks, contacts, documents
# ---------------------------------------------------------------------------------------------


# Elements that never hold release text: code, icons (SVG <title>s leak "World GlobeA line styled
# icon…" into text), navigation, forms, media.
DROP_TAGS = ("script", "style", "noscript", "svg", "template", "iframe", "form", "button", "nav",
             "aside", "select", "input", "figure", "picture", "video", "audio", "canvas", "img")
# Page chrome dropped only outside the article: an <article> may carry its own <header>.
CHROME_TAGS = ("header", "footer")
H1_ONLY = frozenset({"h1"})
SUBHEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
BLOCK_TAGS = ("p", "h1", *SUBHEADING_TAGS, "blockquote", "li", "ul", "ol", "table", "tr", "div",
              "section", "article", "main", "dl", "dt", "dd", "pre", "hr", "figure", "header",
              "footer", "details", "summary")
BLOCK_TAG_SET = frozenset(BLOCK_TAGS)
BOLD_TAGS = frozenset({"strong", "b"})
LIST_ITEM_BLOCKS = frozenset({"p", "ul", "ol", "div"})
P_OR_DIV = frozenset({"p", "div"})
TEASER_TEXT_TAGS = frozenset({"p", "span", "time", "div"})
CARD_TAGS = frozenset({"article", "li"})
TEASER_HEADINGS = frozenset({"h2", "h3", "h4", "h5"})
# Tags that can be a section heading ("Kontakter", "Siste pressemeldinger fra KS").
HEADING_CANDIDATE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "strong", "p", "div", "span", "dt"})
# A heading is short: longer candidates are skipped without joining all their text.
MAX_HEADING_CHARS = 80
TITLE_MARK = "\u2063title\u2063"  # stands in for the page's <h1> while blocks are read
INLINE_BREAK = "\u2029"  # marks a <br>; a newline in the source is just whitespace

# Section headings that end a release's own text (§6 of the source notes): the page's text ends
# at the first of these; what follows belongs to other releases or to page chrome.
END_OF_BODY = re.compile(
    r"^(?:Kontakter|Kontaktpersoner|Kontaktperson|Kontakt oss|Kontakt|Kontaktinformasjon|Pressekontakt"
    r"|Følg pressemeldinger fra\b.*|Siste pressemeldinger(?: fra\b.*)?|Om [A-ZÆØÅ].{0,60}|Bilder|Lenker"
    r"|Nøkkelord|Dokumenter|Vedlegg|Last ned|Del(?: artikkelen| saken)?|Relaterte saker|Les også"
    r"|Contacts|About [A-Z].{0,60}|Images|Links|Documents)$",
    re.IGNORECASE,
)
# The contact-block headings of the four languages (transform/data/contacts/*.txt).
CONTACTS_HEADING = CONTACTS_HEADING_RE
LATEST_HEADING = re.compile(r"^Siste (?:presse)?meldinger(?: fra\b.*)?$|^Latest releases", re.IGNORECASE)
# "14.10.2021 11:30:11 CEST | KS | Pressemelding": the NTB byline, not body text.
BYLINE = re.compile(
    r"^\d{1,2}\.\d{1,2}\.\d{4}(?:\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?(?:\s*(?:CEST|CET))?\s*(?:\|.*)?$"
)
BYLINE_TYPE = re.compile(r"\|\s*([A-ZÆØÅ][a-zæøå]+(?:invitasjon|melding|nyhet)?[a-zæøå]*)\s*$")
# "3. mars 2025", "12.03.2025 kl. 10:00": a block that is nothing but a date
DATE_ONLY = re.compile(
    r"^(?:\w+dag\s+)?\d{1,2}\.\s*(?:\d{1,2}\.\s*\d{4}|[a-zæøå]+\s+\d{4})(?:,?\s*(?:kl\.?\s*)?\d{1,2}[:.]\d{2})?$",
    re.IGNORECASE,
)
PUBLISHED_LABEL = re.compile(r"^(?:Publisert|Oppdatert|Published|Dato)\s*:?\s*", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "Tel:+4790233059", "Tlf. 24 13 26 01", "Mobil: 902 33 059", "+47 902 33 059"
PHONE_LABEL = re.compile(r"^(?:Tel|Tlf|Telefon|Mobil|Mob|Phone|Tel\.nr)\.?\s*:?\s*", re.IGNORECASE)
PHONE_IN_TEXT = re.compile(
    r"(?:(?:Tel|Tlf|Telefon|Mobil|Mob|Phone)\.?\s*:?\s*)(\+?[\d][\d \u00a0-]{6,16}\d)"
    r"|(\+\d{2}[\d \u00a0-]{7,14}\d)",
    re.IGNORECASE,
)
# A desk, not a person: Contact.name is None and the desk name becomes the title.
DESK = re.compile(
    r"^(?:Pressevakt(?:en)?|Presse(?:telefon|kontakt|avdeling(?:en)?)?|Kommunikasjons(?:avdeling|stab)(?:en)?"
    r"|Kommunikasjon|Sentralbord(?:et)?|Vakttelefon|Presstjänst|Pressjour|Presseafdeling(?:en)?"
    r"|Press office|Media desk)\b",
    re.IGNORECASE,
)
NTB_RELEASE_LINK = re.compile(r"/(?:pressemelding|release)/(\d{5,})(?:[/?#]|$)|[?&]releaseId=(\d{5,})")


# Real press pages nest 20-40 elements deep; libxml2 itself stops at 256 without XML_PARSE_HUGE.
MAX_HTML_DEPTH = 256


class HtmlShapeError(ValueError):
    """An HTML page with no usable release text (no title, or no body)."""


# The tree helpers below walk an lxml tree (transform/readers/tree.py) that reads as bs4's did; each
# names the bs4 call it stands for. `soup` is the DOCUMENT element above <html>.
Element = etree._Element


def _tags_below(root: Element) -> Iterator[Element]:
    """Every element under `root` (not `root` itself) in document order: bs4's `root.find_all(True)`."""
    return root.iterdescendants(ELEMENT)


def _first_below(root: Element, name: str) -> Element | None:
    """The first element called `name` under `root` (not `root` itself): `root.find(name)`."""
    return next(root.iterdescendants(name), None)


def _depth(soup: BeautifulSoup) -> int:
    """Deepest element nesting of a tree, counted without recursion (one pass over the elements)."""
    depth_of: dict[int, int] = {}
    deepest = 0
    for tag in soup.descendants:
        if isinstance(tag, Tag):
            depth = depth_of.get(id(tag.parent), 0) + 1
            depth_of[id(tag)] = depth
            deepest = max(deepest, depth)
    return deepest


def load_html(html: str | bytes) -> BeautifulSoup:
    """A BeautifulSoup tree (lxml) of a page or fragment; bytes are sniffed for their charset.

    For callers that want bs4's API (rss and ntb_json take the text of small fragments, probe looks
    for tags); the page readers below use `_load` (lxml, the same parse). Raises HtmlShapeError for
    elements nested deeper than MAX_HTML_DEPTH.
    load_html("<h1>KS gir pengestøtte til Ukraina</h1>").h1.get_text() -> "KS gir pengestøtte til Ukraina"
    """
    soup = BeautifulSoup(html, "lxml")
    depth = _depth(soup)
    if depth > MAX_HTML_DEPTH:
        raise HtmlShapeError(f"HTML nested {depth} elements deep (more than {MAX_HTML_DEPTH}); not a page")
    return soup


def _load(html: str | bytes) -> Element:
    """The page as an lxml tree under its DOCUMENT element (tree.load_tree); bytes are decoded first
    as bs4 would (UnicodeDammit).

    Raises HtmlShapeError for elements nested deeper than MAX_HTML_DEPTH: the section and heading
    searches below are quadratic in depth, and the block reader recurses once per level.
    _load("<h1>KS gir pengestøtte til Ukraina</h1>")[0].tag -> "html"
    """
    if isinstance(html, bytes):
        html = UnicodeDammit(html, is_html=True).unicode_markup or ""
    soup, deep = load_tree(html, MAX_HTML_DEPTH)
    if deep:  # libxml2's tree stops nesting at 256: count as bs4's (SAX) tree did
        depth = _depth(BeautifulSoup(html, "lxml"))
        if depth > MAX_HTML_DEPTH:
            raise HtmlShapeError(f"HTML nested {depth} elements deep (more than {MAX_HTML_DEPTH}); not a page")
    return soup


def _has_descendant(tag: Element, names: frozenset[str]) -> bool:
    """True when an element below `tag` (not `tag` itself) has one of `names`: `tag.find(names)`."""
    return next(tag.iterdescendants(*names), None) is not None


def _find_parent(tag: Element, *names: str) -> Element | None:
    """The nearest element above `tag` called one of `names`: `tag.find_parent(names)`."""
    return next(tag.iterancestors(*names), None)


def _drop_noise(root: Element) -> None:
    """Remove DROP_TAGS and page chrome outside the article (comments are never text: tree.py)."""
    dropped: list[Element] = []
    chrome: list[Element] = []
    for node in root.iterdescendants(*DROP_TAGS, *CHROME_TAGS):
        (chrome if node.tag in CHROME_TAGS else dropped).append(node)
    gone: set[Element] = set()
    for tag in dropped:
        if not gone.isdisjoint(tag.iterancestors()):  # inside an element dropped before it
            continue
        gone.add(tag)
        decompose(tag)
    for tag in chrome:
        if not gone.isdisjoint(tag.iterancestors()):
            continue
        if _find_parent(tag, "article", "main") is None and not _has_descendant(tag, H1_ONLY):
            gone.add(tag)
            decompose(tag)


def _text_with_breaks(node: Element, parts: list[str]) -> None:
    """The strings below `node` into `parts`, a <br> as INLINE_BREAK."""
    if node.text is not None:
        parts.append(node.text)
    for child in node:
        if child.tag == "br":
            parts.append(INLINE_BREAK)
        elif isinstance(child.tag, str) and child.tag not in HIDDEN_TEXT_TAGS:  # <rt>: not the text
            _text_with_breaks(child, parts)
        if child.tail is not None:
            parts.append(child.tail)


def _inline_text(nodes: list[Element | str]) -> list[str]:
    """Text of a run of inline nodes, split into lines at <br>."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node.tag == "br":
            parts.append(INLINE_BREAK)
        elif next(node.iterdescendants("br"), None) is None:
            parts.extend(strings(node))
        else:
            _text_with_breaks(node, parts)
    return [line for line in map(clean_text, "".join(parts).split(INLINE_BREAK)) if line]


def _is_bold_only(tag: Element) -> bool:
    if not _has_descendant(tag, BOLD_TAGS):  # no bold text: cannot be all bold
        return False
    text = clean_text(get_text(tag, " "))
    bold = clean_text(" ".join(get_text(b, " ") for b in tag.iterdescendants(*BOLD_TAGS)))
    return bool(text) and text == bold and len(text) <= 150 and not text.endswith((".", ":", ","))


def html_blocks(root: Element, *, h1_is_subheading: bool = False) -> list[tuple[str, str]]:
    """(kind, text) blocks of an HTML tree in reading order: paragraph, subheading or blockquote.

    <p> and <li> give paragraphs (a <br> splits them), h2–h6 and bold-only short paragraphs give
    subheadings, <blockquote> gives one blockquote. Inline runs directly inside containers count as
    paragraphs. Noise tags must be removed before (see parse_body_html).
    html_blocks(_load("<p>Hovedstyret i KS vedtok i dag …</p><h2>Støtter lokale myndigheter</h2>"))
    -> [("paragraph", "Hovedstyret i KS vedtok i dag …"), ("subheading", "Støtter lokale myndigheter")]
    """
    out: list[tuple[str, str]] = []
    run: list[Element | str] = []

    def flush() -> None:
        for line in _inline_text(run):
            out.append(("paragraph", line))
        run.clear()

    for child in children(root):
        if isinstance(child, str):
            run.append(child)
            continue
        name = child.tag
        if name not in BLOCK_TAG_SET:
            run.append(child)
            continue
        flush()
        if name in SUBHEADING_TAGS or (name == "h1" and h1_is_subheading):
            text = clean_text(get_text(child, " "))
            if text:
                out.append(("subheading", text))
        elif name == "h1":
            continue
        elif name == "blockquote":
            text = clean_text(" ".join(_inline_text([child])))
            if text:
                out.append(("blockquote", text))
        elif name in ("p", "dt", "dd", "pre", "summary"):
            if _has_descendant(child, BLOCK_TAG_SET):  # invalid nesting repaired by the parser: recurse
                out.extend(html_blocks(child, h1_is_subheading=h1_is_subheading))
            elif _is_bold_only(child):
                out.append(("subheading", clean_text(get_text(child, " "))))
            else:
                out.extend(("paragraph", line) for line in _inline_text([child]))
        elif name == "li":
            if _has_descendant(child, LIST_ITEM_BLOCKS):
                out.extend(html_blocks(child, h1_is_subheading=h1_is_subheading))
            else:
                out.extend(("paragraph", line) for line in _inline_text([child]))
        elif name == "tr":
            cells = [clean_text(get_text(c, " ")) for c in child.iterdescendants("td", "th")]
            if any(cells):
                out.append(("paragraph", " | ".join(c for c in cells if c)))
        elif name == "hr":
            continue
        else:  # containers: ul, ol, table, div, section, article, …
            out.extend(html_blocks(child, h1_is_subheading=h1_is_subheading))
    flush()
    return out


def parse_body_html(fragment: str | None) -> list[tuple[str, str]]:
    """(kind, text) blocks of an HTML fragment such as an API's `body` field.

    parse_body_html("<p>– Vi er sjokkerte, sier styreleder i KS, Gunn Marit Helgesen.</p>")
    -> [("paragraph", "– Vi er sjokkerte, sier styreleder i KS, Gunn Marit Helgesen.")]
    """
    if not fragment or not str(fragment).strip():
        return []
    soup = _load(f"<div id='__fragment'>{fragment}</div>")
    root = next((t for t in soup.iterdescendants(ELEMENT) if t.get("id") == "__fragment"), soup)
    _drop_noise(root)
    return html_blocks(root, h1_is_subheading=True)


def contacts_from_text(text: str, organisation: str | None = None) -> list[Contact]:
    """Contacts from a plain-text contact block, one contact per paragraph or per name line.

    contacts_from_text("Pressevakt, tlf. 24 13 26 01, kom@ks.no")
    -> [Contact(name=None, title="Pressevakt", phone="+4724132601", email="kom@ks.no")]
    """
    found = _shared_parse_contacts((text or "").splitlines())
    return [c if c.organisation else replace(c, organisation=organisation) for c in found]


def _heading_text(tag: Element) -> str:
    return clean_text(get_text(tag, " "))


def _section_after(heading: Element) -> list[Element]:
    """Elements that follow a section heading, up to the next heading of the same kind."""
    siblings = list(heading.itersiblings(ELEMENT))
    parent = heading.getparent()
    if not siblings and parent is not None:
        siblings = list(parent.itersiblings(ELEMENT))
    out = []
    for sib in siblings:
        if sib.tag in ("h1", "h2", "h3") and END_OF_BODY.match(_heading_text(sib)):
            break
        out.append(sib)
    return out


def _text_shorter_than(tag: Element, limit: int) -> bool:
    """`len(tag.get_text()) < limit`, without joining the text of a large element."""
    total = 0
    for string in strings(tag):
        total += len(string)
        if total >= limit:
            return False
    return True


def _find_heading(root: Element, pattern: re.Pattern[str]) -> Element | None:
    for tag in root.iterdescendants(*HEADING_CANDIDATE_TAGS):
        if (_text_shorter_than(tag, MAX_HEADING_CHARS) and pattern.match(_heading_text(tag))
                and not _has_descendant(tag, P_OR_DIV)):
            return tag
    return None


def contacts_from_html(root: Element, organisation: str | None = None) -> list[Contact]:
    """Contacts under a "Kontakter" heading: its text lines read by the shared contact-block parser.

    A mailto:/tel: link counts by its address, not its text ("Send e-post").
    contacts_from_html(_load("<h2>Kontakter</h2><p>Pressevakt<br>Tel:24 13 26 01<br>kom@ks.no</p>"))
    -> [Contact(name=None, title="Pressevakt", phone="+4724132601", email="kom@ks.no")]
    """
    heading = _find_heading(root, CONTACTS_HEADING)
    if heading is None:
        return []
    section = _section_after(heading)
    for elem in section:
        for a in [t for t in elem.iterdescendants("a") if t.get("href") is not None]:
            href = str(a.get("href"))
            if href.startswith("mailto:"):
                set_string(a, href.split(":", 1)[1].split("?")[0])
            elif href.startswith("tel:"):
                set_string(a, "Tel: " + href.split(":", 1)[1])
    lines = [clean_text(t) for elem in section for t in stripped_strings(elem) if clean_text(t)]
    found = _shared_parse_contacts(lines)
    return [c if c.organisation else replace(c, organisation=organisation) for c in found]


def _meta(soup: Element, *names: str) -> str | None:
    """Content of the first of `names` found as a meta property (or else name) with content.

    One pass over the page's <meta> tags instead of two full-tree searches per name.
    """
    by_property: dict[str, Element] = {}
    by_name: dict[str, Element] = {}
    for tag in soup.iterdescendants("meta"):
        prop = tag.get("property")
        if prop is not None and prop not in by_property:
            by_property[prop] = tag
        name = tag.get("name")
        if name is not None and name not in by_name:
            by_name[name] = tag
    for name in names:
        tag = by_property.get(name)
        if tag is None:
            tag = by_name.get(name)
        if tag is not None and tag.get("content"):
            return clean_text(str(tag.get("content")))
    return None



def _title_part(title: str, url: str | None) -> str | None:
    """The part of a <title> that is the page's own title: "Ein ny milliard - regjeringen.no" ->
    "Ein ny milliard". The part holding most of the fetched URL's slug words wins, else the first part
    that is not chrome (evidence.slug_match, evidence.is_chrome)."""
    parts = [p for p in re.split(r"\s+[|–-]\s+", title) if p and not is_chrome(p)]
    if not parts:
        return None
    slug = slug_words(url)
    if not slug:
        return parts[0]
    return max(parts, key=lambda p: slug_match(Candidate(p, slug=slug)))  # max keeps the first on a tie



def _page_title(soup: Element, container: Element, url: str | None = None) -> tuple[str | None, str]:
    """The page's title and how it was found: <h1> ("html:h1"), og:title ("html:og"), <title>
    ("html:title") or none ("none"). A chrome line ("Historisk arkiv", evidence.is_chrome) is never the
    title: the next source is tried, and a page whose only title is chrome has none."""
    h1 = _first_below(container, "h1")
    if h1 is None:
        h1 = _first_below(soup, "h1")
    if h1 is not None:
        text = clean_text(get_text(h1, " "))
        if text and not is_chrome(text):
            return text, "html:h1"
    og = _meta(soup, "og:title", "twitter:title")
    if og and not is_chrome(og):
        return og, "html:og"
    title_tag = _first_below(soup, "title")
    title_string = the_string(title_tag) if title_tag is not None else None
    if title_string:
        text = _title_part(clean_text(title_string), url)
        if text:
            return text, "html:title"
    return None, "none"


def _page_date(soup: Element, container: Element, blocks: list[tuple[str, str]]) -> datetime | None:
    time_tag = _first_below(container, "time")
    if time_tag is None:
        time_tag = _first_below(soup, "time")
    if time_tag is not None:
        when = parse_when(time_tag.get("datetime") or get_text(time_tag, " "))
        if when:
            return when
    meta = _meta(soup, "article:published_time", "og:published_time", "date", "DC.date", "dcterms.date",
                 "pubdate", "publish-date")
    if meta:
        when = parse_when(meta)
        if when:
            return when
    for _, text in blocks[:6]:
        if BYLINE.match(text) or PUBLISHED_LABEL.match(text):
            when = parse_when(PUBLISHED_LABEL.sub("", text))
            if when:
                return when
    return None


def _main_container(soup: Element) -> Element:
    h1 = _first_below(soup, "h1")
    if h1 is not None:
        art = _find_parent(h1, "article")
        if art is not None:
            return art
    for name in ("article", "main"):
        found = _first_below(soup, name)
        if found is not None:
            return found
    found = next((t for t in soup.iterdescendants(ELEMENT) if t.get("role") == "main"), None)  # [role=main]
    if found is not None:
        return found
    body = _first_below(soup, "body")
    return body if body is not None else soup


def _teasers(section: list[Element], base_url: str, *, publisher: str | None,
             language: str | None) -> list[ReleaseDraft]:
    """Teaser releases from listing elements: each card with a link and a heading or link text."""
    drafts: list[ReleaseDraft] = []
    seen: set[str] = set()
    cards: list[Element] = []
    for elem in section:
        found = list(elem.iterdescendants(*CARD_TAGS))
        cards.extend(found if found else [elem])
    for card in cards:
        # one walk for the first link and the first heading
        link = heading = None
        for node in card.iterdescendants(ELEMENT):
            if link is None and node.tag == "a" and node.get("href") is not None:
                link = node
            elif heading is None and node.tag in TEASER_HEADINGS:
                heading = node
            if link is not None and heading is not None:
                break
        if link is None:
            continue
        title = clean_text(get_text(heading if heading is not None else link, " "))
        if not title or title in seen:
            continue
        seen.add(title)
        url = urljoin(base_url, str(link.get("href")))
        byline = None
        lead_parts: list[str] = []
        for p in card.iterdescendants(*TEASER_TEXT_TAGS):
            if _has_descendant(p, P_OR_DIV):
                continue
            text = clean_text(get_text(p, " "))
            if not text or text == title or title.startswith(text):
                continue
            if byline is None and (p.tag == "time" or BYLINE.match(text) or PUBLISHED_LABEL.match(text)):
                byline = p.get("datetime") if p.tag == "time" else text
                continue
            if text not in lead_parts:
                lead_parts.append(text)
        type_match = BYLINE_TYPE.search(byline or "")
        drafts.append(build_release(
            title, [("teaser", " ".join(lead_parts[:1]))] if lead_parts else [],
            has_full_text=False, url=url,
            published_at=parse_when(PUBLISHED_LABEL.sub("", byline)) if byline else None,
            release_type=type_match.group(1) if type_match else None,
            publisher=publisher, language=language, title_source="html:teaser",
        ))
    return drafts


# A card of a list is teaser-sized: a longer <article> or <li> is an article or a section of one.
CARD_MAX_CHARS = 1500
# Strings of a card that may be its date line ("12. mars 2024", "Pressemelding | 12.03.2024").
CARD_DATE_MAX_CHARS = 80


def _card_date(card: Element, reference: datetime | None) -> tuple[bool, datetime | None]:
    """Whether a card prints a date (a <time>, or a short string listing.list_date reads), and the date."""
    for node in card.iterdescendants("time"):
        return True, parse_when(node.get("datetime") or get_text(node, " ").strip())
    for text in stripped_strings(card):
        if len(text) <= CARD_DATE_MAX_CHARS:
            date = list_date(text, reference)
            if date is not None:
                return True, date.when
    return False, None


def _is_prose(text: str) -> bool:
    """A block of prose: a sentence of 8 words or more, or 20 words ("Neste side" -> False)."""
    return word_count(text) >= 20 or (word_count(text) >= 8 and ends_sentence(text))


def _listed_cards(soup: Element, reference: datetime | None) -> list[Element]:
    """The cards of a list of news items anywhere on a page, or [] when there are fewer than two.

    A card is an <article> or <li> holding a heading (h2-h5), a link and a date, teaser-sized, with no
    <h1> (the page's own article is never one) and no such card inside it.
    <li><h3><a href="/nyheter/1">Ny skole</a></h3><time datetime="2024-03-12">12. mars</time><p>…</p></li> x 2.
    """
    cards: list[Element] = []
    for tag in soup.iterdescendants(*CARD_TAGS):
        if _has_descendant(tag, H1_ONLY):
            continue
        below = list(tag.iterdescendants(ELEMENT))
        if not any(t.tag in TEASER_HEADINGS for t in below) or not any(t.tag == "a" and t.get("href")
                                                                       for t in below):
            continue
        if len(get_text(tag, " ")) > CARD_MAX_CHARS or not _card_date(tag, reference)[0]:
            continue
        cards.append(tag)
    around = {parent for card in cards for parent in card.iterancestors()}
    innermost = [card for card in cards if card not in around]
    return innermost if len(innermost) >= MIN_ITEMS else []


def _card_release(card: Element, base_url: str, reference: datetime | None, *, publisher: str | None,
                  language: str | None) -> ReleaseDraft:
    """A listed release from a card: its heading, link, date and first paragraph as the teaser."""
    heading = next(card.iterdescendants(*TEASER_HEADINGS))
    link = next((a for a in heading.iterdescendants("a") if a.get("href") is not None), None)
    if link is None:
        link = next(t for t in card.iterdescendants("a") if t.get("href"))
    title = clean_text(get_text(heading, " "))
    teaser = next((clean_text(get_text(p, " ")) for p in card.iterdescendants("p")
                   if clean_text(get_text(p, " ")) not in ("", title)
                   and list_date(clean_text(get_text(p, " ")), reference) is None), None)
    return build_release(title, [("teaser", teaser)] if teaser else [], has_full_text=False,
                         url=urljoin(base_url, str(link.get("href"))), published_at=_card_date(card, reference)[1],
                         publisher=publisher, language=language)



def parse_release_html(html: str, url: str, *, fetched_at: datetime | None = None,
                       publisher: str | None = None, kind: str = "release_page",
                       content_sha256: str = "", http_status: int | None = None) -> Document:
    """A Document holding one release (and any "Siste pressemeldinger" teasers) from an HTML page.

    Title from <h1>, og:title or <title>; date from <time>, article meta or a byline such as
    "14.10.2021 11:30:11 CEST | KS | Pressemelding"; body blocks until the first of Kontakter /
    Følg pressemeldinger / Siste pressemeldinger / Om …; contacts from the Kontakter cards.
    Raises HtmlShapeError when the page has neither a title nor body text.
    parse_release_html("<h1>KS gir pengestøtte til Ukraina</h1><p>Hovedstyret i KS vedtok …</p>", url)
    -> Document(kind="release_page", releases=(ReleaseDraft(title="KS gir pengestøtte til Ukraina", …),))
    """
    soup = _load(html)
    html_tag = _first_below(soup, "html")
    language = language_code(html_tag.get("lang")) if html_tag is not None else None
    og_description = _meta(soup, "og:description", "description")
    # Listings and contacts are read before the noise is dropped: cards may sit in <aside>.
    latest_heading = _find_heading(soup, LATEST_HEADING)
    teasers = (_teasers(_section_after(latest_heading), url, publisher=publisher, language=language)
               if latest_heading is not None else [])
    if latest_heading is not None:
        for elem in _section_after(latest_heading):
            decompose(elem)
        decompose(latest_heading)
    else:  # any other list of news items (dated cards): one teaser each, and out of the page's own text
        cards = _listed_cards(soup, fetched_at)
        teasers = [_card_release(card, url, fetched_at, publisher=publisher, language=language) for card in cards]
        for card in cards:
            decompose(card)
    contacts = contacts_from_html(soup, organisation=publisher)
    _drop_noise(soup)
    container = _main_container(soup)
    title, title_source = _page_title(soup, container, url)
    h1 = _first_below(container, "h1")
    if h1 is not None:  # mark where the title stood: labels above it are not body text
        marker = etree.Element("p")
        marker.text = TITLE_MARK
        marker.tail = h1.tail
        h1.getparent().replace(h1, marker)
    raw_blocks = html_blocks(container)
    all_blocks = [b for b in raw_blocks if b[1] != TITLE_MARK]
    marks = [i for i, (_, text) in enumerate(raw_blocks) if text == TITLE_MARK]
    if marks:
        before = raw_blocks[:marks[0]]
        # breadcrumbs, a publisher label ("KS"), "Del": short lines above the title are chrome
        if all(len(text) < 80 for _, text in before):
            raw_blocks = raw_blocks[marks[0] + 1:]
        raw_blocks = [b for b in raw_blocks if b[1] != TITLE_MARK]
    body: list[tuple[str, str]] = []
    release_type = None
    dated_line: datetime | None = None
    warnings: list[str] = []
    for kind_, text in raw_blocks:
        if END_OF_BODY.match(text) and kind_ in ("subheading", "paragraph") and len(text) < 80:
            if body:
                break
            continue  # "Del" (share) or "Bilder" above the lead in the old layout: skip, do not cut
        dateline = read_dateline(text, fetched_at) if len(text) < 120 else None
        if dateline is not None:
            # "Pressemelding • 12.03.2024 10:15 CET", "I dag 10:15 | KS | Pressemelding": meta, not body
            release_type = release_type or dateline.release_type
            dated_line = dated_line or dateline.published_at
            if dateline.problem:
                warnings.append(f"{url}: paragraph {text!r}: {dateline.problem}; its date is left empty")
            continue
        if BYLINE.match(text):
            found = BYLINE_TYPE.search(text)
            release_type = release_type or (found.group(1) if found else None)
            continue
        if len(text) < 60 and (PUBLISHED_LABEL.match(text) or DATE_ONLY.match(text)) and parse_when(
                PUBLISHED_LABEL.sub("", text)):
            continue  # a dateline, not body text
        if title and text == title:
            continue
        body.append((kind_, text))
    if not body and og_description and not teasers:
        body = [("lead", og_description)]
    if teasers and not any(_is_prose(text) for _, text in body):
        # a page that is only a list (and links such as "Neste side"): its items, no release of its own
        text = "\n\n".join(t.title + ("\n" + t.text if t.text else "") for t in teasers if t.title)
        return Document(source_uri=url, kind=kind, text=text, title=title, language=detect_language(text, language),
                        parser="html", content_sha256=content_sha256, releases=tuple(teasers),
                        fetched_at=fetched_at, http_status=http_status, warnings=tuple(warnings))
    if not title and not body:
        raise HtmlShapeError(f"{url}: no title and no body text in the HTML page")
    if not body and h1 is None and _first_below(soup, "h1") is None:  # only <title>: a shell or error page
        raise HtmlShapeError(f"{url}: no body text in the HTML page (only a <title>: {title!r})")
    published_at = _page_date(soup, container, all_blocks) or dated_line
    language = detect_language(" ".join(t for _, t in body), language)
    release = build_release(
        title, body, has_full_text=bool(body), url=url, published_at=published_at,
        release_type=release_type, publisher=publisher, language=language, contacts=contacts,
        title_source=title_source,
    )
    text = "\n\n".join(part for part in (release.title, release.text) if part)
    return Document(
        source_uri=url, kind=kind, text=text, title=release.title, language=language,
        parser="html", content_sha256=content_sha256, releases=(release, *teasers),
        fetched_at=fetched_at, http_status=http_status, warnings=tuple(warnings),
    )


def parse_listing_html(html: str, url: str, *, fetched_at: datetime | None = None,
                       publisher: str | None = None, link_pattern: re.Pattern[str] | None = None,
                       content_sha256: str = "", http_status: int | None = None) -> Document:
    """A listing_page Document whose releases are the teasers (title, link, date, lead) on the page.

    A teaser is an <article> or <li> with a link; `link_pattern` (searched in the absolute URL)
    keeps only links to releases/articles.
    parse_listing_html('<li><a href="/pressemelding/18307640/godt-signal">Godt signal</a></li>', url)
    -> Document(kind="listing_page", releases=(ReleaseDraft(title="Godt signal", has_full_text=False),))
    """
    soup = _load(html)
    html_tag = _first_below(soup, "html")
    language = language_code(html_tag.get("lang")) if html_tag is not None else None
    _drop_noise(soup)
    container = _first_below(soup, "main")
    if container is None:
        container = _first_below(soup, "body")
    if container is None:
        container = soup
    teasers = _teasers([container], url, publisher=publisher, language=language)
    if link_pattern is not None:
        teasers = [t for t in teasers if t.url and link_pattern.search(t.url)]
    title, _ = _page_title(soup, container)
    text = "\n\n".join([t.title + ("\n" + t.text if t.text else "") for t in teasers])
    return Document(
        source_uri=url, kind="listing_page", text=text, title=title, language=detect_language(text, language),
        parser="html_listing", content_sha256=content_sha256, releases=tuple(teasers),
        fetched_at=fetched_at, http_status=http_status,
    )


def extract_links(html: str, base_url: str, pattern: re.Pattern[str] | None = None) -> list[str]:
    """Absolute link targets of a page in document order, deduplicated, optionally filtered.

    extract_links('<a href="/pressemelding/18307640/godt-signal?publisherId=15032900">x</a>',
                  "https://kommunikasjon.ntb.no/presserom/15032900/ks/r", NTB_RELEASE_LINK)
    -> ["https://kommunikasjon.ntb.no/pressemelding/18307640/godt-signal?publisherId=15032900"]
    """
    soup = load_html(html)
    out: list[str] = []
    for a in soup.find_all("a", href=True):
        href = str(a["href"]).strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        absolute = urljoin(base_url, href).split("#", 1)[0]
        if pattern is not None and not pattern.search(absolute):
            continue
        if absolute not in out:
            out.append(absolute)
    return out


def next_page_link(html: str, base_url: str) -> str | None:
    """The listing's next-page URL from rel=next or a "Neste"/"Vis flere"/"Les flere" link, or None.

    next_page_link('<a href="/aktuelt/?side=2">Neste side</a>', "https://www.ks.no/aktuelt/")
    -> "https://www.ks.no/aktuelt/?side=2"
    """
    soup = load_html(html)
    tag = soup.find(["a", "link"], rel="next", href=True)
    if tag is None:
        for a in soup.find_all("a", href=True):
            if re.match(r"^(?:Neste(?: side)?|Vis flere|Les flere(?: artikler)?|Flere saker|Next)\b",
                        clean_text(a.get_text(" ")), re.IGNORECASE):
                tag = a
                break
    return urljoin(base_url, str(tag["href"])) if tag is not None else None
