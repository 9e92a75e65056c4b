"""Direct speech in a release's blocks, with each quote's speaker resolved to a full name.

Pure functions over `Block`s. Two strategies, tried per block in order:

1. dash quotes: a paragraph opening with `–`, `—` or `-` (space optional), or a dash after a
   sentence end inside a paragraph ("... fredag. – Det er ..., sier X."). The run is cut at each
   attribution (", sier X."); text after an attribution is the same speaker's carried quote.
2. quote marks: «…», “…”, ”…”, "…" with an attribution next to them, or filling a paragraph
   right after a quote.

Attribution forms: ", sier X." / "X sier:" before the quote / "«…» sier X" / "ifølge X" /
a dash paragraph without attribution carries the previous speaker. Pronouns ("sier hun") and
role-only phrases ("sier KS-lederen") are resolved against the people of the document.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from transform.extractors.names import (
    ACRONYM_RE,
    FULL_NAME,
    NAME_TOKEN,
    NOT_NAME_WORDS,
    PARTY,
    PRONOUN_GENDER,
    UNNAMED_SPEAKER_WORDS,
    UPPER,
    VERB_ALTERNATION,
    VERB_PARTICLES,
    looks_like_person_name,
    name_gender,
)
from transform.extractors.people import extract_people, find_roles
from transform.extractors.people_index import MentionSpans, PeopleIndex
from transform.extractors.spans import Spans
from transform.models import Block, PersonMention, QuoteMention
from transform.text import DASH, LONG_DASHES, QUOTE_DASHES

# Every dash of transform.text opens a quote alike: "– Vi", "-Det", "— Vi", "− Kommuner och regioner".
DASHES = QUOTE_DASHES
# Dashes as the inside of a regex character class (for look-behinds that list other characters too).
_DASH_CHARS = DASH[1:-1]
# A dash opening a paragraph.
DASH_OPEN_RE = re.compile(rf"^\s*{DASH}\s*(?=[\w«\"“”.])")
# A dash opening a quote after a sentence end inside a paragraph: "fredag. – Det er".
# Web pages often print the dash as a hyphen with a space after it: "er kritisk: - Budgettet er …", or
# glued to the first word: "… for 2009. -Kommunene får disse midlene …, sier kommunalminster …".
DASH_MID_RE = re.compile(rf"(?<=[.!?:»”\"])\s+{DASH}\s*(?=[{UPPER}«\"“])")
# An attribution after quote text: ", sier", "? spør", "», sier", "» sier", ",» siger".
ATTR_AFTER_RE = re.compile(
    rf"(?P<sep>[,!?…]\s*[»”\"]?|[»”\"]\s*,?|[,!?…][»”\"])\s*(?P<verb>{VERB_ALTERNATION})(?=\s)\s+(?=\S)"
)
# The same directly after a closing quote mark (the mark itself already consumed).
ATTR_AT_RE = re.compile(rf"\s*[,!?]?\s*(?P<verb>{VERB_ALTERNATION})\s+(?=\S)")
# "X sier:" or "sier X:" before a quote, at the end of the text before it.
PRE_ATTR_SUBJECT_RE = re.compile(
    rf"(?:^|[.!?]\s+)(?P<spk>[^.!?:«»\"“”]{{2,140}}?)\s+(?P<verb>{VERB_ALTERNATION})(?:\s+(?:det|dette|følgende|blant\s+annet))?\s*:\s*$"
)
PRE_ATTR_NAME_RE = re.compile(rf"(?:^|[.!?]\s+)(?P<spk>[{UPPER}][\w’'-]+(?:\s+[{UPPER}][\w’'-]+){{0,3}})\s*:\s*$")
# "Helgesen er tydelig:" / "Gunn Marit Helgesen har en klar beskjed:" - a person subject, then a colon.
PRE_ATTR_PERSON_RE = re.compile(
    rf"(?:^|[.!?]\s+)(?P<spk>[{UPPER}][\w’'-]+(?:\s+[{UPPER}][\w’'-]+){{0,3}})"
    # the party in brackets after the name: "Rådmand Sofie Jensen (Ø) er kritisk:"
    rf"(?:\s*{PARTY})?"
    # an appositive role between commas: "Helge Eide, direktør for interessepolitikk i KS, ønsker …:"
    rf"(?:\s*,\s*[^,.!?:«»]{{2,80}},)?\s+[a-zæøå][^.!?:«»]{{0,60}}:\s*$"
)
PRE_ATTR_VERB_RE = re.compile(rf"\b(?P<verb>{VERB_ALTERNATION})\s+(?P<spk>[^.!?:«»\"“”]{{2,140}}?)\s*:\s*$")
# "Det sier X." opening the paragraph after an unattributed dash quote.
NEXT_ATTR_RE = re.compile(rf"^(?:Det|Dette|Slik|Så|Sådan|Således|Så\s+här|Dét)\s+(?P<verb>{VERB_ALTERNATION})\s+(?=\S)")
# "– A. Det sier X." / "Dette mener X" / nynorsk "Det seier X": the attribution as its own sentence
# right after the quote text (the quote keeps its full stop).
DET_ATTR_RE = re.compile(
    rf"(?<=[.!?…])(?P<sep>[»”\"«]?)\s+(?:Det|Dette)\s+(?P<verb>{VERB_ALTERNATION})(?=\s)\s+(?=\S)"
)
# The same right after a closing quote mark: «A.» Det sier X.
DET_ATTR_AT_RE = re.compile(rf"\s*(?:Det|Dette)\s+(?P<verb>{VERB_ALTERNATION})\s+(?=\S)")
# Quote-mark spans: «…», “…”, ”…”, "…", Danish »…«, Swedish »…» and single ›…‹ / ›…›. A Danish or
# Swedish opening » stands before a word, after a space or at the start; a Norwegian closing » never
# does, so «A» sier X. «B» is not read as »…«.
QUOTE_MARK_RE = re.compile(
    r"«(?P<a>[^«»]{2,})»|“(?P<b>[^“”]{2,})”|”(?P<c>[^”“]{2,})”|\"(?P<d>[^\"]{2,})\""
    r"|”(?P<g>[^”“]{2,}“[^”“]{1,80})”"  # Danish ”…“sporskifte,” sagde X: an inner “ closed by the outer ”
    rf"|(?<![^\s(\[{_DASH_CHARS}])»(?=\w)(?P<e>[^«»]{{2,}}?)(?<=\S)[«»](?!\w)"
    rf"|(?<![^\s(\[{_DASH_CHARS}])›(?=\w)(?P<f>[^‹›]{{2,}}?)(?<=\S)[‹›](?!\w)"
    r"|„(?P<h>[^„“”]{2,})[“”]"  # low-high marks, also printed on Danish pages: „…“
)
# A mark every branch of QUOTE_MARK_RE opens with: a text holding none has no quote-mark span (most
# paragraphs; the alternation, led by look-behinds, is tried at every character otherwise).
QUOTE_MARK_CHARS = ("«", "“", "”", '"', "»", "›", "„")
# An opening quote mark that may be closed in a later paragraph; the closing marks for each.
OPEN_MARK_RE = re.compile(rf"«|(?<![^\s(\[{_DASH_CHARS}])[»›](?=\w)")
CLOSING_MARKS = {"«": "»", "»": "«»", "›": "‹›"}
# A quote opened in one paragraph and closed in a later one (a new paragraph may open with « again).
SPANNING_QUOTE_RES = {
    "«": re.compile(r"«[^»]{2,}?»"),
    "»": re.compile(r"»[^«»]{2,}?[«»](?!\w)"),
    "›": re.compile(r"›[^‹›]{2,}?[‹›](?!\w)"),
}
# How many paragraphs after the opening one may close a quote; an unclosed mark beyond is no quote.
MAX_QUOTE_PARAGRAPHS = 4
# Attribution words that cite a source rather than report speech: "…, ifølge KS." closes a plain sentence.
CITATION_VERBS = frozenset({"ifølge", "iflg.", "iflg", "ifølgje", "enligt"})
# Verbs of written text: "«…», skriver KS i en pressemelding." is an organisation's text, not speech.
WRITING_VERBS = frozenset({"skriver", "skrev", "skriv", "skreiv", "skrivs"})
# "Nesheim seier at …", "Han legger til at …": indirect speech by a named subject, whose next
# unattributed dash paragraph is that person's quote.
INDIRECT_SUBJECT_RE = re.compile(
    rf"^(?:(?:Også|Men|Og|Samtidig|Her|Der|Da)\s+)?(?P<spk>[{UPPER}][\w’'-]+(?:\s+[{UPPER}][\w’'-]+){{0,3}})"
    rf"\s+(?P<verb>{VERB_ALTERNATION})(?:\s+(?:også|videre|dessuten|samtidig|likevel|òg))?\s+(?:at|om)\b"
)
# Abbreviations whose period does not end a sentence ("adm. direktør", "bl.a.", "Tor A. Gangsø").
ABBREV_RE = re.compile(r"(?:\b(?:adm|dir|dr|prof|ca|bl\.a|mv|osv|nr|kl|jf|evt|inkl|ekskl|pr|St|mill|mrd)|\b[A-ZÆØÅ])$")
# Trailing parts of an attribution sentence that are not the speaker ("til NTB", "i en pressemelding").
SPEAKER_TAIL_RE = re.compile(
    r"(?:,\s+(?:og|som|men|da|når|etter|før|og\s+legger)\b.*"
    r"|\s+(?:til|overfor|under|i\s+en|i\s+ei|i\s+et|etter|før|da|når|med|om)\s+.*"
    r"|\s+(?:på|in|vid)\s+(?![A-ZÆØÅ]{2,}\b(?:[,.]|$)).*)$",
    re.S,
)
# An unknown lowercase title before a full name: "fastlege Ole Martin Berg".
LOWER_THEN_NAME_RE = re.compile(rf"^(?:[a-zæøå-]+\s+){{1,3}}(?P<name>{FULL_NAME})")
# Words that can follow a reporting verb but are not a speaker ("sier at", "mener mange").
NOT_SPEAKER_WORDS = frozenset(
    "at om det dette den de man noen mange flere alle ja nei seg jeg vi du dere også likevel nå "
    "derfor videre dessuten bare mer".split()
)
# Narrative openers after an attribution: the reporter speaks again ("Hun viser til at ...").
NARRATIVE_START_RE = re.compile(
    rf"^(?:Hun|Han|Ho|Hon|Hen|De|Dei|Ifølge|I\s+følge|Enligt)\b"
    rf"|^(?!(?:Vi|Det|Dette|Jeg|Jag|Eg|Me|Den|Nå|Her|Da|Så|Og|Men|Alle|Ingen)\b)(?:[{UPPER}][\w’'-]*\s+){{1,3}}"
    rf"(?:{VERB_ALTERNATION})\b"
)
# Indirect speech in the sentence after an attribution: the reporter again ("KS mener at ...").
INDIRECT_RE = re.compile(r"\b(?:sier|seier|mener|meiner|understreker|peker\s+på|viser\s+til)\s+at\b")
# A sentence boundary inside a paragraph, and the adverbs that may open a sentence before its subject.
SENTENCE_BREAK_RE = re.compile(r"[.!?][»”\"]?\s+")
SUBJECT_OPENER_RE = re.compile(rf"\s*(?:{DASH}\s*)?(?:(?:Også|Men|Og|Nå|Samtidig|Her|Der|Da)\s+)?")
# One capitalised noun describing the person before the name: "Trebarnsfar Ole Nilsen (41) er enig",
# "Pensjonist Kari Holm" (news style; a clause opener such as "Mens" or "Ifølge" is no description).
DESCRIPTOR_RE = re.compile(r"[A-ZÆØÅ][a-zæøå]{3,}\s+$")
CLAUSE_OPENERS = frozenset({"Mens", "Ifølge", "Ifølgje", "Dersom", "Fordi", "Selv", "Sjølv", "Blant", "Uten",
                            "Utan", "Sammen", "Saman", "Ettersom", "Både", "Enten", "Verken", "Bare", "Berre"})
# A printed full name inside an attribution phrase ("leder for Ungdommens fylkesting, Sofie Lunde Aamodt").
PRINTED_NAME_RE = re.compile(rf"(?<![\w’'-]){FULL_NAME}(?![\w’'-])")
# The longest stretch of speech searched for its attribution (real quotes run to ~650 characters).
MAX_QUOTE_CHARS = 6000
# The end of a complete sentence (a quote text keeps its own full stop, ? or !).
# A sentence stop anywhere after a position: the attribution after a quote ends within the capture.
SENTENCE_STOP_RE = re.compile(r"[.!?…]")
TERMINAL_RE = re.compile(r"[.!?…»”\"):]$")
# How far before a quote its announcement ("Helgesen sier:") is looked for.
PRE_WINDOW = 320
# Text before a quote mark that makes it a name or a title, not speech: "prosjektet «…»".
NAMED_BEFORE_RE = re.compile(r"\b(?:at|om|som|kalt|kalles|heter|tittelen|rapporten|prosjektet)\s*$")
SENTENCE_CLOSED_RE = re.compile(r"[.!?]\s*$")
ONLY_DOTS_RE = re.compile(r"[ .]*\Z")
# How far before a name its sentence may open for the name to count as the sentence's subject.
SUBJECT_WINDOW = 400
# A list item rather than speech: short and without terminal punctuation.
SENTENCE_END_RE = re.compile(r"[.!?…»”\"]\s*$")
# Runs of non-word characters, squeezed to one space when quotes are compared.
NON_WORD_RE = re.compile(r"\W+")


@dataclass(frozen=True, slots=True)
class _Speaker:
    """A speaker as understood from one attribution (grain: one attribution phrase)."""

    as_written: str | None
    name: str | None
    role: str | None = None
    organisation: str | None = None
    is_pronoun: bool = False
    verb: str | None = None


@dataclass(slots=True)
class _State:
    """Per-release memory while walking the blocks in order."""

    index: PeopleIndex
    spans: MentionSpans
    last: _Speaker | None = None
    blocks: Sequence[Block] = ()
    block_starts: list[int] = field(default_factory=list)
    # surname -> full name of the latest speaker quoted with a full name of that surname
    speaker_by_surname: dict[str, str] = field(default_factory=dict)
    # release offsets: end of the latest quote found, start of the quote being attributed
    last_quote_end: int = -1
    quote_start: int = -1


def _set_last(state: _State, speaker: _Speaker) -> None:
    """Remember `speaker` as the latest named speaker (and under its surname, when a full name)."""
    state.last = speaker
    if speaker.name and len(speaker.name.split()) >= 2:
        state.speaker_by_surname[speaker.name.split()[-1]] = speaker.name


def _has_quote_in(quotes: list[QuoteMention], block: Block) -> bool:
    """Whether a quote found so far starts inside `block` (quotes come block by block, so only the tail
    of the list is looked at)."""
    for q in reversed(quotes):
        if block.start <= q.char_start < block.end:
            return True
        if q.char_end <= block.start:
            return False
    return False


def _sentence_end(text: str, pos: int, limit: int) -> int:
    """Index just past the sentence that starts at `pos` (periods of abbreviations skipped)."""
    i = pos
    while i < limit:
        ch = text[i]
        if ch in ".!?:;" and (i + 1 >= limit or text[i + 1].isspace() or text[i + 1] in DASHES + "«\""):
            if ch == "." and ABBREV_RE.search(text, max(pos, i - 12), i):
                i += 1
                continue
            return i + 1
        if ch in LONG_DASHES and i > pos and text[i - 1].isspace():
            return i
        i += 1
    return limit


def _clean_speaker_phrase(phrase: str) -> str:
    """Speaker phrase without trailing punctuation and trailing circumstances ("Helgesen til NTB")."""
    phrase = phrase.strip().rstrip(".:;!?,").strip()
    cut = SPEAKER_TAIL_RE.sub("", phrase).strip().rstrip(",")
    return cut or phrase


def _parse_speaker(phrase: str, state: _State, pos: int) -> _Speaker | None:
    """Understand an attribution phrase: a person, a role, a pronoun, or an organisation.

    Returns None when the phrase is not a speaker at all ("at ...", "mange").
    """
    phrase = _clean_speaker_phrase(phrase)
    if not phrase:
        return None
    first = phrase.split()[0]
    low = first.lower().strip(",")
    if low in PRONOUN_GENDER and len(phrase.split()) <= 3:
        return _resolve_pronoun(first, state, pos)
    if low in NOT_SPEAKER_WORDS:
        return None
    hits = find_roles(phrase, allow_surname=True)
    if not hits and _names_nobody(phrase):
        return _Speaker(phrase, None)
    hits = [h for h in hits if h.start <= 45]
    if hits:
        hit = next((h for h in hits if h.name), hits[0])
        role, org = hit.role, hit.organisation
        printed = hit.name or _printed_name(phrase)
        if printed:
            # a printed full name is the speaker; never trade it for another person sharing a role
            person = state.index.resolve(printed)
            name = person.name if person else printed
        else:
            person = state.index.resolve(phrase)
            name = person.name if person else None
        return _Speaker(phrase, name, role, org)
    if not first[:1].isupper():
        named = LOWER_THEN_NAME_RE.match(phrase)
        if named and looks_like_person_name(named.group("name"), need_first_name=False):
            person = state.index.resolve(named.group("name"))
            return _Speaker(phrase, person.name if person else named.group("name"))
        # "sier landsstyret", "sier rapporten": a body, not a person
        return _Speaker(phrase, None) if re.match(r"^\w+(?:et|en|a|ene)\b", first) else None
    tokens = phrase.split()
    name_tokens: list[str] = []
    for t in tokens:
        if re.fullmatch(NAME_TOKEN, t) or (name_tokens and t in {"von", "van", "der", "de", "af", "av"}):
            name_tokens.append(t)
        else:
            break
    if not name_tokens or any(t in NOT_NAME_WORDS for t in name_tokens) or ACRONYM_RE.match(tokens[0]):
        # "sier KS", "skriver Kommunal Rapport": an organisation speaks
        return _Speaker(phrase, None)
    written = " ".join(name_tokens)
    person = state.index.resolve(written)
    if person is None and len(name_tokens) == 1 and written in state.speaker_by_surname:
        # "sier Leborg" with a Tone and a Tonje Leborg in the text: the Leborg quoted before
        return _Speaker(phrase, state.speaker_by_surname[written])
    return _Speaker(phrase, person.name if person else written)


def _names_nobody(phrase: str) -> bool:
    """Whether an attribution phrase is an unnamed person: an indefinite article and a lowercase noun.

    "en person med insyn i Skifu-bygget" (real3 348: "– Jag gjorde bara som jag blev tillsagd, säger en
    person med insyn …") -> True: the quote stands, its speaker unknown ("sier en av dem" likewise);
    "Ellen Hansen", "en" alone -> False.
    """
    words = phrase.split(None, 2)
    return len(words) >= 2 and words[0] in UNNAMED_SPEAKER_WORDS and words[1][:1].islower() and (
        words[1].isalpha())


def _printed_name(phrase: str) -> str | None:
    """The last full name with a known first name in an attribution phrase, else None.

    "leder for Ungdommens fylkesting i Agder, Sofie Lunde Aamodt" -> "Sofie Lunde Aamodt".
    """
    names = [m.group(0) for m in PRINTED_NAME_RE.finditer(phrase)
             if looks_like_person_name(m.group(0), need_first_name=True)]
    return names[-1] if names else None


def _is_sentence_subject(person: PersonMention, state: _State) -> bool:
    """True when `person` opens its sentence, alone or after its role phrase.

    "Rektor ved Kvaløya skole, Anders Nilsen Bakke, mener ..." and "Også Kari Holm er enig." are;
    "Hun viser til at statsråd Kari Holm har lovet ..." is not.
    """
    k = bisect_right(state.block_starts, person.char_start) - 1
    block = state.blocks[k] if k >= 0 else None
    if block is None or not block.start <= person.char_start < block.end:
        return False
    text, local = block.text, person.char_start - block.start
    # a sentence opening more than SUBJECT_WINDOW characters before the name has another subject
    lo = max(0, local - SUBJECT_WINDOW)
    breaks = [m.end() for m in SENTENCE_BREAK_RE.finditer(text, lo, local)]
    if not breaks and lo > 0:
        return False
    head = SUBJECT_OPENER_RE.match(text, breaks[-1] if breaks else 0).end()
    if head == local:
        return True
    described = DESCRIPTOR_RE.fullmatch(text, head, local)
    if described and text[head:local].split()[0] not in CLAUSE_OPENERS | NOT_NAME_WORDS:
        return True
    name_end = local + len(person.name)
    return any(h.start == 0 and h.name == person.name and h.name_start == local - head
               for h in find_roles(text[head:name_end + 1]))


def _introduced_person(gender: str | None, state: _State, pos: int) -> str | None:
    """The closest person of `gender` introduced as a sentence subject since the previous quote.

    "Rektor ved Kvaløya skole, Anders Nilsen Bakke, merker presset." before "– …, sier han.": the
    pronoun is Anders Nilsen Bakke's even when the previous quote was someone else's.
    """
    if gender is None:
        return None
    bound = min(pos, state.quote_start) if state.quote_start > state.last_quote_end else pos
    for p in reversed(state.spans.between(state.last_quote_end, bound)):
        person = state.index.resolve(p.name)
        name = person.name if person else p.name
        if name_gender(name) == gender and _is_sentence_subject(p, state):
            return name
    return None


def _resolve_pronoun(pronoun: str, state: _State, pos: int) -> _Speaker:
    """"hun" -> a person of that gender just introduced, else the previous named speaker, else the
    last named person of that gender before `pos`."""
    gender = PRONOUN_GENDER.get(pronoun.lower())
    introduced = _introduced_person(gender, state, pos)
    if introduced is not None:
        return _Speaker(pronoun, introduced, is_pronoun=True)

    def fits(name: str | None) -> bool:
        g = name_gender(name) if name else None
        return bool(name) and (gender is None or g is None or g == gender)

    if state.last and fits(state.last.name):
        return _Speaker(pronoun, state.last.name, is_pronoun=True)
    for p in reversed(state.spans.before(pos)):
        if fits(p.name):
            person = state.index.resolve(p.name)
            return _Speaker(pronoun, person.name if person else p.name, is_pronoun=True)
    # no one named in this release yet: the document's people, a known gender first
    return _Speaker(pronoun, state.index.last_of_gender(gender), is_pronoun=True)


def _find_attribution(text: str, pos: int, limit: int, state: _State, base: int):
    """First attribution in text[pos:limit]: (quote_end, attribution_end, verb, speaker) or None."""
    state.quote_start = base + pos
    # Matches are read lazily and only within MAX_QUOTE_CHARS of the quote's start: scanning to the end
    # of the paragraph for every quote made a long paragraph (a 1 MB line) quadratic.
    end = min(limit, pos + MAX_QUOTE_CHARS)
    # "– A. Det sier X.": the attribution as a sentence of its own, merged in text order
    matches = ATTR_AFTER_RE.finditer(text, pos, end)
    if text.find("Det", pos, end) >= 0:
        matches = heapq.merge(matches, DET_ATTR_RE.finditer(text, pos, end), key=lambda m: m.start())
    for m in matches:
        spk_start = m.end()
        spk_end = _sentence_end(text, spk_start, limit)
        phrase = text[spk_start:spk_end]
        speaker = _parse_speaker(phrase, state, base + spk_start)
        if speaker is None:
            continue
        verb = " ".join(m.group("verb").lower().split())
        if verb in VERB_PARTICLES:
            particle = VERB_PARTICLES[verb]
            cleaned = phrase.rstrip(" .:;!?")
            if not cleaned.endswith(" " + particle):
                continue
            verb = f"{verb} {particle}"
            speaker = _parse_speaker(cleaned[: -len(particle) - 1], state, base + spk_start)
            if speaker is None:
                continue
        quote_end = m.start()
        sep = m.group("sep").strip()
        if sep[:1] in "!?…":
            quote_end += 1  # the quote's own ? or ! stays in the quote
        return quote_end, spk_end, verb, speaker
    return None


# _find_attribution's results for one block's reading, by (text, pos, limit, base): see _attribution.
AttributionMemo = dict[tuple[str, int, int, int], tuple[int, int, str, _Speaker] | None]


def _attribution(memo: AttributionMemo | None, text: str, pos: int, limit: int, state: _State, base: int):
    """_find_attribution(text, pos, limit, state, base), remembered in `memo` (None: not remembered).

    extract_quotes asks for the attribution after a paragraph's dash up to four times before the state
    moves (joining paragraphs, the list checks, has_attr, then _dash_run's first quote): the state it
    reads is the same each time, so is the answer. A memo lives for one block, until the first state
    change (extract_quotes makes a new one per block; _dash_run uses it for its first call only). The
    call's one side effect, state.quote_start, is made again on a remembered answer.
    "– Vi er sjokkerte, sier styreleder Gunn Marit Helgesen." with pos 2 -> (17, 55, "sier", _Speaker(…)).
    """
    if memo is None:
        return _find_attribution(text, pos, limit, state, base)
    key = (text, pos, limit, base)
    if key in memo:
        state.quote_start = base + pos
        return memo[key]
    found = memo[key] = _find_attribution(text, pos, limit, state, base)
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace, dashes, quote marks and a trailing comma."""
    while start < end and (text[start].isspace() or text[start] in DASHES + "«»›“”\""):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",»«‹›“”\""):
        end -= 1
    return start, end


def _mention(
    block: Block, start: int, end: int, speaker: _Speaker | None, verb: str | None, attribution: str
) -> QuoteMention | None:
    s, e = _trim(block.text, start, end)
    if e - s < 2 or len(block.text[s:e].split()) < 2:
        return None
    return QuoteMention(
        text=block.text[s:e],
        char_start=block.start + s,
        char_end=block.start + e,
        speaker_as_written=speaker.as_written if speaker and attribution == "explicit" else None,
        reporting_verb=verb if attribution == "explicit" else None,
        attribution=attribution,
        speaker_name=speaker.name if speaker else None,
        speaker_role=speaker.role if speaker and attribution == "explicit" else None,
        speaker_organisation=speaker.organisation if speaker and attribution == "explicit" else None,
    )


def _carried(speaker: _Speaker | None) -> _Speaker | None:
    if speaker is None:
        return None
    return _Speaker(None, speaker.name)


def _dash_run(
    block: Block,
    pos: int,
    limit: int,
    state: _State,
    *,
    need_attribution: bool,
    pre: _Speaker | None,
    intro: _Speaker | None = None,
    carry: bool = True,
    mid: bool = False,
    memo: AttributionMemo | None = None,
) -> tuple[list[QuoteMention], int]:
    """Quotes from a dash opener at `pos` to `limit`: A (explicit), then carried or further quotes.

    `mid` is True for a dash opened after narrative text inside a paragraph ("… konkurs. – A, sier
    Ruud. Bransjen …"): the text after its attribution is narrative again unless another dash opens.
    `memo` (the block's, see _attribution) serves the first attribution only: the state moves after it.
    """
    text = block.text
    out: list[QuoteMention] = []
    first = True
    current: _Speaker | None = None
    while pos < limit:
        found = _attribution(memo, text, pos, limit, state, block.start)
        memo = None
        if found:
            q_end, a_end, verb, speaker = found
            if first and pre is not None and speaker.name is None and not speaker.as_written:
                speaker = pre
            mention = _mention(block, pos, q_end, speaker, verb, "explicit")
            if mention:
                out.append(mention)
                state.last_quote_end = mention.char_end
            current = speaker if speaker.name or not speaker.is_pronoun else current
            if speaker.name:
                _set_last(state, speaker)
            pos = a_end
            while pos < limit and text[pos].isspace():
                pos += 1
            if pos >= limit:
                break
            if text[pos] in DASHES:
                first = False
                continue
            if mid:
                break
            rest = text[pos:min(limit, pos + MAX_QUOTE_CHARS)]
            first_sentence = rest[: _sentence_end(rest, 0, len(rest))]
            if NARRATIVE_START_RE.match(rest) or INDIRECT_RE.search(first_sentence) or (
                current and current.name and rest.startswith(current.name.split()[-1])
            ):
                break
            first = False
            continue
        if first and need_attribution:
            break
        speaker = pre if first and pre else current or ((intro or (state.last if carry else None)) if first else None)
        if speaker is None and first:
            # no attribution anywhere and no earlier quote: a bullet, or a pull-quote seen again later
            mention = _mention(block, pos, limit, None, None, "carried")
            if mention:
                out.append(mention)
            break
        attribution = "explicit" if first and pre else "carried"
        if attribution == "carried" and INTERVIEW_QUESTION_RE.match(text, pos, limit):
            # "– Blir du i politikken?" between a speaker's answers: the interviewer's question
            break
        mention = _mention(block, pos, limit, speaker, pre.verb if first and pre else None, attribution)
        if mention:
            out.append(mention)
            if first and intro is not None:
                state.last = intro
            elif first and pre is not None and pre.name:
                # "Ola Berg sier til NRK:" / "– A." / "– B.": B is carried from Berg, not an earlier speaker
                _set_last(state, pre)
        break
    return out, pos


# A dash paragraph that is one short question and nothing else, with no attribution: in an interview
# printed as dash paragraphs, the journalist's question ("– Blir du i politikken?"), not the speaker's.
INTERVIEW_QUESTION_RE = re.compile(r"\s*[^.!?\n]{1,80}\?\s*$")


def _next_attribution(nxt: Block | None, state: _State) -> _Speaker | None:
    """The speaker named by a paragraph opening "Det sier X" / "Slik sier X" / Danish "Sådan siger X"
    right after an unattributed quote paragraph ("«…»" then "Sådan siger KL-formand Martin Damm om …")."""
    if nxt is None or nxt.kind == "subheading":
        return None
    m = NEXT_ATTR_RE.match(nxt.text)
    if m is None:
        return None
    phrase = nxt.text[m.end():_sentence_end(nxt.text, m.end(), len(nxt.text))]
    pre = _parse_speaker(phrase, state, nxt.start)
    return replace(pre, verb=" ".join(m.group("verb").lower().split())) if pre else None


def _pre_attribution(text: str, end: int, state: _State, pos: int) -> tuple[_Speaker, str | None] | None:
    """Speaker announced before a quote that starts at text[end]: "Helgesen sier:" / "Det understreker
    styreleder Helgesen:". Only the PRE_WINDOW characters before `end` are searched (an announcement is
    one short sentence), so a long paragraph is not scanned again for every quote in it."""
    lo = max(0, end - PRE_WINDOW)
    for regex in (PRE_ATTR_VERB_RE, PRE_ATTR_SUBJECT_RE):
        m = regex.search(text, lo, end)
        if m:
            speaker = _parse_speaker(m.group("spk"), state, pos)
            if speaker and (speaker.name or speaker.role or speaker.is_pronoun):
                return replace(speaker, verb=m.group("verb").lower()), m.group("verb").lower()
    # interview style "Helgesen: – ..." and "Helgesen er tydelig: «...»": only a known person or a
    # full name with a known first name
    for regex in (PRE_ATTR_NAME_RE, PRE_ATTR_PERSON_RE):
        m = regex.search(text, lo, end)
        if not m:
            continue
        person = state.index.resolve(m.group("spk"))
        if person is None and looks_like_person_name(m.group("spk"), need_first_name=True):
            person = PersonMention(m.group("spk"), pos, pos)
        if person is not None:
            return _Speaker(m.group("spk"), person.name), None
    return None


def _is_list_item(block: Block, prev: Block | None, nxt: Block | None, *, announced: bool = False) -> bool:
    """A dash line that is a bullet: after a "...:" line, or short and unpunctuated.

    `announced` is True when the "...:" line names a speaker ("Helgesen er tydelig:"): then only
    short lines are bullets.
    """
    body = DASH_OPEN_RE.sub("", block.text).strip()
    if not SENTENCE_END_RE.search(body) and len(body.split()) < 12:
        return True
    if announced and (nxt is None or not DASH_OPEN_RE.match(nxt.text)):
        return False  # "Kommunaldirektør Niels Højberg er enig:" then one dash sentence: a list has two items
    if prev is None or not prev.text.rstrip().endswith(":") or _ends_with_speech_verb(prev.text):
        return False
    return not (announced and len(body.split()) >= 8)


def _introduced_speaker(prev: Block | None, state: _State, quotes: list[QuoteMention]) -> _Speaker | None:
    """The one new person a narrative paragraph introduces right before an unattributed dash quote.

    "Også statsråd Bjørnar Skjæran er fornøyd." then "– Dette er bra." : the quote is Skjæran's,
    not the previous speaker's. None unless `prev` holds no quote and names exactly one person
    other than the last speaker.
    """
    if prev is None or state.last is None or DASH_OPEN_RE.match(prev.text) or prev.text.rstrip().endswith(":"):
        return None
    if _has_quote_in(quotes, prev) or len(prev.text.split()) > 30:
        return None
    names = set()
    for p in state.spans.between(prev.start, prev.end):
        person = state.index.resolve(p.name)
        names.add(person.name if person else p.name)
    if len(names) != 1:
        return None
    (name,) = names
    return None if name == state.last.name else _Speaker(None, name)


def _interview_answerer(
    blocks: Sequence[Block], i: int, state: _State, quotes: list[QuoteMention]
) -> _Speaker | None:
    """The interviewee answering a reporter's plain question paragraph with an unattributed dash answer.

    "Vi spurte fagdirektør Liv Aasen Krogh om planen." / "Hva betyr avtalen for kommunene?" /
    "– At vi slipper å kjøpe det samme hundre ganger." : the answer is Krogh's. The question is a short
    paragraph (or a question read as a subheading) without a dash, quote marks or a person; the
    paragraph before it names exactly one person
    and holds no quote. None otherwise.
    """
    if i < 2:
        return None
    question, intro = blocks[i - 1], blocks[i - 2]
    q_text = question.text.strip()
    if (
        not q_text.endswith("?") or DASH_OPEN_RE.match(q_text)
        or len(q_text.split()) > 25 or any(c in q_text for c in "«»“”\"")
        or state.spans.between(question.start, question.end)
        or intro.kind == "subheading" or DASH_OPEN_RE.match(intro.text)
        or _has_quote_in(quotes, intro) or len(intro.text.split()) > 40
    ):
        return None
    names = set()
    for p in state.spans.between(intro.start, intro.end):
        person = state.index.resolve(p.name)
        names.add(person.name if person else p.name)
    return _Speaker(None, next(iter(names))) if len(names) == 1 else None


def _is_interview_question(text: str, nxt: Block | None, state: _State) -> bool:
    """"– KS er ikke vitalt i dag?" followed by "– ..., svarer X.": the reporter's question."""
    if not text.rstrip().endswith("?") or nxt is None or not DASH_OPEN_RE.match(nxt.text):
        return False
    if _find_attribution(text, 0, len(text), state, 0):
        return False
    found = _find_attribution(nxt.text, 0, len(nxt.text), state, nxt.start)
    return bool(found and found[2].startswith(("svar", "svär")))


def _open_mark(text: str) -> int | None:
    """Offset of a quote mark opened in `text` and not closed there ("Strand sier: «Ansatte …"), else None."""
    if "«" not in text and "»" not in text and "›" not in text:
        return None  # most paragraphs hold no quote mark at all
    spans = Spans()
    for m in QUOTE_MARK_RE.finditer(text):
        spans.add(*m.span())
    last = {c: text.rfind(c) for c in "»«‹›"}
    for m in OPEN_MARK_RE.finditer(text):
        if spans.covers(m.start()):
            continue
        if not any(last[c] >= m.end() for c in CLOSING_MARKS[m.group(0)]):
            return m.start()
    return None


def _joined_block(blocks: Sequence[Block], i: int, j: int) -> Block:
    """blocks[i..j] as one block whose text is the release text between them (gaps are newlines)."""
    parts = [blocks[i].text]
    for k in range(i + 1, j + 1):
        parts.append("\n" * (blocks[k].start - blocks[k - 1].end) + blocks[k].text)
    return Block(blocks[i].kind, "".join(parts), blocks[i].start)


def _join_quote_paragraphs(
    blocks: Sequence[Block], i: int, state: _State, *, announced: bool = False, memo: AttributionMemo | None = None
) -> tuple[Block, int, re.Match[str] | None] | None:
    """A quote that starts in blocks[i] and ends in a later paragraph: (joined block, last index, match).

    1. «A.\\n\\nB», sier X. (also "X sier: «A.\\n\\nB.»", Danish »…«, a new paragraph opening with «
       again): the quote mark closes within MAX_QUOTE_PARAGRAPHS paragraphs; the match is the whole
       quote-mark span in the joined text. An unclosed mark with no close in reach gives None.
    2. "– A.\\n\\nB, sier X.": a dash paragraph without attribution, then one paragraph without a
       dash that ends in the attribution; the match is None (the joined block is a dash paragraph).
       Not when `announced` (the paragraph before named the speaker: "Hon fortsätter:"): the dash
       paragraph is the whole quote and "Byggstarten …, berättar projektledaren X." is narrative.
    `memo` is the block's (see _attribution).
    """
    block = blocks[i]
    if block.kind in ("subheading", "teaser"):
        return None
    text = block.text
    opened = _open_mark(text)
    if opened is not None:
        mark = text[opened]
        for j in range(i + 1, min(i + 1 + MAX_QUOTE_PARAGRAPHS, len(blocks))):
            later = blocks[j]
            if later.kind in ("subheading", "teaser") or DASH_OPEN_RE.match(later.text):
                return None
            body = later.text.lstrip()
            if mark == "«" and body.startswith("«"):
                body = body[1:]  # a new paragraph of the same quote opening with « again
            close = min((body.find(c) for c in CLOSING_MARKS[mark] if c in body), default=-1)
            reopen = OPEN_MARK_RE.search(body)
            if close >= 0 and (reopen is None or close < reopen.start()):
                joined = _joined_block(blocks, i, j)
                span = SPANNING_QUOTE_RES[mark].match(joined.text, opened)
                return (joined, j, span) if span else None
            if reopen is not None or close >= 0:
                return None
        return None
    opener = DASH_OPEN_RE.match(text)
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if (
        opener is None or announced or nxt is None or nxt.kind in ("subheading", "teaser")
        or DASH_OPEN_RE.match(nxt.text)
        or not SENTENCE_END_RE.search(text) or _is_list_item(block, blocks[i - 1] if i else None, nxt)
        or any(c in nxt.text for c in "«»“”\"") or NARRATIVE_START_RE.match(nxt.text)
        or _attribution(memo, text, opener.end(), len(text), state, block.start)
    ):
        return None
    found = _find_attribution(nxt.text, 0, len(nxt.text), state, nxt.start)
    if found is None or nxt.text[found[1]:].strip(" .") or INDIRECT_RE.search(nxt.text[: found[0]]):
        return None
    if found[2] in CITATION_VERBS or not _is_person(found[3], state):
        return None  # "…, ifølge KS." ends a plain sentence: a source citation, not the dash quote's end
    return _joined_block(blocks, i, i + 1), i + 1, None


def _indirect_speaker(prev: Block | None, state: _State) -> _Speaker | None:
    """The named subject of indirect speech closing `prev`, for the unattributed dash paragraph after it.

    "Nesheim seier at fylka har prioritert så godt dei kan." then "– Vi har flytta pengar …": the
    quote is Nesheim's (carried). "Han legger til at …" resolves the pronoun. None otherwise.
    """
    if prev is None or prev.kind == "subheading" or DASH_OPEN_RE.match(prev.text):
        return None
    text = prev.text.rstrip()
    breaks = [m.end() for m in SENTENCE_BREAK_RE.finditer(text) if m.end() < len(text)]
    last = text[breaks[-1]:] if breaks else text
    m = INDIRECT_SUBJECT_RE.match(last)
    if m is None or any(c in last for c in "«»“”\""):
        return None
    speaker = _parse_speaker(m.group("spk"), state, prev.start + (breaks[-1] if breaks else 0))
    return _Speaker(None, speaker.name) if speaker and speaker.name else None


def _is_person(speaker: _Speaker, state: _State) -> bool:
    """Whether an attribution names a person, not an organisation or a body.

    "sier hun" / "skriver rektor Tone Lindberg Aas" / "sier Stavik" (a known surname) -> True;
    "skriver KS", "skriver Fylkesforbundet", "sier landsstyret" -> False.
    """
    if speaker.is_pronoun:
        return True
    if speaker.name is None:
        return False
    return state.index.resolve(speaker.name) is not None or looks_like_person_name(
        speaker.name, need_first_name=False
    )


def _continues_list(text: str, list_dash: str) -> bool:
    """Whether a dash paragraph after bullet items is one more item of the same list.

    After "- 2024: 1,2 mrd. kroner", "- 2025: 1,45 mrd. kroner" is an item, but "– Det er tall som
    ikke går opp." (another dash, full sentences) is a carried quote of the speaker before the list.
    """
    body = DASH_OPEN_RE.sub("", text).strip()
    return text.lstrip()[:1] == list_dash or not SENTENCE_END_RE.search(body)


# A quote mark opening a paragraph, and the marks that would close it.
MARK_OPEN_RE = re.compile(r"^\s*(?P<mark>[«»”“„\"])\s*(?=\w)")
MARK_CLOSERS = {"«": "»", "»": "«»", "”": "”“", "“": "”“", "„": "“”", "\"": "\""}


def _unclosed_mark_opener(text: str, state: _State, offset: int,
                          memo: AttributionMemo | None = None) -> re.Match[str] | None:
    """A quote mark opening a paragraph that never closes it, before an attribution: read like a dash.

    real2 page 149: ”Jeg er meget glad for den brede opbakning til Lars. … overlader roret til Lars,
    siger Sophie Hæstorp Andersen, og tilføjer:" (no closing ”) -> the match of the opening ”.
    """
    m = MARK_OPEN_RE.match(text)
    if m is None or any(c in text[m.end():] for c in MARK_CLOSERS[m["mark"]]):
        return None
    return m if _attribution(memo, text, m.end(), len(text), state, offset) else None


def _cut_attribution(after: str) -> bool:
    """Whether the text after a quote, to the end of the capture, is an attribution cut off mid-way.

    ", siger Kommunernes Landsforenings (KL) formand, Martin D" -> True; "“" (a closing mark) -> False.
    """
    rest = after.strip(" \n«»“”„\"'")
    return bool(rest) and not SENTENCE_STOP_RE.search(rest)


def _answered_below(prev: Block | None, nxt: Block | None, quotes: list[QuoteMention], state: _State) -> bool:
    """Whether an unattributed dash paragraph stands between narrative and an attributed dash paragraph.

    real2 page 151: "Der tilføres samtidig 67 millioner …" (narrative, no quote), "- Jeg er glad for, at vi
    har en aftale …" (no attribution), "- Aftalen kommer oveni …, siger finansminister Nicolai Wammen (S)":
    the middle paragraph is Wammen's, not the earlier speaker's. Right after a quote it stays carried.
    """
    if prev is None or nxt is None or prev.kind == "subheading" or _has_quote_in(quotes, prev):
        return False
    if DASH_OPEN_RE.match(prev.text):
        return False
    opener = DASH_OPEN_RE.match(nxt.text)
    return opener is not None and nxt.kind != "subheading" and _find_attribution(
        nxt.text, opener.end(), len(nxt.text), state, nxt.start) is not None


def _ends_with_speech_verb(text: str) -> bool:
    return bool(re.search(rf"\b(?:{VERB_ALTERNATION})\b(?:\s+\S+){{0,8}}\s*:\s*$", text))


def extract_quotes(blocks: Sequence[Block], known_people: Sequence[PersonMention] | PeopleIndex = (),
                   own_people: Sequence[PersonMention] | None = None,
                   check: Callable[[], None] | None = None) -> list[QuoteMention]:
    """Direct speech in a release's blocks, each with its speaker resolved against known_people.

    Args:
        blocks: the release's blocks in order, e.g. a paragraph "– Vi er sjokkerte over det vi er
            vitne til. Kommune-Norge ønsker å bidra, sier styreleder i KS, Gunn Marit Helgesen."
        known_people: the people of the whole document (from `extract_people` and the contacts), as
            a `PeopleIndex` (the pipeline builds one per document) or as mentions, which are indexed
            here together with the release's own people.
        own_people: `extract_people(blocks)` when the caller already has it (the pipeline does),
            so the role scan is not run twice over the same blocks; None computes it here.
        check: called before each block (a WorkBudget's check); it may raise to stop the document.

    Returns:
        One QuoteMention per stretch of direct speech, in text order, e.g. QuoteMention(text="Vi er
        sjokkerte over det vi er vitne til. Kommune-Norge ønsker å bidra", speaker_name="Gunn Marit
        Helgesen", speaker_role="styreleder", speaker_organisation="KS", reporting_verb="sier",
        attribution="explicit", ...). `text[char_start:char_end]` of the release is the quote text.
    """
    own = list(own_people) if own_people is not None else extract_people(blocks)
    if isinstance(known_people, PeopleIndex):
        index = known_people  # the document's index, which holds this release's people already
    else:
        index = PeopleIndex.build([*known_people, *own])
    state = _State(index=index, spans=MentionSpans.of(own), blocks=blocks,
                   block_starts=[b.start for b in blocks])
    quotes: list[QuoteMention] = []
    pending_pre: _Speaker | None = None
    in_list = False
    list_dash = "-"
    joined_until = -1
    for i, block in enumerate(blocks):
        if i <= joined_until:
            continue  # a paragraph already read as part of a quote that started above it
        if check is not None:
            check()
        prev = blocks[i - 1] if i else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        text = block.text
        found: list[QuoteMention] = []
        covered = Spans()
        # the attributions read before the state first moves in this block, asked for once each
        memo: AttributionMemo = {}
        joined = _join_quote_paragraphs(blocks, i, state, announced=pending_pre is not None, memo=memo)
        spanning: re.Match[str] | None = None
        if joined is not None:  # a quote over several paragraphs: read them as one block
            block, joined_until, spanning = joined
            text = block.text
            nxt = blocks[joined_until + 1] if joined_until + 1 < len(blocks) else None
            if spanning is not None:
                covered.add(*spanning.span())
        opener = DASH_OPEN_RE.match(text) or _unclosed_mark_opener(text, state, block.start, memo)
        if opener and in_list and _continues_list(text, list_dash) and not _attribution(
            memo, text, opener.end(), len(text), state, block.start
        ):
            continue  # the next item of a bullet list
        in_list = False
        if opener and block.kind != "subheading" and _is_list_item(
            block, prev, nxt, announced=pending_pre is not None
        ) and not (
            _attribution(memo, text, opener.end(), len(text), state, block.start)
        ):
            in_list = True
            list_dash = text.lstrip()[:1]
            pending_pre = None
            continue
        if opener and block.kind != "subheading" and _is_interview_question(text, nxt, state):
            continue
        if opener and block.kind != "subheading":
            pre = pending_pre or _next_attribution(nxt, state)
            has_attr = _attribution(memo, text, opener.end(), len(text), state, block.start) is not None
            intro = None if has_attr or pre else (
                _indirect_speaker(prev, state) or _introduced_speaker(prev, state, quotes)
                or _interview_answerer(blocks, i, state, quotes))
            if intro is not None:
                got, _ = _dash_run(block, opener.end(), len(text), state, need_attribution=False, pre=None,
                                   intro=intro, memo=memo)
                found += got
            elif not has_attr and not pre and _answered_below(prev, nxt, quotes, state):
                # "Narrative.\n\n– A.\n\n– B, siger finansminister Nicolai Wammen.": A is carried back
                # from B's speaker (see _dedupe), not from the speaker quoted before the narrative
                got, _ = _dash_run(block, opener.end(), len(text), state, need_attribution=False, pre=None,
                                   carry=False, memo=memo)
                found += got
            elif has_attr or pre or (state.last and not _is_list_item(block, prev, nxt)):
                got, _ = _dash_run(block, opener.end(), len(text), state, need_attribution=False, pre=pre,
                                   memo=memo)
                found += got
            elif not _is_list_item(block, prev, nxt):
                got, _ = _dash_run(block, opener.end(), len(text), state, need_attribution=False, pre=None,
                                   memo=memo)
                found += got  # kept only if the same words are quoted (with a speaker) later
            covered.add(0, len(text))
        else:
            for m in DASH_MID_RE.finditer(text):
                if covered.covers(m.start()):
                    continue
                announced = text[max(0, m.start() - 40):m.start()].rstrip().endswith(":")
                pre_found = _pre_attribution(text, m.start(), state, block.start + m.start()) if announced else None
                pre_mid = pre_found[0] if pre_found else None
                got, end = _dash_run(
                    block, m.end(), len(text), state, need_attribution=pre_mid is None, pre=pre_mid, mid=True
                )
                if got:
                    found += got
                    covered.add(m.start(), end)
        marks = list(QUOTE_MARK_RE.finditer(text)) if any(map(text.__contains__, QUOTE_MARK_CHARS)) else []
        if spanning is not None and not opener:
            marks = sorted([*marks, spanning], key=lambda m: m.start())
        for m in marks:
            if m is not spanning and covered.covers(m.start()):
                continue
            pending = pending_pre or (_next_attribution(nxt, state) if len(marks) == 1 else None)
            q = _quote_mark(block, m, state, pending, follows_quote=bool(found))
            if q:
                found.append(q)
        pending_pre = None
        if block.kind != "subheading" and text.rstrip().endswith(":"):
            pre = _pre_attribution(text, len(text), state, block.end)
            pending_pre = pre[0] if pre else None
        quotes += found
        if found:
            state.last_quote_end = max(state.last_quote_end, *(q.char_end for q in found))
    if blocks:
        # a capture cut off mid-sentence: an unattributed dash paragraph running to the end of the
        # release without a sentence end is a truncated quote, not one to keep
        end = blocks[-1].end
        quotes = [q for q in quotes if not (q.attribution == "carried" and q.char_end >= end - 1
                                            and not TERMINAL_RE.search(q.text))]
        # … and an attribution cut off: "…, siger Kommunernes Landsforenings (KL) formand, Martin D"
        # ends the capture (real2 page 150): who speaks is not known, the quote is not kept
        last = blocks[-1]
        if not TERMINAL_RE.search(last.text.rstrip()):
            quotes = [q for q in quotes if not (q.attribution == "explicit" and q.char_start >= last.start
                                                and _cut_attribution(last.text[q.char_end - last.start:]))]
    return _dedupe(quotes)


def _quote_mark(
    block: Block, m: re.Match[str], state: _State, pending: _Speaker | None, *, follows_quote: bool = False
) -> QuoteMention | None:
    """A «…» quote with a speaker next to it, or filling a paragraph after a quote; else None.

    `follows_quote` is True when an earlier quote of the same paragraph was found: a «…» that then
    closes the paragraph ("«A», sa Helgesen. «B»") is the same speaker's carried quote.
    """
    text = block.text
    inner_start = m.start() + 1
    inner_end = m.end() - 1
    inner = text[inner_start:inner_end]
    if len(inner.split()) < 3:
        return None
    if NAMED_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
        return None
    at = ATTR_AT_RE.match(text, m.end()) or (
        DET_ATTR_AT_RE.match(text, m.end()) if inner.rstrip()[-1:] in ".!?" else None)
    if at:
        state.quote_start = block.start + m.start()
        spk_start = at.end()
        spk_end = _sentence_end(text, spk_start, len(text))
        speaker = _parse_speaker(text[spk_start:spk_end], state, block.start + spk_start)
        verb = at.group("verb").lower()
        if speaker and verb in WRITING_VERBS and not _is_person(speaker, state):
            return None  # "«…», skriver KS i en pressemelding.": an organisation's text, not speech
        if speaker:
            if speaker.name:
                _set_last(state, speaker)
            return _mention(block, inner_start, inner_end, speaker, verb, "explicit")
    opens_block = not text[max(0, m.start() - PRE_WINDOW):m.start()].strip() and (
        m.start() <= PRE_WINDOW or not text[:m.start()].strip())
    pre = None if opens_block else _pre_attribution(text, m.start(), state, block.start + m.start())
    if pre:
        speaker, verb = pre
        if verb and verb.lower() in WRITING_VERBS and not _is_person(speaker, state):
            return None  # "Om førstnevnte skriver Fylkesmannen: «…»": an organisation's text, not speech
        state.last = speaker if speaker.name else state.last
        return _mention(block, inner_start, inner_end, speaker, verb, "explicit")
    closing = bool(ONLY_DOTS_RE.match(text, m.end()))
    whole = opens_block and closing
    if follows_quote and closing and state.last and (
            SENTENCE_CLOSED_RE.search(text, max(0, m.start() - 40), m.start())
            # "”A”, sagde statsministeren, ”B”.": the attribution in the middle of one sentence
            or text[max(0, m.start() - 3):m.start()].rstrip().endswith(",")):
        return _mention(block, inner_start, inner_end, state.last, None, "carried")
    if whole and pending:
        return _mention(block, inner_start, inner_end, pending, pending.verb, "explicit")
    if whole and state.last:
        return _mention(block, inner_start, inner_end, state.last, None, "carried")
    return None


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    """Casefolded words of a quote joined by single spaces (cached: compared pairwise in _dedupe)."""
    return NON_WORD_RE.sub(" ", text.casefold()).strip()


# Words of the opening a pull-quote shares with the longer quote it repeats: the look-up key of
# _longer_quotes (a quote of fewer words is never read as a pull-quote).
PULL_QUOTE_MIN_WORDS = 5


def _longer_quotes(keys: list[str]) -> dict[tuple[str, ...], list[int]]:
    """Every run of PULL_QUOTE_MIN_WORDS consecutive words of every quote key -> the quotes holding it.

    Built once per release, so finding the longer quote a pull-quote repeats is a look-up, not a
    comparison with every other quote (which was quadratic in quotes per document).
    """
    grams: dict[tuple[str, ...], list[int]] = {}
    n = PULL_QUOTE_MIN_WORDS
    for i, key in enumerate(keys):
        words = key.split()
        for k in range(len(words) - n + 1):
            holders = grams.setdefault(tuple(words[k:k + n]), [])
            if not holders or holders[-1] != i:
                holders.append(i)
    return grams


def _repeats_longer_quote(i: int, quotes: list[QuoteMention], keys: list[str],
                          grams: dict[tuple[str, ...], list[int]]) -> bool:
    """True when quotes[i] (five words or more, not attributed to someone else) is part of a longer quote.

    A pull-quote line «Staten kan ikke la kommunene sitte igjen med regningen» repeats the opening
    of the body quote "Staten kan ikke la kommunene sitte igjen med regningen. Vi forventer …".
    A longer quote holding this one holds each of its word runs: only the holders of its rarest run
    are compared.
    """
    q, key = quotes[i], keys[i]
    words = key.split()
    n = PULL_QUOTE_MIN_WORDS
    if len(words) < n:
        return False
    rarest = min((grams[tuple(words[k:k + n])] for k in range(len(words) - n + 1)), key=len)
    for j in rarest:
        other, longer = quotes[j], keys[j]
        if j == i or len(longer) <= len(key) or f" {key} " not in f" {longer} ":
            continue
        if q.attribution != "explicit" or q.speaker_name in (None, other.speaker_name):
            return True
    return False


def _dedupe(quotes: list[QuoteMention]) -> list[QuoteMention]:
    """One quote per text: a pull-quote repeated later is one quote, keeping the attributed copy.

    Unattributed speaker-less candidates (a dash paragraph before any quote) survive only when
    the same words are quoted again with a speaker.
    """
    by_text: dict[str, QuoteMention] = {}
    order: list[str] = []
    for q in quotes:
        key = _norm(q.text)
        old = by_text.get(key)
        if old is None:
            by_text[key] = q
            order.append(key)
        elif old.attribution != "explicit" and q.attribution == "explicit" and q.speaker_name is not None:
            by_text[key] = q  # a pull-quote line printed before the attributed body quote
        elif old.speaker_name is None and q.speaker_name is not None:
            by_text[key] = replace(
                old,
                speaker_name=q.speaker_name,
                speaker_as_written=q.speaker_as_written,
                reporting_verb=q.reporting_verb,
                attribution=q.attribution,
                speaker_role=q.speaker_role,
                speaker_organisation=q.speaker_organisation,
            )
    kept = [by_text[key] for key in order]
    keys = [_norm(q.text) for q in kept]
    grams = _longer_quotes(keys)
    kept = [q for i, q in enumerate(kept) if not _repeats_longer_quote(i, kept, keys, grams)]
    out = []
    for i, q in enumerate(kept):
        if q.speaker_name is None and q.speaker_as_written is None and q.attribution == "carried":
            nxt = kept[i + 1] if i + 1 < len(kept) else None
            # "– A.\n\n– B, sier X.": a quote over two paragraphs, attributed at its end
            if nxt is not None and nxt.speaker_name and nxt.char_start - q.char_end <= 6:
                out.append(replace(q, speaker_name=nxt.speaker_name))
            continue
        out.append(q)
    return out
