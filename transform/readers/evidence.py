"""Which line of a page is its title: shallow evidence, one small function per feature, weights in one place.

For a page of no known layout the text reader (textdump.py) collects the lines above the lead (the first
prose paragraph) that could be a headline, describes each as a `Candidate` (its text and what stands
around it) and keeps the best one whose score reaches `THRESHOLD`. The score is a weighted sum of
features that hold across sites, not rules written for one site: boilerpipe's shallow text features
(Kohlschütter et al., 2010: word count, position, neighbours), jusText's length and stop-word density,
trafilatura's title heuristics (a headline is one short phrase, not a sentence, not a caption). Each
feature returns a value in [-1, 1]; `WEIGHTS` says how much it counts, so a reader can see why a line won:

    score("Signerer for 3 milliarder kroner", followed by the lead)            = 4.5  -> the title
    score("!. april var en travel dag for veidirektøren. (Arkivfoto)", doubled) = -2.5 -> a caption

A line judged to be chrome (`is_chrome`: a known furniture phrase in any of the four languages) is never
a candidate, so a page whose only headline-like line is chrome gets no title.

The word lists are data, one file per language (transform/data/{chrome,stopwords,captions}/<lang>.txt,
described in transform/data/README.md), read once when this module is imported: shipped with the code
like the code itself, and part of the extractor version.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transform.text import ends_sentence, word_count

DATA = Path(__file__).resolve().parent.parent / "data"
# bokmål, nynorsk, Swedish, Danish: a reader takes the union (a short line's language is a poor guess)
LANGUAGES = ("nb", "nn", "sv", "da")


def _entries(kind: str) -> tuple[str, ...]:
    """The entries of transform/data/<kind>/<lang>.txt for every language, folded, comments dropped."""
    found: list[str] = []
    for language in LANGUAGES:
        path = DATA / kind / f"{language}.txt"
        for raw in path.read_text(encoding="utf-8").splitlines():
            entry = fold(raw.split("#", 1)[0])
            if entry and entry not in found:
                found.append(entry)
    return tuple(found)


def fold(text: str) -> str:
    """A line folded for comparing with a word list: NFKC, case-folded, spaces collapsed, ends trimmed.

    fold("  Gå till  sidans innehåll ") -> "gå till sidans innehåll"
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split()).strip(" .|›»>")


_CHROME = _entries("chrome")
# whole lines that are furniture ("historisk arkiv"), and labels opening a metadata line ("utgiver:")
CHROME_LINES = frozenset(e for e in _CHROME if not e.endswith(":") and "*" not in e)
CHROME_LABELS = tuple(e for e in _CHROME if e.endswith(":") and "*" not in e)
# notices with variable parts: "*" inside an entry stands for one to four words ("artikkelen er over * gammel"),
# at its end for the rest of the line ("aktiver javascript*")
CHROME_PATTERNS = tuple(
    re.compile("^" + r"\s+\S+(?:\s+\S+){0,3}\s+".join(r"\s+".join(map(re.escape, part.split()))
                                                  for part in e.rstrip("*").split("*"))
               + (r"\s*\S.*" if e.endswith("*") else "") + "$")
    for e in _CHROME if "*" in e)

# the patterns as one alternation, for one match per line (None when there are none)
CHROME_PATTERN_RE = re.compile("|".join(f"(?:{p.pattern})" for p in CHROME_PATTERNS)) if CHROME_PATTERNS else None

STOPWORDS = frozenset(_entries("stopwords"))
# words a hard-wrapped line may end with but a paragraph never does ("… sier fylkesleder i")
WRAP_WORDS = frozenset(_entries("wraps"))
CAPTION_WORDS = _entries("captions")
# who owns a picture, after the photographer's name with no "Foto:" label: "Javad Parsa/NTB"
PICTURE_SOURCES = frozenset(_entries("credits"))

_CAPTION_ALTERNATIVES = "|".join(re.escape(w) for w in sorted(CAPTION_WORDS, key=len, reverse=True))
# "(Arkivfoto)", "(Foto: NTB)", "Foto: Vestland fylkeskommune" at the end of a line: a photo caption
CAPTION_TAIL_RE = re.compile(
    r"(?:\((?:" + _CAPTION_ALTERNATIVES + r")(?:\s*:[^()]{0,80})?\)\.?"
    r"|(?:^|(?<=[\s.]))(?:" + _CAPTION_ALTERNATIVES + r")\s*:\s*[^.!?:]{1,80}\.?)$",
    re.IGNORECASE,
)
# a credit alone on its line: "Foto: Colourbox", "Foto: Simen Sundfjord Otterlei / NRK", and without the colon
# before a capitalised name: "FOTO Heiko Junge / NTB", "Foto Anders Knudsen" (not "Foto og video fra …")
CREDIT_LINE_RE = re.compile(
    r"^\(?(?i:" + _CAPTION_ALTERNATIVES + r")(?:\s*:\s*\S.{0,80}"
    r"|\s+[A-ZÆØÅÄÖÜ][\w.'’-]*(?:\s+[A-ZÆØÅÄÖÜ][\w.'’-]*){0,3}(?:\s*/\s*\S.{0,30})?\)?)$")
# a photographer's name and who owns the picture, with no label: "Javad Parsa/NTB", "Gorm Kallestad / NTB"
NAMED_CREDIT_RE = re.compile(r"^[A-ZÆØÅÄÖÜ][\w.'’-]+(?:\s+[A-ZÆØÅÄÖÜ][\w.'’-]+){1,3}\s*/\s*(?P<source>[^/]{2,30})$")
# a name and a role under a pull-quote or a portrait: "Lasse Hansen, administrerende direktør i KS."
ATTRIBUTION_LINE_RE = re.compile(
    r"^[A-ZÆØÅÄÖÜ][\w.'’-]+(?:\s+[A-ZÆØÅÄÖÜ][\w.'’-]+){1,3}\s*[,–-]\s+[a-zæøåäöüé][^.!?]{2,80}\.?$")
# two sentences on one line: "En viktig start. KS Bedrift mener …" (never a headline)
SENTENCE_BREAK_RE = re.compile(r"[^\W\d_]{2}[.!?]\s+[A-ZÆØÅÄÖÜ«\"(]")
WORD_RE = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
# for matching a URL slug: letters a slug spells in ASCII
SLUG_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u", "é": "e"})


def ends_mid_phrase(line: str) -> bool:
    """True when a line's last word is one a paragraph never ends with (a preposition waiting for its
    object, a conjunction, an article): the line is hard-wrapped and goes on in the next one.

    ends_mid_phrase("… Dette oppfatter kommunene som løftebrudd, sier fylkesleder i") -> True (the next
    line is "KS, Ole Herman Sveian."); ends_mid_phrase("Fylkesstyret i KS Trøndelag støtter") -> False.
    """
    words = line.rsplit(None, 1)
    return bool(words) and fold(words[-1]) in WRAP_WORDS


def is_chrome(line: str) -> bool:
    """A line of site furniture in any of the four languages: never a title.

    is_chrome("Historisk arkiv") -> True; is_chrome("Utgiver: Kulturdepartementet") -> True (a label);
    is_chrome("Ein ny milliard til Husbanken") -> False.
    """
    folded = fold(line)
    return (folded in CHROME_LINES or (bool(CHROME_LABELS) and folded.startswith(CHROME_LABELS))
            or (CHROME_PATTERN_RE is not None and CHROME_PATTERN_RE.match(folded) is not None))


def has_caption_mark(line: str) -> bool:
    """A line that ends like a photo caption: "… veidirektøren. (Arkivfoto)", "… Foto: arkiv." -> True."""
    return bool(CAPTION_TAIL_RE.search(line[-120:]))


def is_credit_line(line: str) -> bool:
    """A photo credit alone on its line, printed under the caption it belongs to: "Foto: Colourbox" -> True;
    a photographer and a picture agency with no label: "Javad Parsa/NTB" -> True (real3 323)."""
    if len(line) > 100:
        return False
    if CREDIT_LINE_RE.match(line):
        return True
    named = NAMED_CREDIT_RE.match(line) if "/" in line else None
    return named is not None and fold(named["source"]) in PICTURE_SOURCES


def is_attribution_line(line: str) -> bool:
    """A name and a role on their own line (under a pull-quote or portrait), never a headline.

    is_attribution_line("Lasse Hansen, administrerende direktør i KS.") -> True
    """
    return word_count(line) <= 14 and bool(ATTRIBUTION_LINE_RE.match(line))


def slug_words(url: str | None) -> tuple[str, ...]:
    """Words of the last path step of a fetched page's URL (never a file name), () when there is none.

    slug_words("https://www.regjeringen.no/no/aktuelt/ein-ny-milliard-til-husbanken/id123/")
    -> ("ein", "ny", "milliard", "til", "husbanken")
    """
    if not url or not url.startswith(("http://", "https://")):
        return ()
    steps = [s for s in url.split("?", 1)[0].split("#", 1)[0].split("/")[3:] if s]
    # the slug is the last step with words ("…/ein-ny-milliard-til-husbanken/id123/": not "id123")
    for step in reversed(steps):
        words = tuple(w for w in re.split(r"[-_.+]+", step.casefold()) if w and not w.isdigit())
        if len(words) >= 2:
            return tuple(w for w in words if w not in {"html", "htm", "aspx", "php"})
    return ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One line that may be a page's title, with what stands around it (grain: one head line).

    `after` is what follows it once dates, bylines and chrome are passed: "lead" (the first prose
    paragraph), "meta" (a dateline or byline, then something else), "image" (a picture's caption, or its
    credit with a sentence under it: the caption, then the text), "credit" (a photo credit alone over
    another headline), "attribution" (a name and role under a pull-quote), "line" (another short line) or
    "end".
    """

    text: str
    first: bool = False  # no other headline-like line (captions aside) stands above it
    after: str = "line"
    doubled: bool = False  # the next line repeats it: an image's alt text printed over its caption
    repeated_below: bool = False  # it stands inside a longer line below the head: a pull-quote
    slug: tuple[str, ...] = ()  # words of the fetched URL's slug, () when not fetched


def length(c: Candidate) -> float:
    """Headlines run 5–15 words; one or two words are a label or section, 16–20 a long title or a lead.

    "Historisk arkiv" -> -1; "SKR:s nya rapport" -> 0.5; "Mer penger til kommuner og fylkeskommuner" -> 1.
    """
    n = word_count(c.text)
    if n <= 2:
        return -1.0
    if n <= 4 or n > 15:
        return 0.5
    return 1.0


def punctuation(c: Candidate) -> float:
    """A headline ends without punctuation (or with ? or !); a colon ends a label, a full stop a sentence.

    "Mer skjønnsmidler til kommunene" -> 1; "Hva nå?" -> 0.5; "Midlene vil bli utbetalt i mai:" -> -1.
    """
    stripped = c.text.rstrip(" \"'»”’)")
    if not stripped or stripped.endswith((":", ";", ",", "…", "...")):
        return -1.0
    if stripped.endswith(("?", "!")):
        return 0.5
    return -1.0 if ends_sentence(c.text) else 1.0


def one_phrase(c: Candidate) -> float:
    """A headline is one phrase: two sentences on a line are a lead or a caption.

    "En viktig start. KS Bedrift mener Regjeringen må bidra …" -> -1; "Skjønnsmidler fordelt" -> 0.
    """
    return -1.0 if SENTENCE_BREAK_RE.search(c.text) else 0.0


def case(c: Candidate) -> float:
    """Scandinavian headlines are in sentence case: a line of capitalised words is a name or a label.

    "Kommunaløkonomisk Forum" -> -1; "Gunn Marit Helgesen" -> -1; "innenriks" -> -1 (lower-case start);
    "Lars Gaardhøj ny regionsrådsformand i hovedstaden" -> 0.
    """
    words = [w for w in WORD_RE.findall(c.text) if not w[0].isdigit()]
    if not words:
        return 0.0
    if words[0][0].islower():
        return -1.0
    if len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.75:
        return -1.0
    return 0.0


def stopwords(c: Candidate) -> float:
    """jusText's evidence: a headline has function words ("til", "för", "om"), navigation and names do not.

    "Presskonferens efter extra regionstyrelse 31 mars" -> 1; "Statsbudsjettet 2024" -> -1.
    """
    words = [w.casefold() for w in WORD_RE.findall(c.text)]
    if not words:
        return -1.0
    return 1.0 if any(w in STOPWORDS for w in words) else -1.0


def position(c: Candidate) -> float:
    """The first headline-like line of the page (captions aside) is the likeliest title."""
    return 1.0 if c.first else 0.0


def followed_by(c: Candidate) -> float:
    """A title is followed by its lead, its dateline or byline, or its picture; a kicker by the real headline.

    "Budgettet rummer 100 gode ting" over "Foto: Anders Knudsen" / "Borgmester John Brædder er glad for det
    budget, byrådet vedtog torsdag aften." (the picture's caption under its credit, real3 358) -> 1.
    """
    return 1.0 if c.after in ("lead", "meta", "image") else 0.0


def caption_below(c: Candidate) -> float:
    """A line over a photo credit or a name-and-role line is a caption or a pull-quote, not a title.

    "Vestland fylkesting i Håkonshallen oktober 2019" over "Foto: Vestland fylkeskommune" -> -1.
    """
    return -1.0 if c.after in ("credit", "attribution") else 0.0


def caption_mark(c: Candidate) -> float:
    """A line that ends with a photo credit or "(Arkivfoto)" is a caption."""
    return -1.0 if has_caption_mark(c.text) else 0.0


def doubled(c: Candidate) -> float:
    """A line printed twice in a row is an image's alt text over its caption."""
    return -1.0 if c.doubled else 0.0


def repeated(c: Candidate) -> float:
    """A phrase of four words or more that the text repeats inside a longer line is a pull-quote."""
    return -1.0 if c.repeated_below and word_count(c.text) >= 4 else 0.0


def slug_match(c: Candidate) -> float:
    """The share of the fetched URL's slug words the line holds (0 when the page was not fetched).

    slug ("ein", "ny", "milliard", "til", "husbanken"), "Ein ny milliard til Husbanken" -> 1.0
    """
    if not c.slug:
        return 0.0
    words = {w.casefold().translate(SLUG_FOLD) for w in WORD_RE.findall(c.text)}
    return sum(w in words for w in c.slug) / len(c.slug)


# How much each feature counts. Set by hand on ../shared/real and ../shared/real2 (docs/eval_real.md).
WEIGHTS: dict[Callable[[Candidate], float], float] = {
    length: 1.0,
    punctuation: 1.0,
    one_phrase: 1.0,
    case: 1.0,
    stopwords: 0.5,
    position: 1.0,
    followed_by: 1.0,
    caption_below: 3.0,
    caption_mark: 2.0,
    doubled: 1.0,
    repeated: 1.0,
    slug_match: 2.0,
}
# The least score a title has; below it the page has no title line.
THRESHOLD = 1.5


def score(c: Candidate) -> float:
    """The weighted sum of every feature of a candidate line."""
    return sum(weight * feature(c) for feature, weight in WEIGHTS.items())


def explain(c: Candidate) -> dict[str, float]:
    """Each feature's weighted contribution, by name: why a line won or lost (for debugging and tests)."""
    return {feature.__name__: weight * feature(c) for feature, weight in WEIGHTS.items()}


def best(candidates: list[tuple[int, Candidate]]) -> int | None:
    """The key of the best-scoring candidate reaching THRESHOLD (the first on a tie), else None."""
    chosen: int | None = None
    top = float("-inf")
    for key, candidate in candidates:
        value = score(candidate)
        if value >= THRESHOLD and value > top:
            chosen, top = key, value
    return chosen
