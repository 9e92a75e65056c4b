"""Entity mentions -> tidy Arrow tables with stable ids, one per warehouse table.

Pure: documents and their extractions in, `pyarrow.Table`s out (the loader bulk-inserts them).
Within one batch a release seen in several documents is one row; its quotes, amounts, roles and
contacts come from its most complete copy (full text beats a listed teaser), so nothing is doubled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pyarrow as pa

from transform import ids
from transform.extractors.dates import implausible
from transform.extractors.places import document_day
from transform.models import Document, ReleaseDraft, ReleaseExtraction
from transform.organisations import normalise_organisation

TS = pa.timestamp("us", tz="UTC")
MONEY = pa.decimal128(38, 2)
MAX_MONEY = Decimal("9" * 36)  # DECIMAL(38, 2): 36 digits before the point

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("document_id", pa.string()), ("source_uri", pa.string()), ("kind", pa.string()),
        ("language", pa.string()), ("title", pa.string()), ("fetched_at", TS),
        ("content_sha256", pa.string()), ("http_status", pa.int32()), ("parser", pa.string()),
        ("n_releases", pa.int32()), ("first_seen_at", TS), ("last_seen_at", TS),
        ("extractor_version", pa.string()), ("implied_date", pa.date32()),
    ]),
    "releases": pa.schema([
        ("release_id", pa.string()), ("url", pa.string()), ("title", pa.string()),
        ("lead", pa.string()), ("body", pa.string()), ("published_at", TS),
        ("release_type", pa.string()), ("publisher", pa.string()), ("language", pa.string()),
        ("has_full_text", pa.bool_()), ("title_is_quote", pa.bool_()), ("document_id", pa.string()),
        ("first_seen_at", TS), ("last_seen_at", TS), ("title_key", pa.string()),
        ("title_source", pa.string()), ("aside", pa.string()),
    ]),
    "release_documents": pa.schema([
        ("release_id", pa.string()), ("document_id", pa.string()), ("seen_as", pa.string()),
        ("source_document_id", pa.string()),
    ]),
    "people": pa.schema([
        ("person_id", pa.string()), ("full_name", pa.string()), ("first_seen_at", TS),
        ("last_seen_at", TS),
    ]),
    "person_roles": pa.schema([
        ("person_role_id", pa.string()), ("person_id", pa.string()), ("role", pa.string()),
        ("organisation", pa.string()), ("release_id", pa.string()), ("as_written", pa.string()),
        ("source_document_id", pa.string()), ("organisation_id", pa.string()),
    ]),
    "contacts": pa.schema([
        ("contact_id", pa.string()), ("release_id", pa.string()), ("person_id", pa.string()),
        ("name", pa.string()), ("title", pa.string()), ("organisation", pa.string()),
        ("phone", pa.string()), ("email", pa.string()), ("source_document_id", pa.string()),
        ("organisation_id", pa.string()),
    ]),
    "quotes": pa.schema([
        ("quote_id", pa.string()), ("release_id", pa.string()), ("person_id", pa.string()),
        ("speaker_as_written", pa.string()), ("text", pa.string()), ("reporting_verb", pa.string()),
        ("attribution", pa.string()), ("char_start", pa.int32()), ("char_end", pa.int32()),
        ("source_document_id", pa.string()),
    ]),
    "amounts": pa.schema([
        ("amount_id", pa.string()), ("release_id", pa.string()), ("value", MONEY),
        ("value_high", MONEY), ("currency", pa.string()), ("qualifier", pa.string()),
        ("raw_text", pa.string()), ("sentence", pa.string()), ("char_start", pa.int32()),
        ("char_end", pa.int32()), ("source_document_id", pa.string()),
    ]),
    "fetches": pa.schema([
        ("url", pa.string()), ("final_url", pa.string()), ("status", pa.int32()),
        ("content_type", pa.string()), ("etag", pa.string()), ("last_modified", pa.string()),
        ("sha256", pa.string()), ("n_bytes", pa.int64()), ("fetched_at", TS), ("error", pa.string()),
    ]),
}
# Tables built from documents; `fetches` is built from fetch records (fetches_table).
# Child tables carry `source_document_id` (not a warehouse column): the loader keeps only the child rows
# of each release's most complete copy when batches are staged separately (sql/load/005_stage.sql). A
# document link carries it too: the document of the staged copy it belongs to, so that the loader can
# give two copies of one id with plainly different bodies two ids (load/identity.py).
TABLES = tuple(t for t in SCHEMAS if t != "fetches")


@dataclass
class Rows:
    """Rows per warehouse table, as lists of dicts, before they become Arrow tables."""

    by_table: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def add(self, table: str, row: dict) -> None:
        self.by_table[table].append(row)


def money(value: Decimal | None) -> Decimal | None:
    """A Decimal rounded to cents, or None when it is missing or does not fit DECIMAL(38, 2).

    Decimal('58000') -> Decimal('58000.00'); Decimal('1e40') -> None.
    """
    if value is None:
        return None
    try:
        if not value.is_finite() or abs(value) > MAX_MONEY:
            return None
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, AttributeError):
        return None


def _completeness(extraction: ReleaseExtraction) -> tuple[int, int]:
    """Sort key: full text first, then the longer body."""
    return (int(extraction.release.has_full_text), len(extraction.release.text))


def tables_for(batch: Iterable[tuple[Document, Sequence[ReleaseExtraction]]],
               version: str | None = None) -> dict[str, pa.Table]:
    """Arrow tables (one per warehouse table) for a batch of documents and their extractions.

    Input: [(Document('data/samples/000_….txt', …), [ReleaseExtraction(…), …]), …];
    output: {'documents': pa.Table, 'releases': pa.Table, …} with stable ids and no duplicate keys.
    `version` (the extractor code version) is stored with each document, so unchanged inputs are skipped
    only while the code that read them is unchanged too.
    """
    rows = Rows()
    documents: dict[str, dict] = {}
    copies: dict[str, list[tuple[Document, ReleaseExtraction]]] = {}
    doc_ids: dict[str, str] = {}  # source_uri -> document id, hashed once per document

    for doc, extractions in batch:
        doc_id = doc_ids[doc.source_uri] = ids.document_id(doc.source_uri)
        documents[doc_id] = ({
            "document_id": doc_id, "source_uri": doc.source_uri, "kind": doc.kind,
            "language": doc.language, "title": doc.title, "fetched_at": doc.fetched_at,
            "content_sha256": doc.content_sha256, "http_status": doc.http_status, "parser": doc.parser,
            "n_releases": len(doc.releases), "first_seen_at": doc.fetched_at,
            "last_seen_at": doc.fetched_at, "extractor_version": version,
            "implied_date": implied_date(doc),
        })
        for extraction in extractions:
            rel = extraction.release
            rid = ids.release_id(rel.title, plausible_published_at(rel.published_at),
                                doc_id)
            copies.setdefault(rid, []).append((doc, extraction))

    # The copies of one id are one staged row per body: teasers (and bodies too short to compare) one,
    # and each plainly different full body one more; the loader decides their ids (load/identity.py).
    best: dict[tuple[str, int], tuple[Document, ReleaseExtraction]] = {}
    seen: dict[tuple[str, int], list] = {}
    members: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for rid, group in copies.items():
        bodies = [ex.release.text if ex.release.has_full_text else None for _, ex in group]
        groups = ids.body_groups(bodies) if len(group) > 1 else [0]
        for (doc, extraction), body_group in zip(group, groups, strict=True):
            key = (rid, body_group)
            rel = extraction.release
            doc_id = doc_ids[doc.source_uri]
            members.setdefault(key, []).append((doc_id, "full_text" if rel.has_full_text else "teaser"))
            seen.setdefault(key, []).append(doc.fetched_at)
            # equal completeness: the smaller document id wins, so the row does not depend on input order
            # nor on how documents are split into batches (sql/load/005_stage.sql breaks ties the same way)
            if key not in best or (_completeness(extraction), doc_ids[best[key][0].source_uri]) > (
                    _completeness(best[key][1]), doc_id):
                best[key] = (doc, extraction)

    links: dict[tuple[str, str, str], str] = {}
    for key, linked in members.items():
        source = doc_ids[best[key][0].source_uri]
        for doc_id, seen_as in linked:
            links.setdefault((key[0], doc_id, source), seen_as)

    people: dict[str, dict] = {}
    for key, (doc, extraction) in best.items():
        _release_rows(rows, key[0], doc_ids[doc.source_uri], extraction, people, seen[key], doc.language)
    for (rid, doc_id, source), seen_as in links.items():
        rows.add("release_documents", {"release_id": rid, "document_id": doc_id, "seen_as": seen_as,
                                       "source_document_id": source})
    rows.by_table["people"] = list(people.values())
    rows.by_table["documents"] = list(documents.values())
    return {name: _table(name, rows.by_table[name]) for name in TABLES}


def implied_date(doc: Document) -> date | None:
    """The day a document dates itself by (documents.implied_date), for the places of its undated releases:
    its own release's publication day (Europe/Oslo), else the newest day of a release it lists, else 1 July
    of the earliest year its text prints.

    implied_date(Document(text='Vestland fylkesting i Håkonshallen oktober 2019 …', releases=(undated, …)))
    -> date(2019, 7, 1)
    """
    def day(r: ReleaseDraft) -> date | None:
        published = plausible_published_at(r.published_at)
        return published.astimezone(ids.OSLO).date() if published else None

    own = next((r for r in doc.releases if r.has_full_text), None)
    listed = [d for r in doc.releases if r is not own and (d := day(r)) is not None]
    seen = doc.fetched_at or doc.read_at
    return document_day(doc.text, day(own) if own is not None else None, listed,
                        seen.astimezone(ids.OSLO).date() if seen else None)


def plausible_published_at(published_at: datetime | None) -> datetime | None:
    """The publication date, or None when its year is implausible (dates.implausible: before 1971, after
    2050). A date after the fetch is kept (an embargoed release; the reader warned about it), and the
    rule reads no clock, so a fresh build later gives the same row.

    plausible_published_at(datetime(2361, 3, 21, tzinfo=UTC)) -> None (an epoch in the wrong unit)
    """
    return None if implausible(published_at) else published_at


def _release_rows(rows: Rows, rid: str, source_doc: str, extraction: ReleaseExtraction,
                  people: dict[str, dict], seen: list, document_language: str | None) -> None:
    """Rows of one release copy (`source_doc` its document's id) into `rows`: the release, its quotes, roles,
    contacts and amounts, and its people into `people`."""
    rel = extraction.release
    # Child ids carry the copy's body fingerprint besides the release id: two releases of one title and day
    # with plainly different bodies share the release id their copies were staged under (the loader gives
    # one of them another), and their quotes, amounts, roles and contacts must not meet.
    copy_key = ids.body_key(rel.text or "")
    seen_times = [t for t in seen if t is not None]
    first_seen = min(seen_times) if seen_times else None
    last_seen = max(seen_times) if seen_times else None
    rows.add("releases", {
        "release_id": rid, "url": rel.url, "title": rel.title, "lead": rel.lead, "body": rel.text,
        "published_at": plausible_published_at(rel.published_at),
        "release_type": rel.release_type,
        "publisher": rel.publisher, "language": rel.language or document_language,
        "has_full_text": rel.has_full_text, "title_is_quote": rel.title_is_quote,
        "document_id": source_doc, "first_seen_at": first_seen,
        "last_seen_at": last_seen, "title_key": ids.normal_key(rel.title) or None,
        # how the title was chosen; a reader that does not say is recorded as such (null), never guessed
        "title_source": rel.title_source if rel.title else "none",
        # what the page prints with the release but the body leaves out (a table, the block about the
        # publisher): read for places only
        "aside": rel.aside or None,
    })

    def person(name: str) -> str:
        pid = ids.person_id(name)
        row = people.get(pid)
        # Seen-times are left to the loader: sql/load/005_stage.sql derives them from the releases a
        # person appears in, the same for one batch or many.
        if row is None:
            people[pid] = {"person_id": pid, "full_name": name, "first_seen_at": None, "last_seen_at": None}
        elif len(name) > len(row["full_name"]):
            row["full_name"] = name
        return pid

    roles: dict[str, dict] = {}

    def role(pid: str, title: str | None, organisation: str | None, as_written: str | None) -> None:
        if not title:
            return
        title = title.strip().lower()
        key = ids.stable_id("role", pid, title, ids.normal_key(organisation), rid, copy_key)
        roles.setdefault(key, {"person_role_id": key, "person_id": pid, "role": title,
                               "organisation": organisation, "release_id": rid,
                               "as_written": as_written, "source_document_id": source_doc,
                               "organisation_id": org_id(organisation)})

    quoted: dict[str, dict] = {}
    for q in extraction.quotes:
        pid = person(q.speaker_name) if q.speaker_name else None
        if pid:
            role(pid, q.speaker_role, q.speaker_organisation, q.speaker_as_written)
        qid = ids.stable_id("quote", rid, copy_key, ids.normal_key(q.text))
        quoted.setdefault(qid, {
            "quote_id": qid, "release_id": rid, "person_id": pid,
            "speaker_as_written": q.speaker_as_written, "text": q.text,
            "reporting_verb": q.reporting_verb, "attribution": q.attribution,
            "char_start": q.char_start, "char_end": q.char_end, "source_document_id": source_doc,
        })
    for row in quoted.values():
        rows.add("quotes", row)

    # A person is kept when the text gives them a role or they are a contact; names only mentioned
    # in passing are too often organisations or places to count as people.
    for p in extraction.people:
        if p.role:
            role(person(p.name), p.role, p.organisation, p.as_written)
    for row in roles.values():
        rows.add("person_roles", row)

    contacts: dict[str, dict] = {}
    for c in rel.contacts:
        pid = person(c.name) if c.name else None
        cid = ids.stable_id("contact", rid, copy_key, ids.normal_key(c.name), c.phone, (c.email or "").lower())
        contacts.setdefault(cid, {
            "contact_id": cid, "release_id": rid, "person_id": pid, "name": c.name, "title": c.title,
            "organisation": c.organisation, "phone": c.phone, "email": c.email, "source_document_id": source_doc,
            "organisation_id": org_id(c.organisation),
        })
    for row in contacts.values():
        rows.add("contacts", row)

    amounts: dict[str, dict] = {}
    for a in extraction.amounts:
        value, high = money(a.value), money(a.value_high)
        if value is None:
            continue
        aid = ids.stable_id("amount", rid, copy_key, a.char_start, a.char_end)
        amounts.setdefault(aid, {
            "amount_id": aid, "release_id": rid, "value": value, "value_high": high,
            "currency": a.currency, "qualifier": a.qualifier, "raw_text": a.raw_text,
            "sentence": a.sentence, "char_start": a.char_start, "char_end": a.char_end,
            "source_document_id": source_doc,
        })
    for row in amounts.values():
        rows.add("amounts", row)


def org_id(organisation: str | None) -> str | None:
    """The id of the organisation the words name (transform/organisations.py): org_id("KS’") == org_id("KS")."""
    found = normalise_organisation(organisation)
    return found.organisation_id if found else None


def fetches_table(records: Iterable[object]) -> pa.Table:
    """Arrow table of fetch records (objects with the `fetches` columns as attributes), one per URL.

    The last record of a URL wins: [FetchRecord(url='https://…/release/1', status=200, …)] -> pa.Table.
    """
    rows: dict[str, dict] = {}
    for record in records:
        row = {name: getattr(record, name, None) for name in SCHEMAS["fetches"].names}
        rows[row["url"]] = row
    return _table("fetches", list(rows.values()))


def empty_table(name: str) -> pa.Table:
    """An empty Arrow table with the schema of warehouse table `name`."""
    return _table(name, [])


def _table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])
