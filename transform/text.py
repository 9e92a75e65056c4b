"""Small text helpers shared by the text readers: newlines, quote dashes, sentence-like lines.

Pure functions over strings; none of them changes the length of text that offsets point into except
`normalise_newlines`, which is applied once at the boundary before any offset is taken.
"""

from __future__ import annotations

import re

# Dashes that open a quote or a quote-title in Norwegian press text: "- ", "– ", "— ", "-Det".
QUOTE_DASHES = "-–—‒―−"
LEADING_DASH_RE = re.compile(r"^[-–—‒―−]\s*(?=\S)")
NEWLINE_RE = re.compile(r"\r\n?|\u2028|\u2029|\x85")
FINAL_PUNCT = ".!?:;,…"
WORD_RE = re.compile(r"\w+(?:[-'’.]\w+)*")
SPACES_RE = re.compile(r"[ \t\u00a0\u202f\u2009\u200b\ufeff]+")


def normalise_newlines(text: str) -> str:
    """Windows and old-Mac newlines and Unicode line separators -> "\\n"; a leading BOM is dropped.

    normalise_newlines("KS gir pengestøtte\\r\\nHovedstyret vedtok") -> "KS gir pengestøtte\\nHovedstyret vedtok"
    """
    return NEWLINE_RE.sub("\n", text.removeprefix("\ufeff"))


def clean_line(line: str) -> str:
    """One dumped line with runs of spaces, tabs and NBSPs collapsed and the ends trimmed.

    clean_line("  Hovedstyret i KS\\u00a0 vedtok  ") -> "Hovedstyret i KS vedtok"
    """
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


def word_count(text: str) -> int:
    """Number of words: word_count("Støtter lokale myndigheter i Ukraina") -> 5."""
    return len(WORD_RE.findall(text))


def ends_sentence(line: str) -> bool:
    """True when a line ends with sentence punctuation (closing quotes ignored): "… i dag." -> True."""
    stripped = line.rstrip(" \"'»”’)")
    return bool(stripped) and stripped[-1] in FINAL_PUNCT
