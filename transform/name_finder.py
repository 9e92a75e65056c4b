"""Finding many literal names in text at the cost of a word lookup, not of one regex alternation over them all.

A regular expression `(?<!\\w)(?P<name>Oslo|Bergen|Nord-Fron|…)s?(?!\\w)` over a gazetteer's thousand names
tries every name at every position of the text; `NameFinder` gives the same matches (the same
`re.Match` objects, in the same order, without overlaps, the longest name first) by looking up, at
each capitalised word of the text, the few names that can start there, and running the rule's regex
over those alone:

    NameFinder(["Oslo", "Nord-Fron"], r"(?<![\\w\\-./@])(?P<name>{names})(?P<gen>s)?(?!\\w)").finditer(
        "Ordføreren i Nord-Fron og Oslos byråd") -> matches 'Nord-Fron' (13, 22) and 'Oslos' (26, 31)

What it needs (true of the places rules): every name begins with a word character, and the rule
refuses a word character just before a name, so a name can only start where a word of the text
starts. A name of several words then starts with that whole word (`Nord` of `Nord-Fron`), and a name
of one word is that word or the start of it (`Oslo` of `Oslos`), so those are all it looks up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

FIRST_WORD = re.compile(r"\w+")
SEEN_WORDS = 20_000  # words whose candidates are kept (~2 MB), then forgotten all at once


class NameFinder:
    """The matches of `rule` (a regex with `{names}` where the alternation of the names goes) in a text."""

    # not a dataclass: it holds a cache of compiled patterns that grows as texts are read

    def __init__(self, names: Iterable[str], rule: str) -> None:
        names = list(dict.fromkeys(names))
        for n in names:
            if not FIRST_WORD.match(n):
                raise ValueError(f"a name must begin with a word character: {n!r}")
        self._rule = rule
        self._single = frozenset(n for n in names if FIRST_WORD.fullmatch(n))
        multi: dict[str, list[str]] = defaultdict(list)
        for n in names:
            if n not in self._single:
                multi[FIRST_WORD.match(n).group(0)].append(n)
        self._multi = {w: tuple(sorted(ns, key=len, reverse=True)) for w, ns in multi.items()}
        # every start of a one-word name -> whether it is the whole name
        self._starts: dict[str, bool] = {}
        for n in self._single:
            for end in range(1, len(n)):
                self._starts.setdefault(n[:end], False)
        self._starts.update(dict.fromkeys(self._single, True))
        firsts = "".join(sorted({re.escape(n[0]) for n in names}))
        # a word that begins with a letter some name begins with, and with no word character before it
        # (the letter first, the look behind after it: a pattern opening with a character class is
        # searched for fast, one opening with a look behind is tried at every position)
        self._words = re.compile(rf"[{firsts}](?<!\w.)\w*") if names else re.compile(r"(?!)")
        self._patterns: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._seen: dict[str, tuple[str, ...]] = {}  # word -> its candidates, as words repeat from text to text

    def _candidates(self, word: str) -> tuple[str, ...]:
        """The names that may start where `word` starts, longest first: 'Oslos' -> ('Oslo',)."""
        found = self._multi.get(word, ())
        ones: list[str] = []
        starts = self._starts
        end = 1
        while end <= len(word):
            whole = starts.get(word[:end])
            if whole is None:
                break
            if whole:
                ones.append(word[:end])
            end += 1
        return found + tuple(reversed(ones)) if ones else found

    def _pattern(self, names: tuple[str, ...]) -> re.Pattern[str]:
        """The rule over these names alone, compiled once: ('Oslo',) -> the rule with {names} = Oslo."""
        pattern = self._patterns.get(names)
        if pattern is None:
            alternation = "|".join(re.escape(n) for n in names)
            pattern = self._patterns[names] = re.compile(self._rule.replace("{names}", alternation))
        return pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of the rule over all names in `text`, as `re.finditer` of the whole alternation
        (longest name first) would give them: 'i Bodø kommune' -> the match of 'Bodø' at (2, 6)."""
        end = 0
        seen = self._seen
        for word in self._words.finditer(text):
            start = word.start()
            if start < end:
                continue  # inside the previous match: Eiker of 'Øvre Eiker'
            w = word.group()
            names = seen.get(w)
            if names is None:
                if len(seen) >= SEEN_WORDS:
                    seen.clear()
                names = seen[w] = self._candidates(w)
            if not names:
                continue
            m = self._pattern(names).match(text, start)
            if m is not None:
                end = m.end()
                yield m
