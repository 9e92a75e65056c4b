"""Network faults on a local server: each fails its page with a reason; nothing half-stored; run goes on."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import FaultServer, endless, gzip_bomb, reset, respond, stall, trickle, truncated

from extract.archive import RawArchive
from extract.http import FetchError, FetchStopped, PoliteClient
from extract.live import collect
from extract.sources import HttpSettings, SourceConfig

FAST = HttpSettings(delay_seconds=0.0, retries=1, backoff_seconds=0.01, max_retry_wait_seconds=0.05,
                    connect_timeout_seconds=1.0, read_timeout_seconds=0.5, response_deadline_seconds=1.5,
                    max_body_bytes=1024 * 1024)
GOOD = ("<html><body><h1>KS vil ha flere lærlinger</h1><p>Kommunene tok inn rekordmange lærlinger i år, "
        "og KS vil ha enda flere neste år.</p></body></html>").encode()

# (path, handler factory, reason the fetch fails with)
FAULTS = [
    ("/reset", reset, r"connection failed after 2 attempts"),
    ("/stall", lambda: stall(3), r"timeout after 2 attempts"),
    ("/kuttet", lambda: truncated(5000, GOOD[:100]), r"request failed: ChunkedEncodingError|connection failed"),
    ("/bombe", lambda: gzip_bomb(200 * 1024 * 1024), r"body exceeds the 1048576-byte cap"),
    ("/femti-mb", endless, r"body exceeds the 1048576-byte cap"),
    ("/stor-lengde", lambda: respond("200 OK", b"x" * (2 * 1024 * 1024), {"Content-Type": "text/html"}),
     r"body of 2097152 bytes exceeds the 1048576-byte cap"),
    ("/feil", lambda: respond("500 Internal Server Error", b"oops"), r"HTTP 500 after 2 attempts"),
    # Content-Length 100000, then a byte every 0.2 s: each read is within the 0.5 s read timeout, and
    # the body would take 5.5 hours; the total deadline cuts it off (not retried: it would only repeat)
    ("/drypp", lambda: trickle(100_000, 0.2), r"no complete response within the 1.5 s deadline"),
]


@pytest.mark.parametrize(("path", "make", "reason"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_fails_the_fetch_with_a_reason(fault_server: FaultServer, path: str, make, reason: str) -> None:
    fault_server.routes[path] = make()
    client = PoliteClient(FAST, allowed_hosts=[fault_server.netloc], sleep=lambda _s: None)
    with pytest.raises(FetchError, match=reason) as info:
        client.get(fault_server.base + path)
    assert path in str(info.value)


def single_page_source(base: str, path: str) -> SourceConfig:
    return SourceConfig(name=f"side{path}", kind="url", base_url=base, page_url=base + path,
                        allowed_hosts=("127.0.0.1",), publisher="KS")


def test_a_stop_cuts_off_a_trickling_response_and_no_request_follows(fault_server: FaultServer) -> None:
    """The run is asked to stop while a response trickles in: the read ends at once (well before the
    60 s deadline), FetchStopped is raised, and the next URL is never requested."""
    headers_out = threading.Event()
    fault_server.routes["/drypp"] = trickle(100_000, 0.2, sent=headers_out)
    fault_server.routes["/neste"] = respond("200 OK", GOOD, {"Content-Type": "text/html"})
    stop = threading.Event()
    settings = HttpSettings(**{**FAST.__dict__, "response_deadline_seconds": 600.0, "read_timeout_seconds": 600.0})
    client = PoliteClient(settings, allowed_hosts=[fault_server.netloc], stop=stop)
    threading.Thread(target=lambda: headers_out.wait() and stop.set(), daemon=True).start()
    with pytest.raises(FetchStopped):
        client.get(fault_server.base + "/drypp")
    with pytest.raises(FetchStopped):
        client.get(fault_server.base + "/neste")
    assert fault_server.hits.get("/neste") is None
    assert fault_server.hits["/drypp"] == 1  # not retried


def test_run_goes_on_past_every_fault_and_archives_only_whole_bodies(fault_server: FaultServer,
                                                                     tmp_path: Path) -> None:
    for path, make, _ in FAULTS:
        fault_server.routes[path] = make()
    fault_server.routes["/god"] = respond("200 OK", GOOD, {"Content-Type": "text/html; charset=utf-8"})
    archive = RawArchive(tmp_path / "archive")
    client = PoliteClient(FAST, allowed_hosts=[fault_server.netloc], sleep=lambda _s: None)
    pages, failures = [], []
    for path in [p for p, _, _ in FAULTS] + ["/god"]:
        result = collect(single_page_source(fault_server.base, path), archive=archive, validators={},
                         client=client)
        pages += result.pages
        failures += result.failures
    assert [p.body for p in pages] == [GOOD]
    assert sorted(url.rsplit("/", 1)[1] for url, _ in failures) == sorted(p[1:] for p, _, _ in FAULTS)
    assert archive.object_count() == 1 and archive.get(pages[0].sha256) == GOOD
    assert not list((tmp_path / "archive").rglob(".tmp-*"))
    logged = list(archive.iter_index())
    assert len(logged) == len(FAULTS) + 1
    assert sum(1 for r in logged if r.error) == len(FAULTS)
