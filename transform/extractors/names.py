"""Shared vocabulary for the people and quote extractors: name shapes, role words, reporting verbs.

Pure constants and small helpers over strings; no I/O. Both `transform.extractors.people` and
`transform.extractors.quotes` import from here so a role word or a verb added once is known to both.
"""

from __future__ import annotations

import re
import string

from transform.wordlists import DATA_DIR, load_sections

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

UPPER = "A-ZÆØÅÄÖÜÉÈÁÓÚÍÇÑ"
LOWER = "a-zæøåäöüéèáóúíïëçñß"

# One capitalised name token: "Helgesen", "Anne-Kari", "Skjæran", "O'Neill"; an initial "A.".
NAME_TOKEN = rf"(?:[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}][{LOWER}]+)?|[{UPPER}]\.)"
# Lowercase particles that may sit inside a name ("Ursula von der Leyen", "Karin de Vries").
NAME_PARTICLE = r"(?:von|van|der|den|de|da|di|du|af|av|la|le|zu|ten|ter|del)"
# A full name: 2-4 capitalised tokens, particles allowed between them.
FULL_NAME = rf"{NAME_TOKEN}(?:\s+(?:{NAME_PARTICLE}\s+){{0,2}}{NAME_TOKEN}){{1,3}}"
FULL_NAME_RE = re.compile(rf"^{FULL_NAME}$")
# A party in brackets after a name: "(Ap)", "(Sp)", "(S)", "(SF)".
PARTY = rf"\([{UPPER}][\w]{{0,5}}\)"
NAME_TOKEN_RE = re.compile(rf"^{NAME_TOKEN}$")
# A run of capitalised tokens (and all-caps acronyms) that may hold an organisation then a name.
CAP_RUN_RE = re.compile(
    rf"(?:[{UPPER}][\w’'.-]*|{NAME_PARTICLE})(?:\s+(?:[{UPPER}][\w’'.-]*|{NAME_PARTICLE}(?=\s+[{UPPER}])))*"
)
ACRONYM_RE = re.compile(rf"^[{UPPER}0-9&]{{2,}}$")

# Frequent Scandinavian (and a few international) first names. Used to tell a person ("Ida
# Pinnerød") from a capitalised organisation or place pair ("Oslo Rådhus") when no role is printed,
# and to split "ordfører i Bodø Ida Pinnerød" into place and name.
# The genders also resolve pronouns: "Jacob Isøe Klærke (K) er enig. … fortæller han" (Swedish and
# Danish names are included for municipal and regional press pages).
FEMALE_FIRST_NAMES = frozenset(
    """
    Ada Agnes Agnete Aina Alexandra Alice Alma Amalie Amanda Andrea Ane Anette Anita Anja Ann Anna Anne
    Annette Anniken Astrid Aud Audhild Aurora Bente Berit Birgit Birgitta Birgitte Bodil Britt Brit
    Camilla Cathrine Catharina Cecilie Charlotte Christina Christine Dagny Dorthe Ebba Eli Elin Elisabeth
    Ellen Else Emilie Emma Erna Eva Frida Gerd Gro Grete Gry Gudrun Gunn Gunhild Gunvor Guro Hadia
    Hanna Hanne Hedda Hege Heidi Helen Helene Helga Hilde Hildegunn Ida Inga Inge-Lise Inger Ingrid
    Ingunn Ingvild Irene Iselin Jane Janne Jenny Johanna Julie Kaja Kari Karianne Karin Karina Karoline
    Kathrine Katrine Kirsten Kjersti Kristin Kristine Lena Lene Line Linn Lisa Lise Liv Lotte Louise
    Maia Maja Malin Mari Maria Marianne Marie Marit Marte Martine Mette Mia Monica Monika Nina Nora
    Oda Pernille Ragnhild Randi Rigmor Rikke Rita Ruth Sandra Sara Sigrid Sigrun Siri Silje Sissel
    Siv Solveig Sofie Sonja Stine Sunniva Susanne Synnøve Tale Tina Tone Tonje Torill Tove Trine
    Trude Tuva Turid Ulla Una Unni Vibeke Victoria Wenche Åse Åshild Eirin Guri Jorunn Kjellaug
    Lillian Magnhild Oddny Ragna Sølvi Torunn Vigdis Annika Emelie Jenny Linnea Matilda Ulrika Åsa
    Lotta Helle Lærke Mette-Marie Anne-Kari Anne-Grete Marit-Helen Tonje Hadia Ine Kine Stina
    Agneta Anneli Birthe Carina Cecilia Dorte Elisabet Elsa Ewa Gitte Grethe Gunilla Helena Ingela
    Jessica Jette Jytte Karen Katarina Kerstin Kristina Linda Lisbeth Lone Malene Margareta Merete
    Nanna Petra Pia Sanna Sanne Signe Sidsel Sofia Tanja Therese Tine Ylva Yvonne Josefin Laura
    """.split()
)
MALE_FIRST_NAMES = frozenset(
    """
    Aksel Alexander Anders Andreas Arild Arne Atle Audun Bendik Bent Bjarne Bjørn Bjørnar Børge Carl
    Christian Christoffer Dag Daniel David Egil Eigil Eilif Eirik Einar Eivind Emil Erik Erlend Erling
    Espen Even Finn Frank Frode Fredrik Geir Gunnar Gustav Hans Harald Helge Henning Henrik Håkon
    Håvard Ivar Jan Jens Jo Joakim Johan Johannes John Jon Jonas Jonas Jørgen Jørn Karl Kasper Kenneth
    Kim Kjell Kjetil Knut Kristian Kristoffer Lars Leif Magne Magnus Marius Martin Mathias Mats Mads
    Morten Nils Odd Ola Olav Ole Oscar Oskar Paul Per Peder Petter Pål Ragnar Rasmus Reidar Rolf
    Roger Rune Sigbjørn Sigurd Simen Sindre Sivert Sjur Steinar Stein Sten Stian Svein Sverre Terje
    Thomas Tom Tommy Tor Tore Torbjørn Torstein Trond Trygve Vegard Vidar Øystein Øyvind Åge Are Arvid
    Asbjørn Bernt Bård Eirik Gaute Gisle Gudmund Halvard Halvor Harald Ingvar Jostein Jørund Kåre
    Lasse Ludvig Njål Oddvar Ottar Ove Roar Runar Sigve Snorre Stig Sture Tarjei Terje Torgeir Ulf
    Vebjørn Willy Yngve Åsmund Hadi Ahmed Ali Mohammed Anders Björn Göran Håkan Jörgen Lennart
    Mikael Per-Arne Sören Søren Sven Svend Bjørn-Arild Kai Kay Tormod Oddbjørn
    Jakob Jeppe Kristoffer Niels Poul Henrik Jesper Mogens Jonas Bjørnar
    Allan Bengt Brian Carsten Christer Claes Claus Dennis Esben Filip Flemming Frederik Gustaf Jacob
    Karsten Kent Knud Marcus Markus Mattias Michael Mikkel Niklas Nikolaj Olof Olle Palle Patrik Peter
    Preben Richard Rickard Robert Roland Sebastian Simon Staffan Steen Stefan Tobias Tomas Torben
    Troels Ulrik Viktor
    """.split()
)
FIRST_NAMES = FEMALE_FIRST_NAMES | MALE_FIRST_NAMES

# Capitalised words that are never part of a person's name: organisation and place nouns,
# sentence-initial function words, weekdays and months. Keeps "Kommune-Norge", "Revidert
# Nasjonalbudsjett", "Association of Ukrainian Cities" and "Det Helgesen" out of the people table,
# and regions and public bodies quoted in news ("sier Helse Nord", "– …, sier Nord-Norge").
NOT_NAME_WORDS = frozenset(
    """
    Kommune Kommunen Kommunes Fylkeskommune Fylkeskommunen Kommune-Norge Norge Norges Sverige Danmark
    Stortinget Stortingets Regjeringen Regjeringens Departementet Statsforvalteren Statsforvalter
    Nasjonalbudsjett Revidert Statsbudsjett Statsbudsjettet Kommuneproposisjonen Landsstyret Hovedstyret
    Association Council Cities Municipalities Regions European Union Of The And For Europa Europas
    Ukraina Ukrainian Kyiv Oslo Bergen Trondheim Stavanger Tromsø Bodø Rådhus Rådhuset Innlandet
    Det Den De Dette Disse Vi Han Hun Ho Hen Jeg Eg Du Dere Vår Vårt Våre Men Og Eller For Til Fra Med
    Om Når Hvis Etter Før Under Over Ved Hos Mot Siden Som Slik Også Nå Her Der Derfor Likevel I På Av
    Samtidig Også Ifølge Hele Alle Flere Mange Noen Ingen Mer Mindre Ny Nye Nytt Stor Store Høst Vår
    Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag Januar Februar Mars April Mai Juni Juli August
    September Oktober November Desember Pressemelding Presseinvitasjon Aktuelt Nyhet Kontakter Lenker
    Tel Telefon E-post Bilder Status Rapport Rapporten Program Programmet Prosjekt Prosjektet
    Styreleder Leder Direktør Ordfører President Minister Sjef Rådgiver Nøkkelord Velkommen Priv
    Senterpartiet Arbeiderpartiet Høyre Venstre Fremskrittspartiet Kristelig Folkeparti Rødt Miljøpartiet
    Sosialistisk Venstreparti Regeringen Kommuner Regioner Sveriges Danske Kommuners Landsforening
    Nei Ja Takk Hei Kommunal Kommunalpolitisk Toppmøte Landsting Landstinget Høstkonferanse Konferansen
    Foto Kilde Les Se
    Helse Statens Nord Sør Øst Vest Midt Nord-Norge Sør-Norge Midt-Norge Vegvesen Sentralbyrå
    Sykehus Sykehuset Politiet
    Region Regionen Kommun Kommunen Länsstyrelsen
    """.split()
)

# Party abbreviations: never part of a name, but they may own a role ("stortingsrepresentant for Ap").
PARTY_ABBREVIATIONS = frozenset({"Ap", "Sp", "Frp", "KrF", "Krf", "MDG", "SV", "H", "V", "R", "Rødt"})
NOT_NAME_WORDS = NOT_NAME_WORDS | PARTY_ABBREVIATIONS

# Personal pronouns that stand for a speaker, bokmål/nynorsk/Swedish/Danish, with their gender.
PRONOUN_GENDER = {
    "hun": "f", "ho": "f", "hon": "f",
    "han": "m",
    "hen": None,
}


def looks_like_person_name(candidate: str, *, need_first_name: bool) -> bool:
    """True when `candidate` has the shape of a person's full name.

    Args:
        candidate: e.g. "Gunn Marit Helgesen" (True), "Association of Ukrainian Cities" (False).
        need_first_name: demand that the first token is a known first name (used when no role or
            reporting verb stands next to the name).
    """
    if not FULL_NAME_RE.match(candidate):
        return False
    tokens = [t for t in candidate.split() if t[:1].isupper()]
    if any(t in NOT_NAME_WORDS or ACRONYM_RE.match(t) for t in tokens):
        return False
    if sum(1 for t in tokens if not t.endswith(".")) < 2:
        return False
    if need_first_name:
        first = tokens[0]
        return first in FIRST_NAMES or first.split("-")[0] in FIRST_NAMES
    return True


def name_gender(name: str) -> str | None:
    """"f" or "m" when the first token of `name` is a known first name ("Gunn Marit Helgesen" -> "f")."""
    first = name.split()[0] if name.split() else ""
    if first in FEMALE_FIRST_NAMES:
        return "f"
    if first in MALE_FIRST_NAMES:
        return "m"
    return None


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------

# Heads of role nouns; compounds ("arbeidslivsdirektør", "kommunikasjonsrådgiver") are matched as
# any lowercase prefix + head. The words are data, one file per language: transform/data/roles/*.txt
# ([heads] and [modifiers]); the reporting verbs likewise in transform/data/verbs/*.txt.
_ROLE_WORDS = load_sections(DATA_DIR / "roles", ("heads", "modifiers"))
# Short forms of posts, read as the post they stand for (transform/data/abbreviations/*.txt): Swedish
# "statssekr Erik Nilsson" -> "statssekreterare", "kommunstyrelsens ordf Vallentuna" -> "ordförande".
POST_ABBREVIATIONS = dict(
    line.split(maxsplit=1) for line in load_sections(DATA_DIR / "abbreviations", ("posts",))["posts"]
)
ROLE_HEADS = (*_ROLE_WORDS["heads"], *POST_ABBREVIATIONS)
_HEADS = "|".join(sorted(set(ROLE_HEADS), key=lambda w: (-len(w), w)))
# A role word, indefinite or definite ("leder", "lederen", "styrelederen", "ordføraren", "chefen").
# Plural forms too ("statsrådene Ola Borten Moe og Ingvild Kjerkhol", "valgt til presidenter").
ROLE_WORD_ENDINGS = ("erne", "ene", "en", "ne", "er", "n", "et", "a")
ROLE_WORD = rf"[{LOWER}]*(?:{_HEADS})(?:{'|'.join(ROLE_WORD_ENDINGS)})?"
# Leading modifiers that belong to a title ("administrerende direktør", "daglig leder").
# Leading modifiers that belong to a title ("administrerende direktør", "daglig leder"): the words of
# the data files, and the forms that are patterns: "adm.", "[…]politisk(e)" ("interessepolitisk
# direktør"), "kommunal-" and the Swedish ranks "första vice" / "andra vice" ("förste" / "andre" too); a
# rank in digits inside a sentence, Danish style: "er i øjeblikket 1. viceborgmester" (a number opening a
# line numbers a list: "3. stipendiat Gøril Bjerkan - medlem - Bærum").
_MODIFIER_PATTERNS = (r"adm\.", r"[a-zæøå]*politisk", r"[a-zæøå]*politiske", r"kommunal-",
                      r"(?:första|förste|andra|andre)\s+vice", r"(?<=[\w,] )[1-4]\.")
ROLE_MODIFIER = "(?:" + "|".join(
    [*(re.escape(w) for w in sorted(_ROLE_WORDS["modifiers"], key=len, reverse=True)), *_MODIFIER_PATTERNS]
) + ")"
# A coordinated compound: "kommunal- og distriktsminister", "arbeids- og inkluderingsminister".
# "forsknings- og høyere utdanningsminister": the ministry's own adjective after "og".
ROLE_COORD = rf"(?:[{LOWER}]+-(?:,\s*[{LOWER}]+-)*\s+(?:og|och)\s+(?:høyere\s+|høgare\s+)?)"
# A lowercase complement after the head: "direktør for samfunnsutvikling", "leder for kommunikasjon".
ROLE_COMPLEMENT = (
    # a field of up to four words: "direktør for forskning, innovasjon og digitalisering"
    rf"(?:\s+for\s+(?![{UPPER}])[{LOWER}]+(?:,\s+[{LOWER}]+){{0,2}}(?:\s+og\s+[{LOWER}]+)?"
    # a body the post belongs to, in lowercase: "medlem av kommunestyret" (not "leder av Helsepersonellkommisjonen")
    # and a named committee or council: "leder av oppvekstutvalget", "leiar av helse- og omsorgsutvalet"
    rf"|\s+av\s+(?:kommunestyret|bystyret|fylkestinget|styret|hovedstyret|landsstyret|formannskapet|"
    rf"(?:[{LOWER}]+-\s+og\s+)?[{LOWER}]*(?:utvalget|utvalet|komiteen|rådet)))"
)
ROLE_PHRASE = (
    # "adm. dir." is the common short form of "administrerende direktør" in attributions
    rf"(?:adm\.\s?dir\.(?=\s)|(?:{ROLE_MODIFIER}\s+)?{ROLE_COORD}?{ROLE_WORD}{ROLE_COMPLEMENT}?)"
)
ROLE_WORD_RE = re.compile(rf"^{ROLE_WORD}$")
ROLE_HEAD_RE = re.compile(rf"(?:{_HEADS})$")
# ROLE_WORD_RE and ROLE_HEAD_RE as set lookups (is_role_word, ends_with_role_head): the regexes try
# their ~110 heads at every letter of a word, 3 µs a new word. Every head is lowercase letters of
# LOWER, so a role word is a word of those letters only that ends with a head and an optional ending
# (tests/test_people.py holds each pair equal).
LOWER_LETTERS = frozenset(string.ascii_lowercase + LOWER.removeprefix("a-z"))
_ROLE_HEAD_SET = frozenset(ROLE_HEADS)
_ROLE_WORD_TAILS = frozenset(head + ending for head in ROLE_HEADS for ending in ("", *ROLE_WORD_ENDINGS))
assert min(map(len, ROLE_HEADS)) >= 2  # a word's last two letters pick the lengths to look up


def _sizes_by_last_two(words: frozenset[str]) -> dict[str, tuple[int, ...]]:
    """The lengths of the words, by their last two letters: {"vd", "direktør"} -> {"vd": (2,), "ør": (8,)}."""
    sizes: dict[str, set[int]] = {}
    for word in words:
        sizes.setdefault(word[-2:], set()).add(len(word))
    return {last: tuple(sorted(found)) for last, found in sizes.items()}


_ROLE_HEAD_SIZES = _sizes_by_last_two(_ROLE_HEAD_SET)
_ROLE_WORD_TAIL_SIZES = _sizes_by_last_two(_ROLE_WORD_TAILS)


def _ends_with_one_of(text: str, words: frozenset[str], sizes_by_last_two: dict[str, tuple[int, ...]]) -> bool:
    """True when `text` ends with one of `words` (of two letters or more; their _sizes_by_last_two)."""
    sizes = sizes_by_last_two.get(text[-2:])
    if sizes:
        size = len(text)
        for tail_size in sizes:
            if tail_size > size:
                break
            if text[-tail_size:] in words:
                return True
    return False


def is_role_word(low: str) -> bool:
    """`bool(ROLE_WORD_RE.match(low))` without the regex: a lowercase role word, whole.

    is_role_word("kommunikasjonsdirektøren") -> True; is_role_word("direktørar") -> False;
    is_role_word("Direktør") -> False (lowercase only, as the regex).
    """
    if low.endswith("\n"):
        low = low[:-1]  # the regex's "$" matches before a final newline too
    return LOWER_LETTERS.issuperset(low) and _ends_with_one_of(low, _ROLE_WORD_TAILS, _ROLE_WORD_TAIL_SIZES)


def ends_with_role_head(text: str) -> bool:
    """`bool(ROLE_HEAD_RE.search(text))` without the regex: `text` ends with a role head.

    ends_with_role_head("kommunikasjonsdirektør") -> True; ends_with_role_head("direktøren") -> False.
    """
    if text.endswith("\n"):
        text = text[:-1]  # the regex's "$" matches before a final newline too
    return _ends_with_one_of(text, _ROLE_HEAD_SET, _ROLE_HEAD_SIZES)


# Endings to strip, the ones a role word may take (ROLE_WORD): "lederen" -> "leder", "rådmannen" -> "rådmann",
# "ordföranden" -> "ordförande".
_DEFINITE_ENDINGS = ROLE_WORD_ENDINGS
# Endings of a plural role word ("statsrådene", "presidenter", "lederne").
PLURAL_ENDINGS = ("erne", "ene", "ne", "er")


def is_plural_role(word: str) -> bool:
    """True for a plural role word: "statsrådene", "presidenter" (not "leder", "lederen")."""
    low = word.lower()
    return not ends_with_role_head(low) and any(
        low.endswith(e) and ends_with_role_head(low[: -len(e)]) for e in PLURAL_ENDINGS)


def indefinite(word: str) -> str:
    """The indefinite singular of a role word ("styrelederen" -> "styreleder"; "leder" -> "leder")."""
    low = word.lower()
    if ends_with_role_head(low):
        return low
    for ending in _DEFINITE_ENDINGS:
        stem = low[: -len(ending)]
        if low.endswith(ending) and ends_with_role_head(stem):
            return stem
    return low


# ---------------------------------------------------------------------------------------------
# Reporting verbs
# ---------------------------------------------------------------------------------------------

REPORTING_VERBS = load_sections(DATA_DIR / "verbs", ("verbs",))["verbs"]
# Verbs that name the holder of a definite post: "statsministeren hed Thorvald Stauning" (da), "ordføreren
# heter Kari Holm" (nb), transform/data/naming/*.txt.
_NAMING = load_sections(DATA_DIR / "naming", ("verbs", "respectively", "unnamed"))
NAMING_VERBS = _NAMING["verbs"]
# "respektive", "henholdsvis": two names, then two posts in the same order.
RESPECTIVELY_WORDS = _NAMING["respectively"]
# Indefinite articles opening an attribution that names nobody: "säger en person med insyn".
UNNAMED_SPEAKER_WORDS = frozenset(_NAMING["unnamed"])
# Particle verbs split around the speaker: "legger Gangsø til" -> "legger til".
VERB_PARTICLES = {"legger": "til", "la": "til", "legg": "til", "slår": "fast", "slo": "fast"}
VERB_ALTERNATION = "|".join(
    re.escape(v).replace(r"\ ", r"\s+") for v in sorted(set(REPORTING_VERBS), key=lambda v: (-len(v), v))
)
