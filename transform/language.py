"""Language of a text -> ISO 639-1 code, with Norwegian split into bokmål ('nb') and nynorsk ('nn').

py3langid (its model ships inside the wheel) ranks the text over its ~140 languages. Its Norwegian label
'no' is bokmål in practice, and it tells nb/nn/da/sv apart well on paragraphs but not on a sentence or
two of press text, so when the best guess is a Scandinavian language a cheap vote over function words
("ikkje", "frå" for nynorsk; "af", "efter" for Danish; "och", "inte" for Swedish) is added to its
scores for those four languages.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

SCANDINAVIAN = ("nb", "nn", "da", "sv")
# py3langid label -> the code we report.
LABEL_TO_CODE = {"no": "nb"}
CODE_TO_LABEL = {"nb": "no"}

# Too little text to tell: fewer letters than this gives None.
MIN_LETTERS = 12
# Each function-word hit moves a Scandinavian language this much in log-probability.
VOTE_WEIGHT = 1.5

# Function words and press-text words that mark one language, or a few of the four.
_ONLY: dict[str, str] = {
    "nn": "ikkje eg kva korleis kvifor frå dei vere òg ein eit meir berre heile mykje nokon noko nokre"
          " difor fleire saman kvar hjå ho seier sjølv kommunane fylkeskommunane fylka vore desse"
          " korkje gjer gjere tenester tenestene regjeringa ynskjer ønskjer treng",
    "nb": "noen noe mye ble sier kommunene fylkeskommunene fylkene regjeringen trenger hvis uten",
    "da": "af hvad siger meget gennem mellem kommunerne regionerne udfordringer udvikling øget nogle"
          " noget ud",
    "sv": "och inte är att för från också till hur vad någon några mycket bara genom mellan säger"
          " kommunerna regionerna ett måste även detta där kronor miljoner miljarder",
}
_SHARED: dict[str, tuple[str, ...]] = {
    "ikke": ("nb", "da"), "også": ("nb", "da"), "hvor": ("nb", "da"), "fra": ("nb", "da"),
    "jeg": ("nb", "da"), "være": ("nb", "da"), "hvordan": ("nb", "da"), "hvorfor": ("nb", "da"),
    "flere": ("nb", "da"), "derfor": ("nb", "da"), "hele": ("nb", "da"), "hun": ("nb", "da"),
    "hver": ("nb", "da"), "disse": ("nb", "da"), "ønsker": ("nb", "da"), "tjenester": ("nb", "da"),
    "sig": ("da", "sv"), "mig": ("da", "sv"), "dig": ("da", "sv"), "nu": ("da", "sv"),
    "efter": ("da", "sv"), "blev": ("da", "sv"),
    "seg": ("nb", "nn"), "meg": ("nb", "nn"), "deg": ("nb", "nn"), "å": ("nb", "nn"),
    "etter": ("nb", "nn"), "gjennom": ("nb", "nn"), "mellom": ("nb", "nn"),
    "hva": ("nb",), "mer": ("nb", "sv"), "nå": ("nb", "sv"), "blir": ("nb", "sv"),
}
MARKERS: dict[str, tuple[str, ...]] = {
    **{word: (code,) for code, words in _ONLY.items() for word in words.split()},
    **_SHARED,
}

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
LETTER_RE = re.compile(r"[^\W\d_]")
# Markdown and web furniture that says nothing about the language.
NOISE_RE = re.compile(
    r"https?://\S+|www\.\S+|(?<!\S)[^\s@]+@\S+|[#*_`>|\[\]()]+|\b\d[\d.,:/ -]*\b",
)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The py3langid identifier with normalised probabilities (loaded once, ~1 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def function_word_votes(text: str) -> dict[str, float]:
    """Scandinavian function-word evidence: language code -> weighted hit count.

    function_word_votes("Det er ikkje sikkert at kommunane får pengane frå staten")
    -> {"nn": 3.0, "nb": 0.0, "da": 0.0, "sv": 0.0}
    """
    votes = dict.fromkeys(SCANDINAVIAN, 0.0)
    for word in WORD_RE.findall(text.lower()):
        langs = MARKERS.get(word)
        if langs:
            for lang in langs:
                votes[lang] += 1.0 / len(langs)
    return votes


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of a text ('nb', 'nn', 'sv', 'da', 'en', 'bg', …), or None when too short.

    Args:
        text: any text, e.g. "Hovedstyret i KS vedtok i dag å gi mer enn en million kroner til Ukraina."

    Returns:
        "nb" for that sentence; "nn" for "Regjeringa seier at kommunane ikkje får meir pengar";
        None for "" or "KS 2024".
    """
    if not text:
        return None
    sample = NOISE_RE.sub(" ", text[:20000])
    if len(LETTER_RE.findall(sample)) < MIN_LETTERS:
        return None
    ranked = _identifier().rank(sample)
    if not ranked:
        return None
    best = LABEL_TO_CODE.get(ranked[0][0], ranked[0][0])
    probs = {LABEL_TO_CODE.get(label, label): prob for label, prob in ranked}
    scandinavian_mass = sum(probs.get(code, 0.0) for code in SCANDINAVIAN)
    if best not in SCANDINAVIAN and scandinavian_mass < 0.2:
        return best
    votes = function_word_votes(sample)
    scores = {
        code: math.log(max(probs.get(code, 0.0), 1e-12)) + VOTE_WEIGHT * votes[code]
        for code in SCANDINAVIAN
    }
    if best not in SCANDINAVIAN and max(votes.values()) < 2:
        return best
    return max(scores, key=lambda code: scores[code])
