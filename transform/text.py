"""Small text helpers shared by the text readers: newlines, quote dashes, sentence-like lines.

Pure functions over strings; none of them changes the length of text that offsets point into except
`normalise_newlines`, which is applied once at the boundary before any offset is taken.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import filterfalse

# Every dash-like code point, treated alike wherever a quote, a quote-title or a bullet may open:
# the hyphen-minus and its look-alikes (U+2010 hyphen, U+2011 non-breaking hyphen, U+FE63 small and
# U+FF0D full-width hyphen-minus), the figure, en, em and horizontal-bar dashes (U+2012-U+2015), the
# minus sign U+2212 ("− Kommuner och regioner var redan inställda …, säger Anders Knape") and the
# small em dash U+FE58. LONG_DASHES are the ones that also end a sentence run ("… i dag – Det er").
HYPHENS = "-\u2010\u2011\ufe63\uff0d"
LONG_DASHES = "\u2012\u2013\u2014\u2015\u2212\ufe58"
QUOTE_DASHES = HYPHENS + LONG_DASHES
# The same set as a regex character class, for every pattern that matches a dash.
DASH = f"[{re.escape(QUOTE_DASHES)}]"
LEADING_DASH_RE = re.compile(rf"^{DASH}\s*(?=\S)")
NEWLINE_RE = re.compile(r"\r\n?|\u2028|\u2029|\x85")
FINAL_PUNCT = ".!?:;,…"
WORD_RE = re.compile(r"\w+(?:[-'’.]\w+)*")
# Marks that are no word character and join no WORD_RE token: a word breaks at each as at white space.
TOKEN_BREAKS = (",", ":", ";", "!", "?", "(", ")", "«", "»", '"', "/", "–", "—")
SPACES_RE = re.compile(r"[ \t\u00a0\u202f\u2009\u200b\ufeff]+")
# UTF-8 bytes that were decoded as latin-1/cp1252 ("KommunesektorenÃ¸", "â€“ sier"): a lead byte
# followed by the right number of continuation bytes (0x80-0xBF, as latin-1 or cp1252 shows them).
# Two-byte leads are limited to Â Ã Ä Å (U+0080-U+017F: Latin-1 and Latin Extended-A), so real
# Nordic text such as "Ø»" or "Æ\u00a0" is never taken for Arabic or Cyrillic mojibake.
_CONT = ("[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
         "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
# Written as one lead class, then the branch its lead byte opens (the lead ranges are disjoint, so each
# position matches as "[Â-Å]C|[à-ï]C{2}|[ð-ô]C{3}" would): a pattern opening with a class is searched for
# fast, one opening with an alternation is tried at every position (three times slower over a page).
MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00c5\u00e0-\u00ef\u00f0-\u00f4](?:(?<=[\u00c2-\u00c5])" + _CONT + "|(?<=[\u00e0-\u00ef])" + _CONT
    + "{2}|(?<=[\u00f0-\u00f4])" + _CONT + "{3})"
)


# Invisible characters that break words without showing: soft hyphen, zero-width space, non-joiner and
# joiner, word joiner, and a BOM inside the text. "Hel\u00adgesen" is "Helgesen".
INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


# "o" + a combining stroke overlay is how some systems write "ø"; Unicode gives ø no decomposition, so
# NFC leaves the pair apart ("Sigbjo\u0338rn" would read as "Sigbjo"): composed here explicitly.
STROKED_RE = re.compile("([oO])[\u0337\u0338]")
STROKED = {"o": "ø", "O": "Ø"}


def normalise_text(text: str) -> str:
    """Text in NFC without NUL bytes, soft hyphens and zero-width characters: what every reader works on.

    Applied once where text is decoded (extract/files.py, the HTML/JSON text helpers), before any
    offset is taken, so spans index the stored body. "o" + a combining stroke becomes "ø". A NUL is
    dropped as a browser drops it ("7 millioner\0 kroner" is "7 millioner kroner", an amount).
    normalise_text("Sigbjo\u0338rn Hel\u00adgesen") -> "Sigbjørn Helgesen"
    """
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.isascii():
        text = INVISIBLE_RE.sub("", text)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if "\u0337" in text or "\u0338" in text:
            text = STROKED_RE.sub(lambda m: STROKED[m.group(1)], text)
    return text


def normalise_newlines(text: str) -> str:
    """Windows and old-Mac newlines and Unicode line separators -> "\\n"; a leading BOM is dropped.

    normalise_newlines("KS gir pengestøtte\\r\\nHovedstyret vedtok") -> "KS gir pengestøtte\\nHovedstyret vedtok"
    """
    text = text.removeprefix("\ufeff")
    # most texts hold none of them: four scans for a character are cheaper than the regex's pass
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        return NEWLINE_RE.sub("\n", text)
    return text


def _utf8_again(match: re.Match[str]) -> str:
    raw = bytearray()
    for ch in match.group():
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            raw += ch.encode("latin-1")  # C1 controls: bytes cp1252 leaves undefined (0x81, 0x8d, …)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group()


def repair_mojibake(text: str) -> str:
    """Text whose UTF-8 was decoded as latin-1 or cp1252 (mojibake), put right; other text unchanged.

    Each suspicious run is re-encoded and decoded as UTF-8 on its own, so a file that mixes good and
    broken text is repaired where it is broken. Applied once at the boundary, before any offset.
    repair_mojibake("KommunesektorenÃ¸ fÃ¥r 2 milliarder â€“ sier KS") -> "Kommunesektorenø får 2 milliarder – sier KS"
    """
    if not text.isascii() and MOJIBAKE_RE.search(text):
        return MOJIBAKE_RE.sub(_utf8_again, text)
    return text


def clean_line(line: str) -> str:
    """One dumped line with runs of spaces, tabs and NBSPs collapsed and the ends trimmed.

    clean_line("  Hovedstyret i KS\\u00a0 vedtok  ") -> "Hovedstyret i KS vedtok"
    """
    # most lines have no run of spaces, tab or odd space at all: then the substitution is a no-op
    if not ("  " in line or "\t" in line or "\u00a0" in line or "\u202f" in line or "\u2009" in line
            or "\u200b" in line or "\ufeff" in line):
        return line.strip()
    return SPACES_RE.sub(" ", line).strip()


def strip_quote_dash(title: str) -> tuple[str, bool]:
    """A title without its leading quote dash, and whether it had one.

    strip_quote_dash("- Oppsiktsvekkende løftebrudd") -> ("Oppsiktsvekkende løftebrudd", True);
    strip_quote_dash("KS om statsbudsjettet: – Overraskende") -> (unchanged, False)
    """
    match = LEADING_DASH_RE.match(title)
    if not match:
        return title, False
    rest = title[match.end():].strip()
    # "-19 grader" or "–2 prosent" is a number, not a quote.
    if not rest or rest[0].isdigit():
        return title, False
    return rest, True


def starts_with_dash(line: str) -> bool:
    """True when a line opens with a quote dash: "– Vi er sjokkerte, sier …" -> True."""
    return bool(line) and line[0] in QUOTE_DASHES


@lru_cache(maxsize=16384)
def word_count(text: str) -> int:
    """Number of words: word_count("Støtter lokale myndigheter i Ukraina") -> 5.

    Cached: the text readers ask about the same lines several times (title, teaser, subheading tests).
    """
    # a chunk between white space and TOKEN_BREAKS holds its tokens alone, and one of word characters
    # only (`str.isalnum`: each is a `\w`) is one token: the regex reads only the other chunks
    chunks = split_at(text, TOKEN_BREAKS)
    count = len(chunks)
    for chunk in filterfalse(str.isalnum, chunks):
        count += len(WORD_RE.findall(chunk)) - 1
    return count


def split_at(text: str, marks: tuple[str, ...]) -> list[str]:
    """`text` split at white space and at each of `marks`.

    split_at("Ja, sier hun.", (",",)) -> ["Ja", "sier", "hun."]
    """
    for mark in marks:
        text = text.replace(mark, " ")
    return text.split()


def ends_sentence(line: str) -> bool:
    """True when a line ends with sentence punctuation (closing quotes ignored): "… i dag." -> True."""
    stripped = line.rstrip(" \"'»”’)")
    return bool(stripped) and stripped[-1] in FINAL_PUNCT
