"""NTB Kommunikasjon JSON (public-website-api and json/v2) -> Document, plus list-page entries.

Two documented shapes (docs/sources.md, "The default sources"; unverified for KS):

* public-website-api detail: ``{id, date, url, publisher{name}, versions: {no: {title, leadtext,
  body: {complete}, contacts: {cards: [...]}, type, localizedlabel, ...}}}``
* json/v2 PressRelease: ``{id, title, url, leadtext, body, published, type, language,
  publisher{id, name}, contacts{text, persons[{name, phone, email, title}]}, ...}``

Verified against a real list response (Via Ritzau, tests/live/fixtures/ritzau/): list items are
``{id, date, versions: {<lang>: {title, type, metadescription, url, image}}}`` under ``paging``
``{count, itemsPerPage, page}``, and an item ``url`` is ``/release/<id>/<slug>?publisherId=…&lang=…``,
which is not the public page: public_release_url() rewrites it to ``/pressemelding/<id>/<slug>`` (NTB),
``/pressemeddelelse/`` (Ritzau) or ``/pressmeddelande/`` (TT). The detail shape is still inferred, so
the readers take either form where public scrapers disagree (``body`` a string or ``{complete}``,
``keywords`` a string or a list).

Parsers are pure and fail with ParseError naming the missing field when a response has neither shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

from transform.errors import ParseError
from transform.models import Contact, Document, ReleaseDraft
from transform.readers.html import (
    DESK,
    build_release,
    clean_text,
    contacts_from_text,
    detect_language,
    language_code,
    load_html,
    parse_body_html,
    parse_when,
    phone_e164,
)

# NTB type ids (Solita `<type id="19">` = Pressemelding); other ids are passed through as labels.
TYPE_IDS = {19: "Pressemelding"}
VERSION_PREFERENCE = ("no", "nb", "nn", "sv", "da", "en")
# The list API's item URL; the public page has the platform's segment instead of "release".
API_RELEASE_PATH = re.compile(r"^/release/(\d+)(/[^?#]*)?$")
# Public page segment by the release's language, for hosts that are not a known platform (a test server).
SEGMENT_BY_LANGUAGE = {"da": "pressemeddelelse", "sv": "pressmeddelande"}
DEFAULT_SEGMENT = "pressemelding"
PUBLISHER_IN_LIST_URL = re.compile(r"/pressroom/(\d+)(?:/|$)")
PHONE_KEYS = ("phone", "phoneNumber", "phone_number", "mobile", "mobilePhone", "mobile_phone", "telephone",
              "tel", "cellphone")
EMAIL_KEYS = ("email", "mail", "emailAddress", "email_address")
TITLE_KEYS = ("title", "jobtitle", "jobTitle", "position", "role", "description")


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One release listed by a JSON list endpoint (grain: one list item)."""

    release_id: str
    title: str | None
    url: str | None  # the public page (rewritten from the API's /release/ form)
    published_at: datetime | None
    release_type: str | None = None  # versions.<lang>.type ("Nyhed", "Pressemeddelelse")
    publisher_id: str | None = None  # from a publisher field or publisherId= in the item URL
    language: str | None = None      # the versions key ("da")


@dataclass(frozen=True, slots=True)
class Paging:
    """The `paging` object of a public-website-api list page (grain: one list page)."""

    count: int
    items_per_page: int
    page: int | None = None

    def is_last(self, pages_read: int) -> bool:
        """True when `pages_read` pages of `items_per_page` cover `count` items."""
        return self.items_per_page > 0 and pages_read * self.items_per_page >= self.count


def segment_for(language: str | None, segment: str | None = None) -> str:
    """The public page segment: `segment` when the caller knows the platform, else by language.

    segment_for("da") -> "pressemeddelelse"; segment_for("no") -> "pressemelding";
    segment_for("da", "pressemelding") -> "pressemelding"
    """
    if segment:
        return segment
    return SEGMENT_BY_LANGUAGE.get((language or "").lower()[:2], DEFAULT_SEGMENT)


def public_release_url(url: str, segment: str = DEFAULT_SEGMENT) -> str:
    """The public release page for a list/detail item URL; other URLs come back unchanged.

    public_release_url("https://via.ritzau.dk/release/15194749/udenrigsministeren?publisherId=2012662&lang=da",
                       "pressemeddelelse")
    -> "https://via.ritzau.dk/pressemeddelelse/15194749/udenrigsministeren?publisherId=2012662&lang=da"
    """
    parts = urlsplit(url)
    match = API_RELEASE_PATH.match(parts.path)
    if not match:
        return url
    path = f"/{segment}/{match.group(1)}{match.group(2) or ''}"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def publisher_id_of(item: Mapping[str, Any], url: str | None = None) -> str | None:
    """The publisher id an item names (`publisher.id`, `publisherId`, or `publisherId=` in its URL), else None.

    publisher_id_of({"id": 1}, "/release/1/x?publisherId=2012662&lang=da") -> "2012662"
    """
    pub = item.get("publisher")
    for value in ((pub.get("id") if isinstance(pub, Mapping) else None), item.get("publisherId"),
                  item.get("publisher_id")):
        if isinstance(value, int | str) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    if url:
        found = parse_qs(urlsplit(url).query).get("publisherId")
        if found and found[0].strip():
            return found[0].strip()
    return None


def list_publisher_id(url: str) -> str | None:
    """The publisher a list URL asks for: `/pressroom/<pid>/…`, `publisher=` or `publisherId=`, else None.

    list_publisher_id("https://via.ritzau.dk/public-website-api/pressroom/2012662/releases/20/0") -> "2012662"
    """
    parts = urlsplit(url)
    match = PUBLISHER_IN_LIST_URL.search(parts.path)
    if match:
        return match.group(1)
    query = parse_qs(parts.query)
    found = query.get("publisher") or query.get("publisherId")
    return found[0] if found else None


def list_paging(data: Any) -> Paging | None:
    """The list page's `paging` ({count, itemsPerPage, page}) when it is whole, else None.

    list_paging({"paging": {"count": 2321, "itemsPerPage": 20, "page": 0}, "releases": []})
    -> Paging(count=2321, items_per_page=20, page=0)
    """
    paging = data.get("paging") if isinstance(data, Mapping) else None
    if not isinstance(paging, Mapping):
        return None
    values = []
    for key in ("count", "itemsPerPage"):
        value = paging.get(key)
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
            return None
        values.append(int(value))
    page = paging.get("page")
    return Paging(values[0], values[1], int(page) if isinstance(page, int) and not isinstance(page, bool) else None)


def keywords_of(value: Any) -> tuple[str, ...]:
    """Keywords from a list of strings/objects or one comma-separated string (scrapers disagree).

    keywords_of("statsbudsjett, kommuneøkonomi") -> ("statsbudsjett", "kommuneøkonomi");
    keywords_of(["statsbudsjett", {"label": "kommuneøkonomi"}]) -> the same
    """
    if isinstance(value, str):
        parts: list[Any] = re.split(r"[,;]", value)
    elif isinstance(value, list | tuple):
        parts = list(value)
    else:
        return ()
    out = []
    for part in parts:
        if isinstance(part, Mapping):
            part = part.get("label") or part.get("name") or part.get("value")
        if isinstance(part, str) and part.strip():
            out.append(clean_text(part))
    return tuple(out)


def pressroom_slug(data: Any) -> str | None:
    """The press room's slug from `GET /public-website-api/pressroom/<pid>` (`url` or `slug`), else None.

    pressroom_slug({"url": "/nyhedsrum/2012662/udenrigsministeriet"}) -> "udenrigsministeriet"
    """
    if not isinstance(data, Mapping):
        return None
    for holder in (data, data.get("pressroom"), data.get("publisher")):
        if not isinstance(holder, Mapping):
            continue
        slug = holder.get("slug")
        if isinstance(slug, str) and slug.strip():
            return slug.strip().strip("/")
        url = holder.get("url")
        if isinstance(url, str):
            segments = [s for s in urlsplit(url).path.split("/") if s]
            if len(segments) >= 3 and segments[1].isdigit():
                return segments[2]
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        for key in ("complete", "html", "content", "text", "value"):
            if value.get(key):
                return _text(value[key])
        cookieless = value.get("cookieless")
        return _text(cookieless) if cookieless else ""
    if isinstance(value, list | tuple):  # wrong shape: keep the text items, never "['…']"
        return "\n\n".join(t for t in (_text(v) for v in value if isinstance(v, str | Mapping)) if t)
    if isinstance(value, bool):
        return ""
    return str(value)


def _plain(html_or_text: Any) -> str:
    """Plain text of an HTML snippet such as a leadtext."""
    text = _text(html_or_text)
    if "<" in text:
        return clean_text(load_html(text).get_text(" "))
    return clean_text(text)


def _release_type(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, Mapping):
            label = value.get("label") or value.get("name") or value.get("localizedlabel")
            if label:
                return clean_text(str(label))
            value = value.get("id")
        if isinstance(value, bool) or value is None or value == "":
            continue
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            label = TYPE_IDS.get(int(value))
            if label:
                return label
            continue
        return clean_text(str(value)).capitalize() if str(value).islower() else clean_text(str(value))
    return None


def _first(card: Mapping[str, Any], keys: Iterable[str]) -> str | None:
    for key in keys:
        value = card.get(key)
        if isinstance(value, str) and value.strip():
            return clean_text(value)
    return None


def contact_from_card(card: Mapping[str, Any], organisation: str | None = None) -> Contact | None:
    """A Contact from one structured card (public-website-api `cards[]` or json/v2 `persons[]`).

    contact_from_card({"name": "Mads Fremstad", "title": "Rådgiver", "phone": "+47 902 33 059",
                       "email": "mads.fremstad@ks.no"})
    -> Contact(name="Mads Fremstad", title="Rådgiver", phone="+4790233059", email="mads.fremstad@ks.no")
    """
    name = _first(card, ("name", "fullName", "full_name"))
    if not name:
        first, last = _first(card, ("firstname", "firstName")), _first(card, ("lastname", "lastName"))
        name = clean_text(f"{first or ''} {last or ''}") or None
    title = _first(card, TITLE_KEYS)
    org = _first(card, ("company_department", "company", "department", "organisation")) or organisation
    phone_raw = _first(card, PHONE_KEYS)
    email = _first(card, EMAIL_KEYS)
    if not (name or title or phone_raw or email):
        return None
    if name and DESK.match(name):
        name, title = None, name if not title else f"{name}, {title}"
    return Contact(name=name, title=title, organisation=org, phone=phone_e164(phone_raw), email=email)


def _contacts(value: Any, organisation: str | None) -> list[Contact]:
    cards: list[Any] = []
    text = ""
    if isinstance(value, list):
        cards = value
    elif isinstance(value, Mapping):
        found = value.get("cards") or value.get("persons") or value.get("contacts")
        # only a list holds cards ({"contacts": true} in a malformed payload must not raise)
        cards = found if isinstance(found, list) else []
        text = _text(value.get("text"))
    elif isinstance(value, str):
        text = value
    out = [c for c in (contact_from_card(card, organisation) for card in cards if isinstance(card, Mapping))
           if c is not None]
    if not out and text.strip():
        plain = load_html(text).get_text("\n") if "<" in text else text
        out = contacts_from_text(plain, organisation)
    return out


def _pick_version(versions: Any, url: str) -> tuple[str, Mapping[str, Any]]:
    if not isinstance(versions, Mapping) or not versions:
        raise ParseError(f"{url}: release JSON has an empty or malformed 'versions' field")
    for lang in VERSION_PREFERENCE:
        if isinstance(versions.get(lang), Mapping):
            return lang, versions[lang]
    lang, version = next(iter(versions.items()))
    if not isinstance(version, Mapping):
        raise ParseError(f"{url}: release JSON 'versions.{lang}' is not an object")
    return lang, version


def release_from_json(data: Mapping[str, Any], url: str, *, publisher: str | None = None,
                      full: bool = True, segment: str | None = None) -> ReleaseDraft:
    """A ReleaseDraft from one release object of either documented shape.

    `full=False` reads a list item (title, metadescription/leadtext) as a teaser. An API URL
    (`/release/<id>/<slug>`) becomes the public page, with `segment` or the one for the language.
    Raises ParseError when the object has no `versions` and no `title`.
    release_from_json({"id": 18307640, "title": "Godt signal", "leadtext": "<p>– Det er gledelig …</p>",
                       "body": "<p>Det blir flere eldre …</p>",
                       "published": "2023-10-05T10:00:00+02:00"}, url)
    -> ReleaseDraft(title="Godt signal", blocks=(Block("lead", "– Det er gledelig …", 0), …))
    """
    if not isinstance(data, Mapping):
        raise ParseError(f"{url}: release JSON is not an object")
    pub = data.get("publisher")
    pub_name = (pub.get("name") if isinstance(pub, Mapping) else None) or publisher
    if isinstance(data.get("versions"), Mapping):  # public-website-api; json/v2 has a versions *list*
        lang, version = _pick_version(data["versions"], url)
        fields: Mapping[str, Any] = version
        version_key: str | None = lang
        language = language_code(version.get("language") or lang)
        published = data.get("date") or version.get("date") or data.get("published")
        rel_url = version.get("url") or data.get("url")
        rtype = _release_type(version.get("type"), version.get("localizedlabel"), data.get("type"))
    elif "title" in data:  # json/v2 PressRelease
        fields = data
        version_key = data.get("language") if isinstance(data.get("language"), str) else None
        language = language_code(data.get("language"))
        published = data.get("published") or data.get("date") or data.get("publishedAt")
        rel_url = data.get("url")
        rtype = _release_type(data.get("type"))
    else:
        keys = ", ".join(sorted(map(str, data))[:12]) or "none"
        raise ParseError(f"{url}: release JSON lacks both 'versions' (an object) and 'title' (keys: {keys})")
    title = _plain(fields.get("title"))
    if not title:
        raise ParseError(f"{url}: release JSON has an empty 'title'")
    lead_html = _text(fields.get("leadtext") or fields.get("leadText") or fields.get("lead")
                      or (fields.get("metadescription") if not full else None))
    body_html = _text(fields.get("body")) if full else ""
    blocks: list[tuple[str, str]] = []
    lead_blocks = parse_body_html(lead_html) if "<" in lead_html else [("paragraph", lead_html)]
    lead_kind = "lead" if full else "teaser"
    lead_text = " ".join(text for _, text in lead_blocks if text)
    if lead_text:
        blocks.append((lead_kind, lead_text))
    blocks.extend(parse_body_html(body_html) if "<" in body_html else
                  [("paragraph", p) for p in body_html.split("\n\n")])
    contacts = _contacts(fields.get("contacts") or data.get("contacts"), pub_name) if full else []
    if full:  # a declared "no" says Norwegian, not which written standard: let the text decide
        language = detect_language(" ".join(t for _, t in blocks), None) or language
    return build_release(
        title, blocks, has_full_text=full and bool(body_html.strip()),
        url=public_release_url(urljoin(url, str(rel_url)), segment_for(version_key, segment)) if rel_url else None,
        published_at=parse_when(published), release_type=rtype, publisher=pub_name,
        language=language, contacts=contacts, title_source="json",
    )


def parse_release_json(data: dict, url: str, *, fetched_at: datetime | None = None,
                       publisher: str | None = None, content_sha256: str = "",
                       http_status: int | None = None, segment: str | None = None) -> Document:
    """A release_page Document from one release detail response (public-website-api or json/v2).

    parse_release_json({"id": 18307640, "date": "2023-10-05T10:00:00+02:00", "versions": {"no": {
        "title": "Godt signal", "leadtext": "<p>– Det er gledelig …</p>", "body": {"complete": "<p>…</p>"},
        "contacts": {"cards": [{"name": "Mads Fremstad", "title": "Rådgiver"}]}}}}, url)
    -> Document(kind="release_page", title="Godt signal", releases=(ReleaseDraft(…),))
    """
    if isinstance(data, Mapping) and isinstance(data.get("release"), Mapping) and len(data) <= 2:
        data = dict(data["release"])  # some deployments wrap the object
    release = release_from_json(data, url, publisher=publisher, full=True, segment=segment)
    text = "\n\n".join(part for part in (release.title, release.text) if part)
    return Document(
        source_uri=url, kind="release_page", text=text, title=release.title, language=release.language,
        parser="ntb_json", content_sha256=content_sha256, releases=(release,), fetched_at=fetched_at,
        http_status=http_status,
    )


def _items(data: Any, url: str) -> list[Mapping[str, Any]]:
    if not isinstance(data, Mapping):
        raise ParseError(f"{url}: list JSON is not an object")
    for key in ("releases", "items", "results"):
        if key in data:
            items = data[key]
            if not isinstance(items, list):
                raise ParseError(f"{url}: list JSON field '{key}' is not an array")
            return [item for item in items if isinstance(item, Mapping)]
    raise ParseError(f"{url}: list JSON lacks a 'releases' array (keys: {', '.join(sorted(map(str, data)))})")


def list_entries(data: Any, url: str, segment: str | None = None) -> list[ListEntry]:
    """The releases a JSON list page names (public-website-api list or json/v2 list), in page order.

    Item URLs are rewritten to the public page (see public_release_url); every item is returned,
    whoever its publisher: the caller keeps those of its own (ListEntry.publisher_id).
    list_entries({"releases": [{"id": 15194749, "date": "2026-09-30T13:00:00.000Z",
                  "versions": {"da": {"title": "Udenrigsministeren: …", "type": "Pressemeddelelse",
                                      "url": "/release/15194749/udenrigsministeren?publisherId=2012662&lang=da"}}}]}, u)
    -> [ListEntry(release_id="15194749", url="https://…/pressemeddelelse/15194749/udenrigsministeren?…",
                  release_type="Pressemeddelelse", publisher_id="2012662", language="da", …)]
    """
    out = []
    for item in _items(data, url):
        rid = item.get("id") or item.get("releaseId")
        if rid is None:
            raise ParseError(f"{url}: a list item lacks 'id'")
        version: Mapping[str, Any] = item
        lang = item.get("language") if isinstance(item.get("language"), str) else None
        if isinstance(item.get("versions"), Mapping) and item["versions"]:
            lang, version = _pick_version(item["versions"], url)
        rel_url = version.get("url") or item.get("url")
        absolute = urljoin(url, str(rel_url)) if rel_url else None
        out.append(ListEntry(
            release_id=str(rid),
            title=_plain(version.get("title")) or None,
            url=public_release_url(absolute, segment_for(lang, segment)) if absolute else None,
            published_at=parse_when(item.get("date") or item.get("published") or version.get("date")),
            release_type=_release_type(version.get("type"), item.get("type")),
            publisher_id=publisher_id_of(item, absolute),
            language=lang,
        ))
    return out


def own_items(data: Any, url: str) -> tuple[list[Mapping[str, Any]], int]:
    """(items of the publisher the list URL asks for, how many other publishers' items were dropped).

    json/v2 has been reported to ignore its publisher filter: an item that names another publisher
    (a publisher field or publisherId= in its URL) is not this source's release. Items naming none are kept.
    """
    wanted = list_publisher_id(url)
    kept, skipped = [], 0
    for item in _items(data, url):
        version = item
        if isinstance(item.get("versions"), Mapping) and item["versions"]:
            _, version = _pick_version(item["versions"], url)
        rel_url = version.get("url") or item.get("url")
        pid = publisher_id_of(item, str(rel_url) if rel_url else None)
        if wanted and pid and pid != wanted:
            skipped += 1
            continue
        kept.append(item)
    return kept, skipped


def next_page(data: Any) -> int | None:
    """json/v2 pagination: the `nextPage` number, or None when absent (the last page).

    next_page({"releases": [...], "nextPage": 2, "totalCount": 57}) -> 2; next_page({"releases": []}) -> None
    """
    if isinstance(data, Mapping):
        value = data.get("nextPage")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
    return None


def is_full_release_list(data: Any) -> bool:
    """True for a json/v2 list, whose items carry the full `body` (no detail fetch needed).

    is_full_release_list({"releases": [{"id": 1, "title": "Godt signal", "body": "<p>…</p>"}]}) -> True
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("releases"), list):
        return False
    return any(isinstance(i, Mapping) and "body" in i and not isinstance(i.get("versions"), Mapping)
               for i in data["releases"])


def parse_release_list_json(data: dict, url: str, *, fetched_at: datetime | None = None,
                            publisher: str | None = None, content_sha256: str = "",
                            http_status: int | None = None, segment: str | None = None) -> Document:
    """A listing_page Document from a JSON list page: json/v2 items as full releases, others as teasers.

    parse_release_list_json({"releases": [{"id": 1, "versions": {"no": {"title": "Godt signal",
        "metadescription": "Regjeringen har lyttet til KS."}}}]}, url)
    -> Document(kind="listing_page", releases=(ReleaseDraft(title="Godt signal", has_full_text=False),))
    """
    full = is_full_release_list(data)
    items, _ = own_items(data, url)  # other publishers' items are not this publisher's releases
    releases = tuple(release_from_json(item, url, publisher=publisher, full=full, segment=segment)
                     for item in items)
    text = "\n\n".join(r.title + ("\n" + r.text if r.text else "") for r in releases)
    return Document(
        source_uri=url, kind="listing_page", text=text, title=None,
        language=releases[0].language if releases else None, parser="ntb_json_list",
        content_sha256=content_sha256, releases=releases, fetched_at=fetched_at, http_status=http_status,
    )
