"""Monetary amounts in Norwegian (bokmål, nynorsk), Swedish and Danish press text.

`extract_amounts` turns one block of text into `AmountMention`s: value (Decimal, in units of the
currency), currency (ISO 4217), qualifier and the span as printed. It reads digits with `.`/space
thousands separators and `,` decimals, number words ("en halv milliard", "halvannen million"),
scale words and abbreviations (tusen, mill., mrd., mia., mnkr), currencies before or after the
number, qualifiers (ca., mer enn, opptil …) and ranges ("mellom 3 og 4,5 mrd. kroner").

Design, so that it stays fast (one pass, no catastrophic backtracking):
1. a cheap pre-check skips blocks without any currency-ish token;
2. one compiled regex finds digit numbers, number-word runs are found backwards from scale and
   currency words; every other piece (scale, currency, range, qualifier) is an anchored
   `match` or a `\\Z`-anchored search in a short window at a known position;
3. a number with a scale but no currency ("5 millioner i 2024") borrows the currency of the nearest
   amount in the same sentence; without one it is dropped ("5 millioner innbyggere").

Deliberate choices (documented in docs/eval_amounts.md too):
- nesten/snaut/knapt/nærmere → "about" (the writer gives an approximation, not a bound);
  drøyt/drøye/drygt → "more_than" (they only ever mean "a little more than");
- plain kroner/kr is NOK unless the caller passes language="da"/"sv"; Swedish-only words in the
  amount (kronor, miljoner, mnkr) make it SEK and Danish-only abbreviations (mio., mia.) make it DKK;
- "billion" after a number other than one is English (10^9); "billioner"/"en billion" is 10^12;
- "fra 28 til 40 millioner kroner" is a change, two exact amounts (the warehouse contract), as is
  "fra 2 millioner kroner til 3 millioner kroner"; it is one range only when a preposition or a
  verb of being or costing stands right before "fra" ("et tilskudd på fra 2 til 3 millioner
  kroner", "Billettene koster fra 200 til 400 kroner");
- a negation up to two words before "mer enn"/"mindre enn" turns the bound round ("regjeringen
  ikke bevilger mer enn 100 millioner kroner" → at_most);
- a scaled number with no currency borrows one from an amount of its sentence, else from a bare
  currency word of the sentence ("en kvart milliard …, mens den ikke har funnet en eneste krone"),
  else it is kroner when a money word stands in its clause;
- thousands may be grouped by spaces (also thin/narrow), dots, apostrophes (1'218'300, 1’218’300)
  or an invisible soft hyphen / zero-width space left in the page;
- a bounding label before a colon ("- Maks utbetaling per hendelse: 150 millioner kroner") gives
  at_most ("Minste …:" at_least).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Context, Decimal, InvalidOperation

from transform.models import AmountMention
from transform.text import DASH
from transform.wordlists import DATA_DIR, load_sections

__all__ = ["extract_amounts", "format_amount"]

# Arithmetic context wide enough that DECIMAL(38,2) checks never round or raise.
_CTX = Context(prec=80)
_CENT = Decimal("0.01")
# The warehouse column is DECIMAL(38,2), but anything at or above 10^16 (ten quadrillion) in any
# currency is a typo or a nonsense string, not money: larger than any national budget even in yen.
MAX_VALUE = Decimal(10) ** 16

_SP = "[ \u00a0\u202f]"  # ordinary, non-breaking and narrow non-breaking space
# Between groups of three digits: spaces (also thin), apostrophes (1'218'300, 1’218’300) and the
# invisible soft hyphen / zero-width space a page may leave inside a number ("1\u00ad218\u00ad300").
_GROUP_SEP = "[ \u00a0\u202f\u2009'\u2019\u00ad\u200b]"
_GROUP_SEP_CHARS = str.maketrans("", "", " \u00a0\u202f\u2009'\u2019\u00ad\u200b")

# --------------------------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------------------------
_UNITS: dict[str, int] = {
    # bokmål / nynorsk
    "null": 0, "en": 1, "ett": 1, "ei": 1, "ein": 1, "eitt": 1, "to": 2, "tre": 3, "fire": 4,
    "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11,
    "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17,
    "atten": 18, "nitten": 19,
    # Swedish
    "två": 2, "fyra": 4, "sex": 6, "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "femton": 15,
    # Danish
    "én": 1, "et": 1, "ét": 1, "otte": 8,
}
_TENS: dict[str, int] = {
    "tjue": 20, "tretti": 30, "førti": 40, "femti": 50, "seksti": 60, "sytti": 70, "åtti": 80,
    "nitti": 90, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60,
    "sjuttio": 70, "åttio": 80, "nittio": 90, "tyve": 20, "tredive": 30, "fyrre": 40,
    "halvtreds": 50, "tres": 60, "halvfjerds": 70, "firs": 80, "halvfems": 90,
}
_HUNDRED = {"hundre", "hundra", "hundrede"}
_HALF_AND_ONE = {"halvannen", "halvanna", "halvannan", "halvanden"}  # 1.5
_FRACTIONS = {"halv": Decimal("0.5"), "halvt": Decimal("0.5"), "kvart": Decimal("0.25")}


def _compound_tens() -> dict[str, int]:
    """tjuefem → 25, trettitre → 33 (Norwegian/Swedish compounds written as one word)."""
    out: dict[str, int] = {}
    for tens_word, tens in _TENS.items():
        for unit_word in ("en", "ett", "ein", "to", "tre", "fire", "fem", "seks", "sju", "syv",
                          "åtte", "ni", "två", "fyra", "sex", "åtta", "nio"):
            out[tens_word + unit_word] = tens + _UNITS[unit_word]
    return out


# Swedish writes the hundreds as one word: "femhundra tusen kronor", "tvåhundra miljoner".
_SV_HUNDREDS = {unit + "hundra": _UNITS[unit] * 100
                for unit in ("ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio")}
_WORD_VALUES: dict[str, int] = {**_UNITS, **_TENS, **_compound_tens(), **_SV_HUNDREDS}
_LAST_PART_RE = re.compile(DASH)  # "tre–fire" → check "fire"
_WORD_SET = frozenset([*_WORD_VALUES, *_HUNDRED, *_HALF_AND_ONE, *_FRACTIONS])
_ALL_WORDS = sorted(
    [*_WORD_VALUES, *_HUNDRED, *_HALF_AND_ONE, *_FRACTIONS], key=len, reverse=True
)

# Scale words and abbreviations → (multiplier, marker). The marker tags Swedish- or
# Danish-only spellings so that a following "kr" can be read as SEK/DKK.
_THOUSAND = Decimal(1000)
_MILLION = Decimal(10) ** 6
_BILLION = Decimal(10) ** 9  # Norwegian "milliard"
_TRILLION = Decimal(10) ** 12  # Norwegian "billion"

SCALE_RE = re.compile(
    _SP + r"*(?:"
    r"(?P<thousand>(?i:tusen|tusind|thousand)(?!\w))"
    r"|(?P<mill_sv>(?i:miljoner|miljon|mn)(?!\w))"
    r"|(?P<mill_da>(?i:mio)(?:\.(?!\w)|(?![\w.])))"
    r"|(?P<mill>(?i:millioner|millionar|million)(?!\w)|(?i:mill|mln)(?:\.(?!\w)|(?![\w.])))"
    r"|(?P<bill_sv>(?i:miljarder|miljard|mdr)(?:\.(?!\w)|(?![\w.])))"
    r"|(?P<bill_da>(?i:mia)(?:\.(?!\w)|(?![\w.])))"
    r"|(?P<bill>(?i:milliarder|milliardar|milliard)(?!\w)|(?i:mrd|bn)(?:\.(?!\w)|(?![\w.])))"
    r"|(?P<trill>(?i:billioner|billionar|billion)(?!\w))"
    r")"
)

# Swedish glued scale+currency: 500 mnkr, 25 mdkr, 300 tkr (always SEK).
GLUED_SEK_RE = re.compile(_SP + r"*(?P<g>mnkr|mkr|Mkr|mdkr|mdkr\.|tkr)(?![\w])")
_GLUED_SEK = {"tkr": _THOUSAND, "mkr": _MILLION, "Mkr": _MILLION, "mnkr": _MILLION,
              "mdkr": _BILLION, "mdkr.": _BILLION}
# Finance shorthand: 3,25 MNOK, 40 kNOK, 1,2 MEUR, 2 BNOK / GNOK.
GLUED_CODE_RE = re.compile(
    _SP + r"*(?P<scale>[kKMBG])(?P<code>NOK|SEK|DKK|EUR|USD|GBP)(?![\w])"
)
PREFIX_GLUED_CODE_RE = re.compile(
    r"(?<![\w.])(?P<scale>[kKMBG])(?P<code>NOK|SEK|DKK|EUR|USD|GBP)" + _SP + r"*\Z"
)
_GLUED_CODE_SCALE = {"k": _THOUSAND, "K": _THOUSAND, "M": _MILLION, "B": _BILLION, "G": _BILLION}

_ADJ_CURRENCY = {
    "norske": "NOK", "norska": "NOK", "danske": "DKK", "danska": "DKK", "svenske": "SEK",
    "svenska": "SEK", "islandske": "ISK", "amerikanske": "USD", "amerikanska": "USD",
    "kanadiske": "CAD", "australske": "AUD", "britiske": "GBP", "sveitsiske": "CHF",
}
_WORD_CURRENCY = {
    "kronene": "KR", "kronane": "KR", "kronerne": "DKK", "kronorna": "SEK", "euroene": "EUR",
    "euroane": "EUR", "dollarene": "USD", "dollarane": "USD",  # definite plurals
    "kroner": "KR", "krone": "KR", "kroners": "KR", "kr": "KR", "kr.": "KR", "kronor": "SEK",
    "krona": "SEK", "kronur": "ISK", "euro": "EUR", "euros": "EUR", "€": "EUR",
    "dollar": "USD", "dollars": "USD", "us-dollar": "USD", "$": "USD", "us$": "USD",
    "pund": "GBP", "£": "GBP", "franc": "CHF",
}
_CODES = ("NOK", "SEK", "DKK", "EUR", "USD", "GBP", "ISK", "CHF", "CAD", "AUD", "JPY")

_CURRENCY_WORD = (
    r"(?P<word>(?i:kronene|kronane|kronerne|kronorna|euroene|euroane|dollarene|dollarane"
    r"|kroners|kroner|krone|kronor|krona|kronur|euros|euro|us-dollar|dollars|dollar"
    r"|pund|franc)(?!\w)|(?i:kr)(?:\.(?!\w)|(?![\w.])))"
)
_CURRENCY_CODE = r"(?P<code>" + "|".join(_CODES) + r")(?![\w])"
_CURRENCY_SYMBOL = r"(?P<sym>€|US\$|\$|£)"
_ADJ = r"(?:(?P<adj>(?i:" + "|".join(_ADJ_CURRENCY) + r"))" + _SP + r"+)?"

# Currency after the number: "kroner", "norske kroner", "2025-kroner", "NOK", "€", ",-".
CURRENCY_AFTER_RE = re.compile(
    _SP + r"*(?:" + _ADJ + r"(?:\d{4}-)?" + _CURRENCY_WORD + "|" + _CURRENCY_CODE + "|"
    + _CURRENCY_SYMBOL + r")"
    r"|(?P<dash>,[-–](?![\w-]))"
)
# Currency before the number: "kr 450 000", "NOK 12.5 million", "€58 000", "$5".
CURRENCY_BEFORE_RE = re.compile(
    r"(?<![\w.])(?:(?P<word>(?i:kr)\.?)|" + _CURRENCY_CODE + "|" + _CURRENCY_SYMBOL + r")"
    + _SP + r"*\Z"
)

# Digits: 58.000 | 1 500 000 | 1,500,000 (English) | 2,5 | 12.5 (English decimal).
_DIGITS = (
    r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?"
    r"|\d{1,3}(?:" + _GROUP_SEP + r"\d{3})+(?:,\d+)?"
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?"
    r"|\d+(?:,\d+)?"
    r"|\d+\.\d{1,2})"
    r"(?!\d|[.,]\d)"
)
_WORD_ALT = "(?:" + "|".join(_ALL_WORDS) + r")(?![\w-])"
# Inside a run, "og" only joins "to og en halv" and "hundre og femti"; "tre og fire" is a range.
_HALF_AHEAD = r"(?=(?:en|ei|ein|ett|et|eit)" + _SP + r"+(?:halv|kvart))"
_AFTER_HUNDRED = r"(?:(?<=hundre)|(?<=hundra)|(?<=hundrede))"
_WORDS = (
    _WORD_ALT + r"(?:(?:" + _SP + r"+(?:og|och)" + _SP + r"+" + _HALF_AHEAD + "|" + _AFTER_HUNDRED + _SP
    + r"+og" + _SP + r"+|" + _SP + r"+|-)" + _WORD_ALT + r")*"
)
# Digit numbers, not glued to a word, a decimal part or a phone "+". The leading (?=\d) lets the
# regex engine skip quickly to the next digit before it evaluates the look-behind. A number opening with
# a zero and another digit is none a writer prints ("55 00 000 kr", real2 121, read "00 000 kr" = 0):
# a misprint or a code ("0 kroner" and "0,50 kroner" are read).
DIGIT_CORE_RE = re.compile(r"(?=\d)(?<![\w.,+/§])(?!0\d)(?P<digits>" + _DIGITS + r")")
# Number words are found backwards from a scale or currency word ("… en million kroner"), so the
# many "en"/"to"/"et" articles in ordinary prose never reach the parser.
WORD_ANCHOR_RE = re.compile(
    r"(?<![\w])(?i:tus|mil|mrd|mdr|mia|mio|mn|bill|kr|euro|dollar|pund|[kmbg]?(?:nok|sek|dkk|eur|usd))"
)
WORDS_BEFORE_RE = re.compile(r"(?<![\w-])(?P<words>(?i:" + _WORDS + r"))" + _SP + r"+\Z")
# The low end of a word range before a run: "tre–" in "tre–fire millioner", "fem til".
WORDS_RANGE_BEFORE_RE = re.compile(
    r"(?<![\w-])(?P<words>(?i:" + _WORDS + r"))(?:" + _SP + r"*" + DASH + _SP + r"*|" + _SP
    + r"+(?i:til|og|och|till)" + _SP + r"+)\Z"
)
# The high end of a range, at a known position (no look-behind: "3–4" is fine).
NUMBER_AT_RE = re.compile(r"(?P<digits>" + _DIGITS + r")|(?P<words>(?i:" + _WORDS + r"))")

# Range separators after the low end: "–", "-", "til", "till", "to" (English), "og"/"och"/"and"
# (the latter three only after "mellom"/"mellan"/"mellem"/"between").
RANGE_SEP_RE = re.compile(
    _SP + r"*(?:(?P<dash>" + DASH + r")" + _SP + r"*|(?P<til>(?i:til|till|to))" + _SP + r"+"
    r"|(?P<og>(?i:og|och|and))" + _SP + r"+|(?P<eller>(?i:eller|or))" + _SP + r"+)"
)
RANGE_INTRO_RE = re.compile(
    r"(?<!\w)(?P<intro>(?P<between>(?i:mellom|mellem|mellan|between))|(?i:fra|frå|från|from))"
    + _SP + r"+\Z"
)

# Qualifiers right before the amount, longest phrases listed first inside each group.
_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "at_most": (
        "ikke mer enn", "ikkje meir enn", "ikke over", "ikkje over", "inte mer än",
        "ikke mere end", "høyst", "høgst", "högst", "højst", "maksimalt", "maksimum",
        "maximalt", "maks\\.", "maks", "max\\.", "max", "at most",
    ),
    "at_least": (
        "ikke mindre enn", "ikkje mindre enn", "ikke under", "ikkje under", "inte mindre än",
        "ikke mindre end", "som minimum", "minimum", "minst", "mindst", "at least",
    ),
    "up_to": (
        "på opptil", "på inntil", "opptil", "inntil", "opp til", "upp till", "op til", "up to",
    ),
    "more_than": (
        "i overkant av", "drøyt", "drøye", "drygt", "dryga", "vel", "mer enn", "mer en", "meir enn", "mere enn",
        "flere enn", "fleire enn", "mer än", "fler än", "mere end", "mer end", "flere end",
        "more than", "over", "över",
        "above",
    ),
    "less_than": (
        "i underkant av", "mindre enn", "mindre en", "færre enn", "færre en", "mindre än",
        "färre än", "mindre end", "færre end", "less than", "fewer than", "under", "below",
    ),
    "about": (
        "i størrelsesorden", "rundt regnet", "om lag", "omlag", "ca\\.", "ca", "cirka", "circa",
        "rundt", "runt", "omkring", "kring", "omtrent", "ungefär", "anslagsvis", "nesten",
        "nærmere", "nærmare", "nærare", "närmare", "nær", "nära", "nästan", "næsten", "snaut", "små",
        "uppemot", "upp emot",
        "snaue", "knapt", "knappt", "knap", "bortimot", "oppimot", "opp mot", "op mod", "godt", "approximately",
        "around", "about", "almost", "nearly", "roughly",
        # Swedish and Danish approximations
        "i storleksordningen", "i størrelsesordenen", "i omegnen af", "inemot", "tæt på", "op imod",
    ),
}
QUALIFIER_RE = re.compile(
    r"(?<![\w])(?i:"
    + "|".join(
        f"(?P<{name}>" + "|".join(p.replace(" ", _SP + "+") for p in phrases) + ")"
        for name, phrases in _QUALIFIERS.items()
    )
    + r")" + _SP + r"*\Z"
)

# A negation up to two words before "mer enn"/"mindre enn" turns the bound round: "regjeringen
# ikke bevilger mer enn 100 millioner kroner" is at most 100 millioner ("ikke mer enn" is listed).
NEGATION_BEFORE_RE = re.compile(
    r"(?<!\w)(?i:ikke|ikkje|inte|ej|not)(?:" + _SP + r"+\w+){0,2}" + _SP + r"+\Z"
)
_NEGATED = {"more_than": "at_most", "less_than": "at_least"}

# Qualifiers after the amount: "2 milliarder kroner eller mer".
TRAILING_QUALIFIER_RE = re.compile(
    _SP + r"+(?:(?P<at_least>(?i:eller|or)" + _SP + r"+(?i:mer|meir|mere|fler|flere|fleire|more))"
    r"|(?P<at_most>(?i:eller|or)" + _SP + r"+(?i:mindre|less)))(?!\w)"
)

# What may follow a number+scale that borrows its currency ("5 millioner i 2024 og 7 millioner
# kroner i 2025"): punctuation or a function word, never a noun ("5 millioner innbyggere").
CARRY_FOLLOW_RE = re.compile(
    _SP + r"*(?:\Z|[\n.,;:!?)\]»”\"–—-]|(?i:i|til|på|for|fra|frå|og|eller|men|mens|per|pr|som"
    r"|hvert|kvart|årlig|årleg|ekstra|mer|meir|mindre|neste|totalt|samlet|samla|innen|innan"
    r"|over|under|siden|sidan|sedan|med|ved|fordelt|til sammen|i året|om året|in|to|and|or|till|för|och|eller|om|år"
    r"|året|each|a|dertil|nästa|næste|kommende|kommande|tidligere|i fjor"
    # a year right after: "3,4 miljarder kronor 2025 och 3,8 miljarder 2026"
    r"|(?:19|20)\d\d(?![\d-]))(?![\w]))"
)

# Pre-check: an amount needs a currency token somewhere in the block. Plain substring tests run at
# C speed; a regex alternation over every block was the slowest step of the whole extractor.
_CASED_TOKENS = ("€", "$", "£", ",-", ",–", *_CODES)
_LOWER_TOKENS = ("kron", "euro", "dollar", "pund", "franc")


def _may_hold_amount(text: str) -> bool:
    """True when text holds a currency token: 'kroner', 'kr' (not 'krig'), 'NOK', '€', ',-' …"""
    low = text.lower()
    # unrolled on purpose: a chain of `in` tests is three times faster than a loop or a regex
    if not (
        "kr" in low or "eur" in low or "nok" in low or "sek" in low or "dkk" in low
        or "$" in low or "£" in low or "€" in low or ",-" in low or ",–" in low or "usd" in low
        or "gbp" in low or "pund" in low or "dollar" in low or "franc" in low or "isk" in low
        or "chf" in low or "cad" in low or "aud" in low or "jpy" in low
    ):
        return _may_hold_bare_money(text, low)
    for token in _CASED_TOKENS:
        if token in text:
            return True
    for token in _LOWER_TOKENS:
        if token in low:
            return True
    i = low.find("kr")
    while i != -1:
        following = low[i + 2:i + 3]
        if not following.isalpha():  # "kr", "kr.", "mnkr", "kr500"; not "krig", "krevende"
            return True
        i = low.find("kr", i + 2)
    return _may_hold_bare_money(text, low)


# Any million/billion scale (millioner, milliard, miljoner, mrd, mia., mio., mln, mdr); a single
# compiled search is twice as fast as a chain of substring tests here.
_SCALE_HINT_RE = re.compile(r"m(?:il|rd|ia|io|ln|dr)")


# A letter anywhere in a block: a block without one ("19,- 209,-") is a price tag, not a sentence.
_LETTER_RE = re.compile(r"[^\W\d_]")


def _is_price_tags(text: str) -> bool:
    """True for a block with no word at all, only figures and price marks: a shop's or an ad's price
    line ("19,- 209,-" under "Nett 1 mnd" on a newspaper page, real3 323), not a release amount.
    A table cell naming its currency ("48 600 000 kr") has a word and is read.
    """
    return _LETTER_RE.search(text) is None


def _may_hold_bare_money(text: str, low: str) -> bool:
    """True when text has a million/billion scale and a money word ("Staten brukar 3,2 mrd. på …")."""
    if _SCALE_HINT_RE.search(low) is None:
        return False
    return MONEY_CONTEXT_RE.search(text) is not None


def _number_cores(text: str) -> list[re.Match[str]]:
    """Digit numbers and number-word runs (those right before a scale or currency), in order."""
    cores = list(DIGIT_CORE_RE.finditer(text))
    word_starts: set[int] = set()
    for anchor in WORD_ANCHOR_RE.finditer(text):
        a = anchor.start()
        # cheap filter before the big alternation: the word right before must be a number word
        previous = text[max(0, a - 20):a].rstrip(" \u00a0\u202f").rsplit(None, 1)[-1:]
        if not previous or _LAST_PART_RE.split(previous[0])[-1].lower() not in _WORD_SET:
            continue
        run = WORDS_BEFORE_RE.search(text, max(0, a - 60), a)
        if run is None:
            continue
        start = run.start()
        low = WORDS_RANGE_BEFORE_RE.search(text, max(0, start - 40), start)
        word_starts.add(low.start() if low else start)
    for start in word_starts:
        m = NUMBER_AT_RE.match(text, start)
        if m is not None and m.group("words") is not None:
            cores.append(m)
    if word_starts:
        cores.sort(key=lambda m: m.start())
    return cores


# Sentence ends: . ! ? … (plus closing quotes) followed by space and a capital, digit or dash;
# a newline always ends a sentence. Abbreviations before the period are skipped.
SENTENCE_END_RE = re.compile(
    r"[.!?…][\"”»)']*" + r"[ \t\u00a0]+(?=(?:[\"«“]|" + DASH + r")?" + _SP + r"*[A-ZÆØÅÄÖÉÜ0-9])|\n+"
)
ABBREVIATION_BEFORE_RE = re.compile(
    r"(?<![\w.])(?i:ca|nr|kl|jf|jfr|pr|bl\.a|f\.eks|dvs|inkl|ekskl"
    r"|evt|ev|mnd|tlf|tel|kap|pkt|art|st|prof|dr|mv|m\.m|o\.l|vs|resp|maks|max|ref)\.\Z"
)
# "3 mill. kr. Det dekker …" ends a sentence, "3 mrd. NOK" and "kr. 500" do not.
UNIT_ABBREVIATION_BEFORE_RE = re.compile(r"(?<![\w.])(?i:kr|mill|mln|mrd|mdr|mio|mia)\.\Z")
CURRENCY_CODE_AHEAD_RE = re.compile(r"\s*(?:" + "|".join(_CODES) + r")(?!\w)")

# A bare number next to other digits is part of a phone number, a date or a table row.
DIGIT_BEFORE_RE = re.compile(r"\d[ \u00a0./:-]?\Z")
DIGIT_AHEAD_RE = re.compile(r"[ \u00a0./:-]?\d")

# Words that make a following number word vague: "flere hundre millioner", "noen få tusen".
VAGUE_BEFORE_RE = re.compile(
    r"(?<!\w)(?i:flere|fleire|noen|nokre|mange|par|få|flera|några|adskillige|flere|mange)"
    + _SP + r"+\Z"
)

_FOUR_DIGIT_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d\Z")
# "Beløpene er oppgitt i 2024 kroner", "i faste 2023 kroner": a price base year, not an amount.
PRICE_BASE_BEFORE_RE = re.compile(r"(?<!\w)(?i:i|faste|løpende|løpande|fasta|løbende)" + _SP + r"+\Z")

# "fra X til Y" is a change (the old and the new value: two exact amounts, as the warehouse
# contract says for "fra 28 til 40 millioner kroner"; "Tilskuddet økes fra 210 til 183 millioner
# kroner"), unless the word right before "fra" makes it a span of one amount: a preposition or a
# verb of being or costing ("et tilskudd på fra 200 000 til 400 000 kroner", "økes med fra 20 til
# 30 millioner", "Ramma er frå 3 til 5 millionar kroner", "Billettene koster fra 200 til 400
# kroner", "Anslagene spriker fra 3 til 4 milliarder kroner").
SPAN_BEFORE_FROM_RE = re.compile(
    r"(?<!\w)(?i:på|med|om|er|var|blir|ble|bli|vert|vart|ligger|ligg|låg|koster|kostar|kostet"
    r"|kosta|utgjør|utgjer|varierer|varierar|variera|varierte|spriker|sprik|spenner|strekker"
    r"|är|blev|bliver|blive|koste|udgør|utgör|mellan|mellem)"
    + _SP + r"+(?i:fra|frå|från|from)" + _SP + r"+\Z"
)

# A label that bounds the amount after its colon: "- Maks utbetaling per hendelse: 150 millioner
# kroner" (at_most), "Minste tilskudd: 50 000 kroner" (at_least). The label starts a line or the
# block, after an optional bullet, and holds no digits.
LABEL_QUALIFIER_RE = re.compile(
    r"(?:\A|\n)[ \t]*(?:(?:" + DASH + r"|[•*▪])[ \t]*)?(?i:"
    r"(?P<at_most>maks\.?|maksimal[et]?|maksimum|max\.?|maximal[at]?|høyeste|høgaste|høgste"
    r"|högsta|højeste|øvre" + _SP + r"+grense)"
    r"|(?P<at_least>minste|minimal[et]?|minimum|min\.|laveste|lågaste|lägsta|mindste"
    r"|nedre" + _SP + r"+grense))"
    r"(?:" + _SP + r"[^:\n\d]{0,60})?:" + _SP + r"*\Z"
)

# Words that make a sentence about money, so that "3,2 mrd." or "3 millioner i året" with no currency
# anywhere in the sentence is read as kroner: costs, budgets, revenue, spending, grants, transfers,
# deficits (bokmål, nynorsk, Swedish, Danish). Word starts, so inflected forms match too. An allow
# list on purpose: "5 millioner innbyggere" or "2 mrd. kubikkmeter" never get a currency.
MONEY_CONTEXT_RE = re.compile(
    # anywhere in a word: "statsbudsjettet", "lønnskostnader", "driftsutgifter", "skatteinntekter"
    r"(?i:budsjet|budget|kostnad|kostnan|utgift|udgift|inntekt|intäkt|indtægt|tilskud|tilskot"
    r"|tilskott|overføring|overførsel|underskud|underskot|underskott|overskud|overskot|överskott"
    r"|etterslep|gebyr|avgift|investering|prislapp"
    # at a word start: "koster", "kostet", "bevilger", "løyver", "betaler", "pengane"
    r"|(?<!\w)(?:kost|bevilg|løyv|kompens|finansier|beløp|belopp|beløb|pengar|penger|penge|lån"
    r"|gjeld|skuld|gæld|innspar|besparel|betal|regningen|omsetning|omsättning|omsætning"
    # Danish "afsætter/afsat" (sets aside), Swedish "satsar/satsas/satsning" (invests)
    r"|afsæt|afsat|satsar|satsas|satsning)"
    # whole words only: "bruker" (not "brukere"), "pris" (not "prisvinner")
    r"|(?<!\w)(?:bruker|brukar|brukte|brukt|bruger|brugte|bruges|använder|spart|sparer|sparar"
    r"|midler|midlene|midlane|ramma|rammen|rammer|ramme|pris|prisen)(?!\w))"
)
_MONEY_CLAUSE_END_RE = re.compile(r"[,;:()«»\"”]")
# A currency word with no number of its own in the sentence ("… mens den ikke har funnet en
# eneste krone til fylkesveiene") makes the sentence's scaled numbers money in that currency.
BARE_CURRENCY_RE = re.compile(
    r"(?<!\w)(?P<word>(?i:kronene|kronane|kronerne|kronorna|kroners|kroner|krone|kronor|krona"
    r"|euroene|euroane|euros|euro)(?!\w))"
)


# --------------------------------------------------------------------------------------------
# number parsing
# --------------------------------------------------------------------------------------------
def _parse_digits(raw: str) -> Decimal:
    """'1 500 000' → 1500000, '58.000' → 58000, '2,5' → 2.5, '12.5' → 12.5, '1,500,000' → 1500000."""
    s = raw.translate(_GROUP_SEP_CHARS)
    if s.count(",") >= 2:  # English thousands commas
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    return Decimal(s)


def _parse_words(raw: str) -> Decimal | None:
    """'to hundre og femti' → 250, 'en halv' → 0.5, 'halvannen' → 1.5, 'to og en halv' → 2.5."""
    total = Decimal(0)
    last_unit: Decimal | None = None
    seen = False
    for token in re.split(r"[\s\-]+", raw.lower()):
        if not token or token in ("og", "och"):
            continue
        seen = True
        if token in _WORD_VALUES:
            last_unit = Decimal(_WORD_VALUES[token])
            total += last_unit
        elif token in _HUNDRED:
            # "to hundre" multiplies what came before; "hundre" alone is 100
            total = (total or Decimal(1)) * 100
            last_unit = None
        elif token in _HALF_AND_ONE:
            total += Decimal("1.5")
            last_unit = None
        elif token in _FRACTIONS:
            fraction = _FRACTIONS[token]
            if last_unit is not None:  # "en halv", "tre kvart": the unit counts the fraction
                total += last_unit * fraction - last_unit
            else:
                total += fraction
            last_unit = None
        else:
            return None
    return total if seen else None


def _core_value(m: re.Match[str]) -> Decimal | None:
    """Value of a number core match (digits or number words), None when the words do not parse."""
    groups = m.groupdict()
    if groups.get("digits") is not None:
        return _parse_digits(groups["digits"])
    return _parse_words(groups.get("words") or "")


def _scale_at(text: str, pos: int) -> tuple[Decimal, int, str | None] | None:
    """Multiplier, end position and language marker of scale words starting at pos, or None."""
    mult = Decimal(1)
    marker: str | None = None
    found = False
    end = pos
    for _ in range(2):  # "tusen millioner" at most: two scale words in a row
        m = SCALE_RE.match(text, end)
        if not m:
            break
        kind = m.lastgroup
        if kind == "thousand":
            mult *= _THOUSAND
            if m.group(kind).lower() == "tusind":
                marker = "da"
        elif kind in ("mill", "mill_sv", "mill_da"):
            mult *= _MILLION
        elif kind in ("bill", "bill_sv", "bill_da"):
            mult *= _BILLION
        elif kind == "trill":
            mult *= _TRILLION
        if kind and kind.endswith("_sv"):
            marker = "sv"
        elif kind and kind.endswith("_da"):
            marker = "da"
        end = m.end()
        found = True
    return (mult, end, marker) if found else None


def _currency_from_match(m: re.Match[str]) -> str:
    """ISO code (or 'KR' for a kroner word still to be resolved) of a currency match."""
    groups = m.groupdict()
    if groups.get("dash"):
        return "KR"
    if groups.get("code"):
        return groups["code"]
    if groups.get("sym"):
        return _WORD_CURRENCY[groups["sym"].lower()]
    word = (groups.get("word") or "").lower()
    currency = _WORD_CURRENCY.get(word, "KR")
    adj = groups.get("adj")
    if adj and currency in ("KR", "USD", "GBP", "CHF", "SEK"):
        currency = _ADJ_CURRENCY[adj.lower()]
    return currency


def _resolve_kroner(currency: str, marker: str | None, default_kroner: str) -> str:
    if currency != "KR":
        return currency
    if marker == "sv":
        return "SEK"
    if marker == "da":
        return "DKK"
    return default_kroner


def _fit(value: Decimal) -> Decimal | None:
    """Value rounded to cents, or None when it is negative, not finite or absurdly large."""
    if not value.is_finite() or value < 0 or value >= MAX_VALUE:
        return None
    return _CTX.quantize(value, _CENT)


# --------------------------------------------------------------------------------------------
# sentence spans
# --------------------------------------------------------------------------------------------
def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END_RE.finditer(text):
        if m.group().startswith("\n"):
            cut = m.start()
        else:
            # keep the period (and closing quotes) with the sentence, skip abbreviations
            if ABBREVIATION_BEFORE_RE.search(text, max(0, m.start() - 8), m.start() + 1):
                continue
            if UNIT_ABBREVIATION_BEFORE_RE.search(text, max(0, m.start() - 8), m.start() + 1) and (
                CURRENCY_CODE_AHEAD_RE.match(text, m.end()) or text[m.end():m.end() + 1].isdigit()
            ):
                continue
            cut = m.start() + len(m.group().rstrip(" \t\u00a0"))
        spans.append((start, cut))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# --------------------------------------------------------------------------------------------
# extraction
# --------------------------------------------------------------------------------------------
class _Candidate:
    """A parsed amount before currency carrying (mutable scratch object, not a table row)."""

    __slots__ = ("bare", "big", "currency", "end", "high", "marker", "next_at", "qualifier",
                 "scaled", "start", "value")

    def __init__(self, start: int, end: int, value: Decimal, high: Decimal | None,
                 currency: str | None, qualifier: str, scaled: bool) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.high = high
        self.currency = currency
        self.qualifier = qualifier
        self.scaled = scaled
        self.marker: str | None = None  # "sv"/"da" spelling of the scale ("miljarder", "mia.")
        self.big = False  # scale of a million or more: may be money by its sentence alone
        self.next_at: int | None = None  # "fra 9 800 til mellom …": borrows from the amount here
        self.bare = False  # "…, mens fylket får 250 000.": borrows from a plain amount only


def _suffix(text: str, pos: int) -> tuple[Decimal, int, str | None, str | None, bool]:
    """Scale and currency after a number: (multiplier, end, currency|None, marker, scaled)."""
    mult = Decimal(1)
    marker: str | None = None
    scaled = False
    glued = GLUED_SEK_RE.match(text, pos)
    if glued:
        return _GLUED_SEK[glued.group("g")], glued.end(), "SEK", "sv", True
    glued = GLUED_CODE_RE.match(text, pos)
    if glued:
        return (_GLUED_CODE_SCALE[glued.group("scale")], glued.end(), glued.group("code"), None,
                True)
    scale = _scale_at(text, pos)
    if scale:
        mult, pos, marker = scale
        scaled = True
        glued = GLUED_SEK_RE.match(text, pos)  # "2,5 mdkr" after "tusen"? rare, but cheap
        if glued:
            return mult * _GLUED_SEK[glued.group("g")], glued.end(), "SEK", "sv", True
    cur = CURRENCY_AFTER_RE.match(text, pos)
    if cur:
        return mult, cur.end(), _currency_from_match(cur), marker, scaled
    return mult, pos, None, marker, scaled


def _english_billion(text: str, core_end: int, value: Decimal, mult: Decimal) -> Decimal:
    """'12.5 billion' / '2 billion' is English 10^9; 'en billion' / 'billioner' stay 10^12."""
    if mult == _TRILLION and value != 1:
        tail = text[core_end:core_end + 12].lower()
        if "billion" in tail and "billioner" not in tail and "billionar" not in tail:
            return _BILLION
    return mult


def _range_separator_ok(sep: re.Match[str], intro: re.Match[str] | None, low_scaled: bool) -> bool:
    """'og' needs 'mellom' before the low end; 'til' after a scaled low end needs 'fra'.

    "økte med 300 millioner til 5 milliarder kroner" is two amounts, not a range.
    """
    if sep.lastgroup == "eller":
        return False
    if sep.lastgroup == "og":
        return bool(intro and intro.group("between"))
    if sep.lastgroup == "til" and low_scaled:
        return bool(intro and not intro.group("between"))
    return True


def _shared_scale(text: str, pos: int, low_raw: Decimal, intro: re.Match[str] | None
                  ) -> tuple[Decimal, str | None, str | None] | None:
    """Scale, currency and marker a bare number shares with the next one ("5 og 7 millioner kroner").

    Only for "og"/"eller"/"och"/"or" without "mellom" in front, when the next number has a scale
    and is larger, and the bare number is not a year ("i 2024 og 7 millioner kroner").
    """
    sep = RANGE_SEP_RE.match(text, pos)
    if not sep or sep.lastgroup not in ("og", "eller") or (intro and intro.group("between")):
        return None
    if _FOUR_DIGIT_YEAR_RE.match(str(low_raw)):
        return None
    high_core = NUMBER_AT_RE.match(text, sep.end())
    high_raw = _core_value(high_core) if high_core else None
    if high_core is None or high_raw is None or not low_raw < high_raw:
        return None
    mult, _end, currency, marker, scaled = _suffix(text, high_core.end())
    if not scaled:
        return None
    return mult, currency, marker


def _old_value(text: str, sep: re.Match[str], low_raw: Decimal, low_mult: Decimal,
               low_scaled: bool) -> tuple[Decimal, Decimal] | None:
    """Value and multiplier of X in "øker fra X til Y …" when Y is an amount; None otherwise.

    A bare X shares Y's scale when it is below 1000 or below Y ("reduseres fra 12 til 10
    millioner kroner" → 12 000 000); "fra 800 000 til 1,2 millioner" keeps 800 000 as printed.
    """
    high_core = NUMBER_AT_RE.match(text, sep.end())
    high_raw = _core_value(high_core) if high_core else None
    if high_core is None or high_raw is None:
        return None
    h_mult, _end, h_currency, _marker, h_scaled = _suffix(text, high_core.end())
    h_mult = _english_billion(text, high_core.end(), high_raw, h_mult)
    if h_currency is None and not h_scaled:
        return None
    mult = low_mult
    if not low_scaled and h_scaled and (low_raw < high_raw or low_raw < 1000):
        mult = h_mult
    return low_raw * mult, mult


def _parse_at(text: str, core: re.Match[str]) -> tuple[_Candidate | None, int]:
    """Amount starting at a number core; returns (candidate or None, position to resume at)."""
    low_raw = _core_value(core)
    if low_raw is None:
        return None, core.end()
    if core.groupdict().get("words") is not None and VAGUE_BEFORE_RE.search(
        text, max(0, core.start() - 12), core.start()
    ):
        return None, core.end()  # "flere hundre millioner kroner" has no number to report
    start = core.start()
    low_mult, pos, currency, marker, low_scaled = _suffix(text, core.end())
    low_mult = _english_billion(text, core.end(), low_raw, low_mult)
    year_shaped = _FOUR_DIGIT_YEAR_RE.match(core.group()) is not None
    if (year_shaped and currency is not None and not low_scaled
            and PRICE_BASE_BEFORE_RE.search(text, max(0, start - 10), start)):
        return None, pos  # "oppgitt i 2024 kroner": the year of the price base
    high: Decimal | None = None
    qualifier = "exact"

    # prefix currency ("kr 450 000", "NOK 12.5 million")
    window = max(0, start - 8)
    prefix = CURRENCY_BEFORE_RE.search(text, window, start)
    prefix_currency = _currency_from_match(prefix) if prefix else None
    if prefix is None and not low_scaled and currency is None:
        prefix = PREFIX_GLUED_CODE_RE.search(text, window, start)
        if prefix is not None:  # "MNOK 12", "MSEK 4,5": scale and currency before the number
            prefix_currency = prefix.group("code")
            low_mult, low_scaled = _GLUED_CODE_SCALE[prefix.group("scale")], True
    head = prefix.start() if prefix else start

    intro = RANGE_INTRO_RE.search(text, max(0, head - 12), head)

    value = low_raw * low_mult
    end = pos
    if currency is None and prefix_currency is None and not low_scaled:
        shared = _shared_scale(text, pos, low_raw, intro)
        if shared is not None:
            # "5 og 7 millioner kroner": the first number borrows scale and currency
            mult, shared_currency, shared_marker = shared
            if shared_currency is not None:
                shared_currency = _resolve_kroner(shared_currency, shared_marker, "KR")
            qual = QUALIFIER_RE.search(text, max(0, start - 24), start)
            qualifier = qual.lastgroup if qual and qual.lastgroup else "exact"
            shared_cand = _Candidate(qual.start() if qual and qual.lastgroup else start,
                                     core.end(), low_raw * mult, None, shared_currency, qualifier,
                                     True)
            shared_cand.marker, shared_cand.big = shared_marker, mult >= _MILLION
            return shared_cand, core.end()
    sep: re.Match[str] | None = None
    if currency is None:
        sep = RANGE_SEP_RE.match(text, pos)
        if (sep is not None and sep.lastgroup == "til" and intro is not None
                and not intro.group("between")
                and not SPAN_BEFORE_FROM_RE.search(text, max(0, intro.start() - 12), head)):
            # "øker fra 45 til 50 kroner": the old value is an exact amount of its own
            old = _old_value(text, sep, low_raw, low_mult, low_scaled)
            if old is not None:
                old_value, old_mult = old
                old_cand = _Candidate(head, core.end() if not low_scaled else pos, old_value,
                                      None, prefix_currency, "exact", True)
                old_cand.marker, old_cand.big = marker, old_mult >= _MILLION
                if prefix_currency is None:
                    old_cand.next_at = sep.end()
                return old_cand, core.end()
        if sep and _range_separator_ok(sep, intro, low_scaled):
            high_core = NUMBER_AT_RE.match(text, sep.end())
            high_raw = _core_value(high_core) if high_core else None
            if (high_core is not None and year_shaped and sep.lastgroup == "dash"
                    and sep.group() != sep.group().strip() and len(high_core.group()) != 4):
                high_core = None  # "1,2 millioner kroner i 2023 – 200 000 kroner mer": a clause dash
            if high_core and high_raw is not None:
                h_mult, h_end, h_currency, h_marker, h_scaled = _suffix(text, high_core.end())
                h_mult = _english_billion(text, high_core.end(), high_raw, h_mult)
                if h_currency is not None or h_scaled or prefix_currency:
                    if not low_scaled and h_scaled and low_raw < high_raw:
                        low_mult = h_mult  # "200–250 millioner": the scale applies to both
                    low_value = low_raw * low_mult
                    high_value = high_raw * h_mult
                    if low_value < high_value:
                        value, high = low_value, high_value
                        currency, marker = h_currency, marker or h_marker
                        low_scaled = low_scaled or h_scaled
                        end = h_end
                        qualifier = "range"
    if currency is None:
        currency = prefix_currency
    if currency is None and not low_scaled:
        if (sep is not None and sep.lastgroup == "til" and intro is not None
                and not intro.group("between") and not _FOUR_DIGIT_YEAR_RE.match(core.group())):
            # "fra 9 800 til mellom 15 000 og 18 000 kroner": 9 800 is an amount of its own and
            # takes the currency of the amount that starts right after "til"
            from_cand = _Candidate(head, core.end(), value, None, None, "exact", False)
            from_cand.next_at = sep.end()
            return from_cand, core.end()
        if (core.groupdict().get("digits") is not None and not year_shaped and low_raw >= 100
                and intro is None and not DIGIT_BEFORE_RE.search(text, max(0, start - 3), start)
                and not DIGIT_AHEAD_RE.match(text, core.end())
                and CARRY_FOLLOW_RE.match(text, core.end())):
            # "Kommunen får 400 000 kroner, mens fylket får 250 000.": a bare number that ends
            # its phrase may borrow the currency of a plain amount in its sentence (later)
            qual = QUALIFIER_RE.search(text, max(0, start - 24), start)
            bare = _Candidate(qual.start() if qual and qual.lastgroup else start, core.end(),
                              value, None, None,
                              qual.lastgroup if qual and qual.lastgroup else "exact", False)
            bare.bare = True
            return bare, core.end()
        return None, core.end()
    if qualifier == "range" and intro:
        start = intro.start()
    else:
        start = head
        qual = QUALIFIER_RE.search(text, max(0, start - 24), start)
        if qual and qual.lastgroup:
            qualifier = qual.lastgroup
            start = qual.start()
            if qualifier in _NEGATED and NEGATION_BEFORE_RE.search(text, max(0, start - 40), start):
                qualifier = _NEGATED[qualifier]  # "ikke bevilger mer enn 100 millioner kroner"
    if qualifier == "exact":
        label = LABEL_QUALIFIER_RE.search(text, max(0, start - 80), start)
        if label is not None and label.lastgroup:
            qualifier = label.lastgroup  # "- Maks utbetaling per hendelse: 150 millioner kroner"
    if qualifier == "exact":
        trailing = TRAILING_QUALIFIER_RE.match(text, end)
        if trailing and trailing.lastgroup:
            qualifier = trailing.lastgroup
            end = trailing.end()
    if currency is None and not CARRY_FOLLOW_RE.match(text, end):
        return None, core.end()
    if currency is not None:
        currency = _resolve_kroner(currency, marker, "KR")
    cand = _Candidate(start, end, value, high, currency, qualifier, low_scaled)
    cand.marker, cand.big = marker, low_mult >= _MILLION
    return cand, end


# Words that open the breakdown of an amount (transform/data/amounts/*.txt): "2,878 millioner kroner,
# hvorav 870.000 for prosjektet … og 300.000 for klimanettverk" - the bare figures after it are kroner.
BREAKDOWN_WORDS = load_sections(DATA_DIR / "amounts", ("breakdown",))["breakdown"]
BREAKDOWN_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, w.split()))
                           for w in sorted(BREAKDOWN_WORDS, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)


def _breakdown_donor(text: str, cand: _Candidate, donors: list[_Candidate]) -> _Candidate | None:
    """The amount a bare figure breaks down: the nearest donor before it with a breakdown word between.

    "Levanger kommune mottar i alt 2,878 millioner kroner, hvorav 870.000 for …": 870.000 is kroner.
    """
    before = [d for d in donors if d.end <= cand.start and cand.start - d.end <= 200]
    if not before:
        return None
    donor = max(before, key=lambda d: d.end)
    return donor if BREAKDOWN_RE.search(text, donor.end, cand.start) else None


class _Donors:
    """The amounts with a currency in one sentence, sorted by position, for nearest look-ups."""

    __slots__ = ("items", "starts")

    def __init__(self, donors: list[_Candidate]) -> None:
        self.items = sorted(donors, key=lambda c: c.start)
        self.starts = [c.start for c in self.items]

    def starting_at(self, position: int) -> _Candidate | None:
        """The donor that starts exactly at position ("fra 9 800 til mellom …"), or None."""
        i = bisect_right(self.starts, position) - 1
        return self.items[i] if i >= 0 and self.starts[i] == position else None

    def nearest(self, cand: _Candidate) -> _Candidate | None:
        """The donor closest to cand (gap between the spans); the earlier one on a tie."""
        i = bisect_right(self.starts, cand.start)
        best: _Candidate | None = None
        best_gap = 0
        for j in (i - 1, i):
            if 0 <= j < len(self.items):
                c = self.items[j]
                gap = min(abs(c.start - cand.end), abs(cand.start - c.end))
                if best is None or gap < best_gap:
                    best, best_gap = c, gap
        return best


def _money_clause(text: str, start: int, end: int, s_start: int, s_end: int) -> bool:
    """True when a money word stands in the clause around text[start:end] (commas cut it).

    "Veksten i de frie inntektene blir på 3,2 mrd, viser …" → True (inntektene, before);
    "Kommunene får 3,2 mrd. i økte frie inntekter." → True (after);
    "Byen fikk 3 millioner i fjor, og inntektene økte." → False (the money word is past a comma).
    """
    before = text[max(s_start, start - 80):start]
    cuts = [m.end() for m in _MONEY_CLAUSE_END_RE.finditer(before)]
    if cuts:
        before = before[cuts[-1]:]
    after = text[end:min(s_end, end + 50)]
    stop = _MONEY_CLAUSE_END_RE.search(after)
    if stop is not None:
        after = after[:stop.start()]
    return bool(MONEY_CONTEXT_RE.search(before) or MONEY_CONTEXT_RE.search(after))


def _default_kroner(language: str | None) -> str:
    lang = (language or "").lower()[:2]
    return {"da": "DKK", "sv": "SEK"}.get(lang, "NOK")


def extract_amounts(text: str, offset: int = 0, language: str | None = None) -> list[AmountMention]:
    """Monetary amounts in one block of text; char offsets are shifted by `offset`.

    Example:
        >>> [(a.value, a.currency, a.qualifier, a.raw_text) for a in extract_amounts(
        ...     "Hovedstyret i KS vedtok i dag å gi mer enn en million kroner fordelt på to.")]
        [(Decimal('1000000.00'), 'NOK', 'more_than', 'mer enn en million kroner')]

    Args:
        text: one block (paragraph, lead, teaser) as printed.
        offset: added to every char_start/char_end (the block's start in the release text).
        language: "da" or "sv" make plain kroner/kr DKK or SEK; default (None, "no", "nb", "nn")
            reads them as NOK.

    Returns:
        One AmountMention per amount (a range counts once), in text order. Never raises.
    """
    if not text or not _may_hold_amount(text) or _is_price_tags(text):
        return []
    default_kroner = _default_kroner(language)
    candidates: list[_Candidate] = []
    pos = 0
    n = len(text)
    for core in _number_cores(text):
        if core.start() < pos:
            continue
        try:
            candidate, pos = _parse_at(text, core)
        except (InvalidOperation, ValueError, ArithmeticError):
            candidate, pos = None, core.end()
        pos = max(pos, core.end(), core.start() + 1)
        if candidate is not None:
            candidates.append(candidate)
    if not candidates:
        return []

    spans = _sentence_spans(text)
    span_starts = [s for s, _ in spans]

    def sentence_of(index: int) -> tuple[int, int]:
        i = bisect_right(span_starts, index) - 1
        if i >= 0 and index < spans[i][1]:
            return spans[i]
        return 0, n

    sentence_index = [sentence_of(c.start) for c in candidates]
    donors_by_sentence: dict[tuple[int, int], list[_Candidate]] = {}
    for cand, sentence in zip(candidates, sentence_index, strict=True):
        if cand.currency is not None:
            donors_by_sentence.setdefault(sentence, []).append(cand)
    # "Staten brukar 3,2 mrd. på …": no currency word in the sentence, but the clause is about
    # money; such an amount is kroner of the text's language and lends it to the rest of the
    # sentence ("brukte 4 millioner på konsulenter, 1 million mer enn året før").
    inferred: list[tuple[_Candidate, tuple[int, int]]] = [
        (cand, sentence) for cand, sentence in zip(candidates, sentence_index, strict=True)
        if cand.currency is None and cand.big and cand.next_at is None
        and sentence not in donors_by_sentence
        and _money_clause(text, cand.start, cand.end, sentence[0], sentence[1])
    ]
    for cand, sentence in inferred:
        cand.currency = _resolve_kroner("KR", cand.marker, "KR")
        donors_by_sentence.setdefault(sentence, []).append(cand)
    lent: dict[tuple[int, int], str | None] = {}
    for cand, sentence in zip(candidates, sentence_index, strict=True):
        if (cand.currency is None and cand.big and cand.next_at is None
                and sentence not in donors_by_sentence):
            # "finner plass til en kvart milliard …, mens den ikke har funnet en eneste krone"
            if sentence not in lent:
                word = BARE_CURRENCY_RE.search(text, sentence[0], sentence[1])
                lent[sentence] = (None if word is None else _resolve_kroner(
                    _WORD_CURRENCY.get(word.group("word").lower(), "KR"), cand.marker, "KR"))
            cand.currency = lent[sentence]

    # donors of each sentence in text order, with their starts, for a bisect per borrower (a long
    # sentence with thousands of amounts stays linear-logarithmic, not quadratic)
    ordered: dict[tuple[int, int], _Donors] = {}
    plain_ordered: dict[tuple[int, int], _Donors] = {}
    sentence_texts: dict[tuple[int, int], str] = {}
    results: list[AmountMention] = []
    for cand, (s_start, s_end) in zip(candidates, sentence_index, strict=True):
        currency = cand.currency
        if currency is None:
            # borrow from the nearest explicit amount in the same sentence
            key = (s_start, s_end)
            donors = donors_by_sentence.get(key)
            if not donors:
                continue
            if cand.next_at is not None:  # "fra 9 800 til mellom …": only the amount after "til"
                if key not in ordered:
                    ordered[key] = _Donors(donors)
                donor = ordered[key].starting_at(cand.next_at)
            elif cand.bare:  # only a plain amount lends to a bare number
                if key not in plain_ordered:
                    plain_ordered[key] = _Donors([c for c in donors if not c.scaled])
                donor = plain_ordered[key].nearest(cand) or _breakdown_donor(text, cand, donors)
            else:
                if key not in ordered:
                    ordered[key] = _Donors(donors)
                donor = ordered[key].nearest(cand)
            if donor is None:
                continue
            currency = donor.currency
        assert currency is not None
        if currency == "KR":
            currency = default_kroner
        value = _fit(cand.value)
        high = _fit(cand.high) if cand.high is not None else None
        if value is None or (cand.high is not None and high is None):
            continue
        # a range wins over an approximation word: "cirka 20-30 miljarder kronor" is a range
        qualifier = "range" if high is not None else cand.qualifier
        if qualifier == "range" and high is None:
            qualifier = "exact"
        results.append(
            AmountMention(
                value=value,
                currency=currency,
                qualifier=qualifier,
                raw_text=text[cand.start:cand.end],
                sentence=sentence_texts.setdefault((s_start, s_end), text[s_start:s_end]),
                char_start=cand.start + offset,
                char_end=cand.end + offset,
                value_high=high,
            )
        )
    return results


# --------------------------------------------------------------------------------------------
# formatting (inverse of extract_amounts, for round-trip tests and display)
# --------------------------------------------------------------------------------------------
_CURRENCY_WORDS_OUT = {
    "NOK": "kroner", "EUR": "euro", "USD": "dollar", "SEK": "svenske kroner",
    "DKK": "danske kroner", "GBP": "pund", "ISK": "islandske kroner",
}


def _group_digits(integer: int) -> str:
    """1500000 → '1 500 000' (Norwegian thousands separator: a space)."""
    digits = str(integer)
    groups = []
    while len(digits) > 3:
        groups.append(digits[-3:])
        digits = digits[:-3]
    groups.append(digits)
    return " ".join(reversed(groups))


def _plain_number(value: Decimal) -> str:
    """Decimal('1500000.5') → '1 500 000,5' (no exponent, Norwegian decimal comma)."""
    text = format(value, "f")
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    out = _group_digits(int(integer))
    return f"{out},{fraction}" if fraction else out


def format_amount(value: Decimal, currency: str) -> str:
    """A Norwegian rendering of an amount that extract_amounts reads back to the same value.

    Decimal('1500000'), 'NOK' -> '1,5 millioner kroner'; Decimal('58000'), 'EUR' -> '58 000 euro';
    Decimal('2000000000'), 'SEK' -> '2 milliarder svenske kroner'.
    """
    value = _CTX.plus(value)
    unit = _CURRENCY_WORDS_OUT.get(currency, currency)
    for scale, singular, plural in ((_BILLION, "milliard", "milliarder"),
                                    (_MILLION, "million", "millioner")):
        if value >= scale:
            scaled = _CTX.divide(value, scale)
            if _CTX.quantize(scaled, Decimal("0.001")) == scaled:
                word = singular if scaled == 1 else plural
                return f"{_plain_number(scaled)} {word} {unit}"
    if currency == "NOK" and value == 1:
        unit = "krone"
    return f"{_plain_number(value)} {unit}"
