"""Plain-text dumps of press-room pages (text as a browser shows it) -> Document with its releases.

Pure: a string in, a `Document` out; no I/O, no clock. Reads three layouts, decided by structure:

- an NTB Kommunikasjon release page: title (a leading dash marks a quote-title), optional dateline
  ("14.10.2021 11:30:11 CEST | KS | Pressemelding"), lead, paragraphs and subheadings, then
  boilerplate ("Nøkkelord", "Kontakter" with glued contact cards, "Bilder", "Lenker", "Om KS",
  "Følg pressemeldinger fra KS", …) and "Siste pressemeldinger fra KS": listed releases, each a title
  glued to its dateline ("…etterlyses!16.5.2022 14:19:32 CEST | Pressemelding") and a teaser line;
- a ks.no topic page: intro, then teasers whose title is printed twice on consecutive lines
  (the first print may be truncated), ending with "Les flere artikler" / "KONTAKT";
- a list of news items anywhere on the page (a title with a date line or a marked teaser, repeated):
  read by `listing.py`, each item a release without full text, the rest of the page its own release;
- a ks.no article (or any titled prose): title, optional "Publisert: 24.03.2021" / "4. mars 2024"
  lines, lead and paragraphs.

The NTB page and the two teaser lists are read exactly (their releases' `title_source` says
"layout:ntb", "layout:ksno", "layout:list"). On any other page the title is chosen by evidence
(transform/readers/evidence.py, `title_source` "scored", or "none" when no line reaches the
threshold): the headline-like lines above the lead are scored by shallow features, chrome lines are
never titles, datelines and type labels above the title are read as metadata, and captions printed
above it are read after the body.

Anything else (a markdown slide deck, a text in a language other than a Scandinavian one or English,
text with no title and prose) is kind "other" with no releases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache

from transform.extractors.contacts import contact_block_start, parse_contacts
from transform.extractors.dates import OSLO, find_glued_dateline, impossible_date, parse_date, read_dateline
from transform.extractors.language import detect_language, has_letters
from transform.models import Block, Contact, Document, ReleaseDraft
from transform.readers.evidence import (
    SENTENCE_BREAK_RE,
    Candidate,
    best,
    ends_mid_phrase,
    has_caption_mark,
    is_attribution_line,
    is_chrome,
    is_credit_line,
    slug_words,
)
from transform.readers.listing import DATE_WORDS, ListedItem, lines_outside, list_words, listed_items
from transform.text import (
    QUOTE_DASHES,
    clean_line,
    ends_sentence,
    normalise_newlines,
    normalise_text,
    starts_with_dash,
    strip_quote_dash,
    word_count,
)

PARSER = "textdump"
# Languages whose press pages this reader understands; anything else is a document of kind "other".
READABLE_LANGUAGES = frozenset({"nb", "nn", "da", "sv", "en"})
# Calling code for phone numbers printed without one, by document language.
CALLING_CODES = {"sv": "46", "da": "45", "nb": "47", "nn": "47"}
# A release's own language is detected only from this many letters up; shorter uses the document's.
MIN_RELEASE_LETTERS = 200
# A list page's heading over its own text ("Pressemeldingar") is at most this many words.
LIST_HEADING_WORDS = 3

_PUBLISHER = r"\s+(?P<publisher>\S.{0,80}?)\s*:?$"
# "Siste pressemeldinger fra KS" and its Swedish, Danish and English forms: starts the listed releases.
LATEST_RE = re.compile(
    r"^(?:Siste\s+(?:presse)?meldinger\s+fra|Siste\s+nyheter\s+fra|Senaste\s+pressmeddelanden\s+från"
    r"|Senaste\s+nytt\s+från|Seneste\s+pressemeddelelser\s+fra|Seneste\s+nyheder\s+fra"
    r"|Latest\s+(?:press\s+releases|releases|news)\s+from)" + _PUBLISHER,
    re.IGNORECASE,
)
# "Følg pressemeldinger fra KS": a subscription box, names the publisher.
FOLLOW_RE = re.compile(
    r"^(?:Følg\s+(?:pressemeldinger|nyheter|saker)\s+fra|Följ\s+(?:pressmeddelanden|nyheter)\s+från"
    r"|Følg\s+(?:pressemeddelelser|nyheder)\s+fra|Follow\s+(?:press\s+releases|releases|news)\s+from)"
    + _PUBLISHER,
    re.IGNORECASE,
)
# Section headings after the release body on NTB / Mynewsdesk / ks.no pages.
SECTION_RE = re.compile(
    r"^(?:Nøkkelord|Nyckelord|Nøgleord|Keywords|Emneord|Stikkord|Emner|Ämnen|Tags"
    r"|Bilder|Billeder|Images|Lenker|Länkar|Links|Dokumenter|Dokument|Documents|Videoer|Videor"
    r"|Videos?|Vedlegg|Bilagor|Vedhæftede\s+filer|Attachments|Relaterte\s+saker|Relaterte\s+artikler"
    r"|Les\s+flere\s+artikler|Flere\s+artikler|Se\s+alle\s+\S.*|Relaterat|Relateret"
    r"|Mest\s+lest|Mest\s+lästa|Mest\s+læste|Flere\s+nyheter|Fler\s+nyheter|Flere\s+nyheder|Andre\s+saker"
    r"|Til\s+toppen|Tilbake\s+til\s+toppen|Till\s+toppen|Til\s+toppen\s+af\s+siden"
    r"|Related(?:\s+\w+)?)$",
    re.IGNORECASE,
)
# Cookie banners: the notice ("Vi bruker informasjonskapsler …") and its buttons.
COOKIE_RE = re.compile(
    r"\b(?:cookies?|informasjonskapsler|informasjonskapslar|kakor|kaker|infokapsler)\b", re.IGNORECASE)
# what a line must contain, lower-cased, before COOKIE_RE is searched at all
COOKIE_WORDS = ("cookie", "informasjonskapsl", "kakor", "kaker", "infokapsler")
COOKIE_BUTTON_RE = re.compile(
    r"^(?:Godta(?:\s+alle)?|Godkjenn(?:\s+alle)?|Godkänn(?:\s+alla)?|Godkend(?:\s+alle)?|Aksepter(?:\s+alle)?|Avvis(?:\s+alle)?|Tillat\s+alle|Kun\s+nødvendige"
    r"|Acceptera(?:\s+alla)?|Avvisa(?:\s+alla)?|Accepter(?:\s+alle)?|Afvis(?:\s+alle)?|Tillad\s+alle"
    r"|Accept(?:\s+all)?|Reject(?:\s+all)?|Jeg\s+forstår|Innstillinger|Inställningar|Indstillinger)$",
    re.IGNORECASE,
)
COOKIE_MAX_WORDS = 80
# Share and print buttons ("Del" under an NTB title): chrome above the body, the end of it below.
SHARE_RE = re.compile(
    r"^(?:Del|Del\s+artikkel(?:en)?|Del\s+saken|Del\s+denne\s+(?:siden|saken|artikkelen)|Dela"
    r"|Dela\s+(?:sidan|artikeln)|Del\s+siden|Del\s+på\s+\w+|Dela\s+på\s+\w+|Share|Share\s+this"
    r"|Skriv\s+ut|Print|Tips\s+en\s+venn|Kopier\s+lenke|Kopiera\s+länk|Kopier\s+link|Del\s+artikel)$",
    re.IGNORECASE,
)
# Read-aloud buttons and ad labels, anywhere on a page: dropped, never the end of a body.
# "Lyssna" (ReadSpeaker on Swedish municipal pages), "Lytt til artikkelen", "Annonse".
CHROME_RE = re.compile(
    r"^(?:Lyssna|Lyssna\s+på\s+\w+|Läs\s+upp|Lytt|Lytt\s+til\s+\w+(?:\s+\w+)?|Les\s+opp|Lyt|Læs\s+op"
    r"|Annonse|Annons|Reklame|Advertisement)$",
    re.IGNORECASE,
)
# A share bar ends the body only below this many prose lines (news sites print one under the lead too).
SHARE_ENDS_AFTER = 3
# "Les også:" / "Se også" / "Läs också": a label whose following short lines are links, inside the body.
SEE_ALSO_RE = re.compile(r"^(?:Les\s+også|Se\s+også|Läs\s+också|Se\s+även|Læs\s+også|Se\s+også)\s*:?$",
                         re.IGNORECASE)
# One-line links inside a body: "Les mer om Tariffoppgjøret 2022", "Les også artikkelen X.",
# "Se også: Informasjon om koronasituasjonen", ks.no's "Lenkeblokk Icon …", "B-rundskriv 8/2022 (pdf)".
LINK_LINE_RE = re.compile(
    r"(?:(?:Les|Läs|Læs)\s+(?:også|mer|mere|hele|nærmere|flere)\b|Se\s+(?:også|även|mer|opptak|video)\b"
    r"|Lenkeblokk\s+Icon\b|Klikk\s+her\b|Last\s+ned\b|Ladda\s+ned\b|Hent\s+\S+\s+her\b)",
    re.IGNORECASE,
)
# ... or a line naming a file to download: "B-rundskriv 8/2022 (pdf)" (compared lower-cased)
LINK_FILE_SUFFIXES = ("(pdf)", "(doc)", "(docx)", "(xls)", "(xlsx)")
LINK_SUFFIX_CHARS = max(map(len, LINK_FILE_SUFFIXES))
LINK_LINE_MAX_WORDS = 16
# A photo credit ending a caption: "… i Vestland. Foto: KS", "Foto: Dag Tynes", "(Foto: NTB)".
PHOTO_CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s.(]))\(?(?:Foto|Fotograf|Photo|Bilde|Bild|Billede|Illustrasjon|Illustration)\s*:\s*"
    r"[^.!?:]{1,80}\)?\.?$",
    re.IGNORECASE,
)
# An upper-case label opening a picture's caption: "VIKTIG GREP: …", "SKEPTISK: …", "NY DUO: …".
CAPTION_LABEL_RE = re.compile(r"^[A-ZÆØÅÄÖÜ]{2,}(?:\s+[A-ZÆØÅÄÖÜ]{2,}){0,3}:\s")
# A breadcrumb glued to a title: "spekter.no>Enighet mellom Spekter og …", "Nyheter › Tittel".
CRUMB_PREFIX_RE = re.compile(r"^(?:[^>›\n]{1,40}\s*[>›]\s*){1,5}(?P<title>[^>›]+)$")
# Two sentences glued without a space: a pull-quote glued to its caption ("…arbeidsplasser.Bjørn Arild
# Gram, styreleder i KS"), never a title.
GLUED_SENTENCE_RE = re.compile(r"[a-zæøåäöü]{2}[.!?][A-ZÆØÅÄÖ][a-zæøåäöü]")
# "Presseinvitasjon: Kommunalpolitisk toppmøte 2023": a type label opening the title.
TITLE_TYPE_RE = re.compile(r"^(?P<type>[^\W\d_]+)\s*:\s+\S")
# The most words a title line has; a longer line opening a capture is a pull-quote or lead, not a title.
TITLE_MAX_WORDS = 20
# "Registrer deg med din e-postadresse …": subscription text.
REGISTER_RE = re.compile(
    r"^(?:Registrer\s+deg|Registrera\s+dig|Tilmeld\s+dig|Register\s+(?:here|to|with)|Subscribe\b"
    r"|Abonner\s+på|Prenumerera\s+på)",
    re.IGNORECASE,
)
# "I vårt presserom finner du …", "Besøk vårt presserom": the end of the listed releases.
END_RE = re.compile(
    r"^(?:I\s+vårt\s+presserom|Besøk\s+vårt\s+presserom|I\s+vårt\s+pressrum|Besök\s+vårt\s+pressrum"
    r"|I\s+vores\s+presserum|Besøg\s+vores\s+presserum|In\s+our\s+(?:press|news)\s*room"
    r"|Visit\s+our\s+(?:press|news)\s*room)\b",
    re.IGNORECASE,
)
# "Om KS" / "About KS": boilerplate about the publisher (only when it names the publisher).
ABOUT_RE = re.compile(r"^(?:Om|About)\s+(?P<who>\S.{0,60})$")
# what a line ABOUT_RE matches opens with (the pattern is case-sensitive): tested before the regex, per line
ABOUT_OPENINGS = ("Om", "About")


def _about(line: str) -> re.Match[str] | None:
    """ABOUT_RE's match of a line, the regex run only on a line opening as it must: "Om KS" -> match, who "KS"."""
    return ABOUT_RE.match(line) if line.startswith(ABOUT_OPENINGS) else None

# ks.no topic page furniture before the teasers: "Mer om lokaldemokrati".
MORE_ABOUT_RE = re.compile(r"^(?:Mer\s+om|Les\s+mer\s+om|Mer\s+fra|Läs\s+mer\s+om|Læs\s+mere\s+om)\s",
                           re.IGNORECASE)
# Date lines of an article: "Publisert: 24.03.2021", "Oppdatert 4. mars 2024".
PUBLISHED_RE = re.compile(
    r"^(?:Publisert|Publisert\s+dato|Publiseringsdato|Publiseret|Publiceret|Publicerad|Publicerat"
    r"|Publiceringsdatum|Udgivet|Udgivelsesdato|Offentliggjort|Publisert\s+første\s+gang|Published"
    r"|Dato|Datum|Date|Publ(?=\.))"
    r"\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
UPDATED_RE = re.compile(
    r"^(?:Sist\s+oppdatert|Oppdatert|Sist\s+endret|Endret|Senast\s+uppdaterad|Uppdaterad|Senast\s+ändrad"
    r"|Sidan\s+uppdaterades|Ändrad|Opdateret|Senest\s+opdateret|Sidst\s+opdateret|Senest\s+ændret"
    r"|(?:Last\s+)?updated)\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A publication label inside an update line: "Uppdaterad: 03 mars 2025Publicerad: 14 mars 2022" (both dates
# printed on one line, glued): the date after it is the publication date, the one before the update.
PUBLISHED_INSIDE_RE = re.compile(
    r"(?:Publisert|Publiseret|Publiceret|Publicerad|Publicerat|Udgivet|Offentliggjort|Published)\s*:?\s*"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# "Publisert for 3 timer siden", nynorsk "for 20 minutt sidan": counted back from the fetch time.
AGO_RE = re.compile(
    r"^(?:for\s+)?(?P<n>\d{1,3}|en|ett|ei|eitt|ein)\s+"
    r"(?P<unit>minutt(?:er)?|min\.?|time(?:r)?|timar|dag(?:er)?|dagar)\s+sid[ea]n$",
    re.IGNORECASE,
)
# A press release number printed with the date (government pages): "Nr: 45/2024", "Pressemelding nr. 12".
NUMBER_RE = re.compile(r"^(?:Nr|Nummer|Pressemelding\s+nr|Pressmeddelande\s+nr)\.?\s*:?\s*\d[\w/.-]*$",
                       re.IGNORECASE)
# How far into a body a byline, date line or number line is still header ("Av Kari Nordmann" and
# "Publisert 12.03.2024 10:15" printed under a news article's lead).
HEADER_LINES = 6
EMAIL_RE = re.compile(r"\S+@\S+")
# A byline's job title on its own line under the journalist's name (news sites): "Journalist".
JOB_TITLE_RE = re.compile(
    r"^(?:Journalist|Reporter|Fotograf|Fotojournalist|Videojournalist|Programleder|Nyhetsredaktør"
    r"|Frilansjournalist|Journalist\s+og\s+[a-zæøå]+)$",
    re.IGNORECASE,
)
# The journalist's name above it: two to four capitalised words.
BYLINE_NAME_RE = re.compile(r"^[A-ZÆØÅ][\w.-]+(?:\s+[A-ZÆØÅ][\w.-]+){1,3}$")
# "Av Kari Nordmann", "Tekst: …", "Foto: …": bylines and credits, not body text.
BYLINE_RE = re.compile(r"^(?:Av|Af|Tekst|Text|Foto|Photo|Skrevet\s+av|Skriven\s+av|By)\s*:?\s+\S"
                       r"|^(?:Journalist|Reporter|Fotograf|Skribent|Reportrar)\s*:\s*\S",  # "Reporter: Anna Svensson"
                       re.IGNORECASE)
# A type label printed as its own line near the title of an article.
RELEASE_TYPES = {
    t.casefold(): t
    for t in ("Pressemelding", "Presseinvitasjon", "Nyhet", "Aktuelt", "Artikkel", "Kronikk",
              "Pressmeddelande", "Pressinbjudan", "Nyheter", "Pressemeddelelse", "Nyhed",
              "Presseinvitation", "Pressemeddelse", "Press release", "News")
}
# Section labels a page prints for any article ("Aktuelt", "Nyheter"): a press release type printed as
# well ("Aktuelt", "Pressemelding", or "Pressemelding | Dato: 12.10.2023 | Nr: 113/2023") is the type.
GENERIC_TYPES = frozenset(t.casefold() for t in ("Aktuelt", "Nyhet", "Nyheter", "Artikkel", "Nyhed", "News"))


# A type line naming its sender, or with a dash after the type: "Pressmeddelande från Finansdepartementet",
# "Pressemeddelelse fra Københavns Kommune Økonomiforvaltningen", "Pressmeddelande -" (a press release type
# only: "Nyheter fra …" is a section).
TYPE_LINE_RE = re.compile(r"^(?P<type>[^\W\d_]+)\s*(?:[-–:]|\s(?:från|fra|frå|from)\s+[A-ZÆØÅÄÖ].{0,80})$")


def _printed_type(line: str) -> str | None:
    """The release type a line prints, else None: "Pressemelding" -> "Pressemelding"; "Pressmeddelande från
    Finansdepartementet" (real3 341) and "Pressmeddelande -" (342) -> "Pressmeddelande"; "Nyheter fra Oslo
    kommune" -> None (a section, not a type)."""
    folded = line.casefold()
    if folded in RELEASE_TYPES:
        return RELEASE_TYPES[folded]
    first = folded.split(" ", 1)[0].rstrip(":-–")
    if first not in RELEASE_TYPES or first in GENERIC_TYPES:
        return None
    match = TYPE_LINE_RE.match(line)
    return RELEASE_TYPES[first] if match and match["type"].casefold() == first else None


def _set_type(meta: _Meta, printed: str | None) -> None:
    """Record a printed release type: the first one, unless a specific type follows a section label."""
    if printed and (meta.release_type is None or (
            meta.release_type.casefold() in GENERIC_TYPES and printed.casefold() not in GENERIC_TYPES)):
        meta.release_type = printed


# Site navigation printed above a title: "Hopp til hovedinnhold", "Meny", "Forside / Aktuelt".
FURNITURE_RE = re.compile(
    r"^(?:Hopp\s+til\s+(?:hoved)?innhold(?:et)?|Gå\s+til\s+(?:hoved)?innhold(?:et)?"
    r"|Skip\s+to\s+(?:main\s+)?content|Till\s+huvudinnehåll|Gå\s+til\s+indhold|Meny|Menu|Søk|Sök"
    r"|Search|Logg\s+inn|Log\s+in|Logga\s+in|Forsiden?|Hjem|Home|Startsiden?|Tilbake|Tillbaka|Back"
    r"|Pressemeldinger|Pressmeddelanden|Pressemeddelelser|Press\s+releases|Nyheter|Nyheder"
    r"|Startsida|Hem|Till\s+startsidan|Til\s+forsiden"
    r"|(?:Forside|Hjem|Home|Startside|Startsida|Hem|Start)\s*[/>›»|].{0,200})$",
    re.IGNORECASE,
)
# The glyphs a page opens a bulleted line with (a menu entry, a list item).
BULLET_GLYPHS = "•▪◦●■"
# A site menu's entry printed as a bulleted line of a word or two above the title: "• Hjem", "• Bli Medlem".
MENU_ITEM_RE = re.compile(rf"^[{BULLET_GLYPHS}]\s*[^\W\d_][^\d.!?:]{{0,30}}$")
MENU_ITEM_MAX_WORDS = 2
# A breadcrumb trail on one line: "Fagområder > Økonomi", "Tema / Klima og miljø", "KS › Aktuelt".
BREADCRUMB_TRAIL_RE = re.compile(r"^[^\W\d_][^>/›|.!?:]{0,40}(?:\s+[>/›|»]\s+[^\W\d_][^>/›|.!?:]{0,40}){1,6}$")
# One breadcrumb step printed on its own line: a few capitalised words, no sentence punctuation or digits.
BREADCRUMB_STEP_RE = re.compile(r"^[^\W\d_a-zæøåäöü][^\d.!?:;,«»\"]{0,40}$")
BREADCRUMB_MAX_WORDS = 3
# A date opening a head line before its text: " date 2021-02 150 millioner til skoleudvidelse" (news sites
# print a section-and-date line over a republished release), "2024-03-04 Ny rapport".
DATE_PREFIX_RE = re.compile(
    r"^(?:(?:date|dato|datum)\s+)?(?P<date>\d{4}-\d{2}(?:-\d{2})?)\s+(?=[^\W\d_]|\d+\s+[^\W\d_])", re.IGNORECASE)
# A question or exclamation of at most this many words is a headline, not a lead ("…: Hvordan slår det ut?").
QUESTION_TITLE_MAX_WORDS = 15
# A sentence printed again within this many lines of itself in a page's head is furniture, not the lead.
REPEAT_WINDOW = 4
# The lines of an article's head (headline, lead, dateline) looked for under a stray sentence.
ARTICLE_HEAD_LINES = 4
# How many non-empty lines from the top the title is looked for in, and how many below the lead a
# pull-quote is looked for in.
HEAD_MAX_LINES = 14
BELOW_LINES = 200
# A line that is only a date: "12. mai 2022", "24.03.2021", "2024-03-04 kl. 10.00".
DATE_LINE_RE = re.compile(
    r"^(?:(?:Publisert|Published|Publicerad|Publiceret)\s*:?\s*)?"
    r"(?:\d{1,2}\.?\s+[^\W\d_]{3,9}\.?\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:,?\s+(?:kl\.?\s*)?\d{1,2}[:.]\d{2})?$",
    re.IGNORECASE,
)
# The words of a date line ("Onsdag", "kl"), and a place printed before it with a comma ("Oslo, 12. mai 2022").
DATE_WORD_RE = re.compile(r"[^\W\d_]+")
PLACE_DATELINE_RE = re.compile(r"^[A-ZÆØÅÄÖÜ][^\W\d_]+,\s")
MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s+")
BULLET_RE = re.compile(r"^(?:[-*+•]\s+|\d{1,2}[.)]\s+)")
MARKDOWN_RULE_RE = re.compile(r"^(?:-{3,}|\*{2,}|_{3,})$")
# A line with neither letters nor digits ("-", "**", "•"): a table's empty cell or a separator.
NO_WORDS_RE = re.compile(r"^[^\w]*$")
# A flattened table: this many cell-like lines in a row (short, with figures, no sentence).
TABLE_MIN_ROWS = 4
# A bullet glyph and a word opening a line: a list item the page wrote, never a flattened table's cell
# ("• Troms og Finnmark 100.754.000 kroner", real3 320).
BULLETED_ITEM_RE = re.compile(rf"^[{BULLET_GLYPHS}]\s*\w")
LETTER_RE = re.compile(r"[^\W\d_]")
ELLIPSIS_RE = re.compile(r"(?:\.\.\.|…)$")
LOWER_START_RE = re.compile(r"^[a-zæøåäöüé]")


@dataclass
class _Item:
    """A listed release being collected: title line, dateline, teaser lines."""

    title: str
    published_at: datetime | None = None
    release_type: str | None = None
    lines: list[str] = field(default_factory=list)
    # how the title was found: "layout:ntb" (glued to its dateline), "layout:ksno" (printed twice),
    # "layout:list" (over or under its date line)
    title_source: str = "layout:ntb"


@lru_cache(maxsize=8192)
def _is_marker(line: str, publisher: str | None) -> bool:
    """True for a boilerplate heading that ends a release body ("Kontakter", "Om KS", "Lenker", …).

    Cached: a page's lines are asked about again below its body, and a press room prints the same headings
    on every page.
    """
    if not line:
        return False
    if (contact_block_start(line) is not None or SECTION_RE.match(line) or LATEST_RE.match(line)
            or FOLLOW_RE.match(line) or REGISTER_RE.match(line) or END_RE.match(line)):
        return True
    about = _about(line)
    return bool(about and publisher and about["who"].strip().casefold() == publisher.casefold())


def _listed_item(line: str) -> _Item | None:
    """A listed release from a title glued to its dateline, else None."""
    if "|" not in line:
        return None  # as find_glued_dateline answers (its dateline prints a "|"), without the call
    glued = find_glued_dateline(line)
    if glued is None or not glued.before.strip():
        return None
    return _Item(title=glued.before.strip(), published_at=glued.published_at,
                 release_type=glued.release_type)


def _find_publisher(lines: Sequence[str]) -> str | None:
    """The publisher named by "Siste pressemeldinger fra KS" or "Følg pressemeldinger fra KS"."""
    for regex in (LATEST_RE, FOLLOW_RE):
        for line in lines:
            match = regex.match(line)
            if match:
                return match["publisher"].strip(" :.")
    return None


def _is_slide_deck(lines: Sequence[str]) -> bool:
    """Markdown made of headings and bullets rather than prose paragraphs (a slide deck, notes)."""
    headings = sum(1 for line in lines if MARKDOWN_HEADING_RE.match(line))
    bullets = sum(1 for line in lines if BULLET_RE.match(line) and not ends_sentence(line))
    if headings < 2:
        return False
    # Prose paragraphs: runs of plain lines (hard-wrapped prose spans several) ending a sentence.
    prose = 0
    run: list[str] = []
    for line in [*lines, ""]:
        if line and not MARKDOWN_HEADING_RE.match(line) and not BULLET_RE.match(line):
            run.append(line)
            continue
        if run and sum(word_count(x) for x in run) >= 15 and ends_sentence(run[-1]):
            prose += 1
        run = []
    return headings + bullets > 2 * prose


def _strip_markdown(line: str) -> tuple[str, bool]:
    """A line without a markdown heading mark, and whether it had one: "## Bakgrunn" -> ("Bakgrunn", True)."""
    match = MARKDOWN_HEADING_RE.match(line)
    if not match:
        return line, False
    return line[match.end():].strip(" #"), True


def _title_like(line: str) -> bool:
    """A line that can be a headline: short, with letters."""
    return bool(LETTER_RE.search(line)) and len(line) <= 400 and word_count(line) <= 40


@lru_cache(maxsize=4096)
def _release_language(title: str, text: str, document_language: str | None) -> str | None:
    """Language of a release's own text when long enough, else the document's.

    Cached: the same listed teasers come back on every page of a press room.
    """
    sample = f"{title}\n{text}"
    if has_letters(sample, MIN_RELEASE_LETTERS):
        return detect_language(sample) or document_language
    return document_language


def _blocks(paragraphs: Sequence[tuple[str, bool]], *, teaser: bool = False) -> tuple[str, tuple[Block, ...]]:
    """(paragraph, is_heading) pairs -> release text joined by blank lines and its blocks with offsets.

    Kinds: "teaser" for listed teasers; else the first paragraph is the "lead", short unpunctuated
    lines followed by a paragraph (and markdown headings) are "subheading", the rest "paragraph".
    """
    blocks: list[Block] = []
    offset = 0
    have_lead = False
    for index, (paragraph, is_heading) in enumerate(paragraphs):
        if teaser:
            kind = "teaser"
        elif is_heading and index + 1 < len(paragraphs):
            kind = "subheading"
        elif not have_lead and not is_heading:
            kind = "lead"
            have_lead = True
        elif index + 1 < len(paragraphs) and _looks_like_subheading(paragraph, paragraphs[index + 1][0]):
            kind = "subheading"
        else:
            kind = "paragraph"
        blocks.append(Block(kind=kind, text=paragraph, start=offset))
        offset += len(paragraph) + 2
    text = "\n\n".join(p for p, _ in paragraphs)
    return text, tuple(blocks)


def _looks_like_subheading(line: str, following: str) -> bool:
    """A short headline line inside a body: no final punctuation, few words, followed by a paragraph.

    "Støtter lokale myndigheter i Ukraina" before a paragraph -> True; "– Vi er sjokkerte" -> False.
    """
    if starts_with_dash(line) or (not line[:1].isupper() and not line[:1].isdigit()):
        return False
    words = word_count(line)
    if not 1 <= words <= 12 or len(line) > 100:
        return False
    stripped = line.rstrip(" \"'»”’)")
    if stripped.endswith("?"):
        if words > 8:
            return False
    elif ends_sentence(line):
        return False
    return word_count(following) > words


def _paragraphs(lines: Sequence[str]) -> list[tuple[str, bool]]:
    """Body lines (blank lines kept as "") -> paragraphs, re-joining hard-wrapped prose lines.

    Dumps print one paragraph per line; a line is joined to the next only when it is long, does not end
    a sentence, and the next one starts in lowercase or the line ends with a word no paragraph ends with
    (a preposition, conjunction or article: a wrapped sentence, as in e-mailed text).
    """
    paragraphs: list[tuple[str, bool]] = []
    previous_open = False
    for raw in lines:
        if not raw:
            previous_open = False
            continue
        if MARKDOWN_RULE_RE.match(raw):
            previous_open = False
            continue
        line, is_heading = _strip_markdown(raw)
        if not line:
            continue
        if (previous_open and not is_heading and paragraphs and not paragraphs[-1][1]
                # a wrapped sentence goes on in lowercase, or after a word no paragraph ends with
                # ("… sier fylkesleder i" / "KS, Ole Herman Sveian.")
                and (LOWER_START_RE.match(line) or ends_mid_phrase(paragraphs[-1][0]))):
            paragraphs[-1] = (f"{paragraphs[-1][0]} {line}", False)
        else:
            paragraphs.append((line, is_heading))
        previous_open = (not is_heading and len(line) >= 50 and not ends_sentence(line))
    return paragraphs


def _breadcrumb_lines(lines: Sequence[str], index: int) -> int:
    """How many lines from `index` are breadcrumb navigation above an article title (0 when none).

    A trail on one line ("Fagområder > Økonomi") is one line. Several short lines in a row
    ("Forsiden", "Fagområder", "Økonomi") are navigation when a longer headline follows them;
    when a date, a dateline or a body sentence follows them instead, the last short line is the title.
    """
    def headline_at(i: int) -> bool:
        line = lines[i] if i < len(lines) else ""
        return bool(line and _title_like(line) and not ends_sentence(line) and _date_only(line) is None
                    and not _read_meta(line, None, _Meta()))

    if BREADCRUMB_TRAIL_RE.match(lines[index]) and word_count(lines[index]) <= 16:
        following = next((i for i in range(index + 1, len(lines)) if lines[i]), len(lines))
        return 1 if headline_at(following) else 0
    # the steps may stand apart, blank lines between them ("NRK", "", "Nordland", "", "<title>")
    steps: list[int] = []
    i = index
    while i < len(lines) and (not lines[i] or (
            BREADCRUMB_STEP_RE.match(lines[i]) and word_count(lines[i]) <= BREADCRUMB_MAX_WORDS
            and _date_only(lines[i]) is None)):
        if lines[i]:
            steps.append(i)
        i += 1
    if len(steps) < 2:
        return 0
    if headline_at(i) and word_count(lines[i]) > BREADCRUMB_MAX_WORDS:
        return i - index
    # a short title after the navigation ("Forsiden", "Aktuelt", "Ny rapport", date): only when the
    # steps stand on consecutive lines ("Ny rapport", "", "KS", "", date keeps "Ny rapport")
    run = next((k for k, step in enumerate(steps) if step != index + k), len(steps))
    return run - 1 if run >= 2 else 0


def _date_only(line: str) -> datetime | None:
    """A line that is just a date ("4. mars 2024", "24.03.2021 kl. 12.30", "Onsdag 15 augusti 2018",
    "Oslo, 12. mai 2022"), as a datetime; None for a title or sentence holding a date
    ("Regionstyrelsen 14 oktober 2025", "Program – Trondheim 16. oktober 2020")."""
    if len(line) > 40 or word_count(line) > 6:
        return None
    when = parse_date(line)
    if when is None:
        return None
    # the words beside the date are date words (weekday, month, "kl", a label or type), or a place before
    # a comma ("Oslo, 12. mai 2022"); any other word makes the line a headline or a sentence
    words = DATE_WORD_RE.findall(PLACE_DATELINE_RE.sub("", line, count=1))
    return when if all(word.casefold() in _date_line_words() for word in words) else None


@lru_cache(maxsize=1)
def _date_line_words() -> frozenset[str]:
    """The words a line that is only a date may hold besides it, folded: months, zones, "kl", weekdays,
    fillers ("den"), the words of date labels ("sist", "oppdatert") and type words ("nyhet")."""
    words = list_words()
    labels = {part for label in words.date_labels for part in label.split()}
    return DATE_WORDS | words.weekdays | words.date_fillers | words.types | labels | {"t", "d"}


@dataclass
class _Meta:
    published_at: datetime | None = None
    updated_at: datetime | None = None
    publisher: str | None = None
    release_type: str | None = None
    # when the page was fetched: relative datelines ("I dag 10:15") count back from it
    reference: datetime | None = None
    # (line, what is wrong with its date): reported as warnings naming the document and the line
    problems: list[tuple[str, str]] = field(default_factory=list)


def _read_meta(line: str, following: str | None, meta: _Meta) -> bool:
    """Record a dateline / date / byline / type line into `meta`; True when the line is meta, not body.

    A dateline or "Publisert:" line printing an impossible date ("29.2.2023") is still meta: its
    problem is kept for a warning and the date stays unknown, so it never leaks into the body.
    """
    if NUMBER_RE.match(line):
        return True
    dateline = read_dateline(line, meta.reference)
    if dateline:
        if dateline.problem:
            meta.problems.append((line, dateline.problem))
        meta.published_at = _refined(meta.published_at, dateline.published_at)
        meta.publisher = meta.publisher or dateline.publisher
        _set_type(meta, _release_type(dateline.release_type))
        return True
    for regex, attr in ((PUBLISHED_RE, "published_at"), (UPDATED_RE, "updated_at")):
        match = regex.match(line)
        if match and len(line) <= 80:
            rest = match["rest"]
            inner = PUBLISHED_INSIDE_RE.search(rest) if attr == "updated_at" and rest else None
            if inner is not None:
                # "Uppdaterad: 03 mars 2025Publicerad: 14 mars 2022": the publication date is the one after
                # its own label, the update date the one before it
                meta.published_at = meta.published_at or parse_date(inner["rest"])
                rest = rest[:inner.start()].strip()
            when = parse_date(rest) if rest else (parse_date(following) if following else None)
            relative = read_dateline(rest, meta.reference) if rest and when is None else None
            if relative is not None:  # "Publisert i dag 10:15"
                when = relative.published_at
                if relative.problem:
                    meta.problems.append((line, relative.problem))
            ago = AGO_RE.match(rest) if rest and when is None and relative is None else None
            if ago is not None:  # a dateline relative to the fetch; without a fetch time, no date
                n = int(ago["n"]) if ago["n"].isdigit() else 1
                unit = ago["unit"].casefold()
                delta = (timedelta(minutes=n) if unit.startswith("min") else timedelta(days=n)
                         if unit.startswith("dag") else timedelta(hours=n))
                if meta.reference is not None and meta.reference.tzinfo is not None:
                    when = meta.reference - delta
            elif when is None and rest and relative is None:
                bad = impossible_date(rest)
                if bad is None:
                    continue
                meta.problems.append((line, f"impossible date {bad!r}"))
            if when is not None and getattr(meta, attr) is None:
                setattr(meta, attr, when)
            return True
    return False


def _refined(known: datetime | None, printed: datetime | None) -> datetime | None:
    """The publication time known so far, or the one a later dateline prints when the first gave only its
    day: "Publisert september 3, 2025" then "Av NTB | 03.09.2025 12:01:53" -> 2025-09-03 12:01:53 (real3 314).
    A later dateline of another day never replaces the first."""
    if known is None or printed is None:
        return known or printed
    day, then = known.astimezone(OSLO), printed.astimezone(OSLO)
    if day.time() == datetime.min.time() and then.time() != datetime.min.time() and then.date() == day.date():
        return printed
    return known


def _release_type(printed: str | None) -> str | None:
    """A printed release type as the page writes it, canonical case when known ("pressemelding" -> "Pressemelding")."""
    if not printed:
        return None
    return RELEASE_TYPES.get(printed.casefold(), printed)


def _bad_date_line(line: str) -> str | None:
    """The impossible date of a line that is only a date ("29.2.2023", "31.04.2024 kl. 10.00"), else None."""
    if len(line) > 40 or word_count(line) > 6 or not DATE_LINE_RE.match(line):
        return None
    return impossible_date(line)


def _is_title_line(line: str) -> bool:
    """A line that can be an article's title: a headline, not a sentence, a pull-quote or a lead.

    "Konkursnedgang i april" -> True; "Boligprisene er nå 6,8 prosent høyere enn for ett år siden." ->
    False (a capture that starts with its lead); a 22-word line without a full stop -> False.
    """
    if not _title_like(line) or word_count(line) > TITLE_MAX_WORDS or GLUED_SENTENCE_RE.search(line):
        return False
    stripped = line.rstrip(" \"'»”’)")
    if stripped.endswith(("?", "!")):
        return True
    return not ends_sentence(line) and not stripped.endswith(("…", "..."))


def _strip_crumbs(line: str) -> str:
    """A title without a breadcrumb glued before it: "spekter.no>Enighet mellom …" -> "Enighet mellom …"."""
    match = CRUMB_PREFIX_RE.match(line)
    if not match:
        return line
    title = match["title"].strip()
    crumbs = line[: match.start("title")]
    if word_count(title) < 3 or any(word_count(c) > 4 for c in re.split(r"[>›]", crumbs)):
        return line
    return title


def _is_label(line: str, publisher: str | None) -> bool:
    """A short brand or site line above a title: the publisher's name, an acronym, a domain ("KS", "spekter.no")."""
    if not line or len(line) > 40 or word_count(line) > 3 or ends_sentence(line):
        return False
    if publisher and line.casefold() == publisher.casefold():
        return True
    return bool(re.fullmatch(r"[A-ZÆØÅÄÖ]{2,6}|[\w-]+(?:\.[\w-]+)*\.(?:no|se|dk|com|org|net)", line))


def _caption_text(line: str) -> str | None:
    """The text of a photo caption without its credit, "" for a credit alone, None when not a caption.

    "Styreleder i KS Gunn Marit Helgesen. Foto: KS" -> "Styreleder i KS Gunn Marit Helgesen.";
    "Foto: Dag Tynes" -> "".
    """
    # the credit ends the line and is short: look only at the tail, and only when it has a colon
    tail_start = max(0, len(line) - 100)
    if ":" not in line[tail_start:]:
        return None
    match = PHOTO_CREDIT_RE.search(line, tail_start)
    if not match:
        return None
    return line[: match.start()].strip()


def _fold(text: str) -> str:
    """Text folded for comparing repeated lines: lower case, runs of dashes and spaces as one space.

    _fold("Styreleder i KS – Gunn Marit Helgesen.") -> "styreleder i ks gunn marit helgesen"
    """
    # dashes become spaces, and split() collapses the whitespace `\s+` matches: 4x faster than a regex
    lowered = text.lower().replace("-", " ").replace("–", " ").replace("—", " ")
    return " ".join(lowered.split()).strip(" .")


def _is_cookie_line(line: str) -> bool:
    """A cookie notice or one of its buttons ("Vi bruker informasjonskapsler for å …", "Godta alle")."""
    if COOKIE_BUTTON_RE.match(line):
        return True
    # the keyword search runs only on lines that contain one of the words at all (most lines do not)
    lowered = line.lower()
    if not any(word in lowered for word in COOKIE_WORDS):
        return False
    return word_count(line) <= COOKIE_MAX_WORDS and bool(COOKIE_RE.search(line)) and not starts_with_dash(line)


def _is_link_line(line: str) -> bool:
    """A one-line link inside a body ("Les mer om Tariffoppgjøret 2022", "Lenkeblokk Icon …")."""
    # the suffix is tested on the line's lowered tail: lowering maps each character on its own (to one or more)
    if not (LINK_LINE_RE.match(line) or line[-LINK_SUFFIX_CHARS:].lower().endswith(LINK_FILE_SUFFIXES)):
        return False
    return word_count(line) <= LINK_LINE_MAX_WORDS and not starts_with_dash(line)


def _clean_body(lines: Sequence[str], title: str | None) -> list[str]:
    """Body lines without page chrome: share buttons, link lines, "Les også" link lists, photo credits,
    captions and lines that repeat the title, a caption or a paragraph (blank lines kept).

    A caption is kept once, without its credit, unless it repeats a body line: "– Det høye
    sykefraværet …, sier Tor Arne Gangsø. Foto: Johnny Syversen" under the same quote is dropped, so
    the quote is read once.
    """
    folded_title = _fold(title) if title else None
    folded_lines: list[str] | None = None  # what the page prints outside captions, folded when needed
    out: list[str] = []
    seen_last: str | None = None
    in_see_also = False
    for line in lines:
        if not line:
            out.append(line)
            continue
        if in_see_also:
            # links after "Les også:" are short title lines; the body resumes at the first sentence
            if _title_like(line) and not ends_sentence(line) and word_count(line) <= LINK_LINE_MAX_WORDS:
                continue
            in_see_also = False
        if SEE_ALSO_RE.match(line):
            in_see_also = True
            continue
        if SHARE_RE.match(line) or CHROME_RE.match(line) or _is_link_line(line) or _is_cookie_line(line):
            continue
        caption = _caption_text(line)
        if caption is not None:
            folded = _fold(caption)
            if not caption or folded == seen_last or folded == folded_title:
                continue
            # a caption repeating (part of) a paragraph is dropped; the paragraph keeps the text
            if folded_lines is None:
                folded_lines = [_fold(x) for x in lines if x and len(x) >= 20 and _caption_text(x) is None]
            if len(folded) >= 20 and any(folded in other for other in folded_lines):
                continue
            line = caption
        folded = _fold(line)
        if folded == seen_last or (folded_title is not None and folded == folded_title):
            continue
        seen_last = folded
        out.append(line)
    return out


def _share_anchor(lines: Sequence[str]) -> int | None:
    """Index of a share button ("Del") printed right under the title near the top, else None.

    NTB pages print "<publisher>", "<title>", "Del", then the body: the line above the button is the
    title, whatever labels come before it.
    """
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if SHARE_RE.match(line):
            return i if seen else None
        seen += 1
        if seen > 6 or word_count(line) > 40:
            return None
    return None


def _is_byline(line: str) -> bool:
    """A byline or credit: "Av Kari Nordmann", "tekst Mads Brandsen og Anna Törnqvist Jensen, mdbr@kl.dk"
    (an e-mail address counts as no words)."""
    return bool(BYLINE_RE.match(line)) and word_count(EMAIL_RE.sub("", line)) <= 8 and not ends_sentence(line)


def _is_meta_line(line: str) -> bool:
    """A dateline, date, "Publisert …" line, byline or type label (read without recording anything)."""
    return (_read_meta(line, None, _Meta()) or _date_only(line) is not None or _printed_type(line) is not None
            or _is_byline(line))


def _header(lines: Sequence[str], meta: _Meta, publisher: str | None) -> int:
    """Read navigation, labels, datelines, dates and type labels above the title into `meta`.

    Returns the index of the first line that is neither (the title, or the body of an untitled capture).
    """
    index = 0
    while index < len(lines):
        line = lines[index]
        if (not line or MARKDOWN_RULE_RE.match(line) or FURNITURE_RE.match(line) or SHARE_RE.match(line)
                or CHROME_RE.match(line) or _is_cookie_line(line)):
            index += 1
            continue
        printed = _printed_type(line)
        if printed is not None:
            _set_type(meta, printed)
            index += 1
            continue
        if _read_meta(line, None, meta):
            index += 1
            continue
        when = _date_only(line)
        if when is not None:
            meta.published_at = meta.published_at or when
            index += 1
            continue
        bad = _bad_date_line(line)
        if bad is not None:
            meta.problems.append((line, f"impossible date {bad!r}"))
            index += 1
            continue
        crumbs = _breadcrumb_lines(lines, index)
        if crumbs:
            index += crumbs
            continue
        following = next((x for x in lines[index + 1:] if x), "")
        if _is_label(line, publisher) and following and _is_title_line(_strip_crumbs(following)):
            index += 1
            continue
        break
    return index


def _strip_date_prefix(lines: Sequence[str], start: int, meta: _Meta) -> list[str]:
    """Lines with a date opening the first head line cut off: " date 2021-02 150 millioner til …" ->
    "150 millioner til …" (a news site's section-and-date line); a full date is kept as the date."""
    out = list(lines)
    first = next((i for i in range(start, len(out)) if out[i]), None)
    if first is None:
        return out
    match = DATE_PREFIX_RE.match(out[first])
    if match:
        when = parse_date(match["date"]) if len(match["date"]) == 10 else None
        meta.published_at = meta.published_at or when
        out[first] = out[first][match.end():].strip()
    return out


def _is_prose(line: str) -> bool:
    """A line of running text (a lead or paragraph): a sentence of 8 words or more, or 20 words."""
    words = word_count(line)
    return words >= 20 or (words >= 8 and ends_sentence(line))


@lru_cache(maxsize=8192)
def _head_kind(line: str) -> str:
    """What a head line is, for choosing the title: chrome, credit, meta, lead, attribution, headline or line.

    "Historisk arkiv" -> "chrome"; "Foto: Colourbox" -> "credit"; "Publicerad: 11 juni 2024" -> "meta";
    "Mer penger til kommuner og fylkeskommuner" -> "headline".
    """
    if (is_chrome(line) or FURNITURE_RE.match(line) or SHARE_RE.match(line) or CHROME_RE.match(line)
            or _is_cookie_line(line) or MARKDOWN_RULE_RE.match(line)
            or (MENU_ITEM_RE.match(line) and word_count(line) <= MENU_ITEM_MAX_WORDS)):
        return "chrome"
    if is_credit_line(line) or _caption_text(line) == "":
        return "credit"
    if _is_meta_line(line) or _bad_date_line(line) is not None or NUMBER_RE.match(line):
        return "meta"
    text = _title_text(line)
    if _is_prose(text) and not has_caption_mark(text) and not _is_question_headline(text):
        return "lead"
    if is_attribution_line(text):
        return "attribution"
    return "headline" if _is_title_line(text) else "line"


def _is_question_headline(line: str) -> bool:
    """A short question or exclamation of one phrase: a headline, not a lead, although it ends a sentence.

    "Statsbudsjettet 2020 og kommunene på Agder: Hvordan slår det ut?" (real3 309) -> True; a lead of two
    sentences, or of more than QUESTION_TITLE_MAX_WORDS words, -> False.
    """
    return (line.endswith(("?", "!")) and word_count(line) <= QUESTION_TITLE_MAX_WORDS
            and not SENTENCE_BREAK_RE.search(line))


def _title_text(line: str) -> str:
    """A head line as a title would read: markdown mark and glued breadcrumbs cut off."""
    return _strip_crumbs(_strip_markdown(line)[0])


def _scored_title(lines: Sequence[str], start: int, url: str | None) -> int | None:
    """Index of the title line chosen by evidence among the head lines (above the lead), else None.

    Each headline-like line above the first prose paragraph becomes an `evidence.Candidate` (what
    follows it, whether it is doubled, repeated below, first); the best score reaching the threshold
    wins. Captions, kickers and section lines lose on their own features, chrome is never a candidate.
    """
    head: list[tuple[int, str]] = []
    lead: int | None = None
    counted = 0
    headline_above = False  # a sentence over an article's head is a stray only above any headline
    for i in range(start, len(lines)):
        if not lines[i]:
            continue
        kind = _head_kind(lines[i])
        if kind == "lead" and (_is_caption_sentence(lines, i)
                               or (not headline_above and _article_head_below(lines, i))):
            kind = "caption"  # a caption or a stray sentence over the title: the lead is further down
        headline_above = headline_above or kind == "headline"
        head.append((i, kind))
        counted += kind != "chrome"  # menus and buttons do not use up the head
        if kind == "lead" or counted >= HEAD_MAX_LINES:
            lead = i if kind == "lead" else None
            break
    below_start = (lead + 1) if lead is not None else len(lines)
    below: str | None = None  # folded only when a candidate is long enough to be looked for in it
    slug = slug_words(url)
    candidates: list[tuple[int, Candidate]] = []
    seen_headline = False
    for n, (i, kind) in enumerate(head):
        if kind != "headline":
            continue
        text = _title_text(lines[i])
        folded = _fold(text)
        following = head[n + 1:]
        # printed twice in a row (either copy): an image's alt text over its caption; a breadcrumb trail
        # ending in the title ("RadioStavanger > Blog > Nyheter > <title>") over it is no second print
        printed = _fold(lines[i])
        twin = any(0 <= m < len(head) and _fold(lines[head[m][0]]) == printed for m in (n - 1, n + 1))
        after, saw_meta = "end" if lead is None else "lead", False
        for m, (j, k) in enumerate(following):
            if k == "chrome" or _fold(_title_text(lines[j])) == folded:
                continue
            if k == "meta":
                saw_meta = True
                continue
            if k == "credit" and m + 1 < len(following) and following[m + 1][1] in ("lead", "caption"):
                after = "image"  # a credit with a sentence under it: the picture's caption, then the text
            elif k == "caption":
                after = "image"
            else:
                after = k if k in ("lead", "credit", "attribution") else ("meta" if saw_meta else "line")
            break
        else:
            if saw_meta:
                after = "meta"
        if below is None and len(folded) >= 15:
            below = "\n".join(_fold(x) for x in lines[below_start:below_start + BELOW_LINES] if x)
        candidate = Candidate(text=text, first=False, after=after, doubled=twin,
                              repeated_below=len(folded) >= 15 and below is not None and folded in below, slug=slug)
        captionish = twin or after in ("credit", "attribution") or has_caption_mark(text)
        if not seen_headline and not captionish:
            candidate = replace(candidate, first=True)
        seen_headline = seen_headline or not captionish
        candidates.append((i, candidate))
    return best(candidates)


def _is_caption_sentence(lines: Sequence[str], i: int) -> bool:
    """True when the sentence at `i`, above any title, is a picture's caption or a notice and not the lead: a
    photo credit stands under it, or the head prints it twice (an image's alt text over its caption, a notice
    repeated around chrome).

    "– VIKTIG GREP: Siri Blichfeldt Dyrland (t.v.) og Karin Hagen presenterer gode nyheiter frå regjeringa i
    dag." printed twice (real3 317); "Kommunal- og distriktsminister Kjersti Stenseng mener kommunene må
    prioritere hardt fremover." over "Javad Parsa/NTB" (real3 323); "Mellan den 1 oktober 2019 och den 30
    november 2021 var hon civilminister." under each of two archive notices (real3 341).
    """
    near = [x for x in lines[max(0, i - REPEAT_WINDOW):i + REPEAT_WINDOW + 1] if x]
    below = next((x for x in lines[i + 1:i + 3] if x), None)
    if below is None:
        return False
    if is_credit_line(below) or _caption_text(below) == "":
        return True
    folded = _fold(lines[i])
    # only lines of about its length are folded and compared (a cheap test first)
    return sum(_fold(x) == folded for x in near if abs(len(x) - len(lines[i])) <= 2) > 1


def _article_head_below(lines: Sequence[str], i: int) -> bool:
    """True when a news article's head stands right under the sentence at `i`: a headline, its lead, then its
    dateline. The sentence over it is a stray (a teaser, a page's description), not the article's lead.

    "Fredag klokken 12 la regjeringen frem Nasjonal transportplan (NTP) for perioden 2022-2033." / "Siste
    jobber" / "Slik skal regjeringen ruste opp fylkesveiene" / "Samferdselsminister Knut Arild Hareide sier …"
    / "19. mars 2021 12:32" (real3 316) -> True.
    """
    following = [k for k in range(i + 1, min(len(lines), i + 2 * ARTICLE_HEAD_LINES + 1)) if lines[k]]
    for n, k in enumerate(following[:2]):
        if n + 2 < len(following) and _head_kind(lines[k]) == "headline" \
                and _head_kind(lines[following[n + 1]]) == "lead" and _head_kind(lines[following[n + 2]]) == "meta":
            return True
    return False


def _kept_above(lines: Sequence[str], start: int, title: int) -> list[str]:
    """Lines above a chosen title that are text, not furniture: captions, a name under a portrait, a
    pull-quote ("KS-leiar Gunn Marit Helgesen meiner … Foto: arkiv."). They are read with the body
    (after it, so the lead stays the lead); kickers, labels, datelines and chrome are not."""
    kept: list[str] = []
    for i in range(start, title):
        line = lines[i]
        if not line or (kept and _fold(line) == _fold(kept[-1])):
            continue
        kind = _head_kind(line)
        if kind in ("lead", "line", "attribution") or (kind == "headline" and has_caption_mark(line)):
            kept.append(_caption_without_dash(line))
        elif kind == "headline" and any(_head_kind(x) == "credit" for x in lines[i + 1:i + 2] if x):
            kept.append(_caption_without_dash(line))
    return kept


def _caption_without_dash(line: str) -> str:
    """A caption without the dash some sites print before its upper-case label: the label says it is a
    caption, not speech. "– VIKTIG GREP: Siri Blichfeldt Dyrland (t.v.) og Karin Hagen presenterer …" ->
    "VIKTIG GREP: Siri Blichfeldt Dyrland (t.v.) og …" (real3 317); "– Vi er glade, sier …" is kept."""
    if not starts_with_dash(line):
        return line
    rest = line.lstrip(QUOTE_DASHES + " ")
    return rest if CAPTION_LABEL_RE.match(rest) else line


def _skip_chrome(lines: Sequence[str], start: int) -> int:
    """The first line from `start` that is not chrome or a lone photo credit (the body of an untitled page)."""
    i = start
    while i < len(lines) and (not lines[i] or _head_kind(lines[i]) in ("chrome", "credit")):
        i += 1
    return i


def _read_head_meta(lines: Sequence[str], meta: _Meta) -> None:
    """Record every dateline, date and type label among head lines above a chosen title into `meta`."""
    for line in lines:
        if not line:
            continue
        printed = _printed_type(line)
        if printed is not None:
            _set_type(meta, printed)
        elif not _read_meta(line, None, meta):
            when = _date_only(line)
            if when is not None:
                meta.published_at = meta.published_at or when


def _read_article(lines: Sequence[str], page_publisher: str | None, default_publisher: str | None,
                  document_language: str | None, url: str | None,
                  contacts: tuple[Contact, ...], meta: _Meta) -> ReleaseDraft | None:
    """Title, meta lines and body of a release page, an article or any page with prose -> a release.

    The title is the page's title line; a capture that starts with its lead or a pull-quote (a
    sentence, not a headline) has none: the release's title is then None and its body starts there.
    The publisher is the one the page's "Siste pressemeldinger fra X" names (the same name its listed
    releases get, so one release seen on two pages keeps one id), else the dateline's, else the default.
    Returns None for a page without prose.
    """
    anchor = _share_anchor(lines)
    title_index: int | None = None
    source = "layout:ntb"
    kept: list[str] = []  # caption lines printed above a chosen title: read with the body
    if anchor is not None:
        # "KS / <title> / Del": everything above the title line is header
        # the nearest line above it that is no date, dateline or byline
        above = [i for i in range(anchor) if lines[i] and not _is_meta_line(lines[i])]
        if above and _is_title_line(_strip_crumbs(_strip_markdown(lines[above[-1]])[0])):
            title_index = above[-1]
            _header(lines[:title_index], meta, page_publisher or default_publisher)
    if title_index is None:
        title_index = _header(lines, meta, page_publisher or default_publisher)
        if page_publisher is None:
            # no NTB furniture (share button, "Siste pressemeldinger fra X"): choose the title by evidence
            lines = _strip_date_prefix(lines, title_index, meta)
            chosen = _scored_title(lines, title_index, url)
            if chosen is None:
                title_index = _skip_chrome(lines, title_index)
                source = "none"
            else:
                _read_head_meta(lines[title_index:chosen], meta)
                kept = _kept_above(lines, title_index, chosen)
                title_index = chosen
                source = "scored"
    if title_index >= len(lines):
        return None
    title_line = _strip_crumbs(_strip_markdown(lines[title_index])[0])
    glued = find_glued_dateline(title_line)
    if glued is not None and glued.before.strip():
        # "Title14.10.2021 11:30:11 CEST | KS | Pressemelding": the page's own dateline glued on.
        title_line = glued.before.strip()
        meta.published_at = meta.published_at or glued.published_at
        meta.publisher = meta.publisher or glued.publisher
        meta.release_type = meta.release_type or glued.release_type
    title: str | None
    if _is_title_line(title_line) and source != "none":
        title, title_is_quote = strip_quote_dash(title_line)
        rest = [*lines[title_index + 1:], *(["", *kept] if kept else [])]
        typed = TITLE_TYPE_RE.match(title)
        if typed and typed["type"].casefold() in RELEASE_TYPES:
            meta.release_type = meta.release_type or RELEASE_TYPES[typed["type"].casefold()]
    else:
        # no title line: the capture starts with its lead, a pull-quote or mid-article
        title, title_is_quote = None, False
        rest = list(lines[title_index:])
        source = "none"
    body: list[str] = []
    in_header = True
    skip_next = False
    seen = 0
    for position, line in enumerate(rest):
        if skip_next:
            skip_next = False
            continue
        label = (PUBLISHED_RE.match(line) or UPDATED_RE.match(line)) if line else None
        # "Publisert:" alone on its line is followed by the date on the next one.
        following = rest[position + 1] if label and not label["rest"] and position + 1 < len(rest) else None
        if line and _read_meta(line, following, meta):
            skip_next = bool(following and parse_date(following))
            continue
        if line and in_header:
            if SHARE_RE.match(line) or (title is not None and _strip_markdown(line)[0] == title_line):
                continue
            when = _date_only(line)
            if when is not None:
                meta.published_at = meta.published_at or when
                continue
            bad = _bad_date_line(line)
            if bad is not None:
                meta.problems.append((line, f"impossible date {bad!r}"))
                continue
            printed = _printed_type(line)
            if printed is not None and (
                    meta.release_type is None or meta.release_type.casefold() in GENERIC_TYPES):
                _set_type(meta, printed)
                continue
            if _is_byline(line):
                continue
            if is_chrome(line) or is_credit_line(line):
                continue  # "Historisk arkiv", "Utgiver: Kulturdepartementet", "Foto: Colourbox" under a title
            in_header = False
        if line and seen < HEADER_LINES:
            # a news article prints its byline and date under the lead: still header
            seen += 1
            if _is_byline(line):
                continue
            if JOB_TITLE_RE.match(line):
                # "Kari Nordmann" / "Journalist": a byline printed as a name line over its job title
                named = next((k for k in range(len(body) - 1, -1, -1) if body[k]), None)
                if named is not None and BYLINE_NAME_RE.match(body[named]):
                    del body[named:]
                continue
            when = _date_only(line)
            if when is not None:
                meta.published_at = meta.published_at or when
                continue
            printed = _printed_type(line) if line[:1].isupper() else None
            if printed is not None and printed.casefold() not in GENERIC_TYPES:
                # "Pressemeddelelse fra Københavns Kommune Økonomiforvaltningen" under a notice (real3 353)
                _set_type(meta, printed)
                continue
        body.append(line)
    kept, tables = _split_tables(body)
    paragraphs = _paragraphs(_clean_body(kept, title))
    if not _has_prose(paragraphs):
        return None
    text, blocks = _blocks(paragraphs)
    return ReleaseDraft(
        title=title,
        text=text,
        blocks=blocks,
        has_full_text=True,
        url=url,
        published_at=meta.published_at or meta.updated_at,
        release_type=meta.release_type,
        publisher=page_publisher or meta.publisher or default_publisher,
        language=_release_language(title or "", text, document_language),
        contacts=contacts,
        title_is_quote=title_is_quote,
        title_source=source if title is not None else "none",
        aside="\n".join(tables),
    )


def _has_prose(paragraphs: Sequence[tuple[str, bool]]) -> bool:
    """True when some paragraph is prose: a sentence of 8 words or more, or a run of 20 words."""
    return any(word_count(p) >= 20 or (word_count(p) >= 8 and ends_sentence(p))
               for p, heading in paragraphs if not heading)


def _teaser_release(item: _Item, publisher: str | None, document_language: str | None) -> ReleaseDraft:
    """A listed release (title, date, type, teaser paragraphs) without full text."""
    title, title_is_quote = strip_quote_dash(item.title)
    published_at = item.published_at
    paragraphs: list[tuple[str, bool]] = []
    for line in item.lines:
        if published_at is None:
            when = _date_only(line)
            if when is not None:
                published_at = when
                continue
        paragraphs.append((line, False))
    text, blocks = _blocks(paragraphs, teaser=True)
    return ReleaseDraft(
        title=title,
        text=text,
        blocks=blocks,
        has_full_text=False,
        published_at=published_at,
        release_type=item.release_type,
        publisher=publisher,
        language=_release_language(title, text, document_language),
        title_is_quote=title_is_quote,
        title_source=item.title_source,
    )


def _same_title(first: str, second: str) -> str | None:
    """The fuller of two consecutive lines that print one teaser title twice, else None.

    ("KS overleverte", 'KS overleverte "Valgløftet 2019"') -> 'KS overleverte "Valgløftet 2019"'.
    """
    # both prints (ellipses cut, ends stripped) open with the same character: a cheap test before the others
    if not first or not second or first.lstrip()[:1] != second.lstrip()[:1]:
        return None
    if not _title_like(first) or not _title_like(second):
        return None
    if word_count(second) > 25 or (ends_sentence(second) and not second.endswith(("?", "!"))):
        return None
    a = ELLIPSIS_RE.sub("", first).strip()
    b = ELLIPSIS_RE.sub("", second).strip()
    if not a or not b:
        return None
    if a == b:
        return second
    if b.startswith(a) and len(a) >= 8:
        return second
    if a.startswith(b) and len(b) >= 8:
        return first
    return None


def _topic_teasers(lines: Sequence[str]) -> list[_Item] | None:
    """Teasers of a ks.no topic page (titles printed twice), or None when the page is not one."""
    nonempty = [line for line in lines if line]
    pairs: list[tuple[int, str]] = []
    i = 0
    while i + 1 < len(nonempty):
        title = _same_title(nonempty[i], nonempty[i + 1])
        if title is not None:
            pairs.append((i, title))
            i += 2
        else:
            i += 1
    # One doubled line at the very top is a title printed twice, not a teaser list.
    if len(pairs) < 2:
        return None
    items: list[_Item] = []
    for n, (start, title) in enumerate(pairs):
        end = pairs[n + 1][0] if n + 1 < len(pairs) else len(nonempty)
        teaser = [line for line in nonempty[start + 2:end] if not MORE_ABOUT_RE.match(line)]
        items.append(_Item(title=title, lines=teaser, title_source="layout:ksno"))
    return items


def _list_heading(lines: Sequence[str]) -> str | None:
    """The heading of a list page whose own text stands under it, else None: the page's first line when it
    is a short heading (at most LIST_HEADING_WORDS words, no sentence) and the next line is prose. On a
    list page the section word is what the page is ("Pressemeldingar" / "Her finn du pressemeldingar frå
    Arbeids- og velferdsdirektoratet."), though elsewhere it is chrome; a heading with no text of its
    own under it ("Nyheter", a tag's name) is not the page's title.
    """
    shown = [line for line in lines if line]
    if len(shown) < 2:
        return None
    heading, following = shown[0].strip(), shown[1].strip()
    if (word_count(heading) > LIST_HEADING_WORDS or ends_sentence(heading) or not heading[:1].isupper()
            or not _is_prose(following)):
        return None
    return heading


def _items(listed: Sequence[ListedItem]) -> list[_Item]:
    """Items of a list found by listing.py as listed releases being collected."""
    return [_Item(title=item.title, published_at=item.published_at, release_type=_release_type(item.release_type),
                  lines=list(item.teaser), title_source="layout:list") for item in listed]


def _listed_items(lines: Sequence[str], publisher: str | None) -> list[_Item]:
    """Listed releases: a title glued to its dateline, then teaser lines until the next item or marker."""
    items: list[_Item] = []
    current: _Item | None = None
    for line in lines:
        if not line:
            continue
        item = _listed_item(line)
        if item is not None:
            current = item
            items.append(item)
        elif _is_marker(line, publisher):
            current = None
        elif current is not None:
            current.lines.append(line)
    return items


def parse_text_dump(text: str, source_uri: str, *, publisher: str | None = None,
                    fetched_at: datetime | None = None, content_sha256: str = "") -> Document:
    """A document from text as a browser shows an NTB Kommunikasjon or ks.no page (or any other text).

    Args:
        text: the dump, e.g. "KS gir pengestøtte til Ukraina\\nHovedstyret i KS vedtok i dag …\\n
            Kontakter\\nPressevakt\\nTel:24 13 26 01kom@ks.noBilder\\n…".
        source_uri: where it came from (file path or URL); a URL becomes the release's url.
        publisher: the publisher when the page does not name one ("KS").
        fetched_at: when the text was fetched (passed in; the parser never reads the clock).
        content_sha256: hash of the raw bytes, copied to the Document.

    Returns:
        Document(kind="text_dump", releases=(the page's release with full text, then every listed
        release as a teaser)), or kind "other" with no releases for a slide deck or a text in an
        unsupported language. Never raises on text.
    """
    text = normalise_newlines(normalise_text(text))
    lines = [clean_line(line) for line in text.split("\n")]
    language = detect_language(text)
    first_line = next((_strip_markdown(line)[0] for line in lines if line), None)
    first_title = first_line[:300] if first_line else None

    def document(kind: str, releases: tuple[ReleaseDraft, ...], title: str | None,
                 warnings: tuple[str, ...] = ()) -> Document:
        return Document(source_uri=source_uri, kind=kind, text=text, title=title, language=language,
                        parser=PARSER, content_sha256=content_sha256, releases=releases,
                        fetched_at=fetched_at, warnings=warnings)

    if language not in READABLE_LANGUAGES or _is_slide_deck(lines):
        return document("other", (), first_title)

    page_publisher = _find_publisher(lines)
    known_publisher = page_publisher or publisher
    start = next((i for i, line in enumerate(lines) if line), len(lines))
    body_end = _body_end(lines, start, known_publisher)
    opening = find_glued_dateline(lines[start]) if start < len(lines) else None
    if opening is not None and opening.before.strip() and opening.publisher is None:
        body_end = start  # a listing page: it opens with a listed release
    tail = lines[body_end:]
    structured = body_end < len(lines)

    contacts: tuple[Contact, ...] = ()
    for i, line in enumerate(tail):
        first_cards = contact_block_start(line)
        if first_cards is not None:
            block: list[str] = first_cards
            for following in tail[i + 1:]:
                if following and (_is_marker(following, known_publisher)
                                  or _listed_item(following) is not None):
                    break
                block.append(following)
            contacts = parse_contacts(block, CALLING_CODES.get(language or "", "47"))
            break

    releases: list[ReleaseDraft] = []
    meta = _Meta(reference=fetched_at)
    main_lines = lines[start:body_end]
    teasers = _topic_teasers(main_lines)
    if teasers is None:
        # a list of news items anywhere on the page (listing.py): its items, and the rest is the page's own
        listed = listed_items(main_lines, fetched_at)
        teasers = _items(listed)
        url = source_uri if source_uri.startswith(("http://", "https://")) else None
        outside = lines_outside(main_lines, listed)
        main = _read_article(outside, page_publisher, publisher, language, url, contacts, meta)
        if main is not None and listed and main.title is None:
            heading = _list_heading(outside)
            if heading is not None:
                main = replace(main, title=heading, title_source="layout:list")
        if main is not None:
            # the block about the publisher, below the body, is read with the release for places
            about = _about_block(lines[start:], main.publisher or known_publisher)
            if about:
                main = replace(main, aside="\n".join(line for line in (main.aside, *about) if line))
            releases.append(main)
            known_publisher = main.publisher
    releases.extend(_teaser_release(item, known_publisher, language) for item in teasers)
    # below the body: NTB's "Siste pressemeldinger", else any list of news items (listing.py)
    tail_items = _listed_items(tail, known_publisher) or _items(listed_items(tail, fetched_at))
    releases.extend(_teaser_release(item, known_publisher, language) for item in tail_items)

    warnings = tuple(f"{source_uri}: line {_line_number(lines, line)}: {problem} in {line!r}; "
                     "its date is left empty" for line, problem in meta.problems)
    if not releases and not structured:
        return document("other", (), first_title, warnings)
    title = releases[0].title if releases and releases[0].has_full_text else first_title
    return document("text_dump", tuple(releases), title, warnings)


def _about_names(lines: Sequence[str]) -> set[str]:
    """Names X of "Om X" headings followed by text about X ("Om Experian" / "Experian er verdens …"):
    the boilerplate about a publisher the page does not otherwise name (casefolded)."""
    names: set[str] = set()
    for i, line in enumerate(lines):
        match = _about(line) if line else None
        if not match:
            continue
        who = match["who"].strip()
        following = next((x for x in lines[i + 1:i + 4] if x), "")
        if who and following.casefold().startswith(who.casefold()):
            names.add(who.casefold())
    return names


def _is_cell(line: str) -> bool:
    """A line that reads as a flattened table cell: "2016", "3.75", "0101 Halden", "Grasrotandelen394356"."""
    if NO_WORDS_RE.match(line):
        return True
    if BULLETED_ITEM_RE.match(line):
        return False  # "• Agder: 112.967.000 kroner": a list item, kept as the page's text
    return (word_count(line) <= 6 and any(ch.isdigit() for ch in line) and not ends_sentence(line)
            and not starts_with_dash(line))


def _drop_tables(lines: Sequence[str]) -> list[str]:
    """Body lines without flattened tables (runs of cell-like lines) and lines with no words at all."""
    return _split_tables(lines)[0]


def _split_tables(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Body lines without flattened tables, and the table lines that had words ("0101 Halden", "3.75").

    (["Liste over berørte kommuner:", "2016", "2017", "Tallene er i hele 1.000", "0101 Halden", "3.75"])
    -> (["Liste over berørte kommuner:"], ["2016", "2017", "Tallene er i hele 1.000", "0101 Halden", "3.75"])
    """
    out: list[str] = []
    dropped: list[str] = []
    run: list[int] = []
    cells = 0

    def flush() -> None:
        nonlocal run, cells
        if cells < TABLE_MIN_ROWS:
            out.extend(lines[i] for i in run if not NO_WORDS_RE.match(lines[i]) or not lines[i])
        else:
            dropped.extend(lines[i] for i in run if lines[i] and not NO_WORDS_RE.match(lines[i]))
        run, cells = [], 0

    for i, line in enumerate(lines):
        if not line:
            if run:
                run.append(i)
            else:
                out.append(line)
            continue
        if _is_cell(line):
            run.append(i)
            cells += 1
            continue
        flush()
        out.append(line)
    flush()
    return out, dropped


def _about_block(lines: Sequence[str], publisher: str | None) -> list[str]:
    """The lines of the block about the publisher below a release ("Om Bisnode" / "Bisnode er et ledende …
    hovedkontor i Stockholm, Sverige."): from the heading's next line to the next boilerplate heading, listed
    release or share button. Empty when the page has no such block.
    """
    about = _about_names(lines)
    for i, line in enumerate(lines):
        match = _about(line) if line else None
        if not match:
            continue
        who = match["who"].strip().casefold()
        if who not in about and not (publisher and who == publisher.casefold()):
            continue
        block: list[str] = []
        for following in lines[i + 1:]:
            if following and (_is_marker(following, publisher) or _listed_item(following) is not None
                              or SHARE_RE.match(following) or _about(following)):
                break
            if following:
                block.append(following)
        return block
    return []


def _line_number(lines: Sequence[str], line: str) -> int:
    """1-based number of the first line equal to `line` (0 when not found)."""
    try:
        return lines.index(line) + 1
    except ValueError:
        return 0


def _body_end(lines: Sequence[str], start: int, publisher: str | None) -> int:
    """Where the page's own text ends: the first boilerplate heading or listed release after the title.

    A share button ("Del") ends it only below the body: above the first few prose lines it is chrome
    under the title or the lead.
    """
    prose = 0
    about = _about_names(lines)
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line:
            continue
        if SHARE_RE.match(line):
            if prose >= SHARE_ENDS_AFTER:
                return i
            continue
        if _is_marker(line, publisher) or _listed_item(line) is not None:
            return i
        match = _about(line)
        if match and prose and match["who"].strip().casefold() in about:
            return i
        # running text, not a headline or a cookie notice: a share bar under the title is no end of the body
        # (counted only as far as the share bar's rule needs)
        if prose < SHARE_ENDS_AFTER:
            prose += _is_prose(line) and not _is_cookie_line(line)
    return len(lines)
