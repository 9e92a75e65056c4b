"""Fixtures for the live-source tests: a local HTTP server on 127.0.0.1 serving NTB/ks.no shapes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from live_site import FAST, PAGE_SIZE, PID, Site
from pytest_httpserver import HTTPServer

from extract.archive import RawArchive
from extract.http import PoliteClient
from extract.sources import HttpSettings, SourceConfig, load_sources, resolve_source


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """Serve on 127.0.0.1 (the address the task names), any free port."""
    return ("127.0.0.1", 0)


@pytest.fixture
def site(httpserver: HTTPServer) -> Site:
    """The fixture server, emptied before each test."""
    return Site(httpserver)


@pytest.fixture
def archive(tmp_path: Path) -> RawArchive:
    return RawArchive(tmp_path / "archive")


@pytest.fixture
def ntb_source(site: Site) -> SourceConfig:
    """The fixture server as an NTB-like source, resolved from a URL like `pressroom run --source`."""
    return replace(resolve_source(f"{site.base}/?publisherId={PID}", load_sources()), list_page_size=PAGE_SIZE)


@pytest.fixture
def make_client(httpserver: HTTPServer) -> Callable[..., PoliteClient]:
    """A PoliteClient with test settings whose waits are recorded instead of slept; by default it may
    contact the fixture server (its host pinned to its port)."""
    clients: list[PoliteClient] = []

    def make(hosts: tuple[str, ...] | None = None, sleep: Callable[[float], None] | None = None,
             **overrides: object) -> PoliteClient:
        hosts = hosts or (f"127.0.0.1:{httpserver.port}",)
        settings = HttpSettings(**{**FAST.__dict__, **overrides})
        client = PoliteClient(settings, allowed_hosts=hosts, sleep=sleep or (lambda _s: None))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
