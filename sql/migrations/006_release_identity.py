"""006: release identity by normalised title and Oslo day; a `title_key` column; stored rows re-keyed.

Commit 14fd284 changed `release_id` from (publisher, title) to the title alone with no migration, so
a warehouse of earlier code, run again, held every release twice (releases 79 -> 157). Titles such as
"Invitasjon til pressekonferanse" recur every year, so the title alone also merged different
releases. This migration gives every stored release the id of the current scheme (hash of the
normalised title and the Oslo day of publication; the title alone when undated), joins undated rows
to the dated release of the same title whose body they repeat, and merges the rows that meet under
one id: the most complete copy wins, child rows are the winner's only (nothing doubled).

The formulas are copied here on purpose: a migration does what it did when it was committed, whatever
later code changes (sql/migrations/README.md).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import duckdb
import pyarrow as pa

_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = "\"'«»“”„‘’ .,:;!?–—-"
_WORD = re.compile(r"\w+")
BODIES_DIFFER_BELOW = 0.2


def _normal_key(text: str | None) -> str:
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", folded).strip(_EDGE_PUNCT)


def _stable_id(*parts: object) -> str:
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return {tuple(words[i:i + 3]) for i in range(max(len(words) - 2, 0))}


def _overlap(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


def _resolve(rows: list[tuple[str, str, str | None, bool, str | None]]) -> dict[str, str]:
    """{undated id: dated id}: an undated row joins the dated release of its title it repeats best."""
    groups: dict[str, dict[str, tuple]] = {}
    for rid, key, day, full, body in rows:
        if key:
            groups.setdefault(key, {})
            prev = groups[key].get(rid)
            if prev is None or (full, len(body or "")) > (prev[2], len(prev[3] or "")):
                groups[key][rid] = (rid, day, full, body)
    mapping: dict[str, str] = {}
    for group in groups.values():
        dated = sorted((c for c in group.values() if c[1]), key=lambda c: (c[1], c[0]))
        undated = sorted(c for c in group.values() if not c[1])
        for uid, _day, full, body in undated:
            if not dated:
                break
            full_dated = [d for d in dated if d[2] and d[3]]
            if full and body and full_dated:
                score, _d, target = max((_overlap(body, d[3]), d[1], d[0]) for d in full_dated)
                if score >= BODIES_DIFFER_BELOW:
                    mapping[uid] = target
                else:
                    teasers = [d for d in dated if not (d[2] and d[3])]
                    if teasers:
                        mapping[uid] = teasers[-1][0]
                continue
            mapping[uid] = dated[-1][0]
    return mapping


REKEY_SQL = """
-- Re-key stored releases by _release_map(old_id, new_id), merging the rows that meet under one id.
-- Used by the loader (an undated release joined to the dated one of its title, load/identity.py).
-- The most complete copy wins (full text, then the longest body); a dated copy gives its date, a linked
-- one its URL, and seen-times are widened over all copies. Child rows (quotes, amounts, roles,
-- contacts) are the winner's only, so a merge never doubles them; document links are all kept.
create or replace temp table _rekey_rows as
select
    r.*,
    coalesce(m.new_id, r.release_id) as target_id
from releases as r
left join _release_map as m on m.old_id = r.release_id
where r.release_id in (select old_id from _release_map)
   or r.release_id in (select new_id from _release_map);

create or replace temp table _rekey_winners as
select
    target_id,
    release_id as winner_id
from _rekey_rows
qualify row_number() over (
    partition by target_id
    order by has_full_text desc, length(coalesce(body, '')) desc, published_at is null, release_id
) = 1;

create or replace temp table _rekey_merged as
with spans as (
    select
        target_id,
        max(url) as any_url,
        max(published_at) as any_published_at,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        bool_or(has_full_text) as has_full_text
    from _rekey_rows
    group by target_id
)
select
    r.* exclude (target_id) replace (
        w.target_id as release_id,
        coalesce(r.url, s.any_url) as url,
        coalesce(r.published_at, s.any_published_at) as published_at,
        s.first_seen_at as first_seen_at,
        s.last_seen_at as last_seen_at,
        s.has_full_text as has_full_text
    )
from _rekey_rows as r
join _rekey_winners as w on r.release_id = w.winner_id
join spans as s on s.target_id = w.target_id;

delete from quotes
where release_id in (select release_id from _rekey_rows)
  and release_id not in (select winner_id from _rekey_winners);
delete from amounts
where release_id in (select release_id from _rekey_rows)
  and release_id not in (select winner_id from _rekey_winners);
delete from person_roles
where release_id in (select release_id from _rekey_rows)
  and release_id not in (select winner_id from _rekey_winners);
delete from contacts
where release_id in (select release_id from _rekey_rows)
  and release_id not in (select winner_id from _rekey_winners);

update quotes set release_id = w.target_id
from _rekey_winners as w where quotes.release_id = w.winner_id and w.winner_id <> w.target_id;
update amounts set release_id = w.target_id
from _rekey_winners as w where amounts.release_id = w.winner_id and w.winner_id <> w.target_id;
update person_roles set release_id = w.target_id
from _rekey_winners as w where person_roles.release_id = w.winner_id and w.winner_id <> w.target_id;
update contacts set release_id = w.target_id
from _rekey_winners as w where contacts.release_id = w.winner_id and w.winner_id <> w.target_id;

create or replace temp table _rekey_links as
select
    coalesce(m.new_id, d.release_id) as release_id,
    d.document_id,
    min(d.seen_as) as seen_as
from release_documents as d
left join _release_map as m on m.old_id = d.release_id
where d.release_id in (select release_id from _rekey_rows)
group by all;

delete from release_documents where release_id in (select release_id from _rekey_rows);
insert into release_documents by name select * from _rekey_links;

delete from releases where release_id in (select release_id from _rekey_rows);
insert into releases by name select * from _rekey_merged;
"""


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Add releases.title_key, give every stored release its current-scheme id, merge duplicates."""
    con.execute("alter table releases add column if not exists title_key varchar")
    con.execute("comment on column releases.title_key is 'Normalised title (NFKC, casefolded, spaces "
                "collapsed, edge punctuation stripped): half of the release identity; null when untitled.'")
    con.execute("comment on column releases.release_id is 'Stable id: hash of the normalised title and "
                "the Oslo day of publication (an undated copy joins the dated release of its title; an "
                "untitled release is keyed by its document).'")
    rows = con.execute(
        "select release_id, title, strftime(timezone('Europe/Oslo', published_at), '%Y-%m-%d'), "
        "has_full_text, body from releases").fetchall()
    current: dict[str, str] = {}
    keyed = []
    for rid, title, day, full, body in rows:
        key = _normal_key(title)
        new = _stable_id("release", key, day) if day else _stable_id("release", key)
        current[rid] = new
        keyed.append((new, key, day, bool(full), body))
    joined = _resolve(keyed)
    mapping = {old: joined.get(new, new) for old, new in current.items()}
    mapping = {old: new for old, new in mapping.items() if old != new}
    con.register("_release_map_arrow", pa.table({
        "old_id": pa.array(list(mapping), pa.string()),
        "new_id": pa.array(list(mapping.values()), pa.string()),
    }))
    con.execute("create or replace temp table _release_map as select * from _release_map_arrow")
    con.unregister("_release_map_arrow")
    if mapping:
        con.execute(REKEY_SQL)
    keys = {}
    for rid, title, *_ in rows:
        keys[mapping.get(rid, rid)] = _normal_key(title) or None
    con.register("_title_keys", pa.table({
        "release_id": pa.array(list(keys), pa.string()),
        "title_key": pa.array(list(keys.values()), pa.string()),
    }))
    con.execute("update releases set title_key = k.title_key from _title_keys as k "
                "where releases.release_id = k.release_id")
    con.unregister("_title_keys")
