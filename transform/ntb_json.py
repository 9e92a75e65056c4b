"""NTB Kommunikasjon JSON (public-website-api and json/v2) -> Document, plus list-page entries.

Two documented shapes (docs/sources.md, "The default sources"; unverified for KS):

* public-website-api detail: ``{id, date, url, publisher{name}, versions: {no: {title, leadtext,
  body: {complete}, contacts: {cards: [...]}, type, localizedlabel, ...}}}``
* json/v2 PressRelease: ``{id, title, url, leadtext, body, published, type, language,
  publisher{id, name}, contacts{text, persons[{name, phone, email, title}]}, ...}``

Parsers are pure and fail with ParseError naming the missing field when a response has neither shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from transform.html import (
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
from transform.models import Contact, Document, ReleaseDraft
from transform.parse import ParseError

# NTB type ids (Solita `<type id="19">` = Pressemelding); other ids are passed through as labels.
TYPE_IDS = {19: "Pressemelding"}
VERSION_PREFERENCE = ("no", "nb", "nn", "en")
PHONE_KEYS = ("phone", "phoneNumber", "phone_number", "mobile", "mobilePhone", "mobile_phone", "telephone",
              "tel", "cellphone")
EMAIL_KEYS = ("email", "mail", "emailAddress", "email_address")
TITLE_KEYS = ("title", "jobtitle", "jobTitle", "position", "role", "description")


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One release listed by a JSON list endpoint (grain: one list item)."""

    release_id: str
    title: str | None
    url: str | None
    published_at: datetime | None


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
                      full: bool = True) -> ReleaseDraft:
    """A ReleaseDraft from one release object of either documented shape.

    `full=False` reads a list item (title, metadescription/leadtext) as a teaser.
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
        language = language_code(version.get("language") or lang)
        published = data.get("date") or version.get("date") or data.get("published")
        rel_url = version.get("url") or data.get("url")
        rtype = _release_type(version.get("type"), version.get("localizedlabel"), data.get("type"))
    elif "title" in data:  # json/v2 PressRelease
        fields = data
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
        url=urljoin(url, str(rel_url)) if rel_url else None,
        published_at=parse_when(published), release_type=rtype, publisher=pub_name,
        language=language, contacts=contacts,
    )


def parse_release_json(data: dict, url: str, *, fetched_at: datetime | None = None,
                       publisher: str | None = None, content_sha256: str = "",
                       http_status: int | None = None) -> Document:
    """A release_page Document from one release detail response (public-website-api or json/v2).

    parse_release_json({"id": 18307640, "date": "2023-10-05T10:00:00+02:00", "versions": {"no": {
        "title": "Godt signal", "leadtext": "<p>– Det er gledelig …</p>", "body": {"complete": "<p>…</p>"},
        "contacts": {"cards": [{"name": "Mads Fremstad", "title": "Rådgiver"}]}}}}, url)
    -> Document(kind="release_page", title="Godt signal", releases=(ReleaseDraft(…),))
    """
    if isinstance(data, Mapping) and isinstance(data.get("release"), Mapping) and len(data) <= 2:
        data = dict(data["release"])  # some deployments wrap the object
    release = release_from_json(data, url, publisher=publisher, full=True)
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


def list_entries(data: Any, url: str) -> list[ListEntry]:
    """The releases a JSON list page names (public-website-api list or json/v2 list), in page order.

    list_entries({"releases": [{"id": 18307640, "date": "2023-10-05T10:00:00+02:00",
                  "versions": {"no": {"title": "Godt signal",
                                      "url": "/pressemelding/18307640/godt-signal"}}}]}, u)
    -> [ListEntry(release_id="18307640", title="Godt signal", url="https://…/pressemelding/18307640/…", …)]
    """
    out = []
    for item in _items(data, url):
        rid = item.get("id") or item.get("releaseId")
        if rid is None:
            raise ParseError(f"{url}: a list item lacks 'id'")
        version: Mapping[str, Any] = item
        if isinstance(item.get("versions"), Mapping) and item["versions"]:
            _, version = _pick_version(item["versions"], url)
        rel_url = version.get("url") or item.get("url")
        out.append(ListEntry(
            release_id=str(rid),
            title=_plain(version.get("title")) or None,
            url=urljoin(url, str(rel_url)) if rel_url else None,
            published_at=parse_when(item.get("date") or item.get("published") or version.get("date")),
        ))
    return out


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
                            http_status: int | None = None) -> Document:
    """A listing_page Document from a JSON list page: json/v2 items as full releases, others as teasers.

    parse_release_list_json({"releases": [{"id": 1, "versions": {"no": {"title": "Godt signal",
        "metadescription": "Regjeringen har lyttet til KS."}}}]}, url)
    -> Document(kind="listing_page", releases=(ReleaseDraft(title="Godt signal", has_full_text=False),))
    """
    full = is_full_release_list(data)
    releases = tuple(release_from_json(item, url, publisher=publisher, full=full)
                     for item in _items(data, url))
    text = "\n\n".join(r.title + ("\n" + r.text if r.text else "") for r in releases)
    return Document(
        source_uri=url, kind="listing_page", text=text, title=None,
        language=releases[0].language if releases else None, parser="ntb_json_list",
        content_sha256=content_sha256, releases=releases, fetched_at=fetched_at, http_status=http_status,
    )
