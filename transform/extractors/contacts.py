"""The contact block of a press release, as a browser's text dump prints it -> Contact cards.

Pure functions over strings. A text dump glues the parts of a contact card together:
"Mads FremstadRådgiver" (name + title), "Jan Inge KrossliKommunikasjonsrådgiverKS" (name + title +
organisation), "Tel:+4790233059mads.fremstad@ks.noPressevakt" (phone + email + the next card's first
line) and "Tel:24 13 26 01kom@ks.noBilder" (email + the next section heading, which ends the block).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from transform.extractors.names import FIRST_NAMES, ROLE_WORD, ROLE_WORD_RE
from transform.models import Contact
from transform.wordlists import DATA_DIR, LANGUAGES, load_sections

# The contact-block headings, one file per language: transform/data/contacts/{nb,nn,sv,da,en}.txt.
HEADINGS_DIR = DATA_DIR / "contacts"
HEADING_LANGUAGES = (*LANGUAGES, "en")


def load_headings(directory: Path = HEADINGS_DIR) -> dict[str, tuple[str, ...]]:
    """The phrases of every language file by section: headings, asks, reach and other-numbers.

    A file holds a "[headings]" section ("for mer informasjon"), an "[asks]" section ("vennligst
    kontakt"), a "[reach]" section ("kan kontaktes på") and an "[other-numbers]" section (the labels of
    numbers that are no phone: "org.nr", "fax"), one lowercase phrase per line, "#" comments. A missing
    file or a line outside a known section raises ValueError naming the file and the line.
    """
    return load_sections(directory, ("headings", "asks", "reach", "other-numbers"), HEADING_LANGUAGES)


def _alternation(phrases: Sequence[str]) -> str:
    """Phrases as one regex alternation, longest first, any run of spaces between their words."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))


PHRASES = load_headings()
_HEADING = rf"(?:{_alternation(PHRASES['headings'])})(?:,?\s+(?:{_alternation(PHRASES['asks'])})(?:\s+\w+)?)?"
# A line that is a contact-block heading: "Kontakter", "For mer informasjon, vennligst kontakt:",
# "Yderligere oplysninger:", "Ytterligare information", "Presskontakt".
CONTACTS_HEADING_RE = re.compile(rf"^{_HEADING}\s*:?$", re.IGNORECASE)
# A heading with the first card after its colon on the same line: "Kontaktperson: Om presskonferensen
# Kjell Foss, 0702-41 52 88." (a card only when a phone number or an address follows; see inline_contacts).
INLINE_HEADING_RE = re.compile(rf"^{_HEADING}\s*:\s*(?P<rest>\S.*)$", re.IGNORECASE)
# What both heading patterns open with: a line that does not open so is neither (one test instead of two).
HEADING_OPEN_RE = re.compile(rf"^{_HEADING}", re.IGNORECASE)

# What stands between a card's name and its number, cut from the header: "Jacob Bundsgaard kan
# kontaktes på" -> "Jacob Bundsgaard".
REACH_TAIL_RE = re.compile(rf"\s+(?:{_alternation(PHRASES['reach'])})\s*$", re.IGNORECASE)
# The label of a number that is no phone number, right before it: "Org.nr 212000-1355", "Fax: 08-452 70 01".
OTHER_NUMBER_LABEL_RE = re.compile(rf"(?<!\w)(?:{_alternation(PHRASES['other-numbers'])})\.?\s*:?\s*$",
                                   re.IGNORECASE)
# A title in brackets after a card's name: "Kari Holm (kommunikasjonssjef)".
BRACKET_TITLE_RE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<title>[^()\d]{3,60})\)$")
# A labelled phone number: "Tel:+4790233059", "Tlf. 24 13 26 01", "Mobil: +47 902 33 059", Swedish
# "tfn 0709 – 31 30 09" (a spaced dash after the area code: labelled, so any dash is part of it).
PHONE_RE = re.compile(
    r"(?:\b(?:Tel|Tlf|Tfn|Telefon|Telephone|Phone|Mob|Mobil|Mobile|Mobiltelefon|Direkte|Direct|Växel)"
    r"\.?\s*(?:nr\.?|nummer)?\s*[:.]?\s*)"
    r"(?P<number>\+?\(?\d[\d \u00a0\u202f()\-.\u2013\u2212]{4,24}\d)",
    re.IGNORECASE,
)
# An unlabelled international number: "+47 902 33 059".
BARE_PHONE_RE = re.compile(r"(?<![\w+])(?P<number>\+\d{1,3}[\d \u00a0\u202f()\-]{6,20}\d)")
# A number alone on its line, unlabelled: "902 33 059" (ks.no contact boxes).
LINE_PHONE_RE = re.compile(
    r"(?m)^[ \t]*(?P<number>\+?\d[\d \u00a0()\-]{6,24}\d)[ \t]*(?:\([^()\n\d]{1,30}\)[ \t]*)?$"
)
# An unlabelled number anywhere in a contact block, kept only when it is a valid number of the page's
# country (phone_e164): "Om presskonferensen Kjell Foss, 0702-41 52 88." and "Regionstyrelsens
# ordförande Roland Andersson 0705-16 70 24." (a Swedish press-conference invitation's list).
NATIONAL_PHONE_RE = re.compile(
    r"(?<![\w+.,:/-])(?P<number>\+?\d[\d \u00a0\-]{6,16}\d)(?![\w/]|[.,:-]\d)"
)
# A printed date is no phone number: "2008-03-28", "28-03-2008".
DATE_LIKE_RE = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4})$")
# Seven digits or more, or an address: a line that may hold a card ("Kontakt: Kari Holm, 902 33 059").
CARD_DETAIL_RE = re.compile(r"@[a-z0-9-]+\.|\d(?:[\d \u00a0\-.()]*\d){6}")
# An unlabelled number as the last comma-separated piece of a card line, as Swedish and Danish
# pages print it: "Karin Ek, kommunikatör, 070-123 45 67", "Hans Lindberg, borgmester, 41 85 00 00".
COMMA_PHONE_RE = re.compile(r"(?m),[ \t]*(?P<number>\+?\d[\d \u00a0\-]{6,16}\d)[ \t]*(?=,|$)")
# An email address; the domain is lowercase so "kom@ks.noBilder" stops before "Bilder".
EMAIL_RE = re.compile(
    r"(?:\b(?:E-?post|E-?mail|Mail)\s*:\s*)?"
    r"(?P<email>[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,})",
)
# Top-level domains seen in Nordic press rooms; used to cut a lowercase word glued to the address.
KNOWN_TLDS = frozenset(
    "no se dk fi is fo gl ax eu com org net int gov edu info biz io nu uk de fr nl be at ch pl ee lv lt"
    " es it pt ie us ca app dev media news online kommune".split()
)
# Headings that follow the contact block on NTB Kommunikasjon / Mynewsdesk pages (nb, sv, da, en).
SECTION_HEADING_RE = re.compile(
    r"^(?:Bilder|Billeder|Images|Lenker|Länkar|Links|Dokumenter|Dokument|Documents|Videoer|Videos?"
    r"|Vedlegg|Bilagor|Nøkkelord|Nyckelord|Nøgleord|Keywords|Tags|Emner|Ämnen"
    r"|Om\s+\S|Om\b|About\s+\S|Følg\b|Följ\b|Follow\b|Registrer\b|Prenumerera\b|Tilmeld\b|Subscribe\b"
    r"|Siste\s+pressemeldinger|Senaste\s+pressmeddelanden|Seneste\s+pressemeddelelser"
    r"|Latest\s+(?:press\s+)?(?:releases|news)|I\s+vårt\s+presserom|Besøk\s+vårt\s+presserom)"
    r"(?=$|[\s:A-ZÆØÅÄÖ])"
)
# Where a glued name ends and a title begins: "FremstadRådgiver", "KommunikasjonsrådgiverKS".
GLUE_BOUNDARY_RE = re.compile(r"(?<!\bMc)(?<!\bMac)(?<=[^\W\d_][a-zæøåäöüéèáóúßðþ])(?=[A-ZÆØÅÄÖÜÉ])")
NAME_WORD_RE = re.compile(
    r"^(?:[A-ZÆØÅÄÖÜÉÁÓÚÈ][a-zæøåäöüéèáóúíßðþ'’]+(?:-[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáóúíßðþ'’]+)*"
    r"|[A-ZÆØÅÄÖÜ]\.|von|van|der|den|de|af|la|le|da|di|du|bin|ibn)$"
)
# Desks and functions that head a card without a person: "Pressevakt", "Presstjänst".
DESK_RE = re.compile(
    r"(?i)^(?:press|presse|kommunikasjon|kommunikation|communication|sentralbord|växel|info)"
    r"|(?:vakt|vagt|jour|tjänst|telefon|kontor|avdeling|avdelingen|avdelning|afdeling|desk|office"
    r"|sentralbord|enhet|enheten)$"
)
GLUED_LABEL_RE = re.compile(r"[a-zæøåäö](?:Tel|Tlf|Tfn|Telefon|Mobil|Mob|Phone|E-post|E-mail)\.?$")
SPACES_RE = re.compile(r"[ \t\u00a0\u202f]+")
# A contact label left at the end of header text once its number or address is cut out:
# "PresstjänstTel:" -> "Presstjänst".
LABEL_TAIL_RE = re.compile(
    r"(?i)(?:tel|tlf|tfn|telefon|mobil|mob|phone|e-?post|e-?mail|mail|växel)\.?\s*:?\s*$"
)
NON_DIGIT_RE = re.compile(r"\D")
# A role word anywhere in lowercased text: "regionstyrelsens ordförande" holds one.
ROLE_WORD_IN_RE = re.compile(rf"(?<!\w){ROLE_WORD}(?!\w)")
LETTER_RE = re.compile(r"[A-Za-zÆØÅæøå]")

# National number lengths after the country code, to reject a number glued to other digits.
NATIONAL_DIGITS = {"47": (8,), "45": (8,), "46": (7, 8, 9, 10), "358": (6, 7, 8, 9, 10), "354": (7,)}


@dataclass
class _Card:
    header: list[str] = field(default_factory=list)
    phone: str | None = None
    email: str | None = None


def phone_e164(raw: str, default_country: str = "47") -> str | None:
    """A printed phone number -> E.164, or None when it is not a plausible phone number.

    Args:
        raw: the number as printed, e.g. "24 13 26 01", "+47 902 33 059", "0047 92886402",
            "+46 (0)8 452 70 00" or "Tel: 92886402".
        default_country: calling code for numbers printed without one (Norway: "47").

    Returns:
        "24 13 26 01" -> "+4724132601"; "+47 902 33 059" -> "+4790233059"; "4790233059" ->
        "+4790233059"; "12 34" -> None.
    """
    if not raw:
        return None
    text = raw.strip()
    text = re.sub(r"(?i)^(?:tel|tlf|tfn|telefon|mobil|mob|phone)\.?\s*:?\s*", "", text)
    if LETTER_RE.search(text):
        return None
    text = text.replace("(0)", "")
    digits = NON_DIGIT_RE.sub("", text)
    if text.startswith("+"):
        country_and_number = digits
    elif digits.startswith("00"):
        country_and_number = digits[2:]
    else:
        national = digits
        if default_country in NATIONAL_DIGITS and national.startswith(default_country) \
                and len(national) - len(default_country) in NATIONAL_DIGITS[default_country] \
                and len(national) not in NATIONAL_DIGITS[default_country]:
            country_and_number = national  # "4790233059": the country code without "+"
        else:
            if default_country not in ("47", "45") and national.startswith("0"):
                national = national[1:]  # trunk prefix (Sweden, Finland, …)
            lengths = NATIONAL_DIGITS.get(default_country)
            if lengths and len(national) not in lengths:
                return None
            country_and_number = default_country + national
    if not 8 <= len(country_and_number) <= 15:
        return None
    for code, lengths in NATIONAL_DIGITS.items():
        if country_and_number.startswith(code):
            if len(country_and_number) - len(code) not in lengths:
                return None
            break
    return "+" + country_and_number


def _clean_email(email: str) -> str:
    """Cut a lowercase word glued after the top-level domain: "kom@ks.nobilder" -> "kom@ks.no"."""
    local, _, domain = email.rpartition("@")
    labels = domain.split(".")
    tld = labels[-1]
    if tld not in KNOWN_TLDS:
        prefixes = [t for t in KNOWN_TLDS if tld.startswith(t) and len(t) >= 2]
        if prefixes:
            labels[-1] = max(prefixes, key=len)
    return f"{local}@{'.'.join(labels)}".strip(".")


def _split_glued(line: str) -> list[str]:
    """'Jan Inge KrossliKommunikasjonsrådgiverKS' -> ['Jan Inge Krossli', 'Kommunikasjonsrådgiver', 'KS']."""
    parts = [p.strip(" ,;|") for p in GLUE_BOUNDARY_RE.split(line)]
    return [p for p in parts if p]


def _looks_like_name(text: str) -> bool:
    """Two to five capitalised words (particles allowed), no digits: "Gunn Marit Helgesen"."""
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    if not all(NAME_WORD_RE.match(w) for w in words):
        return False
    if not NAME_WORD_RE.match(words[0]) or words[0][0].islower():
        return False
    return not DESK_RE.search(words[0]) and not DESK_RE.search(words[-1])


# "Salgsdirektør i Experian": a title, then the organisation after "i"/"hos"/"ved"/"på".
TITLE_AT_ORG_RE = re.compile(r"^(?P<title>\S+(?:\s+\S+){0,3}?)\s+(?:i|hos|ved|på|vid|at)\s+(?P<org>\S.*)$")


# "Per Einar Ruud i Bisnode": a name line that names the organisation too.
NAME_AT_ORG_RE = re.compile(r"^(?P<name>[^,]+?)\s+(?:i|hos|ved|på|vid)\s+(?P<org>[A-ZÆØÅÄÖ]\S*(?:\s+\S+){0,3})$")
# A party in brackets after a name on a card line: "Hans Lindberg (S), kommunstyrelsens ordförande".
PARTY_TAIL_RE = re.compile(r"\s*\([A-ZÆØÅÄÖ][A-Za-zæøåäö]{0,5}\)$")
# A header line of this many words or more is a note (opening hours), not a name or title.
NOTE_WORDS = 7


def _comma_card(line: str) -> tuple[str, str | None, str | None] | None:
    """A prose card line -> (name, title, organisation), or None when it is not one.

    NTB pages print a card as one sentence: "Salgsdirektør i Experian, Per Ivar Kristiansen" ->
    ("Per Ivar Kristiansen", "Salgsdirektør", "Experian"); "Kari Nordmann, rådgiver" ->
    ("Kari Nordmann", "rådgiver", None). Exactly one comma-separated piece must look like a name.
    """
    pieces = [piece.strip(" .;|") for piece in line.split(",")]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) < 2:
        return None
    names = [i for i, piece in enumerate(pieces) if _looks_like_name(PARTY_TAIL_RE.sub("", piece))]
    if len(names) > 1:
        # "Christina Mattisson, tillträdande ordförande, Region Blekinge": the organisation looks like a
        # name too; the person is the one piece that opens with a known first name
        names = [i for i in names if pieces[i].split()[0].split("-")[0] in FIRST_NAMES]
    if len(names) != 1:
        return None
    name = PARTY_TAIL_RE.sub("", pieces.pop(names[0]))  # "Hans Lindberg (S)": the party is not the name
    rest = ", ".join(pieces)
    at_org = TITLE_AT_ORG_RE.match(rest)
    if at_org is not None:
        return name, at_org["title"], at_org["org"]
    return name, rest, None


def _header_fields(header: list[str]) -> tuple[str | None, str | None, str | None]:
    """The header lines of one card -> (name, title, organisation)."""
    if len(header) == 1 and "," in header[0]:
        card = _comma_card(header[0])
        if card is not None:
            return card
    bracketed = BRACKET_TITLE_RE.match(header[0]) if len(header) == 1 else None
    if bracketed and _looks_like_name(bracketed["name"]):
        return bracketed["name"], bracketed["title"].strip(), None  # "Kari Holm (kommunikasjonssjef)"
    parts: list[str] = []
    name: str | None = None
    organisations: list[str] = []
    for index, line in enumerate(header):
        if index and len(line.split()) >= NOTE_WORDS:
            continue  # "Pressevakta er betent mellom 8.00 - 15.45 på kvardagar": a note, no field
        at_org = NAME_AT_ORG_RE.match(line)
        if name is None and not parts and at_org and _looks_like_name(at_org["name"]):
            name = at_org["name"]  # "Per Einar Ruud i Bisnode"
            organisations.append(at_org["org"])
            continue
        if (parts or name) and ", " in line and "," not in line.partition(", ")[2]:
            parts.extend(piece.strip() for piece in line.split(", "))  # "Adm. direktør, Nye Veier"
            continue
        parts.extend(_split_glued(line))
    if not parts and name is None:
        return None, None, None
    if name is None and _looks_like_name(parts[0]) and not _titled_name(parts[0]):
        name, parts = parts[0], parts[1:]
    if name is None and parts and _trailing_name(parts[0]):
        # "Regionstyrelsens ordförande Roland Andersson": a title of several words before the name;
        # "Om presskonferensen Kjell Foss": words without a role word are a note, no title
        head, name = _trailing_name(parts[0])  # type: ignore[misc]
        parts = [head, *parts[1:]] if ROLE_WORD_IN_RE.search(head.lower()) else parts[1:]
    if name is None and _titled_name(parts[0]):
        # "Borgmester Hans Lindberg, tlf. 20 30 40 50": the title printed before the name
        title_word, _, name = parts[0].partition(" ")
        parts = [title_word, *parts[1:]]
    title = parts[0] if parts else None
    for org in parts[1:]:
        if org not in organisations:
            organisations.append(org)
    organisation = ", ".join(organisations) or None
    return name, title, organisation


def _trailing_name(text: str) -> tuple[str, str] | None:
    """(head, name) when `text` ends with a full name opening with a known first name, after other words.

    "Regionstyrelsens ordförande Roland Andersson" -> ("Regionstyrelsens ordförande", "Roland Andersson");
    "Om presskonferensen Kjell Foss" -> ("Om presskonferensen", "Kjell Foss"); "Kari Holm" -> None.
    """
    words = text.split()
    for size in (4, 3, 2):
        if len(words) <= size:
            continue
        tail = " ".join(words[-size:])
        if words[-size].split("-")[0] in FIRST_NAMES and _looks_like_name(tail):
            return " ".join(words[:-size]), tail
    return None


def _titled_name(text: str) -> bool:
    """A title word, then a name: "Borgmester Hans Lindberg", "Presserådgiver Karin Ek"."""
    first, _, rest = text.partition(" ")
    return bool(ROLE_WORD_RE.match(first.lower())) and _looks_like_name(rest)


def _details(text: str, default_country: str = "47") -> list[tuple[int, int, str, str]]:
    """(start, end, kind, value) of every phone and email in the block, in order, not overlapping."""
    found: list[tuple[int, int, str, str]] = []
    for match in NATIONAL_PHONE_RE.finditer(text):
        number = match["number"]
        if (not DATE_LIKE_RE.match(number.strip()) and phone_e164(number, default_country)
                and not OTHER_NUMBER_LABEL_RE.search(text, max(0, match.start() - 24), match.start())):
            found.append((match.start(), match.end(), "phone", number))
    for match in PHONE_RE.finditer(text):
        found.append((match.start(), match.end("number"), "phone", match["number"]))
    for match in LINE_PHONE_RE.finditer(text):
        # the end of the line: a remark after the number ("902 51 303 (ikkje SMS)") goes with it
        found.append((match.start("number"), match.end(), "phone", match["number"]))
    for match in BARE_PHONE_RE.finditer(text):
        found.append((match.start(), match.end(), "phone", match["number"]))
    for match in COMMA_PHONE_RE.finditer(text):
        found.append((match.start("number"), match.end(), "phone", match["number"]))
    for match in EMAIL_RE.finditer(text):
        found.append((match.start(), match.end(), "email", match["email"]))
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str, str]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            if item[2] != "email" or item[1] <= kept[-1][1]:
                continue
            # "Tel:+4790233059mads.fremstad@ks.no": the address starts where the digits end.
            rest = EMAIL_RE.fullmatch(text, kept[-1][1], item[1])
            if not rest:
                continue
            item = (kept[-1][1], item[1], "email", rest["email"])
        kept.append(item)
    return kept


def parse_contacts(lines: Sequence[str], default_country: str = "47") -> tuple[Contact, ...]:
    """The lines after a "Kontakter" heading -> one Contact per card, stopping at the next section.

    Args:
        lines: the contact block as dumped, e.g. ["Mads FremstadRådgiver",
            "Tel:+4790233059mads.fremstad@ks.noPressevakt", "Tel:24 13 26 01kom@ks.noLenker"].
        default_country: calling code for phone numbers printed without one.

    Returns:
        (Contact("Mads Fremstad", "Rådgiver", phone="+4790233059", email="mads.fremstad@ks.no"),
         Contact(None, "Pressevakt", phone="+4724132601", email="kom@ks.no")). A desk has name None.
    """
    text = "\n".join(line for line in lines if line is not None)
    cards: list[_Card] = []
    current: _Card | None = None
    position = 0

    def header_chunk(chunk: str, before_detail: bool) -> bool:
        """Start or extend a card with header text; False when a section heading ends the block.

        The last line of a chunk `before_detail` goes on with a phone or an address on the same line:
        no section heading ("Om presskonferensen Kjell Foss, 0702-41 52 88" is a card, not "Om X").
        """
        nonlocal current
        raw_lines = chunk.split("\n")
        for index, raw_line in enumerate(raw_lines):
            # ". Regionstyrelsens ordförande Roland Andersson": the full stop after the number before
            line = SPACES_RE.sub(" ", raw_line).strip(" ,.;|/")
            if line.endswith(":") or GLUED_LABEL_RE.search(line):
                line = LABEL_TAIL_RE.sub("", line).strip(" ,;|/:")
            line = REACH_TAIL_RE.sub("", line).strip(" ,;|/–-")
            if not line:
                continue
            if SECTION_HEADING_RE.match(line) and not (before_detail and index == len(raw_lines) - 1):
                return False
            # "902 33 059 – Kari Holm, kommunikasjonssjef": a number before the name, on its line, is
            # the card that follows it when that card has no header yet
            same_line_after_detail = index == 0 and current is not None and not current.header
            if current is None or ((current.phone or current.email) and not same_line_after_detail):
                current = _Card()
                cards.append(current)
            current.header.append(line)
        return True

    stopped = False
    for start, end, kind, value in _details(text, default_country):
        if not header_chunk(text[position:start], True):
            stopped = True
            break
        position = end
        if current is None:
            current = _Card()
            cards.append(current)
        if kind == "phone":
            phone = phone_e164(value, default_country)
            if current.phone and phone:
                if current.email:  # a second card without a header line
                    current = _Card()
                    cards.append(current)
                    current.phone = phone
                continue
            current.phone = current.phone or phone
        else:
            if current.email:
                current = _Card()
                cards.append(current)
            current.email = _clean_email(value)
    if not stopped:
        header_chunk(text[position:], False)

    contacts = []
    for card in cards:
        name, title, organisation = _header_fields(card.header)
        if not (name or title) and not (card.phone or card.email):
            continue
        if not (card.phone or card.email) and name is None:
            continue  # stray text, not a card
        contacts.append(Contact(name=name, title=title, organisation=organisation,
                                phone=card.phone, email=card.email))
    return tuple(contacts)


def contact_block_start(line: str) -> list[str] | None:
    """The lines a contact block opens with when `line` is its heading, else None.

    "Kontakter" -> []; "For mer informasjon, vennligst kontakt:" -> []; "Kontaktperson: Om
    presskonferensen Kjell Foss, 0702-41 52 88." -> ["Om presskonferensen Kjell Foss, 0702-41 52 88."]
    (a heading and its first card on one line: only with a phone number or an address after the colon);
    "Kontakt oss for en prat om framtiden" -> None.
    """
    if not HEADING_OPEN_RE.match(line):
        return None
    if CONTACTS_HEADING_RE.match(line):
        return []
    inline = INLINE_HEADING_RE.match(line)
    if inline is not None and CARD_DETAIL_RE.search(inline["rest"]):
        return [inline["rest"]]
    return None


# Calling codes by release language, for numbers printed without one.
CALLING_CODES = {"sv": "46", "da": "45", "nb": "47", "nn": "47"}
# A body sentence that asks the reader to contact a person and gives the card: "For påkravd påmelding
# og meir informasjon, kontakt Henning Lervåg, Trondheim kommune, 91 67 24 67, henning.lervag@…".
BODY_ASK_RE = re.compile(
    rf"(?:^|[,.:;]\s+)(?:{_alternation(PHRASES['asks'])})\s*:?\s+(?P<rest>[A-ZÆØÅÄÖÜ].*)$", re.IGNORECASE
)
# A heading with more words before its colon, then the cards: "Pressekontaktar frå
# Samferdselsdepartementet på turen: Tore Becker 40 49 79 16, Tor Livius Midtbø, 90 60 69 19".
BODY_HEADING_RE = re.compile(
    rf"^(?:{_alternation(PHRASES['headings'])})(?:\s+[^:\n]{{1,60}}?)?\s*:\s*(?P<rest>[A-ZÆØÅÄÖÜ].*)$",
    re.IGNORECASE,
)


def body_contacts(text: str, default_country: str = "47") -> tuple[Contact, ...]:
    """Contact cards printed in a release's body, line by line -> Contacts.

    A press invitation gives a contact per programme item in its body, not in a block below it: "For
    påkravd påmelding og meir informasjon, kontakt Henning Lervåg, Trondheim kommune, 91 67 24 67,
    henning.lervag@trondheim.kommune.no" -> Contact("Henning Lervåg", "Trondheim kommune",
    phone="+4791672467", email="henning.lervag@trondheim.kommune.no"). Only a line whose cards give a
    phone number or an address counts, and only a card with a name.
    """
    found: list[Contact] = []
    for line in text.splitlines():
        # a card's phone or address is in the line wherever its heading stands: most lines stop here
        if not CARD_DETAIL_RE.search(line):
            continue
        match = BODY_HEADING_RE.match(line.strip()) or BODY_ASK_RE.search(line.strip())
        if match is None or not CARD_DETAIL_RE.search(match["rest"]):
            continue
        for card in parse_contacts([match["rest"]], default_country):
            if not card.name or not (card.phone or card.email):
                continue
            if card.title and not card.organisation and not ROLE_WORD_IN_RE.search(card.title.lower()):
                card = replace(card, title=None, organisation=card.title)  # "Trondheim kommune": no title
            found.append(card)
    return tuple(found)
