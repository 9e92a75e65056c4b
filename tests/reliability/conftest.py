"""Fixtures for the reliability tests: a misbehaving raw-socket HTTP server, warehouse dumps, releases.

The fault server answers on 127.0.0.1 with faults that a well-behaved framework cannot produce:
connection resets, bodies cut short of their Content-Length, responses that never come.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from load.warehouse import connect
from transform.models import (
    AmountMention,
    Block,
    Contact,
    Document,
    PersonMention,
    QuoteMention,
    ReleaseDraft,
    ReleaseExtraction,
)

REPO = Path(__file__).resolve().parents[2]
ALL_TABLES = ("documents", "releases", "release_documents", "people", "person_roles", "contacts", "quotes",
              "amounts", "fetches", "ingest_runs")

Handler = Callable[[socket.socket], None]


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1, any free port."""
    return ("127.0.0.1", 0)


def respond(status: str, body: bytes, headers: dict[str, str] | None = None) -> Handler:
    """A well-formed response."""
    def handler(conn: socket.socket) -> None:
        head = {"Content-Length": str(len(body)), "Connection": "close", **(headers or {})}
        conn.sendall(f"HTTP/1.1 {status}\r\n".encode() + "".join(f"{k}: {v}\r\n" for k, v in head.items())
                     .encode() + b"\r\n" + body)
    return handler


def reset() -> Handler:
    """Close with RST (SO_LINGER 0) before any byte of a response."""
    def handler(conn: socket.socket) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return handler


def truncated(declared: int, sent: bytes) -> Handler:
    """Promise `declared` bytes, send fewer, close."""
    def handler(conn: socket.socket) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {declared}\r\n\r\n"
                     .encode() + sent)
    return handler


def stall(seconds: float) -> Handler:
    """Accept, then say nothing for `seconds` (a read timeout)."""
    def handler(conn: socket.socket) -> None:
        time.sleep(seconds)
    return handler


def trickle(declared: int, every: float, sent: threading.Event | None = None) -> Handler:
    """Promise `declared` bytes, then send one byte every `every` seconds (each within any read
    timeout), until the client hangs up; `sent` is set once the headers are out."""
    def handler(conn: socket.socket) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {declared}\r\n\r\n"
                     .encode())
        if sent is not None:
            sent.set()
        try:
            for _ in range(declared):
                conn.sendall(b"x")
                time.sleep(every)  # the server's own pace, not the test's synchronisation
        except OSError:
            return  # the client cut the response off
    return handler


def gzip_bomb(decoded_bytes: int) -> Handler:
    """A small gzip body (Content-Encoding: gzip) that inflates to `decoded_bytes` zeros."""
    packed = gzip.compress(b"\0" * decoded_bytes, compresslevel=9)

    def handler(conn: socket.socket) -> None:
        respond("200 OK", packed, {"Content-Type": "text/html", "Content-Encoding": "gzip"})(conn)
    return handler


def endless(chunk: bytes = b"<p>KS</p>" * 7000) -> Handler:
    """A chunked body that never ends (a 50 MB page and more): the client must stop at its cap."""
    def handler(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
                conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        except OSError:
            return  # the client hung up at its cap
    return handler


@dataclass
class FaultServer:
    """Raw-socket HTTP server on 127.0.0.1: path -> handler; counts requests per path."""

    sock: socket.socket
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://{self.netloc}"

    @property
    def netloc(self) -> str:
        """127.0.0.1:<port>: an allowed host entry pinned to this server's port."""
        return f"127.0.0.1:{self.sock.getsockname()[1]}"

    def serve_forever(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                part = conn.recv(4096)
                if not part:
                    return
                data += part
            path = data.split(b" ", 2)[1].decode().split("?")[0]
            self.hits[path] = self.hits.get(path, 0) + 1
            handler = self.routes.get(path) or respond("404 Not Found", b"not found")
            try:
                handler(conn)
            except OSError:
                pass


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(32)
    server = FaultServer(sock)
    server.routes["/robots.txt"] = respond("200 OK", b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    sock.close()


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every warehouse table, sorted: equal dumps mean an unchanged warehouse."""
    with connect(db, read_only=True) as con:
        present = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)
                for t in ALL_TABLES if t in present}


T0 = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def synthetic_release(i: int, *, fetched_at: datetime = T0) -> tuple[Document, list[ReleaseExtraction]]:
    """One release-page document with a quote, a person, a contact and an amount (distinct per i)."""
    title = f"Kommune nummer {i} får {i % 90 + 10} millioner kroner til skolebygg"
    lead = (f"Kommune nummer {i} får {i % 90 + 10} millioner kroner fra staten til nye skolebygg, "
            f"opplyser KS.")
    quote = f"Dette er en god dag for elevene i kommune nummer {i}"
    para = f"– {quote}, sier ordfører Kari Nordmann {i}."
    text = f"{lead}\n\n{para}"
    blocks = (Block("lead", lead, 0), Block("paragraph", para, len(lead) + 2))
    rel = ReleaseDraft(title=title, text=text, blocks=blocks, has_full_text=True,
                       url=f"https://kommunikasjon.ntb.no/pressemelding/{18000000 + i}", published_at=fetched_at,
                       release_type="Pressemelding", publisher="KS", language="nb",
                       contacts=(Contact(f"Ola Kontakt {i}", "Rådgiver", "KS", "+4724132601", "kom@ks.no"),))
    q_start = text.index(quote)
    name = f"Kari Nordmann {i}"
    n_start = text.index(name)
    raw = f"{i % 90 + 10} millioner kroner"
    a_start = text.index(raw)
    extraction = ReleaseExtraction(
        release=rel,
        quotes=(QuoteMention(quote, q_start, q_start + len(quote), f"ordfører {name}", "sier", "explicit",
                             name, "ordfører", None),),
        people=(PersonMention(name, n_start, n_start + len(name), "ordfører", None, "ordfører"),),
        amounts=(AmountMention(Decimal(i % 90 + 10) * 1_000_000, "NOK", "exact", raw, lead, a_start,
                               a_start + len(raw)),),
    )
    doc = Document(source_uri=f"synthetic/{i}.html", kind="release_page", text=f"{title}\n\n{text}",
                   title=title, language="nb", parser="synthetic", content_sha256=f"{i:064x}",
                   releases=(rel,), fetched_at=fetched_at)
    return doc, [extraction]
