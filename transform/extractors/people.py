"""Named persons and the roles printed next to them, read from a release's blocks.

Pure functions over `Block`s and strings. The cascade per role word found in a block:
role-then-name ("styreleder i KS, Gunn Marit Helgesen", "KS’ styreleder Gunn Marit Helgesen",
"kommunal- og distriktsminister Sigbjørn Gjelsvik"), name-then-role ("Helge Eide, direktør for
interessepolitikk i KS"), elected-as ("Gunn Marit Helgesen gjenvalgt som president i CEMR"); then
bare names whose first token is a known first name. Roles come out lowercase, indefinite singular
and without the organisation ("KS-lederen" -> leder + KS).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import filterfalse, pairwise

from transform.extractors.names import (
    ACRONYM_RE,
    FIRST_NAMES,
    FULL_NAME,
    LOWER,
    NAME_PARTICLE,
    NAME_TOKEN,
    NAMING_VERBS,
    NOT_NAME_WORDS,
    PARTY,
    PARTY_ABBREVIATIONS,
    POST_ABBREVIATIONS,
    PRONOUN_GENDER,
    RESPECTIVELY_WORDS,
    ROLE_MODIFIER,
    ROLE_PHRASE,
    ROLE_WORD_RE,
    UPPER,
    ends_with_role_head,
    indefinite,
    is_plural_role,
    is_role_word,
    looks_like_person_name,
    name_gender,
)
from transform.extractors.spans import Spans
from transform.models import Block, PersonMention
from transform.text import DASH, QUOTE_DASHES, TOKEN_BREAKS, split_at

# A role phrase anywhere in (initial-lowercased) text: "styreleder", "kommunal- og distriktsminister".
ROLE_SCAN_RE = re.compile(rf"(?<![\w’'])(?P<role>{ROLE_PHRASE})(?![\w])")
# Word tokens of a block, for the pre-check of find_roles.
WORD_TOKEN_RE = re.compile(r"\w+")
# Marks that are no word character, where _word_tokens splits a text as at white space.
WORD_BREAKS = (*TOKEN_BREAKS, ".", "-", "'", "’")
# Capitalised words that _lower_role_initials may lower-case.
CAPITALISED_WORD_RE = re.compile(rf"\b[{UPPER}][{LOWER}]+\b")
# Organisation owning the role, written before it: "KS’ ", "KS' ", "Bodøs ".
ORG_POSSESSIVE_RE = re.compile(rf"(?P<org>[{UPPER}][\w&.-]*?)(?:[’']s?|:s|(?<=[{LOWER}])s)\s+$")
# A municipality, city or region in the genitive before a post: "Umeå kommuns kommundirektör",
# "Aarhus Kommunes direktør", "Göteborgs Stads direktör", "Region Skånes regiondirektör".
PLACE_POSSESSIVE_RE = re.compile(
    rf"(?P<org>[{UPPER}][\w-]*\s+(?:[Kk]ommun|[Kk]ommune|[Ff]ylkeskommune|[Rr]egionskommune|[Ss]tad)"
    rf"|Region\s+[{UPPER}][\w-]*?)s\s+$"
)
# Organisation glued to the role with a hyphen: "KS-leder", "NHO-sjefen".
ORG_HYPHEN_RE = re.compile(rf"(?P<org>[{UPPER}][\w&]*)-$")
# An organisation after the role: "i KS", "i Bodø kommune", "for KL", "i Council of ... (CEMR)".
ORG_AFTER_RE = re.compile(
    rf"\s+(?:i|for|för|ved|vid|hos|på|av|in|til)\s+"
    # a coordinated name is one organisation: "i Helse- og omsorgsdepartementet" (not "Helse-")
    rf"(?P<org>[{UPPER}][\w&’'-]*(?:(?<=-)\s+(?:og|och)\s+[{LOWER}][\w-]*)?"
    rf"(?:(?:\s+(?:of|and|for|de|des|du|og|och)\s+|\s+)[{UPPER}][\w&’'-]*)*"
    rf"(?:\s+\((?P<acro>[{UPPER}0-9&]{{2,}})\))?"
    rf"(?:\s+(?P<suffix>kommune|fylkeskommune|kommunes|fylkeskommunes|kommun|region|regionråd|bystyre|"
    # institutions named by a place word: "rektor ved Nordlys skole", "styrer i Bjørkelia barnehage"
    rf"(?:videregående\s+)?skole|barnehage|sykehjem|sjukeheim|helsesenter|legesenter|"
    # a place-named police district, university or hospital: "i Nordland politidistrikt", "ved Nord universitet"
    rf"politidistrikt|universitet|sykehus|sjukehus|tingrett))?)"
)
# A second person coordinated into an organisation run: "ordförande för SKR och Anders Knape, …".
COORD_IN_ORG_RE = re.compile(r"\s+(?:og|och|and)\s+(?P<first>\S+)\s+\S")
# A Swedish or Danish municipal body in lowercase after a post: "ordförande i kommunstyrelsen",
# "formand for teknik- og miljøudvalget", "medlem af byrådet", "ledamot i regionfullmäktige".
_LOWER_BODY = (
    # "barn- och utbildningsnämnden", "tekniska nämnden", "regionala utvecklingsnämnden"
    rf"(?:[{LOWER}]+-(?:,\s*[{LOWER}]+-)*\s+(?:og|och)\s+"
    rf"|(?!(?:hela|hele|samma|samme|andra|andre|alla|alle|båda|egna|egne)\s)[{LOWER}]+[ae]\s+)?[{LOWER}]*"
    r"(?:styrelsen|nämnden|fullmäktige|utskottet|udvalget|rådet|förvaltningen|forvaltningen)"
)
BODY_AFTER_RE = re.compile(rf"\s+(?:i|för|for|af)\s+(?P<org>{_LOWER_BODY})(?![\w-])")
# The same body printed right after a contact card title: "Ordförande barn- och utbildningsnämnden".
BODY_TITLE_RE = re.compile(rf"^\s+(?P<org>{_LOWER_BODY})\s*$")
# The "for …" complement of a role phrase, cut off when a lowercase body follows instead.
FOR_COMPLEMENT_RE = re.compile(r"\s+for\s")
# A full name right after a role (comma allowed): ", Gunn Marit Helgesen", " Sigbjørn Gjelsvik (Sp)".
NAME_AFTER_RE = re.compile(rf"\s*,?\s+(?P<name>{FULL_NAME})(?:\s+{PARTY})?")
# "Rektor ved Kvaløya skole i Tromsø, Anders Nilsen Bakke," - a role, an organisation phrase with
# lowercase words in it, then the name as an appositive between commas (or ending the sentence).
APPOSITIVE_RE = re.compile(
    rf"\s+(?:ved|for|för|vid|i|hos|på)\s+(?:(?:nye|nya|gamle|gamla)\s+)?"
    rf"(?P<org>[{UPPER}][^,.;:!?()«»\n]{{0,80}}?),\s+(?P<name>{FULL_NAME})"
    rf"(?=\s*[,.;:)]|\s*$|\s+[{LOWER}]|\s*{PARTY})"
)
# A place after an organisation in an appositive: "Kvaløya skole i Tromsø" -> "Kvaløya skole",
# "Fagforbundet i Hamar kommune" -> "Fagforbundet"; a one-word name keeps its place ("Universitetet i Bergen").
ORG_PLACE_TAIL_RE = re.compile(
    rf"^(?:(?P<org>\S+\s+\S.*?)\s+i\s+[{UPPER}].*|(?P<one>\S+)\s+i\s+[{UPPER}]\S*\s+(?:fylkes)?kommune)$"
)
# A capitalised first conjunct of a coordinated title: "Kommunal- og distriktsminister".
COORD_INITIAL_RE = re.compile(rf"\b[{UPPER}][{LOWER}]+-(?=(?:,\s*[{LOWER}]+-)*\s+(?:og|och)\s+[{LOWER}])")
# Lowercase words printed after a contact card title: "Seniorrådgiver kommuneøkonomi",
# "Rådgiver klima og miljø".
TITLE_QUALIFIER_RE = re.compile(rf"^(?:\s+[{LOWER}][{LOWER}-]*){{1,4}}\s*$")
# Adjectives of a title in the definite/plural form: "internasjonale direktør" -> "internasjonal".
DEFINITE_ADJECTIVE_RE = re.compile(r"^(?:[a-zæøå]+(?:al|isk))e$")
# A surname or full name after a role, for attribution phrases only: "styreleder Helgesen".
SURNAME_AFTER_RE = re.compile(rf"\s*,?\s+(?P<name>{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,3}})")
# A full name right before a role: "Helge Eide, " / "Ida Pinnerød (Ap), ".
# Also a relative clause: "Torhild Brekkestø, som er kommunedirektør i Ringsaker" / nynorsk "som er".
NAME_BEFORE_RE = re.compile(
    # with an age in news style: "Kari Hansen (45), daglig leder i Fjordbuss"
    rf"(?P<name>{FULL_NAME})\s*(?:{PARTY})?\s*(?:\(\d{{1,3}}\))?\s*,\s*"
    # "Tone Berg (H), som også er styreleder i Vestlandsrådet", Danish "Per Holm, der er kommunaldirektør"
    r"(?:(?:som|der)\s+(?:også\s+|nå\s+|og\s+)?(?:er|var|är)\s+)?$"
)
# "Gunn Marit Helgesen (er) gjenvalgt som president", "Kari Nordmann er ansatt som direktør".
NAME_ELECTED_RE = re.compile(
    rf"(?P<name>{FULL_NAME})\s*(?:{PARTY})?(?P<place>\s*,\s*[{UPPER}][{LOWER}]+)?\s*,?\s*"
    r"(?:som\s+)?(?:(?:er|ble|blir|har\s+blitt|vart|blei|blir)\s+)?"
    r"(?:(?:gjen|ny|re)?(?:valgt|vald|ansatt|tilsett|tilsatt|utnevnt|utnemnd|konstituert|innstilt)\s+(?:som|til)"
    # Swedish "Christine Axelsson (S) valdes till ny ordförande", "har valts till", "utsågs till"
    r"|(?:har\s+)?(?:valdes|valts|utsågs|utsetts|utnämndes|utnämnts)\s+(?:till|som)"
    # "Bjørn Arild Gram inntrer som ny kommunal- og distriktsminister", "rykker opp som leder"
    r"|(?:inntrer|tiltrer|trer\s+inn|går\s+inn|rykker\s+opp|fortsetter|begynner)\s+som"
    # leaving a post names it too: Danish "Kent Magelund (S) valgt at stoppe som borgmester", "går av som"
    r"|(?:(?:har\s+)?valgt\s+(?:at|å)\s+|vil\s+|skal\s+)?(?:stoppe|stopper|gå\s+af|går\s+af|gå\s+av|går\s+av"
    r"|fratræde|fratræder|fratre|fratrer)\s+som)\s+(?:ny\s+|nye\s+|nya\s+)?$"
)
# "Kari Hansen er ordfører i Kinn", "Ole Berg (H) er ny leder av utvalget": a name with a copula before
# the role (taken only with a known first name: "Norsk Tipping er medlem av …" is no person).
# "Sven Tore Løkslid blir nestleder", Swedish "… är ordförande", Danish "… bliver formand": the same
# with "becomes".
NAME_IS_RE = re.compile(
    rf"(?P<name>{FULL_NAME})\s*(?:{PARTY})?\s*(?:\(\d{{1,3}}\))?\s+(?:er|blir|vert|är|bliver)\s+"
    # an adverb of time after the copula: "Christina Mattisson är idag andre vice ordförande"
    r"(?:(?:i\s?dag|nu|nå|no|fortsatt|fortsat|fortfarande|stadig|også|också)\s+)?"
    r"(?:ny\s+|nye\s+|nya\s+)?$")
# A headline's name right before a new post, no verb between: "Lars Gaardhøj ny regionsrådsformand i
# hovedstaden", "Kari Holm nye leder i KS" (the role phrase opens with the "new" word, NEW_POST_WORDS).
NAME_NEW_POST_RE = re.compile(rf"(?P<name>{FULL_NAME})\s*(?:{PARTY})?\s+$")
NEW_POST_WORDS = frozenset({"ny", "nye", "nya", "nyvalgt", "nyvalgte"})
# A sentence opening with an adverbial that ends in "som" before the post: "Efter næsten otte år som
# regionsrådsformand meddelte Sophie Hæstorp Andersen (S) …", "Som styreleder i KS har Gunn Marit Helgesen …".
OPENING_AS_RE = re.compile(r"(?:^|[.!?]\s+)(?:[^\s,;:.!?]+\s+){0,5}?(?:som|Som)\s+$")
# Then the finite verb (V2 order) and the subject: the post's holder.
VERB_THEN_NAME_RE = re.compile(rf"\s+[{LOWER}]+\s+(?P<name>{FULL_NAME})")
# The holder of a definite post named by a verb: "statsministeren hed Thorvald Stauning", "ordføreren
# heter Kari Holm".
NAMED_AFTER_RE = re.compile(
    rf"\s+(?:{'|'.join(map(re.escape, sorted(NAMING_VERBS, key=len, reverse=True)))})\s+(?P<name>{FULL_NAME})"
    rf"(?:\s+{PARTY})?")
# Two names, an election verb, then two posts paired with them in order: "Anna-Maria Myszka-Gustafsson
# (MP) och Annika Annerby Jansson (M) valdes till förste respektive andre vice ordförande för …".
RESPECTIVELY_RE = re.compile(
    rf"(?P<a>{FULL_NAME})(?:\s+{PARTY})?\s+(?:och|og|and)\s+(?P<b>{FULL_NAME})(?:\s+{PARTY})?\s+"
    r"(?:(?:er|ble|blei|vart|blev|har\s+blitt|har)\s+)?(?:(?:gjen|ny|re)?(?:valgt|vald|valdes|valts|utsågs|utnevnt|utnemnd)"
    r")\s+(?:til|till|som)\s+(?P<first>[\w.-]+)\s+"
    rf"(?:{'|'.join(map(re.escape, RESPECTIVELY_WORDS))})\s+(?P<second>{ROLE_PHRASE})(?![\w])"
)
# The pairing words lowercased, as _names_respectively looks for them.
RESPECTIVELY_LOWER = tuple(word.lower() for word in RESPECTIVELY_WORDS)
# An all-caps role word: Swedish "Blekingetrafikens VD Hans Jonasson".
CAPS_ROLE_RE = re.compile(rf"\b[{UPPER}]{{2,3}}\b")
# A post in brackets after a name: "Robert Rastad (kommunaldirektør ved byrådsleder avdeling, Bergen)",
# "Rune Haugsdal (fylkesdirektør Vestland fylkeskommune)".
NAME_PAREN_RE = re.compile(rf"(?P<name>{FULL_NAME})\s*\(\s*$")
# Text right before a name that puts the name at a sentence start: ". ", "» ", "– " opening the block.
SENTENCE_START_RE = re.compile(rf"[.!?:»”\"]\s*$|^\s*{DASH}\s*$")
# A second name coordinated with the first around a plural role: "statsrådene Ola Borten Moe og Ingvild
# Kjerkhol" (after), "Bernd Vöhringer, Tyskland og Harald Sonderegger, Østerrike ble valgt til
# presidenter" (before).
COORD_AFTER_RE = re.compile(rf"(?:\s*{PARTY})?\s+(?:og|och)\s+(?P<name>{FULL_NAME})")
COORD_BEFORE_RE = re.compile(
    rf"(?P<name>{FULL_NAME})(?:\s*{PARTY})?(?:\s*,\s*[{UPPER}][{LOWER}]+)?\s+(?:og|och)\s+$")
# A personal pronoun as the subject of a post, the post after "som" or a copula in the same clause: "Han
# hadde da sittet som nestleder i KS", "har hun vært president i Regionkammeret", Danish "Hun – der er 38
# år og uddannet læge - er i øjeblikket 1. viceborgmester". The gap holds no clause break and no name.
PRONOUN_HOLDER_RE = re.compile(
    r"(?<![\w-])(?P<pro>[Hh]an|[Hh]un|[Hh]on|[Hh]o)\b(?P<gap>[^,;.!?]{0,60}?)\s"
    r"(?:som|er|var|är|blir|ble|blei|vart|blev|bliver|vært|været|varit|blitt|blivit)\s+"
    r"(?:(?:nå|no|nu|i\s?dag|fortsatt|fortsat|fortfarande|også|också|òg|i\s+øjeblikket|da)\s+)*"
    r"(?:\d{1,2}\.\s+)?$"
)
# A capitalised word in the gap between a pronoun and a post: another person may hold it ("Han mener Per
# Olsen er ordfører").
GAP_NAME_RE = re.compile(rf"\b[{UPPER}]")
# A role right after a name ", ordfører i Nordkapp kommune": that name's own appositive.
NEXT_APPOSITIVE_RE = re.compile(rf"\s*(?:{PARTY})?\s*,\s*(?:{ROLE_PHRASE})\s+(?:i|for|ved|på)\s")
# The gap between two appositive roles of one named person: ", ".
APPOSITIVE_GAP_RE = re.compile(r",\s+")
# Two indefinite roles of one person joined by "og": "Per Olsen er nestleder i KS og ordfører i Bodø"
# ("og rådmannen i Alta" names another person).
AND_GAP_RE = re.compile(r"\s+og\s+")
# A municipal or regional body in the genitive before a post: "kommunstyrelsens ordförande",
# "regionstyrelsens ordförande", "kommunestyrets leder", "udvalgets formand".
BODY_GENITIVE_RE = re.compile(
    # a coordinated first part: "hälso- och sjukvårdsnämndens ordförande"
    r"(?<![\w-])(?P<org>(?:(?:[A-ZÆØÅÄÖ]|[a-zæøåäö])[a-zæøåäö]*-\s+(?:och|og)\s+)?"
    r"(?:[A-ZÆØÅÄÖ]|[a-zæøåäö])[a-zæøåäö]*?(?:styrelsens|nämndens|fullmäktiges|styrets|"
    r"tingets|utvalgets|udvalgets|formannskapets|byrådets|kommunalbestyrelsens|regionrådets"
    # endings of other bodies (a letter at least comes before them): "Clas Olsson, delegationens
    # ordförande", "kommissionens", "förbundets ordförande", "foreningens leder", "utskottets", "komiteens"
    r"|tionens|sionens|bundets|eningens|rådets|skottets|mitténs|miteens"
    r"|Styrelsens|Nämndens|Fullmäktiges|Styrets|Utvalgets|Udvalgets|Formannskapets|Byrådets))\s+$")
# A party in brackets right after a name: " (Sp)".
PARTY_AFTER_RE = re.compile(rf"\s*{PARTY}")
# A committee list row: "1. professor Kåre Hagen - leder - Oslo": the post after the name, between dashes.
LIST_ROLE_RE = re.compile(rf"\s*{DASH}\s+(?P<role>{ROLE_PHRASE})\s*(?=[{DASH[1:-1]},]|$)")
# Candidate bare names (no role next to them): 2-4 capitalised tokens.
BARE_NAME_RE = re.compile(rf"(?<![\w’'-]){FULL_NAME}(?![\w’'-])")
# The organisation after a contact card title: ", KS" / " - KS Bedrift".
TITLE_ORG_RE = re.compile(rf"\s*(?:,|\s[-–]|/)\s*(?P<org>[{UPPER}][\w&’' -]*?)\s*$")
# Parenthesised party after a name: "(Ap)", "(H)".
NAME_PARTICLES = frozenset(NAME_PARTICLE.strip("(?:)").split("|"))
PARTY_RE = re.compile(r"\s*\([A-ZÆØÅ][A-Za-zæøå]{0,5}\)$")
# Temporal modifiers dropped from the stored role ("nyvalgt styreleder" -> "styreleder"); "fungerende"
# (acting) is part of the title like "administrerende": "Fungerende finansminister Morten Bødskov siger:".
DROP_MODIFIERS = frozenset(
    {"nyvalgt", "nyvalgte", "ny", "nye", "avtroppende", "påtroppende", "tidligere", "tidlegare",
     "konstituert", "konstituerte", "tillträdande", "avgående", "tiltrædende", "afgående"}
)
# Ordinals before a role: a rank ("første nestleder") or, before a definite role, history.
ORDINALS = frozenset({"første", "fyrste", "andre", "första", "andra"})
# Lowercase sentence words that look like role words but are usually verbs or plain nouns.
AMBIGUOUS_ROLE_HEADS = frozenset(
    {"leder", "leiar", "medlem", "partner", "representant", "politiker", "lærer", "planlegger", "veileder",
     "kollega", "kollege", "styrer", "styrar"}
)
# Role-only attributions that name the same post with another word: "sier statsråden" refers to the
# minister of the document (any kind: "kommunal- og distriktsminister"), "rådmannen" to the
# "kommunedirektør".
_MINISTER = ("minister", "statsråd")
_CHIEF_EXECUTIVE = ("rådmann", "rådman", "kommunedirektør", "kommunedirektor", "kommundirektör")
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "statsråd": _MINISTER, "minister": _MINISTER,
    **{w: _CHIEF_EXECUTIVE for w in _CHIEF_EXECUTIVE},
    "ordfører": ("ordfører", "ordførar"), "ordførar": ("ordfører", "ordførar"),
    "leder": ("leder", "leiar"), "leiar": ("leder", "leiar"),
}
# Possessive words that are not organisations ("Hans styreleder" is "his chairman").
NOT_ORG_POSSESSIVE = frozenset({"Hans", "Hennes", "Deres", "Dets", "Dens", "Sin", "Vår", "Våre"})
ROLE_MODIFIER_RE = re.compile(rf"^{ROLE_MODIFIER}$")
# Capitalised words kept as an owning organisation though they are never part of a name.
PLACE_ORGS = frozenset(
    {"Norge", "Sverige", "Danmark", "Oslo", "Bergen", "Trondheim", "Stavanger", "Bodø", "Tromsø", "Innlandet",
     "Europa"}
) | PARTY_ABBREVIATIONS
# Role heads whose "i X" is a place (a municipality or county), and the words that open a two-word
# place name ("ordfører i Indre Østfold", "fylkesordførar i Vestland Ingebjørg Nesheim").
PLACE_ROLE_HEADS = ("ordfører", "ordførar", "borgmester", "borgmästare", "rådmann", "rådman",
                    "kommunedirektør", "kommunalråd")
PLACE_PREFIXES = frozenset(
    "Indre Ytre Øvre Nedre Nord Sør Aust Vest Øst Midt Nordre Søndre Vestre Østre Store Lille Nye Gamle".split()
)
# The gap between two stacked roles of one person: " i fylkesordførarkollegiet, ".
# A bare comma is not enough: "leder, nestleder Kari Holm og sekretær …" is a list of posts.
CHAIN_GAP_RE = re.compile(
    rf"\s+(?:i|for|ved|hos|på|av)\s+[{LOWER}][{LOWER}-]*(?:\s+[{LOWER}][{LOWER}-]*){{0,2}}\s*,\s*"
)
# A copula between a nameless post and a post printed with its name: " er ", Swedish " är ".
COPULA_GAP_RE = re.compile(r"\s+(?:er|blir|vert|vart|är|bliver|blev)\s+")
# An all-caps word or capitalised word that can own a role.
ORG_WORD_RE = re.compile(rf"^[{UPPER}][\w&.-]*$")


@dataclass(frozen=True, slots=True)
class RoleHit:
    """One role phrase found in a text (grain: one role word with its organisation context).

    `start`/`end` span the printed role phrase with its organisation ("KS’ styreleder",
    "styreleder i KS"); `name`/`name_start`/`name_end` the full name next to it, when there is one.
    """

    role: str
    organisation: str | None
    as_written: str
    start: int
    end: int
    name: str | None = None
    name_start: int = -1
    name_end: int = -1


@lru_cache(maxsize=65536)
def _is_role_token(low: str) -> bool:
    """True for a lowercase word that is a whole role word ("styrelederen", "ordfører").

    Cached: the same words come back in every block and every document.
    """
    return is_role_word(low)


@lru_cache(maxsize=65536)
def _is_cased_role_token(token: str) -> bool:
    """_is_role_token of a word as printed ("Styreleder", "KS"), cached on the printed form.

    A printed form seen for the first time is mostly a lowercase form seen for the first time too:
    read directly, without going through the other cache.
    """
    return is_role_word(token.lower())


@lru_cache(maxsize=65536)
def _role_initial_lowered(word: str) -> str:
    """A capitalised word lowercased when it is a role word or a role modifier, else unchanged."""
    low = word.lower()
    return low if _is_role_token(low) or ROLE_MODIFIER_RE.match(low) else word


def _may_hold_role(text: str) -> bool:
    """Cheap pre-check for find_roles: does some word of `text`, lowercased, spell a whole role word?

    A role phrase matched by ROLE_SCAN_RE always contains a role word that is a whole `\\w+` token
    (the look-behind / modifier / coordination before it and the `(?![\\w])` after it see to that),
    and lowercasing the whole word finds every word _lower_role_initials would lowercase, so a
    False here means find_roles finds nothing. Most paragraphs have no role word: they skip the
    role scan, whose alternation of ~100 heads tried at every word was the costliest regex.
    """
    return any(map(_is_cased_role_token, _word_tokens(text))) or "dir." in text


def _word_tokens(text: str) -> set[str]:
    r"""`set(WORD_TOKEN_RE.findall(text))`, the regex read only on chunks that are not one word.

    _word_tokens("KS-leder Gunn Marit Helgesen, sier") -> {"KS", "leder", "Gunn", "Marit", "Helgesen", "sier"}.
    No `\w` run crosses white space or a mark of WORD_BREAKS, and a chunk of word characters only
    (`str.isalnum`: each is a `\w`) is one token: sets and splits in C where the regex made a string
    of every word.
    """
    chunks = set(split_at(text, WORD_BREAKS))
    tokens = set(filter(str.isalnum, chunks))
    for chunk in filterfalse(str.isalnum, chunks):
        tokens.update(WORD_TOKEN_RE.findall(chunk))
    return tokens


def _names_respectively(text: str) -> bool:
    """Whether a pairing word of RESPECTIVELY_RE stands in the text, in any case ("… förste respektive andre …")."""
    folded = text.lower()
    return any(map(folded.__contains__, RESPECTIVELY_LOWER))


def _lower_role_initials(text: str) -> str:
    """Same-length copy of `text` with capitalised role words lowercased ("Styreleder" -> "styreleder")."""
    text = COORD_INITIAL_RE.sub(lambda m: m.group(0).lower(), text)
    text = _lower_each(CAPS_ROLE_RE, text)  # "VD" -> "vd"
    return _lower_each(CAPITALISED_WORD_RE, text)


def _lower_each(pattern: re.Pattern[str], text: str) -> str:
    """`pattern.sub` of each match by `_role_initial_lowered(match)`; the text itself when none changes.

    Most texts have no capitalised role word to lower ("Gunn Marit Helgesen sier ..."): their words
    are looked up in one pass (findall gives the matches sub would replace), without a Python call
    for each match.
    """
    words = pattern.findall(text)
    if words == list(map(_role_initial_lowered, words)):
        return text
    return pattern.sub(lambda m: _role_initial_lowered(m.group(0)), text)


def _clean_role(role_text: str) -> str:
    """Lowercase indefinite role without temporal modifiers ("Nyvalgt styrelederen" -> "styreleder")."""
    words = role_text.lower().split()
    while len(words) > 1 and words[0] in DROP_MODIFIERS:
        words = words[1:]
    if len(words) > 1 and words[0] in ORDINALS and indefinite(words[-1]) != words[-1]:
        # "den første fylkesordføraren i Vestland, Jon Askeland": the first to hold the post, no rank
        # (an indefinite "første nestleder Gunn Marit Helgesen" keeps the rank)
        words = words[1:]
    if len(words) > 1 and DEFINITE_ADJECTIVE_RE.match(words[0]):
        words[0] = words[0][:-1]  # "KS’ internasjonale direktør" -> "internasjonal direktør"
    # the head is the last word before an optional "for ..." complement
    if "for" in words[1:]:
        i = words.index("for", 1)
        words[i - 1] = indefinite(words[i - 1])
    else:
        words[-1] = indefinite(words[-1])
    words = [POST_ABBREVIATIONS.get(word, word) for word in words]  # "ordf" -> "ordförande"
    return " ".join(words)


def _clean_org(org: str) -> str:
    """Organisation as stored: "KS’" -> "KS", "Oslo kommunes" -> "Oslo kommune"."""
    org = org.strip().rstrip("’'")
    if re.fullmatch(rf"[{UPPER}]{{2,}}s", org):
        org = org[:-1]  # "AUCs" -> "AUC": a possessive on an acronym
    if org.endswith(" kommunes") or org.endswith(" fylkeskommunes"):
        org = org[:-1]
    return org


def _split_org_and_name(run: str, *, place: bool = False) -> tuple[str, str | None]:
    """Split "Bodø Ida Pinnerød" into ("Bodø", "Ida Pinnerød"), "KS Gunn Marit Helgesen" likewise.

    The name starts at the first known first name after at least one organisation token, else
    right after the last acronym. With neither, `place` (the role is a place's: "fylkesordfører i
    Vestland Ingebjørg Nesheim") puts the name after a one-word place or a two-word place opening
    with a compass word ("Indre Østfold"); otherwise the whole run is the organisation.
    """
    tokens = run.split()
    for i in range(1, len(tokens) - 1):
        if tokens[i].split("-")[0] in FIRST_NAMES and 2 <= len(tokens) - i <= 4:
            return " ".join(tokens[:i]), " ".join(tokens[i:])
    acronyms = [i for i, t in enumerate(tokens) if ACRONYM_RE.match(t)]
    # "KS Bedrift Avfall" is one organisation: after an acronym, a name needs a known first name
    # (an unknown one after the acronym is taken only for a place's role, below)
    if acronyms and 2 <= len(tokens) - acronyms[-1] - 1 <= 4 and (
            tokens[acronyms[-1] + 1].split("-")[0] in FIRST_NAMES):
        cut = acronyms[-1] + 1
        return " ".join(tokens[:cut]), " ".join(tokens[cut:])
    if place and len(tokens) >= 3 and not acronyms:
        cut = 2 if tokens[0] in PLACE_PREFIXES else 1
        if 2 <= len(tokens) - cut <= 4:
            return " ".join(tokens[:cut]), " ".join(tokens[cut:])
    return run, None


def _strip_leading_titles(name: str) -> tuple[str, int]:
    """Drop capitalised role words glued before a name ("Fylkesordfører Kari Bjørnsen" -> "Kari Bjørnsen").

    Returns the name and how many characters were dropped.
    """
    rest = name
    while True:
        first, _, tail = rest.partition(" ")
        low = first.lower()
        if tail and (ROLE_WORD_RE.match(low) or ROLE_MODIFIER_RE.match(low) or first in NOT_NAME_WORDS):
            rest = tail.lstrip()
            continue
        return rest, len(name) - len(rest)


def _org_after_name(text: str, pos: int) -> str | None:
    """Organisation printed after a name: "seniorrådgiver Marte Lie i KS" -> "KS"; else None."""
    party = PARTY_AFTER_RE.match(text, pos)
    if party:  # "ordfører Kari Anne Sand (Sp) i Kongsberg"
        pos = party.end()
    oa = ORG_AFTER_RE.match(text, pos)
    if not oa or not re.match(r"\s+(?:i|ved|hos|på)\s", text[pos:pos + 6]):
        return None
    org = oa.group("acro") or _clean_org(oa.group("org"))
    tokens = org.split()
    if re.match(r"\s+for\s+[a-zæøå]", text[oa.end():]) or org in NOT_NAME_WORDS:
        return None
    if (len(tokens) == 1 or ACRONYM_RE.match(tokens[0]) or oa.group("suffix")
            or (len(tokens) == 3 and tokens[1] == "og" and tokens[0].endswith("-"))):
        return org
    return None


def find_roles(text: str, *, allow_surname: bool = False) -> list[RoleHit]:
    """Every role phrase in `text` with its organisation and the person named next to it.

    Args:
        text: e.g. "– Et løftebrudd, sier styreleder i KS, Gunn Marit Helgesen."
        allow_surname: accept a lone surname after the role ("styreleder Helgesen"), used for
            attribution phrases where the surname refers back to a named person.

    Returns:
        One RoleHit per role word, e.g. RoleHit(role="styreleder", organisation="KS",
        as_written="styreleder i KS", name="Gunn Marit Helgesen", ...) (a new list on every call).
    """
    return list(_roles_in(text, allow_surname))


@lru_cache(maxsize=8192)
def _roles_in(text: str, allow_surname: bool) -> tuple[RoleHit, ...]:
    """find_roles, remembered: the same attribution phrases and contact titles come back in every
    release of a press room (half of the calls on the benchmark corpus; RoleHit is frozen)."""
    return tuple(_find_roles(text, allow_surname))


def _find_roles(text: str, allow_surname: bool) -> list[RoleHit]:
    """find_roles without the memory."""
    if not _may_hold_role(text):
        return []
    scan = _lower_role_initials(text)
    hits: list[RoleHit] = []
    for m in ROLE_SCAN_RE.finditer(scan):
        rs, re_ = m.start(), m.end()
        role_text = m.group("role")
        complement = FOR_COMPLEMENT_RE.search(role_text)
        if complement and BODY_AFTER_RE.match(text, rs + complement.start()):
            # "formand for teknik- og miljøudvalget": the committee is the post's body, not its field
            role_text, re_ = role_text[:complement.start()], rs + complement.start()
        role = _clean_role(role_text)
        head = role_head(role)
        org: str | None = None
        start, end = rs, re_
        before = text[max(0, rs - 60):rs]
        poss = ORG_POSSESSIVE_RE.search(before)
        hyph = ORG_HYPHEN_RE.search(before)
        body = BODY_GENITIVE_RE.search(before) if before.endswith("s ") else None
        place_poss = PLACE_POSSESSIVE_RE.search(before) if before.endswith("s ") and not body else None
        if place_poss:
            org = place_poss.group("org")
            start = rs - len(place_poss.group(0))
        elif body:
            # "Anna Svensson (S), kommunstyrelsens ordförande": the post of a municipal body
            org = body.group("org")[:-1] if body.group("org").endswith("s") else body.group("org")
            # a common noun, capitalised only when it opens the sentence: "Kommunstyrelsens ordförande"
            if not any(c.isupper() for c in org[1:]):  # not "Børne- og Ungeudvalgets formand"
                org = org[0].lower() + org[1:]
            start = rs - len(body.group(0))
        elif hyph:
            org = hyph.group("org")
            start = rs - len(hyph.group(0))
        elif poss and poss.group("org") not in NOT_ORG_POSSESSIVE and (
            ACRONYM_RE.match(poss.group("org"))
            or poss.group("org") not in NOT_NAME_WORDS
            or poss.group("org") in PLACE_ORGS
        ):
            org = _clean_org(poss.group("org"))
            start = rs - len(poss.group(0))
        name = None
        name_start = name_end = -1
        after_pos = re_
        lower_body = BODY_AFTER_RE.match(text, re_) if org is None else None
        if lower_body:
            # "ordförande i kommunstyrelsen", "formand for børne- og ungeudvalget"
            org = lower_body.group("org")
            end = after_pos = lower_body.end()
        if org is None:
            oa = ORG_AFTER_RE.match(text, re_)
            coord = next((c for c in COORD_IN_ORG_RE.finditer(oa.group("org"))
                          if c.group("first").split("-")[0] in FIRST_NAMES), None) if oa else None
            if coord:
                # "ordförande för SKR och Anders Knape, vice ordförande": the run stops before a person
                oa = ORG_AFTER_RE.match(text, re_, oa.start("org") + coord.start())
            if oa:
                raw_org = oa.group("org")
                tail = text[oa.end():]
                acro = oa.group("acro")
                if acro and not oa.group("suffix"):
                    run = text[oa.start("org"):oa.start("acro") - 1].rstrip()
                    _, name_part = _split_org_and_name(run)
                    if name_part and looks_like_person_name(name_part, need_first_name=True):
                        # "rådmand for Børn og Unge Thomas Medom (SF)": the brackets hold the party
                        acro, raw_org, tail = None, run, text[oa.start("org") + len(run):]
                split_before_comma = (
                    # "statssekretær i Kommunal- og moderniseringsdepartementet Heidi Karin Nakken, samt …":
                    # a name with a known first name ends the run before the comma
                    tail.startswith(",") and not acro and not oa.group("suffix")
                    and _split_org_and_name(raw_org)[1] is not None
                    and looks_like_person_name(_split_org_and_name(raw_org)[1] or "", need_first_name=True))
                if (oa.group("suffix") or acro or tail.startswith(",")) and not split_before_comma:
                    org = acro or _clean_org(raw_org)
                    end = oa.end()
                    after_pos = oa.end()
                else:
                    org_part, name_part = _split_org_and_name(raw_org, place=head.endswith(PLACE_ROLE_HEADS))
                    org = _clean_org(org_part)
                    org_end = oa.start("org") + len(org_part)
                    end = org_end
                    after_pos = org_end
                    if name_part and looks_like_person_name(name_part, need_first_name=False):
                        name = name_part
                        name_start = org_end + 1
                        name_end = name_start + len(name_part)
                if org and (org in NOT_NAME_WORDS and not ACRONYM_RE.match(org)) and org not in PLACE_ORGS:
                    org = None
                    end = re_
                    after_pos = re_
        named = NAMED_AFTER_RE.match(text, after_pos) if name is None and m.group("role") != role else None
        if named and looks_like_person_name(named.group("name"), need_first_name=False):
            # "statsministeren hed Thorvald Stauning": a definite post, a naming verb, its holder
            name, name_start, name_end = named.group("name"), named.start("name"), named.end("name")
        if name is None:
            na = NAME_AFTER_RE.match(text, after_pos)
            if na:
                need_first = (head in AMBIGUOUS_ROLE_HEADS or head.endswith("lege")) and org is None
                tokens = na.group("name").split()
                # "statsminister Jonas Gahr Støre Kyiv": the longest prefix that is a name
                for n in range(len(tokens), 1, -1):
                    cand = " ".join(tokens[:n])
                    if looks_like_person_name(cand, need_first_name=need_first):
                        spans = list(re.finditer(r"\S+", text[na.start("name"):na.end("name")]))
                        name, name_start = cand, na.start("name")
                        name_end = name_start + spans[n - 1].end()
                        break
                if name is not None and "," in text[name_end:name_end + 8] and NEXT_APPOSITIVE_RE.match(
                        scan, name_end):
                    # "Geir Arild Espnes (Sp), ordfører i Oppdal kommune, Trudy Engen (SV), ordfører i
                    # Nordkapp": the name after has a role of its own; the role is the name before's
                    nb = NAME_BEFORE_RE.search(text[max(0, start - 80):start])
                    if nb and looks_like_person_name(nb.group("name"), need_first_name=False):
                        offset = max(0, start - 80)
                        name = nb.group("name")
                        name_start, name_end = offset + nb.start("name"), offset + nb.end("name")
            if name is None:
                ap = APPOSITIVE_RE.match(text, re_)
                if ap and looks_like_person_name(ap.group("name"), need_first_name=head in AMBIGUOUS_ROLE_HEADS):
                    name, name_start, name_end = ap.group("name"), ap.start("name"), ap.end("name")
                    place = ORG_PLACE_TAIL_RE.match(ap.group("org"))
                    org = _clean_org(place.group("org") or place.group("one") if place else ap.group("org"))
                    end = ap.end("org")
            if name is not None and org is None:
                org = _org_after_name(text, name_end)
        surname_after = SURNAME_AFTER_RE.match(text, after_pos) if name is None and allow_surname else None
        if name is None:
            nb = NAME_BEFORE_RE.search(text[max(0, start - 80):start])
            ne = NAME_ELECTED_RE.search(text[max(0, start - 120):start])
            ni = NAME_IS_RE.search(text[max(0, start - 80):start])
            np_ = NAME_PAREN_RE.search(text[max(0, start - 80):start])
            nn = _headline_holder(text, start, role_text)
            nv = _inverted_holder(text, start, after_pos)
            for found in (nb, ne, ni, np_, nn, nv):
                if not found:
                    continue
                offset = 0 if found is nv else max(0, start - (120 if found is ne else 80))
                cand, skip = _strip_leading_titles(found.group("name"))
                if looks_like_person_name(cand, need_first_name=found is ni or found is nn):
                    name = cand
                    name_start = offset + found.start("name") + skip
                    name_end = offset + found.end("name")
                    break
        if name is None and surname_after and surname_after.group("name").split()[0] not in NOT_NAME_WORDS:
            # "styreleder Helgesen"; but "Mats Öman, kommundirektör Gullspångs kommun" is Öman's (above)
            name, name_start, name_end = (surname_after.group("name"), surname_after.start("name"),
                                          surname_after.end("name"))
        hits.append(RoleHit(role, org, text[start:end], start, end, name, name_start, name_end))
        if name is not None and is_plural_role(m.group("role").split()[-1]):
            hits.extend(_coordinated(text, hits[-1]))
    return _chain_appositive_roles(text, hits)


def _inverted_holder(text: str, start: int, after_pos: int) -> re.Match[str] | None:
    """The subject after the verb of a sentence that opens with "… som <post>": in verb-second order the
    name after the finite verb holds the post ("Efter næsten otte år som regionsrådsformand meddelte Sophie
    Hæstorp Andersen (S) tirsdag aften …", real2 149). The match's offsets are the text's; None otherwise.
    """
    if OPENING_AS_RE.search(text[max(0, start - 60):start]) is None:
        return None
    return VERB_THEN_NAME_RE.match(text, after_pos)


def _headline_holder(text: str, start: int, role_text: str) -> re.Match[str] | None:
    """The name printed right before a role phrase that opens with "ny"/"nye"/"nya": a headline's
    "Lars Gaardhøj ny regionsrådsformand i hovedstaden" (no verb between the name and its new post).

    Matched in the 80 characters before the role (as the other name-before forms); None otherwise.
    """
    if role_text.split(None, 1)[0] not in NEW_POST_WORDS:
        return None
    return NAME_NEW_POST_RE.search(text[max(0, start - 80):start])


def _coordinated(text: str, hit: RoleHit) -> list[RoleHit]:
    """The second person of a plural role: "statsrådene Ola Borten Moe og Ingvild Kjerkhol",
    "Bernd Vöhringer, Tyskland og Harald Sonderegger, Østerrike ble valgt til presidenter"."""
    if hit.name_start > hit.start:
        m = COORD_AFTER_RE.match(text, hit.name_end)
        if m and looks_like_person_name(m.group("name"), need_first_name=False):
            return [replace(hit, name=m.group("name"), name_start=m.start("name"), name_end=m.end("name"))]
        return []
    lo = max(0, hit.name_start - 80)
    m = COORD_BEFORE_RE.search(text[lo:hit.name_start])
    if m and looks_like_person_name(m.group("name"), need_first_name=False):
        return [replace(hit, name=m.group("name"), name_start=lo + m.start("name"), name_end=lo + m.end("name"))]
    return []


def _chain_appositive_roles(text: str, hits: list[RoleHit]) -> list[RoleHit]:
    """Give a nameless role the name of the role printed right after it, comma-separated.

    "leiar i fylkesordførarkollegiet, fylkesordførar i Vestland Ingebjørg Ulvik Nesheim": both roles
    are Ingebjørg Ulvik Nesheim's (the gap may hold a lowercase complement: "i fylkesordførarkollegiet").
    "Ny leiar er kommunedirektør i nye Kinn kommune, Terje Heggheim": a copula between the posts, too.
    """
    for k in range(len(hits) - 2, -1, -1):
        hit, nxt = hits[k], hits[k + 1]
        if hit.name is None and nxt.name and (CHAIN_GAP_RE.fullmatch(text, hit.end, nxt.start) or (
                # "Ny leiar er kommunedirektør i nye Kinn kommune, Terje Heggheim": both posts his
                COPULA_GAP_RE.fullmatch(text, hit.end, nxt.start) and nxt.name_start > nxt.end)):
            hits[k] = RoleHit(hit.role, hit.organisation, hit.as_written, hit.start, hit.end, nxt.name,
                              nxt.name_start, nxt.name_end)
    # "Elise Stokken, medlem av kommunestyret i Ørsta, ungdomsdelegat fra Norge": a second appositive
    # role right after a named person's first one is the same person's
    for k in range(len(hits) - 1):
        hit, nxt = hits[k], hits[k + 1]
        if (hit.name and nxt.name is None and hit.name_end <= hit.start
                and (APPOSITIVE_GAP_RE.fullmatch(text, hit.end, nxt.start) or (
                    AND_GAP_RE.fullmatch(text, hit.end, nxt.start)
                    and indefinite(nxt.as_written.split()[0]) == nxt.as_written.split()[0].lower()))):
            hits[k + 1] = replace(nxt, name=hit.name, name_start=hit.name_start, name_end=hit.name_end)
    return hits


def extract_people(blocks: Sequence[Block]) -> list[PersonMention]:
    """Named persons with the role printed next to them, from a release's blocks.

    Args:
        blocks: the release's blocks; offsets in the result are `block.start` + position in block.
            Example block text: "– Et løftebrudd, sier KS’ arbeidslivsdirektør Tor Arne Gangsø."

    Returns:
        One PersonMention per mention, in text order, e.g. PersonMention(name="Tor Arne Gangsø",
        role="arbeidslivsdirektør", organisation="KS", as_written="KS’ arbeidslivsdirektør").
        Names seen with no role are returned once each (role None) when their first token is a
        known first name; organisations, places and capitalised word pairs are not returned.
    """
    found: list[PersonMention] = []
    read = [_block_people(block.text) for block in blocks]
    for block, (mentions, _) in zip(blocks, read, strict=True):
        start = block.start
        found.extend(PersonMention(name, start + s, start + e, role, organisation, as_written)
                     for name, s, e, role, organisation, as_written in mentions)
    found.extend(_signatures(blocks))
    found.extend(_pronoun_holders(blocks, found, [posts for _, posts in read]))
    return _drop_repeated_bare(found)


# One mention of _block_people: (name, start, end, role, organisation, as_written), offsets in the block.
BlockMention = tuple[str, int, int, str | None, str | None, str | None]
# A post held by a pronoun in a block: (offset of the pronoun, its gender, role, organisation, as_written).
PronounPost = tuple[int, str, str, str | None, str]


@lru_cache(maxsize=8192)
def _block_people(text: str) -> tuple[tuple[BlockMention, ...], tuple[PronounPost, ...]]:
    """What one block's text gives by itself: its mentions, in the order extract_people lists them, and
    the posts a pronoun holds in it (for _pronoun_holders), offsets into `text`.

    Remembered: the same teasers, titles and contact lines come back in every page of a press room (a
    third of the blocks of the benchmark corpus); the result is a pure function of the text, and
    extract_people adds the block's start. _block_people("– Et løftebrudd, sier KS’ arbeidslivsdirektør
    Tor Arne Gangsø.") -> ((("Tor Arne Gangsø", 46, 61, "arbeidslivsdirektør", "KS", "KS’
    arbeidslivsdirektør"),), ()).
    """
    found: list[BlockMention] = []
    posts: list[PronounPost] = []
    covered = Spans()
    for hit in find_roles(text):
        if hit.name is None:
            post = _pronoun_post(text, hit)
            if post is not None:
                posts.append(post)
            continue
        found.append((hit.name, hit.name_start, hit.name_end, hit.role, hit.organisation, hit.as_written))
        covered.add(hit.name_start, hit.name_end)
        listed = LIST_ROLE_RE.match(_lower_role_initials(text[hit.name_end:hit.name_end + 80])) if (
            text[hit.name_end:hit.name_end + 2].lstrip()[:1] in QUOTE_DASHES) else None
        if listed:
            # "1. professor Kåre Hagen - leder - Oslo": the post in the committee after the name
            found.append((hit.name, hit.name_start, hit.name_end, _clean_role(listed.group("role")), None,
                          listed.group("role")))
    # (the pairing needs "respektive"/"henholdsvis" in the text: most blocks skip the lowering and the scan)
    pairs = RESPECTIVELY_RE.finditer(_lower_role_initials(text)) if _names_respectively(text) else ()
    for pair in pairs:
        second = _clean_role(pair.group("second"))
        first = " ".join([pair.group("first").lower(), *second.split()[1:]])  # "förste vice ordförande"
        for group, role in (("a", first), ("b", second)):
            if looks_like_person_name(pair.group(group), need_first_name=False):
                found.append((pair.group(group), pair.start(group), pair.end(group), role, None, role))
                covered.add(pair.start(group), pair.end(group))
    for m in BARE_NAME_RE.finditer(text):
        # overlapping a role mention's name ("Vestland Ingrid Nesheim" around "Ingrid Nesheim")
        if covered.overlaps(m.start(), m.end()):
            continue
        # only the few characters before the name decide (a window: a long paragraph stays linear)
        lo = max(0, m.start() - 40)
        at_sentence_start = bool(SENTENCE_START_RE.search(text, lo, m.start())) or (
            not text[lo:m.start()].strip() and (lo == 0 or not text[:m.start()].strip()))
        cand = _trim_bare_name(m.group(0), at_sentence_start=at_sentence_start)
        if cand and looks_like_person_name(cand, need_first_name=False):
            s = m.start() + m.group(0).index(cand)
            found.append((cand, s, s + len(cand), None, None, None))
    return tuple(found), tuple(posts)


def _pronoun_post(text: str, hit: RoleHit) -> PronounPost | None:
    """A nameless post whose holder is the personal pronoun before it, else None.

    "Han hadde da sittet som nestleder i KS i åtte år" (real 022), the hit of "nestleder i KS" ->
    (0, "m", "nestleder", "KS", "nestleder i KS"): _pronoun_holders gives it to the man named before.
    """
    holder = PRONOUN_HOLDER_RE.search(text, max(0, hit.start - 120), hit.start)
    if holder is None or GAP_NAME_RE.search(holder.group("gap")):
        return None
    gender = PRONOUN_GENDER.get(holder.group("pro").lower())
    if not gender:
        return None
    return holder.start("pro"), gender, hit.role, hit.organisation, hit.as_written


def _pronoun_holders(blocks: Sequence[Block], found: Sequence[PersonMention],
                     posts: Sequence[Sequence[PronounPost]]) -> list[PersonMention]:
    """Posts whose holder is a personal pronoun, given to the nearest person named before it (in the same
    or the block above) whose first name has the pronoun's gender; `posts` are each block's
    (_block_people).

    "Bjørn Arild Gram ble valgt til styreleder på KS Landsting i februar 2020. Han hadde da sittet som
    nestleder i KS i åtte år" (real 022) -> PersonMention("Bjørn Arild Gram", role="nestleder",
    organisation="KS"); the mention keeps the offsets of the name it resolves to.
    """
    out: list[PersonMention] = []
    named: list[PersonMention] | None = None
    for k, (block, block_posts) in enumerate(zip(blocks, posts, strict=True)):
        if not block_posts:
            continue
        if named is None:
            named = sorted((p for p in found if p.char_start >= 0), key=lambda p: p.char_start)
        floor = blocks[k - 1].start if k else block.start
        for pro_start, gender, role, organisation, as_written in block_posts:
            at = block.start + pro_start
            person = next((p for p in reversed(named) if floor <= p.char_start < at
                           and name_gender(p.name) == gender), None)
            if person is not None:
                out.append(PersonMention(person.name, person.char_start, person.char_end, role=role,
                                         organisation=organisation, as_written=as_written))
    return out


# A signature's title line has at most this many words: "presschef", "Kommunikasjonssjef, KS".
SIGNATURE_TITLE_WORDS = 6


def _signatures(blocks: Sequence[Block]) -> list[PersonMention]:
    """A name alone on its line with its title alone on the next: a letter's or an invitation's signature.

    "Kjell Foss" then "presschef" (real2 page 147) -> PersonMention("Kjell Foss", role="presschef").
    The name needs a known first name; the title line must be a role phrase and nothing else.
    """
    out: list[PersonMention] = []
    for block, following in pairwise(blocks):
        name, title = block.text.strip(), following.text.strip()
        if not looks_like_person_name(name, need_first_name=True) or not 1 <= len(title.split()) <= (
                SIGNATURE_TITLE_WORDS):
            continue
        hits = find_roles(title)
        if not hits or hits[0].start != 0 or hits[0].name is not None:
            continue
        rest = title[hits[0].end:].rstrip(" .")
        if rest and not TITLE_ORG_RE.fullmatch(rest):
            continue  # more than the title (and its organisation) on the line: prose, not a signature
        role, organisation = split_role(title)
        if role is None:
            continue
        start = block.start + block.text.index(name)
        out.append(PersonMention(name, start, start + len(name), role=role, organisation=organisation,
                                 as_written=title))
    return out


def _trim_bare_name(cand: str, *, at_sentence_start: bool) -> str | None:
    """Drop leading words that cannot start a name; None when what is left is no name.

    "Mandag Ola Hansen" -> "Ola Hansen"; "Fylkespolitikarane Terje Søviknes" at a sentence start
    -> "Terje Søviknes"; "Sven Tore Løkslid" inside a sentence stays whole.
    """
    tokens = cand.split()
    while tokens and (tokens[0] in NOT_NAME_WORDS or ROLE_WORD_RE.match(tokens[0].lower())):
        tokens = tokens[1:]
        at_sentence_start = False
    if at_sentence_start and len(tokens) >= 3 and tokens[0].split("-")[0] not in FIRST_NAMES and (
        tokens[1].split("-")[0] in FIRST_NAMES
    ):
        tokens = tokens[1:]  # a capitalised sentence-initial word before a first name
    # "Sven Tore Løkslid": a known first name as the first or second token is enough
    if len(tokens) >= 2 and not any(t.split("-")[0] in FIRST_NAMES for t in tokens[:2]):
        return None
    if len(tokens) >= 2 and tokens[0].split("-")[0] not in FIRST_NAMES and len(tokens) < 3:
        return None
    return " ".join(tokens) if len(tokens) >= 2 else None


def _drop_repeated_bare(found: list[PersonMention]) -> list[PersonMention]:
    """Keep every role mention; keep a role-less mention only for a name not seen before."""
    seen: set[str] = set()
    out: list[PersonMention] = []
    with_role = {p.name for p in found if p.role}
    for p in found:
        if p.role is None and (p.name in seen or p.name in with_role):
            continue
        seen.add(p.name)
        out.append(p)
    return out


def split_role(as_written: str) -> tuple[str | None, str | None]:
    """Split a printed role phrase into (role, organisation).

    Examples: "KS’ styreleder" -> ("styreleder", "KS"); "KS-lederen" -> ("leder", "KS");
    "Kommunikasjonssjef, KS" -> ("kommunikasjonssjef", "KS");
    "Seniorrådgiver kommuneøkonomi" -> ("seniorrådgiver kommuneøkonomi", None);
    "styreleder i KS" -> ("styreleder", "KS"); "kommunal- og distriktsminister" ->
    ("kommunal- og distriktsminister", None); "ordføreren i Bodø" -> ("ordfører", "Bodø");
    a phrase without a role word -> (None, None).
    """
    hits = find_roles(as_written.strip())
    if not hits:
        return None, None
    org = hits[0].organisation
    qualifier = TITLE_QUALIFIER_RE.match(as_written.strip()[hits[0].end:])
    body = BODY_TITLE_RE.match(as_written.strip()[hits[0].end:])
    if org is None and body and hits[0].start == 0:
        return hits[0].role, body.group("org")  # "Ordförande barn- och utbildningsnämnden"
    if org is None and qualifier and hits[0].start == 0:
        # a contact card title with its field: "Seniorrådgiver kommuneøkonomi" stays whole
        return " ".join(f"{hits[0].role}{qualifier.group(0)}".split()), None
    if org is None:
        # a contact card title: "Kommunikasjonssjef, KS" / "Rådgiver - KS"
        tail = TITLE_ORG_RE.match(as_written, hits[0].end)
        org = tail.group("org").strip() if tail else None
    return hits[0].role, org


def role_head(role: str) -> str:
    """The head noun of a stored role: "direktør for helse og velferd" -> "direktør",
    "seniorrådgiver kommuneøkonomi" -> "seniorrådgiver", "kommunal- og distriktsminister" ->
    "distriktsminister"."""
    words = role.split(" for ")[0].split()
    return next((w for w in reversed(words) if ends_with_role_head(w)), words[-1] if words else role)


def norm_name(name: str) -> str:
    """A name as indexed: single spaces, no party in brackets, no outer punctuation ("Ida Li (Ap)" -> "Ida Li")."""
    return PARTY_RE.sub("", " ".join(name.split())).strip(" ,.")
