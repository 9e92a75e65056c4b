"""NameFinder (transform/name_finder.py) gives the matches one regex alternation over all names would.

Rows: names, a sentence of a real page or a form seen in one, and the (span, matched text) expected
under the place rule of transform/extractors/places.py. Then the same comparison with the whole
alternation over the gazetteer's names, on every page of the samples and real corpora and on
seeded texts of names glued by the characters the rules look at.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from transform.extractors.places import gazetteer
from transform.name_finder import NameFinder

ROOT = Path(__file__).resolve().parent.parent
PLACE_RULE = r"(?<![\w\-./@])(?P<name>{names})(?P<gen>s)?(?![\w@]|-[A-ZÆØÅÄÖ0-9]|/\w)"
LOOSE_RULE = r"(?<![\w.@])(?:{names})(?!\w)"

ROWS = [
    # the longer name where two start at one word; a name of several words
    (["Øvre Eiker", "Øvre", "Kongsberg"], "besøker KS-lederen Kongsberg, Øvre Eiker, Hvaler",
     [((19, 28), "Kongsberg"), ((30, 40), "Øvre Eiker")]),
    # a genitive s; a name that is only the start of a word is none (Bergensk)
    (["Bergen", "Oslo"], "Bergens ordfører og Oslos byråd, en bergensk Bergenser",
     [((0, 7), "Bergens"), ((20, 25), "Oslos")]),
    # a compound with a lowercase tail names the place; with a capital tail it is another name
    (["Viken", "Trøndelag"], "før Viken-besøket avsluttes; Nye Veier-Trøndelag",
     [((4, 9), "Viken")]),
    # inside a web address, a path or an e-mail address: no name (the postal code is a rule of places.py)
    (["Oslo", "Vik"], "www.oslo.kommune.no/Oslo Oslo/x KS@Oslo Postboks 1378 Vik", [((54, 57), "Vik")]),
    # the name at the very start and end of the text
    (["Hå", "Gjesdal"], "Hå og Gjesdal", [((0, 2), "Hå"), ((6, 13), "Gjesdal")]),
    # no names, no matches
    ([], "Bodø kommune", []),
]


@pytest.mark.parametrize(("names", "text", "expected"), ROWS)
def test_rows(names: list[str], text: str, expected: list[tuple[tuple[int, int], str]]) -> None:
    finder = NameFinder(sorted(names, key=len, reverse=True), PLACE_RULE)
    assert [(m.span(), m.group(0)) for m in finder.finditer(text)] == expected


def test_a_name_must_start_with_a_word_character() -> None:
    with pytest.raises(ValueError, match="word character"):
        NameFinder(["(Oslo)"], PLACE_RULE)


def _texts() -> list[str]:
    pages = [p.read_text(encoding="utf-8", errors="replace")
             for folder in ("data/samples", "data/real/corpus", "data/real2/corpus", "data/real3/corpus")
             for p in sorted((ROOT / folder).iterdir()) if p.is_file()]
    names = sorted(gazetteer().by_name)
    rng = random.Random(21)
    glue = [" ", "-", ".", "/", "@", "s ", "s-", "-B", "-b", "/x", "_", "1", "\n", "s", "’", "(", ", ", " og ", "sk "]
    glued = []
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 6)):
            name = rng.choice(names)
            parts += [name[:rng.randint(1, len(name))] if rng.random() < 0.2 else name, rng.choice(glue)]
        glued.append("".join(parts))
    return pages + glued


@pytest.mark.parametrize("rule", [PLACE_RULE, LOOSE_RULE])
def test_same_matches_as_the_whole_alternation(rule: str) -> None:
    names = sorted(gazetteer().by_name, key=len, reverse=True)
    whole = re.compile(rule.replace("{names}", "|".join(re.escape(n) for n in names)))
    finder = NameFinder(names, rule)
    texts = _texts()
    assert len(texts) > 3100
    for text in texts:
        expected = [(m.span(), m.groupdict(), m.group(0)) for m in whole.finditer(text)]
        assert [(m.span(), m.groupdict(), m.group(0)) for m in finder.finditer(text)] == expected, text[:200]
