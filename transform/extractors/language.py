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
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse
from operator import itemgetter
from typing import Any

import numpy as np

from transform.text import split_at

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
LETTER_RUN_RE = re.compile(r"[^\W\d_]+")
# Marks made spaces before the function-word count splits a sample at white space (_marker_counts):
# the common ones that are neither a word character nor an apostrophe.
SPLIT_MARKS = (",", ".", ":", ";", "!", "?", "(", ")", "«", "»", '"', "-", "–", "/")
# Markdown and web furniture that says nothing about the language. The e-mail branch is possessive
# (`++`): giving characters back can never find an "@" it did not find, and it halved that branch.
_NOISE_URL = r"https?://\S+"
_NOISE_WWW = r"www\.\S+"
_NOISE_EMAIL = r"(?<!\S)[^\s@]++@\S+"
_NOISE_REST = r"[#*_`>|\[\]()]+|\b\d[\d.,:/ -]*\b"
NOISE_RE = re.compile("|".join((_NOISE_URL, _NOISE_WWW, _NOISE_EMAIL, _NOISE_REST)))
# The same alternation without the branches that cannot match a given text (no "http", no "www.",
# no "@"): dropping a branch that matches nowhere leaves every match as it was, and the e-mail
# branch, tried at every word, is most of the cost. Keyed by (has http, has www., has @).
NOISE_VARIANTS: dict[tuple[bool, bool, bool], re.Pattern[str]] = {
    (url, www, email): re.compile("|".join(
        branch for branch, keep in ((_NOISE_URL, url), (_NOISE_WWW, www), (_NOISE_EMAIL, email),
                                    (_NOISE_REST, True)) if keep
    ))
    for url in (False, True) for www in (False, True) for email in (False, True)
}
# The rest's two branches as two passes, for a text without "http", "www." or "@" (most): their
# matches are disjoint (no mark is a digit or may follow one in a number) and neither is changed by
# the other's " " (the mark run has no context; the number's \b is read in the text as printed, and
# a mark, but "_", is no word character either), so marks after numbers give `NOISE_RE`'s string.
# The number opens with its digit and looks behind after it (`\d(?<!\w\d)` is `\b\d`): searched for
# by its first character instead of a word boundary tried at every position.
NOISE_NUMBER_RE = re.compile(r"\d(?<!\w\d)[\d.,:/ -]*\b")
NOISE_MARKS_RE = re.compile(r"[#*_`>|\[\]()]+")
# NOISE_MARKS_RE's characters: a text without any of them (most samples) is left as it is without the
# regex, which tries its class at every character (ten substring tests: a fifth of the cost)
NOISE_MARKS = "#*_`>|[]()"
# Detection reads this many characters first: a press text's language is settled by its opening
# paragraphs, and the cost is linear in length (issue 7). Only when that opening has too few
# letters to tell (a page opening with links or numbers) is up to FULL_SAMPLE_CHARS read.
SAMPLE_CHARS = 2000
FULL_SAMPLE_CHARS = 20000
# Texts up to this long are remembered with their language: listed teasers come back on every page.
CACHED_TEXT_CHARS = 1500
# Weights a marker word adds to each of its languages: 1 or 1/2, so sums are exact in any order.
assert all(len(langs) in (1, 2) for langs in MARKERS.values())
# A marker is letters only: _marker_counts counts the chunks that are markers without the regex.
assert all(word.isalpha() for word in MARKERS)


# `_FastRanker.first_seen` of a feature not seen in the current text
NOT_SEEN = np.iinfo(np.int64).max
# `_FastRanker.state_slot` of a state that gives no feature, and of one whose feature has no slot yet
FEATURELESS = -1
UNCONVERTED = -2


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The py3langid identifier with normalised probabilities (loaded once, ~1 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def automaton_depth(nextmove: Any, row: Any) -> int:
    """Longest shortest path from the start state 0 of a byte DFA: its longest n-gram, in bytes.

    `nextmove` holds 256-entry transition rows one after the other, `row[state]` the row of a state
    (py3langid's tk_nextmove and tk_row). A breadth-first walk one level at a time, over the distinct
    rows of each level's states (0.14 s for py3langid's 104,583 states; a walk state by state took
    2.6 s). The DFA of "ab" and "b": states 0 -a-> 1 -b-> 2, 0 -b-> 3 -> automaton_depth(...) == 2.
    """
    octets = np.arange(256, dtype=np.int64)
    seen = np.zeros(row.size, dtype=bool)
    reached = np.zeros(row.size, dtype=bool)
    seen[0] = True
    frontier = np.zeros(1, dtype=np.int64)
    depth = 0
    while True:
        rows = np.unique(row[frontier]).astype(np.int64)
        reached[:] = False
        reached[nextmove[((rows << 8)[:, None] + octets).ravel()]] = True
        reached &= ~seen
        if not reached.any():
            return depth
        seen |= reached
        frontier = np.flatnonzero(reached)
        depth += 1


@dataclass(frozen=True)
class RankerTables:
    """The arrays `_FastRanker` reads: py3langid's model, and what the ranker derives from it once.

    Built from the model by `ranker_tables` (~1 s: the model's LZMA, then the automaton's depth and the
    two-step table); extract/language_model.py keeps them uncompressed on disk and hands them back
    memory-mapped, so a process ranks with exactly the same numbers without that second.
    """

    nextmove: Any  # uint32: the automaton's 256-entry transition rows one after another (tk_nextmove)
    rowbase: Any  # int64: each state's row offset in `nextmove` (tk_row << 8)
    output: Any  # int64: the feature each state ends, or -1 (tk_output)
    weights16: Any  # float16: features x classes (nb_ptc)
    prior: Any  # the classes' priors (nb_pc)
    classes: tuple[str, ...]  # the model's labels, one per column (nb_classes)
    alias_pairs: tuple[tuple[int, int], ...]  # (kept column, merged column) of labels given twice
    depth: int  # the longest n-gram, in bytes (automaton_depth)
    first_step: Any  # int64: the state after byte b read from the start state
    two_steps: Any  # int64: the state after bytes b1 b2 from the start (index b1 << 8 | b2)

    ARRAYS = ("nextmove", "rowbase", "output", "weights16", "prior", "first_step", "two_steps")


# what `ranker_tables` derives: a change to it must change this, so tables kept on disk are built again
RANKER_TABLES_FORMAT = 1


def ranker_tables(identifier: Any) -> RankerTables:
    """The ranker's arrays from a py3langid LanguageIdentifier (its model loaded).

    ranker_tables(_identifier()).classes[:3] -> ('af', 'am', 'an'); .depth -> the model's longest n-gram.
    """
    nextmove = np.frombuffer(identifier.tk_nextmove, dtype=np.uint32)
    row = np.asarray(identifier.tk_row, dtype=np.int64)
    rowbase = row << 8
    first_step = nextmove[rowbase[0]:rowbase[0] + 256].astype(np.int64)
    two_steps = nextmove[rowbase[first_step][:, None] + np.arange(256, dtype=np.int64)].ravel().astype(np.int64)
    return RankerTables(
        nextmove=nextmove, rowbase=rowbase, output=np.asarray(identifier.tk_output, dtype=np.int64),
        weights16=identifier.nb_ptc, prior=identifier.nb_pc, classes=tuple(identifier.nb_classes),
        alias_pairs=tuple((int(a), int(b)) for a, b in identifier._alias_pairs),
        depth=automaton_depth(nextmove, row), first_step=first_step, two_steps=two_steps,
    )


_installed: list[RankerTables] = []


def install_ranker_tables(load: Callable[[], RankerTables]) -> None:
    """Rank with the tables `load()` gives (the same model's, kept on disk: extract/language_model.py)
    instead of loading py3langid's model. `load` is called only while this process has neither tables
    installed nor a text ranked: a no-op after that."""
    if not _installed and not _ranker.cache_info().currsize:
        _installed.append(load())


class _FastRanker:
    """py3langid's `rank` with its per-byte Python loop replaced by a vectorised DFA walk.

    Same model, same arithmetic, same output (tests/test_language.py compares the two on real
    texts): py3langid walks an Aho-Corasick automaton over the UTF-8 bytes, one Python iteration per
    byte (most of the cost of `detect_language`). The automaton's state after byte i is the longest
    n-gram prefix ending at i, and no n-gram is longer than the automaton's depth, so the state is
    fixed by the last `depth` bytes alone: `depth` numpy gathers over all positions give every state
    at once (the first two from the start state by one lookup in a table of every byte pair). The
    class scores then sum log1p(counts) x weights in the order py3langid uses (features
    by first occurrence), so the float32 results are bit-identical. The float16 weight rows are
    converted to float32 once, on first use (through a table of all 65,536 float16 bit patterns),
    into a compact table that grows with the rows used:
    numpy's float16->float32 cast costs more than the whole matrix product, and a corpus touches
    few of the 100,053 rows (~8,600 for all our corpora: ~5 MB instead of 57 MB for all of them).
    Relies on py3langid 0.4's model attributes (tk_nextmove, tk_row, tk_output, nb_ptc, nb_pc,
    nb_classes, _alias_pairs).
    """

    def __init__(self, tables: RankerTables) -> None:
        self.nextmove = tables.nextmove
        self.rowbase = tables.rowbase
        self.output = tables.output
        self.weights16 = tables.weights16
        # feature -> row of `weights32` holding its float32 weights (-1: not converted yet)
        self.slot = np.full(tables.weights16.shape[0], -1, dtype=np.int64)
        # state -> the slot of its feature: FEATURELESS (no feature) or UNCONVERTED (feature not
        # converted yet), filled in as states are met; one gather per text where output and slot took two
        self.state_slot = np.where(self.output >= 0, UNCONVERTED, FEATURELESS)
        self.weights32 = np.empty((1024, tables.weights16.shape[1]), dtype=np.float32)
        self.used = 0
        self.prior = tables.prior
        self.classes = list(tables.classes)
        self.alias_pairs = list(tables.alias_pairs)
        self.depth = tables.depth
        self.first_step = tables.first_step
        self.two_steps = tables.two_steps
        # float16 -> float32 of every bit pattern: the exact cast, read by a gather instead of
        # numpy's bit-by-bit conversion of each weight
        self.half_to_float = np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float32)
        # each label once, at its first column (a label listed twice keeps its first score, as in rank)
        self.labels = list(dict.fromkeys(self.classes))
        self.label_columns = np.array([self.classes.index(label) for label in self.labels], dtype=np.int64)
        self.scandinavian_at = [(code, self.labels.index(CODE_TO_LABEL.get(code, code)))
                                for code in SCANDINAVIAN if CODE_TO_LABEL.get(code, code) in self.labels]
        # scratch for `_first_seen_counts`, over the slots of `weights32` (not the 100,053 features: a
        # few thousand entries that stay in cache), left all NOT_SEEN / 0 between calls
        self.first_seen = np.full(self.weights32.shape[0], NOT_SEEN, dtype=np.int64)
        self.seen_count = np.zeros(self.weights32.shape[0], dtype=np.int64)
        # rank() writes the scratch and the converted-weights table: one text at a time per process
        self.lock = threading.Lock()

    def _first_seen_counts(self, features: Any) -> tuple[Any, Any]:
        """The distinct features in order of first occurrence, and how often each occurs.

        [7, 3, 7, 9, 3, 7] -> ([7, 3, 9], [3, 2, 1]): what `np.unique(..., return_index=True,
        return_counts=True)` gives once reordered by first index, in linear time (no sort; 4x faster
        on a 2,000-character sample) with two scratch arrays that are reset before returning.
        Any non-negative integers: detect_language passes slots of `weights32` (a feature's slot stands
        for it one to one, so the slots' order of first occurrence is the features'), and the scratch
        grows to the largest value.
        """
        top = int(features.max()) + 1 if features.size else 0
        if top > self.first_seen.size:
            self.first_seen = np.full(max(top, 2 * self.first_seen.size), NOT_SEEN, dtype=np.int64)
            self.seen_count = np.zeros(self.first_seen.size, dtype=np.int64)
        positions = np.arange(features.size)
        try:
            np.minimum.at(self.first_seen, features, positions)
            index = features[self.first_seen[features] == positions]
            np.add.at(self.seen_count, features, 1)
            counts = self.seen_count[index]
        finally:
            # every feature touched is in `features`: resetting those leaves the scratch clean
            self.first_seen[features] = NOT_SEEN
            self.seen_count[features] = 0
        return index, counts

    def _convert(self, features: Any) -> None:
        """Give each feature (distinct, not converted yet) a row of float32 weights (in any order: a
        row holds the same floats whichever slot it has)."""
        needed = self.used + features.size
        if needed > self.weights32.shape[0]:
            grown = np.empty((max(needed, 2 * self.weights32.shape[0]), self.weights32.shape[1]),
                             dtype=np.float32)
            grown[:self.used] = self.weights32[:self.used]
            self.weights32 = grown
        halves = np.take(self.weights16, features, axis=0).view(np.uint16)
        self.weights32[self.used:needed] = np.take(self.half_to_float, halves)
        self.slot[features] = np.arange(self.used, needed)
        self.used = needed

    def _convert_states(self, states: Any) -> None:
        """Give each state (UNCONVERTED in `state_slot`) its feature's slot, converting new features."""
        features = self.output[states]
        fresh = np.unique(features[self.slot[features] < 0])
        if fresh.size:
            self._convert(fresh)
        self.state_slot[states] = self.slot[features]

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every py3langid label with its normalised probability, best first (as `rank`).

        detect_language reads only `best_and_scandinavian`; this full ranking is what the tests hold
        against py3langid's own `rank`, bit for bit, to prove `_class_scores` right.
        """
        merged: dict[str, float] = {}
        for label, score in zip(self.classes, self._class_scores(text).tolist(), strict=True):
            merged.setdefault(label, score)
        return sorted(merged.items(), key=itemgetter(1), reverse=True)

    def best_and_scandinavian(self, text: str) -> tuple[str, dict[str, float]]:
        """`rank(text)`'s best label, and the probability of each Scandinavian code, without ranking all.

        best_and_scandinavian("Kommunane får ikkje meir pengar") -> ("nn", {"nb": 0.0…, "nn": 0.9…,
        "da": …, "sv": …}): the same floats `rank` gives ("nb" is py3langid's "no"), the best label the
        first of the highest as `rank` orders them.
        """
        scores = self._class_scores(text)[self.label_columns]
        best = self.labels[int(np.argmax(scores))]
        return best, {code: float(scores[at]) for code, at in self.scandinavian_at}

    def _class_scores(self, text: str) -> Any:
        """py3langid's normalised probability of each class (model column), aliases merged."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        size = len(data)
        octets = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
        states = np.zeros(size, dtype=np.int64)
        first = min(self.depth, size) - 1
        if first >= 1:
            # the loop below from `first`, its first two rounds by the tables (the states are 0 before)
            states[first - 1] = self.first_step[octets[0]]
            states[first:] = self.two_steps[(octets[:size - first] << 8) | octets[1:size - first + 1]]
            first -= 2
        for back in range(first, -1, -1):
            states[back:] = self.nextmove[self.rowbase[states[back:]] + octets[:size - back]]
        with self.lock:
            # each state's feature by its slot in `weights32`, read from the state in one gather: the
            # same order of first occurrence, over a scratch of a few thousand entries instead of
            # one over all 100,053 features
            slots = self.state_slot[states]
            if slots.size and slots.min() == UNCONVERTED:
                self._convert_states(states[slots == UNCONVERTED])
                slots = self.state_slot[states]
            slots = slots[slots >= 0]
            if slots.size:
                index, counts = self._first_seen_counts(slots)
                weights = np.take(self.weights32, index, axis=0)  # rows copied whole
        if slots.size:
            scores = np.log1p(counts.astype(np.float32)) @ weights + self.prior
        else:
            scores = np.full(len(self.classes), 0.0, dtype=np.float32)
        scores *= 1.0 / math.sqrt(size or 1)
        scores -= scores.max()
        np.exp(scores, out=scores)
        scores /= scores.sum()
        for first_column, dupe in self.alias_pairs:
            scores[first_column] += scores[dupe]
            scores[dupe] = 0.0
        return scores


@lru_cache(maxsize=1)
def _ranker() -> _FastRanker:
    """The vectorised ranker over py3langid's model (built once)."""
    return _FastRanker(_installed[0] if _installed else ranker_tables(_identifier()))


def has_letters(text: str, count: int) -> bool:
    """True when `text` has at least `count` letters (a prefix is counted first, the rest only if needed).

    has_letters("Kommunene får ikke nok penger", 12) -> True; has_letters("KS 2024 – 12,5 %", 12) -> False
    """
    if len(text) < count:
        return False
    # a lower bound first, in C: the letters of the opening's chunks that are letters only (every
    # `str.isalpha` character is one of LETTER_RUN_RE's letters); most samples settle it there
    if sum(map(len, filter(str.isalpha, text[:4 * count].split()))) >= count:
        return True
    # runs of letters are counted by their lengths (one string a word, not one a letter), and most
    # texts settle it within their first few `count` characters
    if sum(map(len, LETTER_RUN_RE.findall(text, 0, 4 * count))) >= count:
        return True
    return sum(map(len, LETTER_RUN_RE.findall(text))) >= count


def function_word_votes(text: str) -> dict[str, float]:
    """Scandinavian function-word evidence: language code -> weighted hit count.

    function_word_votes("Det er ikkje sikkert at kommunane får pengane frå staten")
    -> {"nn": 3.0, "nb": 0.0, "da": 0.0, "sv": 0.0}
    """
    votes = dict.fromkeys(SCANDINAVIAN, 0.0)
    counts = _marker_counts(text.lower())
    # counted per distinct word: the weights are 1 and 1/2, so the sums equal word-by-word adding
    for word, count in counts.items():
        langs = MARKERS[word]
        for lang in langs:
            votes[lang] += count / len(langs)
    return votes


def _marker_counts(low: str) -> dict[str, int]:
    """How often each marker word is a token of `WORD_RE.findall(low)`, markers that occur only.

    _marker_counts("det er ikkje sikkert, ikkje no") -> {"ikkje": 2}. The same counts as
    `Counter(WORD_RE.findall(low))` gives the markers, at a third of the cost: no token crosses white
    space or a mark of SPLIT_MARKS (none is a letter or an apostrophe: both split tokens and join
    none), so the chunks of `str.split` after those marks are made spaces are read alone, and a chunk
    of letters only (`str.isalpha`: every such letter is one of WORD_RE's letters) is one token, itself. Only
    the other chunks ("kommunen’s", "2024", "eg̈") go to the regex. Every marker is letters only, so
    the chunks that are markers are counted, filtered by the marker table, in C (a fifth of the cost
    of counting every chunk first), where the regex made a string of every word.
    """
    chunks = split_at(low, SPLIT_MARKS)
    counts = Counter(filter(MARKERS.__contains__, chunks))
    for chunk in filterfalse(str.isalpha, chunks):
        for word in WORD_RE.findall(chunk):
            if word in MARKERS:
                counts[word] += 1
    return dict(counts)


def _strip_noise(text: str) -> str:
    """`NOISE_RE.sub(" ", text)`, with the branches that cannot match this text left out."""
    key = ("http" in text, "www." in text, "@" in text)
    if not any(key):
        text = NOISE_NUMBER_RE.sub(" ", text)
        return NOISE_MARKS_RE.sub(" ", text) if any(map(text.__contains__, NOISE_MARKS)) else text
    return NOISE_VARIANTS[key].sub(" ", text)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of a text ('nb', 'nn', 'sv', 'da', 'en', 'bg', …), or None when too short.

    Reads the opening SAMPLE_CHARS characters (all of them only when the opening has too few
    letters); texts up to CACHED_TEXT_CHARS are remembered, as listed teasers recur on every page.

    Args:
        text: any text, e.g. "Hovedstyret i KS vedtok i dag å gi mer enn en million kroner til Ukraina."

    Returns:
        "nb" for that sentence; "nn" for "Regjeringa seier at kommunane ikkje får meir pengar";
        None for "" or "KS 2024".
    """
    if not text:
        return None
    if len(text) <= CACHED_TEXT_CHARS:
        return _detect_cached(text)
    return _detect(text)


@lru_cache(maxsize=2048)
def _detect_cached(text: str) -> str | None:
    """detect_language for short texts, remembered (a teaser is detected once, not on every page)."""
    return _detect(text)


def _detect(text: str) -> str | None:
    """detect_language without the cache: the opening SAMPLE_CHARS, else up to FULL_SAMPLE_CHARS."""
    found = _detect_sample(text[:SAMPLE_CHARS])
    if found is None and len(text) > SAMPLE_CHARS:
        found = _detect_sample(text[:FULL_SAMPLE_CHARS])
    return found


def _detect_sample(text: str) -> str | None:
    """The language of one sample (noise stripped, ranked, Scandinavian votes added)."""
    sample = _strip_noise(text)
    if not has_letters(sample, MIN_LETTERS):
        return None
    best_label, probs = _ranker().best_and_scandinavian(sample)
    best = LABEL_TO_CODE.get(best_label, best_label)
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
