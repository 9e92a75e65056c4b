"""Raw archive (bronze): every response body stored once, content-addressed and gzip-compressed.

Layout under the archive root:

    objects/ab/cd/abcd…ef.gz     one file per distinct body; the path comes from the sha256 only
    index.jsonl                  one line per fetch (the `fetches` log): url, final_url, status,
                                 content_type, etag, last_modified, sha256, n_bytes, fetched_at,
                                 kind, source, publisher, error, changed

Bodies are written atomically (temp file + rename), so a crash never leaves half an object.
`pressroom reparse` rebuilds the warehouse from `iter_pages()` with no network.
gzip rather than zstd: it is in the standard library (no extra dependency) and raw pages are small.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from extract.page_kinds import kind_from_content_type


@dataclass(frozen=True)
class RawPage:
    """One fetched response body to parse (grain: one URL's content at one fetch)."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes
    sha256: str
    fetched_at: datetime  # aware, UTC
    kind: str  # ntb_release_json | ntb_list_json | ntb_v2_list_json | rss | html | ksno_article | ksno_listing
    publisher: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class FetchRecord:
    """One fetch attempt as logged (grain: one URL requested in one run; the `fetches` table)."""

    url: str
    status: int | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    sha256: str | None
    n_bytes: int
    fetched_at: datetime
    error: str | None
    changed: bool
    final_url: str | None = None
    kind: str | None = None
    source: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Validator:
    """What the last successful fetch of a URL left behind, for conditional GET and change detection."""

    etag: str | None
    last_modified: str | None
    sha256: str | None


def sha256_hex(body: bytes) -> str:
    """Hex sha256 of a body: sha256_hex(b"") -> "e3b0c442…"."""
    return hashlib.sha256(body).hexdigest()


class ArchiveError(Exception):
    """A body missing from the archive, or an archived body that fails its hash check."""


class RawArchive:
    """Content-addressed store of response bodies plus the append-only fetch index."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.index_path = self.root / "index.jsonl"
        # one line per index line left out by iter_index (no fetched_at, not an object, …), naming it
        self.warnings: list[str] = []

    def path_for(self, sha256: str) -> Path:
        """The object path of a hash: objects/ab/cd/<sha256>.gz."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ArchiveError(f"not a sha256 hex digest: {sha256!r}")
        return self.objects / sha256[:2] / sha256[2:4] / f"{sha256}.gz"

    def has(self, sha256: str) -> bool:
        """True when the body with this hash is stored."""
        return self.path_for(sha256).is_file()

    def put(self, body: bytes) -> str:
        """Store a body once (no-op when already stored); returns its sha256."""
        digest = sha256_hex(body)
        path = self.path_for(digest)
        if path.is_file():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
                gz.write(body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str) -> bytes:
        """The body with this hash; raises ArchiveError when it is missing or corrupt."""
        path = self.path_for(sha256)
        try:
            body = gzip.decompress(path.read_bytes())
        except FileNotFoundError as exc:
            raise ArchiveError(f"body {sha256} is not in the archive {self.root}") from exc
        except (OSError, EOFError, zlib.error) as exc:  # a flipped byte can surface as a zlib error
            raise ArchiveError(f"body {sha256} in {self.root} is corrupt: {exc}") from exc
        if sha256_hex(body) != sha256:
            raise ArchiveError(f"body {sha256} in {self.root} fails its hash check")
        return body

    def object_count(self) -> int:
        """Number of distinct bodies stored."""
        return sum(1 for _ in self.objects.glob("*/*/*.gz")) if self.objects.is_dir() else 0

    def record(self, record: FetchRecord) -> None:
        """Append one fetch to index.jsonl (one JSON object per line)."""
        self.root.mkdir(parents=True, exist_ok=True)
        row = asdict(record)
        row["fetched_at"] = record.fetched_at.isoformat()
        with self.index_path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")

    def iter_index(self) -> Iterator[FetchRecord]:
        """Every logged fetch in order. A line that is not valid JSON (a torn last line) is skipped; one
        that lacks a url or a readable fetched_at is skipped with a warning in `warnings` naming it."""
        if not self.index_path.is_file():
            return
        self.warnings = []
        with self.index_path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                try:
                    row: dict[str, Any] = json.loads(line)
                except json.JSONDecodeError:
                    continue
                problem = _index_problem(row)
                if problem is None:
                    try:
                        row["fetched_at"] = datetime.fromisoformat(row["fetched_at"])
                    except (TypeError, ValueError):
                        problem = f"fetched_at {row['fetched_at']!r} is not a time"
                if problem is not None:
                    self.warnings.append(f"{self.index_path}: line {number} skipped ({problem})")
                    continue
                known = {k: row.get(k) for k in FetchRecord.__dataclass_fields__}
                yield FetchRecord(**known)

    def validators(self) -> dict[str, Validator]:
        """The latest validator per URL from the index (successful fetches only; a 304 keeps the old one)."""
        out: dict[str, Validator] = {}
        for rec in self.iter_index():
            if rec.error is not None or rec.sha256 is None:
                continue
            old = out.get(rec.url)
            out[rec.url] = Validator(
                etag=rec.etag or (old.etag if old else None),
                last_modified=rec.last_modified or (old.last_modified if old else None),
                sha256=rec.sha256,
            )
        return out

    def iter_pages(self, kinds: Mapping[str, bool] | None = None) -> Iterator[RawPage]:
        """The latest archived content of every URL as RawPages (no network).

        `kinds` filters by page kind ({"rss": False} drops feeds). Order: first time each URL was seen.
        Raises ArchiveError at the first missing or corrupt body (read_pages skips and reports them).
        """
        for rec in _latest(self.iter_index(), kinds).values():
            yield _page(rec, self.get(rec.sha256 or ""))

    def read_pages(self, records: Iterable[FetchRecord] | None = None,
                   kinds: Mapping[str, bool] | None = None) -> tuple[list[RawPage], list[tuple[str, str]]]:
        """Every readable archived page, and (url, reason) for each one whose body is missing or corrupt.

        `records` replaces the index (a lost index.jsonl rebuilt from the warehouse's `fetches`);
        default: the index. A bad object fails only its own page, named by URL:
        ('https://…/release/1', 'https://…/release/1: body 3f… in archive is corrupt: …').
        """
        pages, bad = [], []
        for rec in _latest(self.iter_index() if records is None else records, kinds).values():
            try:
                pages.append(_page(rec, self.get(rec.sha256 or "")))
            except ArchiveError as exc:
                bad.append((rec.url, f"{rec.url}: {exc}"))
        return pages, bad


def _index_problem(row: object) -> str | None:
    """Why an index line cannot be a FetchRecord, or None: _index_problem({"url": "u"}) -> "no fetched_at"."""
    if not isinstance(row, dict):
        return f"a JSON {type(row).__name__}, not an object"
    if not isinstance(row.get("url"), str) or not row["url"]:
        return "no url"
    if not row.get("fetched_at"):
        return "no fetched_at"
    return None


def _latest(records: Iterable[FetchRecord], kinds: Mapping[str, bool] | None) -> dict[str, FetchRecord]:
    """The latest successful fetch per URL (a 304 keeps the old content), filtered by kind."""
    latest: dict[str, FetchRecord] = {}
    for rec in records:
        if rec.error is None and rec.sha256 and rec.kind:
            latest[rec.url] = rec if rec.status != 304 or rec.url not in latest else _keep_old(
                latest[rec.url], rec)
    if kinds is not None:
        latest = {url: rec for url, rec in latest.items() if kinds.get(rec.kind or "", True)}
    return latest


def _page(rec: FetchRecord, body: bytes) -> RawPage:
    return RawPage(url=rec.url, final_url=rec.final_url or rec.url, status=200 if rec.status == 304
                   else int(rec.status or 200), content_type=rec.content_type, body=body,
                   sha256=rec.sha256 or "", fetched_at=rec.fetched_at, kind=rec.kind or "html",
                   publisher=rec.publisher, source=rec.source)


def _keep_old(old: FetchRecord, new_304: FetchRecord) -> FetchRecord:
    """A 304 confirms the old content; keep its content type and final URL, take the newer time."""
    from dataclasses import replace

    return replace(old, fetched_at=new_304.fetched_at)


def records_from_fetches(rows: Iterable[Mapping[str, Any]]) -> list[FetchRecord]:
    """Index records rebuilt from the warehouse's `fetches` rows (url, sha256, …) when index.jsonl is lost.

    The table keeps no page kind, so it is guessed from the media type and URL (JSON → an NTB release,
    feeds → rss, else HTML); a wrong guess fails that one page when it is parsed, named by URL.
    """
    out = []
    for row in rows:
        if row.get("error") is not None or not row.get("sha256"):
            continue
        url = row["url"]
        kind = kind_from_content_type(row.get("content_type"), row.get("final_url") or url)
        if kind == "ntb_release_json" and "/release/" not in url:
            kind = "ntb_list_json"
        out.append(FetchRecord(url=url, status=row.get("status"), etag=row.get("etag"),
                               last_modified=row.get("last_modified"), content_type=row.get("content_type"),
                               sha256=row["sha256"], n_bytes=int(row.get("n_bytes") or 0),
                               fetched_at=row["fetched_at"], error=None, changed=True,
                               final_url=row.get("final_url"), kind=kind))
    return out
