"""A scorer of the warehouse contract tables against reference annotations (gold JSON).

The repository's own copy of the project scorer's rules (the repo must stand alone): releases matched
by normalised title (a title within 0.9 similarity counts), copies of one release (same title, or an
untitled capture marked `same_as`) scored as one, quotes matched on token overlap anywhere with the
speaker checked after, people on normalised full names, roles recall, amounts on (value, currency)
counted once per sentence, contacts on (release, email or phone). Every figure keeps the misses behind
it, so a failing gate names what was lost.

score_warehouse(duckdb.connect("real.duckdb", read_only=True), json.load(open("tests/gold/real.json")))
-> {"quotes_f1": Figure(0.96, […]), "quotes_precision": Figure(0.98, […]), …}
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from difflib import SequenceMatcher
from zoneinfo import ZoneInfo

import duckdb

DASHES = "-‐‑‒–—―−"
QUOTE_MARKS = "\"'«»“”„‘’‚`´"
QUOTE_MATCH_MIN = 0.7  # token-overlap F1 at which a warehouse quote counts as the gold quote
TITLE_MATCH_MIN = 0.9
TOKEN_RE = re.compile(r"\w+")
SPACE_RE = re.compile(r"\s+")
OSLO = ZoneInfo("Europe/Oslo")


@dataclass
class Figure:
    """One headline figure with the misses behind it."""

    value: float
    misses: list[str] = field(default_factory=list)


def norm(text: str | None) -> str:
    """Casefolded text without dashes, quote marks, outer punctuation and repeated spaces.

    norm("– «Et stramt opplegg», ") == "et stramt opplegg"
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(" " if ch in DASHES or ch in QUOTE_MARKS else ch for ch in text)
    return SPACE_RE.sub(" ", text).strip(" .,:;!?")


def overlap(a: str, b: str) -> float:
    """Token-overlap F1 of two texts (1.0 for the same words, 0.0 for none in common)."""
    ta, tb = Counter(TOKEN_RE.findall(norm(a))), Counter(TOKEN_RE.findall(norm(b)))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives and the predicted and gold counts."""
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def same_time(got: float | None, want: str) -> bool:
    """A warehouse epoch against a gold ISO instant, or against a plain date read in Oslo time."""
    if got is None:
        return False
    if len(want) == 10:
        return datetime.fromtimestamp(float(got), OSLO).date().isoformat() == want
    return float(got) == datetime.fromisoformat(want).timestamp()


def same_person(got: str | None, want: str | None) -> bool:
    """Names agree; a gold surname alone (the document never gives more) accepts a fuller name."""
    got_n, want_n = norm(got), norm(want)
    if got_n == want_n:
        return True
    return bool(want_n) and " " not in want_n and got_n.split(" ")[-1:] == [want_n]


def _gold_groups(documents: list[dict]) -> dict[str, dict]:
    """Gold releases grouped by copy: what every full copy shows is required, the rest optional."""
    groups: dict[str, dict] = {}
    for doc in documents:
        for i, rel in enumerate(doc["releases"]):
            key = norm(rel["title"]) or norm(rel.get("same_as")) or f"(untitled {doc['file']} #{i})"
            group = groups.setdefault(key, dict(rel, _copies=[]))
            if not group.get("title") and rel.get("title"):
                group.update(title=rel["title"], published_at=rel["published_at"],
                             release_type=rel["release_type"])
            group["_copies"].append(rel)
    return groups


def _amount_key(a: dict, default_currency: str | None = None) -> tuple[Decimal, str | None]:
    return Decimal(str(a["value"])).normalize(), a.get("currency") or default_currency


def score_warehouse(con: duckdb.DuckDBPyConnection, gold: dict) -> dict[str, Figure]:
    """Every headline figure (F1, precision, accuracy, recall) of a warehouse against `gold`."""
    documents = gold["documents"]
    groups = _gold_groups(documents)
    titled = {k: v for k, v in groups.items() if not k.startswith("(untitled")}
    g_people = {norm(p["name"]) for doc in documents for p in doc.get("people", [])}
    g_optional_people = {norm(n) for doc in documents for n in doc.get("optional_people", [])}
    g_roles: dict[str, set[str]] = {}
    for doc in documents:
        for person in doc.get("people", []):
            g_roles.setdefault(norm(person["name"]), set()).update(norm(r) for r in person.get("roles", []))

    g_amounts: Counter = Counter()
    g_optional_amounts: Counter = Counter()
    g_optional_quotes: list[dict] = []
    g_qualifier: dict = {}
    for rel in groups.values():
        copies = rel["_copies"]
        full = [c for c in copies if c.get("has_full_text")] or copies

        def ident(q: dict) -> tuple[str, str]:
            return norm(q["text"]), norm(q["speaker"])

        common = set.intersection(*({ident(q) for q in c["quotes"]} for c in full))
        rel["quotes"], seen = [], set()
        for c in copies:
            for q in c["quotes"]:
                if ident(q) in seen:
                    continue
                seen.add(ident(q))
                (rel["quotes"] if ident(q) in common else g_optional_quotes).append(q)
            g_optional_quotes.extend(c.get("optional_quotes", []))
        shown = [Counter(_amount_key(a) for a in c["amounts"]) for c in full]
        required = shown[0]
        for counts in shown[1:]:
            required &= counts
        union: Counter = Counter()
        for c in copies:
            union |= Counter(_amount_key(a) for a in c["amounts"])
            g_optional_amounts += Counter(_amount_key(a, "NOK") for a in c.get("optional_amounts", []))
            g_qualifier.update({_amount_key(a): a.get("qualifier") for a in c["amounts"]})
        g_amounts += required
        g_optional_amounts += union - required
        rel["contacts"] = [ct for i, c in enumerate(copies) for ct in c["contacts"]
                           if ct not in [x for c2 in copies[:i] for x in c2["contacts"]]]
    g_quotes, seen_q = [], set()
    for key, rel in groups.items():
        for q in rel["quotes"]:
            ident_q = (norm(q["text"]), norm(q["speaker"]))
            if ident_q not in seen_q:
                seen_q.add(ident_q)
                g_quotes.append((key, q))
    g_contacts = {(key if not key.startswith("(untitled") else "*", (c["email"] or c["phone"] or "").lower()): c
                  for key, rel in groups.items() for c in rel["contacts"]}

    w_rel = con.execute("select release_id, title, epoch(published_at), release_type from releases").fetchall()
    w_quotes = con.execute("select q.release_id, q.text, p.full_name, q.attribution from quotes q "
                           "left join people p using (person_id)").fetchall()
    w_names = {norm(n) for (n,) in con.execute("select full_name from people").fetchall()}
    w_roles = con.execute("select p.full_name, r.role from person_roles r join people p using (person_id)").fetchall()
    w_amounts = con.execute("select release_id, value, currency, qualifier, sentence from amounts").fetchall()
    w_contacts = con.execute("select release_id, name, title, phone, email from contacts").fetchall()
    out: dict[str, Figure] = {}

    def gold_key_for(title_norm: str) -> str | None:
        if not title_norm:
            return None
        if title_norm in groups:
            return title_norm
        best = max(titled, key=lambda k: SequenceMatcher(None, k, title_norm).ratio(), default=None)
        if best and SequenceMatcher(None, best, title_norm).ratio() >= TITLE_MATCH_MIN:
            return best
        return None

    # releases
    matched: dict[str, list] = {}
    for rid, title, published_at, rtype in w_rel:
        key = gold_key_for(norm(title))
        if key:
            matched.setdefault(key, []).append((rid, published_at, rtype))
    # a warehouse release without a title is judged by its quotes and amounts, not here; a titled one whose
    # title is no title of the gold (a navigation line, a caption, a title given to a page that shows
    # none) is a wrong release
    unmatched_titles = [t for _, t, *_ in w_rel if norm(t) and not gold_key_for(norm(t))]
    p, _r, f = prf(len(matched), len(matched) + len(unmatched_titles), len(titled))
    missing = [f"release missing: {titled[k]['title']}" for k in titled if k not in matched]
    extra = [f"release extra: {t}" for t in unmatched_titles]
    out["releases_f1"] = Figure(f, missing + extra)
    out["releases_precision"] = Figure(p, extra)
    dated = [(k, v[0][1]) for k, v in matched.items() if groups[k]["published_at"]]
    with_date = sum(1 for rel in titled.values() if rel["published_at"])
    date_misses = [f"release date wrong: {groups[k]['title']} got {got}, want {groups[k]['published_at']}"
                   for k, got in dated if not same_time(got, groups[k]["published_at"])]
    date_ok = len(dated) - len(date_misses)
    out["dates_accuracy"] = Figure(date_ok / with_date if with_date else 1.0, date_misses)

    # quotes: matched on text anywhere; a quote held by two copies of one release counts once, and its
    # speaker is right only when every copy names the right person (rows sorted: never row order)
    candidates, speakers_of = [], {}
    for q in sorted(w_quotes, key=lambda q: tuple(str(x) for x in q)):
        if (q[3] or "") == "title" or norm(q[1]) in groups:
            continue
        if norm(q[1]) not in speakers_of:
            candidates.append(q)
        speakers_of.setdefault(norm(q[1]), []).append(q[2])
    used: set[int] = set()
    tp = speaker_ok = 0
    quote_misses, speaker_misses = [], []
    for _key, gq in g_quotes:
        best, best_score = None, 0.0
        for i, (_rid, text, _speaker, _attr) in enumerate(candidates):
            if i in used:
                continue
            score = overlap(gq["text"], text or "")
            if score > best_score:
                best, best_score = i, score
        if best is not None and best_score >= QUOTE_MATCH_MIN:
            used.add(best)
            tp += 1
            wrong = [sp for sp in speakers_of[norm(candidates[best][1])] if not same_person(sp, gq["speaker"])]
            speaker = wrong[0] if wrong else candidates[best][2]
            if not wrong:
                speaker_ok += 1
            else:
                speaker_misses.append(f"quote speaker wrong: {gq['text'][:50]!r} got {speaker!r}, "
                                      f"want {gq['speaker']!r}")
        else:
            quote_misses.append(f"quote missing: {gq['speaker']}: {gq['text'][:60]!r}")
    optional_hits = {i for i in range(len(candidates)) if i not in used
                     and any(overlap(oq["text"], candidates[i][1] or "") >= QUOTE_MATCH_MIN
                             for oq in g_optional_quotes)}
    extra_q = [i for i in range(len(candidates)) if i not in used and i not in optional_hits]
    extra_misses = [f"quote extra: {candidates[i][2]!r}: {(candidates[i][1] or '')[:60]!r}" for i in extra_q]
    p, _r, f = prf(tp, tp + len(extra_q), len(g_quotes))
    out["quotes_f1"] = Figure(f, quote_misses + extra_misses)
    out["quotes_precision"] = Figure(p, extra_misses)
    out["speaker_accuracy"] = Figure(speaker_ok / tp if tp else 0.0, speaker_misses)

    # people: optional in one document, required in another counts as required
    counted = w_names - (g_optional_people - g_people)
    p, _r, f = prf(len(counted & g_people), len(counted), len(g_people))
    extra_people = [f"person extra: {n}" for n in sorted(counted - g_people)]
    out["people_f1"] = Figure(f, [f"person missing: {n}" for n in sorted(g_people - w_names)] + extra_people)
    out["people_precision"] = Figure(p, extra_people)
    roles_seen: dict[str, set[str]] = {}
    for name, role in w_roles:
        roles_seen.setdefault(norm(name), set()).add(norm(role))
    want = sum(len(v) for v in g_roles.values())
    got = sum(len(v & roles_seen.get(k, set())) for k, v in g_roles.items())
    role_misses = [f"role missing: {k}: {sorted(v - roles_seen.get(k, set()))}"
                   for k, v in sorted(g_roles.items()) if v - roles_seen.get(k, set())]
    out["roles_recall"] = Figure(got / want if want else 1.0, role_misses)

    # amounts: the same amount in the same sentence held by two copies counts once
    per_release: dict[str, Counter] = {}
    w_qual: dict = {}
    for rid, value, currency, qualifier, sentence in w_amounts:
        k = (Decimal(str(value)).normalize(), (currency or "").upper())
        per_release.setdefault(rid, Counter())[(k, norm(str(sentence)))] += 1
        w_qual[k] = qualifier
    by_sentence: Counter = Counter()
    for counts in per_release.values():
        by_sentence |= counts
    w_amt: Counter = Counter()
    for (k, _sentence), n in by_sentence.items():
        w_amt[k] += n
    hit = w_amt & g_amounts
    extra_a = w_amt - g_amounts - g_optional_amounts
    tp = sum(hit.values())
    p, _r, f = prf(tp, tp + sum(extra_a.values()), sum(g_amounts.values()))
    amount_extra = [f"amount extra: {v} {c}" for (v, c) in extra_a.elements()]
    out["amounts_f1"] = Figure(f, [f"amount missing: {v} {c}" for (v, c) in (g_amounts - w_amt).elements()]
                               + amount_extra)
    out["amounts_precision"] = Figure(p, amount_extra)
    qual_misses = [f"amount qualifier wrong: {k[0]} {k[1]} got {w_qual.get(k)}, want {g_qualifier.get(k)}"
                   for k in hit if norm(w_qual.get(k)) != norm(g_qualifier.get(k))]
    out["qualifier_accuracy"] = Figure(1 - len(qual_misses) / len(hit) if hit else 1.0, qual_misses)

    # contacts
    title_of = {rid: norm(title) for rid, title, *_ in w_rel}
    release_key = {rid: gold_key_for(t) for rid, t in title_of.items()}
    w_con = {(release_key.get(rid) or title_of.get(rid) or "*", (email or phone or "").lower())
             for rid, _name, _title, phone, email in w_contacts}
    p, _r, f = prf(len(w_con & set(g_contacts)), len(w_con), len(g_contacts))
    out["contacts_f1"] = Figure(f, [f"contact missing: {k}" for k in sorted(set(g_contacts) - w_con)])
    return out
