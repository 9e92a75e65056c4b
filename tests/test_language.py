"""Language detection with bokmål/nynorsk/Danish/Swedish told apart (transform/extractors/language.py)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transform.extractors.language import (
    LABEL_TO_CODE,
    MARKERS,
    MIN_LETTERS,
    NOT_SEEN,
    SAMPLE_CHARS,
    WORD_RE,
    _identifier,
    _marker_counts,
    _ranker,
    _strip_noise,
    automaton_depth,
    detect_language,
    function_word_votes,
    has_letters,
)

ROWS = [
    # bokmål
    ("nb", "Hovedstyret i KS vedtok i dag å gi mer enn en million kroner til humanitært arbeid i "
           "Ukraina. Beløpet fordeles på to mottakere."),
    ("nb", "– Det er gledelig at regjeringen har lyttet til kommunesektoren, sier styrelederen."),
    ("nb", "Kommunene får ikke nok penger fra staten til å dekke utgiftene."),
    ("nb", "Fylkeskommunene ønsker en tettere dialog med regjeringen om kollektivtrafikken."),
    # nynorsk
    ("nn", "Regjeringa seier at kommunane ikkje får meir pengar til skulane i år."),
    ("nn", "– Eg er glad for at fylkeskommunane no får vere med og bestemme korleis pengane skal "
           "brukast, seier fylkesordføraren."),
    ("nn", "Kommunane treng fleire tilsette i helse- og omsorgstenestene dei neste åra."),
    # Danish
    ("da", "Kommunerne får ikke penge nok af staten til at dække udgifterne til de ældre."),
    ("da", "– Vi er meget tilfredse med aftalen, siger formanden for KL, og tilføjer at kommunerne "
           "nu skal have ro til at løse opgaverne."),
    ("da", "Regeringen og KL er blevet enige om kommunernes økonomi for næste år."),
    # Swedish
    ("sv", "Kommunerna får inte tillräckligt med pengar från staten för att klara välfärden."),
    ("sv", "– Vi är mycket nöjda med överenskommelsen, säger ordföranden för SKR."),
    ("sv", "Regionerna och kommunerna behöver långsiktiga spelregler och mer generella statsbidrag."),
    # English, German, Bulgarian
    ("en", "The board of the association decided today to give more than one million kroner to Ukraine."),
    ("en", "Municipalities need predictable funding to deliver good public services."),
    ("de", "Der Vorstand hat heute beschlossen, der Ukraine mehr als eine Million Kronen zu spenden."),
    ("bg", "Норвежката асоциация на местните и регионални власти е създадена през 1972 година."),
    ("bg", "Сдружението представлява всички общини и области в Норвегия пред държавата."),
]


@pytest.mark.parametrize(("expected", "text"), ROWS)
def test_detect_language(expected: str, text: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "KS 2024", "12.05.2022 10:57", "kom@ks.no", "# -- *"])
def test_too_short_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_never_the_macro_code_no() -> None:
    assert detect_language("Regjeringen ber nå kommunene bosette flere flyktninger enn noen gang.") == "nb"


def test_markdown_and_urls_do_not_decide() -> None:
    text = ("# Kommuneøkonomi\n\n- Kommunene får ikke nok penger fra staten til å dekke utgiftene.\n"
            "- Les mer på https://www.ks.no/fagomrader/okonomi-og-styring/ eller skriv til kom@ks.no")
    assert detect_language(text) == "nb"


@pytest.mark.parametrize(("text", "leader"), [
    ("Det er ikkje sikkert at kommunane får pengane frå staten", "nn"),
    ("Kommunerne siger at de ikke får penge nok af staten", "da"),
    ("Kommunerna säger att de inte får pengar från staten", "sv"),
    ("Kommunene sier at de ikke får penger fra staten", "nb"),
])
def test_function_word_vote_leader(text: str, leader: str) -> None:
    votes = function_word_votes(text)
    assert max(votes, key=lambda code: votes[code]) == leader


def test_markers_are_plain_lowercase_words() -> None:
    for word, langs in MARKERS.items():
        assert word == word.lower() and " " not in word and word.isalpha()
        assert set(langs) <= {"nb", "nn", "da", "sv"}


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    result = detect_language(text)
    assert result is None or (isinstance(result, str) and result != "no")


# The vectorised ranker (issue 7) must give py3langid's own `rank` exactly: same labels, same floats.
RANKER_ROWS = [
    "",
    "a",
    "KS",
    "KS 2024",
    "HOVEDSTYRET I KS VEDTOK I DAG Å GI STØTTE",  # all caps: lowercased first, as py3langid does
    "Hovedstyret i KS vedtok i dag å gi mer enn en million kroner til humanitært arbeid i Ukraina.",
    "Regjeringa seier at kommunane ikkje får meir pengar til skulane i år.",
    "– Vi är mycket nöjda med överenskommelsen, säger ordföranden för SKR.",
    "Kommunerne får ikke penge nok af staten til at dække udgifterne til de ældre.",
    "Норвежката асоциация на местните и регионални власти е създадена през 1972 година.",
    "Kommunal- og distriktsminister Sigbjørn Gjelsvik møtte KS-lederen i dag. " * 40,
    "Pressevakt\nTel:24 13 26 01kom@ks.noBilder\nLenker\nhttps://www.ks.no/\n",
    "e\u0301 decomposed accent, NFC-normalised before ranking",
    "a lone surrogate \ud800 is encoded as py3langid encodes it",
]


@pytest.mark.parametrize("text", RANKER_ROWS)
def test_fast_ranker_equals_py3langid(text: str) -> None:
    assert _ranker().rank(text) == _identifier().rank(text)


REAL_PAGES = sorted((Path(__file__).resolve().parent.parent / "data" / "real" / "corpus").glob("*.*"))


def test_fast_ranker_equals_py3langid_on_real_pages() -> None:
    # the sample detect_language ranks: each real page's opening, noise stripped
    assert len(REAL_PAGES) >= 50
    for page in REAL_PAGES:
        sample = _strip_noise(page.read_text(encoding="utf-8")[:SAMPLE_CHARS])
        assert _ranker().rank(sample) == _identifier().rank(sample), page.name


def _best_and_scandinavian_from_rank(text: str) -> tuple[str, dict[str, float]]:
    ranked = _ranker().rank(text)
    probs = {LABEL_TO_CODE.get(label, label): prob for label, prob in ranked}
    return ranked[0][0], {code: probs[code] for code in ("nb", "nn", "da", "sv")}


@pytest.mark.parametrize("text", [*RANKER_ROWS[1:], *(
    _strip_noise(page.read_text(encoding="utf-8")[:SAMPLE_CHARS]) for page in REAL_PAGES)])
def test_best_and_scandinavian_equals_rank(text: str) -> None:
    # what detect_language reads of the ranking, taken without sorting every label
    assert _ranker().best_and_scandinavian(text) == _best_and_scandinavian_from_rank(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=300))
def test_first_seen_counts_equals_unique_in_order_of_appearance(values: list[int]) -> None:
    ranker = _ranker()
    features = np.asarray(values, dtype=np.int64)
    unique, first, counts = np.unique(features, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    index, seen = ranker._first_seen_counts(features)
    assert index.tolist() == unique[order].tolist()
    assert seen.tolist() == counts[order].tolist()
    # the scratch is left clean for the next text
    assert (ranker.first_seen[:51] == NOT_SEEN).all() and not ranker.seen_count[:51].any()


def test_state_slots_agree_with_the_feature_slots() -> None:
    # after ranking real samples, a state's slot is its feature's (or: no feature / not converted yet)
    from transform.extractors.language import FEATURELESS, UNCONVERTED

    ranker = _ranker()
    for page in REAL_PAGES[:20]:
        ranker.rank(_strip_noise(page.read_text(encoding="utf-8")[:SAMPLE_CHARS]))
    known = ranker.state_slot >= 0
    assert known.sum() > 1000
    assert (ranker.state_slot[known] == ranker.slot[ranker.output[known]]).all()
    assert (ranker.state_slot[ranker.output < 0] == FEATURELESS).all()
    unconverted = ranker.state_slot == UNCONVERTED
    assert (ranker.output[unconverted] >= 0).all()


def test_first_seen_counts_grows_its_scratch_to_the_largest_value() -> None:
    # detect_language passes slots of the converted weights; a value past the scratch widens it
    ranker = _ranker()
    top = ranker.first_seen.size + 5
    index, seen = ranker._first_seen_counts(np.asarray([top, 3, top, 0, 3, top], dtype=np.int64))
    assert index.tolist() == [top, 3, 0] and seen.tolist() == [3, 2, 1]
    assert ranker.first_seen.size > top
    assert (ranker.first_seen == NOT_SEEN).all() and not ranker.seen_count.any()
    index, seen = ranker._first_seen_counts(np.zeros(0, dtype=np.int64))
    assert index.size == seen.size == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("Kommunene får ikke nok penger", True),
    ("KS 2024 – 12,5 %", False),
    ("æøå æøå æøå æøå", True),
    ("", False),
])
def test_has_letters(text: str, expected: bool) -> None:
    assert has_letters(text, MIN_LETTERS) is expected


NB_SENTENCE = "Kommunene får ikke nok penger fra staten til å dekke utgiftene til eldreomsorgen. "
EN_SENTENCE = "The association represents all municipalities and counties in dealings with the state. "


@pytest.mark.parametrize(("text", "expected"), [
    # the opening decides: a long Norwegian release followed by a longer English appendix
    (NB_SENTENCE * 30 + EN_SENTENCE * 60, "nb"),
    (EN_SENTENCE * 30 + NB_SENTENCE * 60, "en"),
    # an opening with too few letters to tell (links, numbers) falls back to the whole text
    ("https://www.ks.no/aktuelt/ 2024-03-04 12.30 " * 60 + NB_SENTENCE * 5, "nb"),
    ("12 345 678 " * 300, None),
])
def test_long_texts_are_read_from_their_opening(text: str, expected: str | None) -> None:
    assert len(text) > SAMPLE_CHARS
    assert detect_language(text) == expected


def _dfa(moves: dict[int, dict[str, int]], states: int) -> tuple[np.ndarray, np.ndarray]:
    """A byte DFA in py3langid's layout (one 256-entry row per state, unlisted bytes back to 0)."""
    nextmove = np.zeros(states * 256, dtype=np.uint32)
    for state, edges in moves.items():
        for char, target in edges.items():
            nextmove[state * 256 + ord(char)] = target
    return nextmove, np.arange(states, dtype=np.int64)


def _depth_state_by_state(nextmove: np.ndarray, row: np.ndarray) -> int:
    """The plain breadth-first walk, one state at a time (what the ranker did before)."""
    depth, frontier = {0: 0}, [0]
    while frontier:
        following = []
        for state in frontier:
            for target in np.unique(nextmove[int(row[state]) * 256:int(row[state]) * 256 + 256]).tolist():
                if target not in depth:
                    depth[target] = depth[state] + 1
                    following.append(target)
        frontier = following
    return max(depth.values())


def test_automaton_depth_of_the_aho_corasick_dfa_of_ab_and_b() -> None:
    # 0 -a-> 1 ("a") -b-> 2 ("ab"); 0 -b-> 3 ("b"); failure moves lead back to "a" or "b"
    moves = {0: {"a": 1, "b": 3}, 1: {"a": 1, "b": 2}, 2: {"a": 1, "b": 3}, 3: {"a": 1, "b": 3}}
    assert automaton_depth(*_dfa(moves, 4)) == 2


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=12).flatmap(lambda n: st.tuples(st.just(n), st.dictionaries(
    st.integers(min_value=0, max_value=n - 1),
    st.dictionaries(st.sampled_from("abcæøå"), st.integers(min_value=0, max_value=n - 1), max_size=4),
    max_size=n))))
def test_automaton_depth_equals_the_state_by_state_walk(case: tuple[int, dict]) -> None:
    states, moves = case
    nextmove, row = _dfa(moves, states)
    assert automaton_depth(nextmove, row) == _depth_state_by_state(nextmove, row)


def test_automaton_depth_reads_shared_rows() -> None:
    # py3langid stores each distinct row once: states 1 and 2 share row 1 (both go on to 3 by "c")
    nextmove = np.zeros(3 * 256, dtype=np.uint32)
    nextmove[ord("a")], nextmove[ord("b")] = 1, 2
    nextmove[256 + ord("c")] = 3
    row = np.array([0, 1, 1, 2], dtype=np.int64)
    assert automaton_depth(nextmove, row) == 2 == _depth_state_by_state(nextmove, row)


CORPUS_PAGES = sorted(
    path
    for folder in ("samples", "real/corpus", "real2/corpus", "real3/corpus")
    for path in (Path(__file__).resolve().parent.parent / "data" / folder).glob("*.*")
)


def _markers_by_regex(low: str) -> dict[str, int]:
    """The function-word counts as they were read before _marker_counts: every WORD_RE token."""
    counts = Counter(WORD_RE.findall(low))
    return {word: counts[word] for word in counts.keys() & MARKERS.keys()}


def _random_texts(count: int) -> list[str]:
    """Seeded strings of marker words, letters, apostrophes, marks, digits and white space."""
    rng = random.Random(19)
    pieces = [*MARKERS, *"aeøåäöé'’_-.,:;!?()«»\"/–—…²½İ0123456789", " ", " ", "\n", "\t", "\xa0", "\u2009"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def test_marker_counts_equal_the_regex_tokens() -> None:
    """_marker_counts (chunks split at white space and marks) counts what WORD_RE's tokens counted,
    on every corpus page lowered (whole and its detected sample) and 20,000 random strings."""
    assert len(CORPUS_PAGES) >= 150
    texts = [page.read_text(encoding="utf-8", errors="replace") for page in CORPUS_PAGES]
    texts += [_strip_noise(text[:SAMPLE_CHARS]) for text in texts]
    texts += _random_texts(20000)
    texts += ["eg'eg'eg eg", "ikkje’s x'ikkje'y'ikkje ikkje'", "ikkje_ikkje ikkje2 ²ikkje ikkje² İkkje"]
    assert sum(bool(_marker_counts(text.lower())) for text in texts) > 300
    for text in texts:
        for low in (text.lower(), text):
            assert _marker_counts(low) == _markers_by_regex(low), repr(text[:80])


def test_has_letters_equals_counting_every_letter() -> None:
    """has_letters (a lower bound from the chunks that are letters only, then the regex) says what
    counting every letter says, on every corpus page, its opening and 20,000 random strings."""
    from transform.extractors.language import LETTER_RUN_RE

    texts = [page.read_text(encoding="utf-8", errors="replace") for page in CORPUS_PAGES]
    texts += [text[:n] for text in texts for n in (30, 60, 250, 900)] + _random_texts(20000)
    for count in (MIN_LETTERS, 200):
        answers = [has_letters(text, count) for text in texts]
        assert 100 < sum(answers) < len(texts)
        assert answers == [sum(map(len, LETTER_RUN_RE.findall(text))) >= count for text in texts]


@pytest.mark.parametrize(("text", "expected"), [
    ("Kommunene får 12,5 millioner kroner i 2025.", "Kommunene får  millioner kroner i  ."),
    ("Kommunene får ikke nok penger", "Kommunene får ikke nok penger"),  # no mark: left as it is
    ("## Bakgrunn (les mer)", "  Bakgrunn  les mer "),
    ("**Kontakt** | kom@ks.no", " Kontakt     "),
    ("Se https://www.ks.no/ [lenke]", "Se    lenke "),
    ("KS2024 og 2024", "KS2024 og  "),
])
def test_strip_noise(text: str, expected: str) -> None:
    assert _strip_noise(text) == expected


def test_strip_noise_equals_the_whole_alternation() -> None:
    """_strip_noise (branches that cannot match left out; the marks' regex skipped when no mark is in
    the text) gives NOISE_RE's string, on every corpus page, its opening and 20,000 random strings."""
    from transform.extractors.language import NOISE_RE

    texts = [page.read_text(encoding="utf-8", errors="replace") for page in CORPUS_PAGES]
    texts += [text[:SAMPLE_CHARS] for text in texts] + _random_texts(20000)
    rng = random.Random(21)
    marks = [*"#*_`>|[]()", "http://ks.no", "www.ks.no", "@", "kom@ks.no", "12", " 3.5 "]
    texts += ["".join(rng.choice([*marks, " ", "ikkje", "å", "\n"]) for _ in range(rng.randint(0, 20)))
              for _ in range(5000)]
    assert sum(_strip_noise(text) != text for text in texts) > 1000
    for text in texts:
        assert _strip_noise(text) == NOISE_RE.sub(" ", text), repr(text[:80])
