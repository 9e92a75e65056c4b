"""The one HTTP client of the pipeline: polite, bounded and safe (requests.Session underneath).

Policy, in one place (defaults in extract.sources.HttpSettings and sources.toml [http]):
* a User-Agent naming the project; robots.txt obeyed per origin (extract.robots, protego);
* at most one request at a time per host, `delay_seconds` apart (or robots Crawl-delay if longer);
* retries on 429/5xx, timeouts and dropped connections, with exponential backoff; Retry-After
  (seconds or HTTP date) is honoured; no single wait exceeds `max_retry_wait_seconds`;
* connect/read timeouts, and a total deadline per response (`response_deadline_seconds`): a server
  that trickles a byte every few seconds cannot hold a fetch (and the run's lock) for longer;
* a cap on decoded body bytes (streamed, so a gzip bomb stops at the cap);
* redirects followed by hand, only to allowed hosts and ports, each hop checked against robots.txt;
* a stop event (SIGTERM, Ctrl-C): waits end at once, a response being read is cut off, and no request
  is sent once it is set (FetchStopped);
* conditional GET (If-None-Match / If-Modified-Since); a 304 comes back as a result, not an error;
* no DNS rebinding: a host name is resolved once, every address checked (no loopback, private,
  link-local or reserved one), and the connection goes to that checked address (PinnedAdapter), never
  to a second answer; the Host header, TLS SNI and certificate check keep the host name.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from extract.robots import RobotsCache
from extract.sources import HttpSettings

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
RETRY_STATUSES = (429, 500, 502, 503, 504)
# Response headers worth keeping in the fetch log.
KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-length", "content-encoding", "retry-after",
                "cache-control", "location")


class FetchStopped(Exception):
    """The run was asked to stop (its stop event is set): no request is sent after that."""


class FetchError(Exception):
    """A URL that could not be fetched; `reason` is a short human-readable cause for the run summary."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class HttpResult:
    """One completed GET (grain: one URL fetched, after redirects and retries)."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: datetime
    attempts: int = 1
    redirects: tuple[str, ...] = field(default_factory=tuple)

    @property
    def content_type(self) -> str | None:
        """The media type without parameters ("application/json")."""
        value = self.headers.get("content-type")
        return value.split(";", 1)[0].strip().lower() if value else None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


DEFAULT_PORTS = {"http": 80, "https": 443}


def host_allowed(url: str, allowed_hosts: Iterable[str]) -> bool:
    """True when the URL's host is one of `allowed_hosts` or a subdomain of one ("www.ks.no" ~ "ks.no"),
    on an allowed port.

    An entry without a port allows the scheme's default port only (80, 443): a redirect from
    https://ks.no/ to https://ks.no:8443/ is refused. An entry with a port ("127.0.0.1:8080") pins that port.
    host_allowed("http://127.0.0.1:8081/x", ["127.0.0.1:8080"]) -> False
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:  # a port out of range or not a number
        return False
    for allowed in allowed_hosts:
        allowed = allowed.lower()
        name, _, pinned = allowed.rpartition(":") if allowed.count(":") == 1 else (allowed, "", "")
        if pinned:
            if host == name and pinned.isdigit() and port == int(pinned):
                return True
        elif (host == allowed or host.endswith("." + allowed)) and port == DEFAULT_PORTS[parts.scheme]:
            return True
    return False


def resolve_host(host: str) -> list[str]:
    """Addresses a host name resolves to (getaddrinfo); [] when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def non_public_address(host: str, resolve: Callable[[str], list[str]] = resolve_host) -> str | None:
    """The loopback/private/link-local/reserved address a host *name* resolves to, else None.

    A literal IP is never resolved: it is contacted only when it is itself an allowed host (a test
    server on 127.0.0.1 whose source's base URL is there), which host_allowed already ensures.
    non_public_address("press.example.no", lambda _h: ["10.0.0.5"]) -> "10.0.0.5"
    """
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    if host == "localhost" or host.endswith(".localhost"):
        return "127.0.0.1"
    for address in resolve(host):
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            continue
        if not ip.is_global:
            return address
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class _PinnedConnectionMixin:
    """Connects to the address the client checked for this host, not to a fresh DNS answer.

    `self.host` (Host header, TLS SNI, certificate name) stays the host name; only the socket's
    target changes. A host name the client has not checked is refused rather than resolved.
    """

    pinned: Callable[[str], str | None]  # set per adapter
    opened: Callable[[socket.socket], None]  # told of every socket, so a deadline can cut it off

    def _new_conn(self):  # type: ignore[no-untyped-def]
        host = self.host  # type: ignore[attr-defined]
        address = host.strip("[]") if _is_ip(host) else self.pinned(host)
        if address is None:
            raise NewConnectionError(self, f"{host} was not checked before connecting; refused")  # type: ignore[arg-type]
        try:
            sock = urllib3_connection.create_connection(
                (address, self.port), self.timeout,  # type: ignore[attr-defined]
                source_address=self.source_address, socket_options=self.socket_options,  # type: ignore[attr-defined]
            )
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, f"Connection to {host} ({address}) timed out") from exc
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to connect to {host} ({address}): {exc}") from exc  # type: ignore[arg-type]
        self.opened(sock)
        return sock


class PinnedAdapter(HTTPAdapter):
    """A requests transport adapter whose connections go to pinned addresses (see _PinnedConnectionMixin).

    `pinned(host) -> address | None` is the client's lookup of the address it checked for a host.
    Proxies (HTTPS_PROXY and friends) bypass it: the proxy then resolves the name.
    """

    def __init__(self, pinned: Callable[[str], str | None],
                 opened: Callable[[socket.socket], None] = lambda _sock: None, **kwargs: object) -> None:
        self._pinned = pinned
        self._opened = opened
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        """The usual pool manager, with pools whose connections use the pinned address."""
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        hooks = {"pinned": staticmethod(self._pinned), "opened": staticmethod(self._opened)}
        conn = type("PinnedHTTPConnection", (_PinnedConnectionMixin, HTTPConnection), hooks)
        tls_conn = type("PinnedHTTPSConnection", (_PinnedConnectionMixin, HTTPSConnection), hooks)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("PinnedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": conn}),
            "https": type("PinnedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": tls_conn}),
        }


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header ("120" or an HTTP date), or None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _Watch:
    """Watches one request of a client: when its total deadline passes, or the stop event is set, every
    socket the client opened is shut down, so a read blocked on a server that trickles bytes (each
    within the read timeout) returns at once. `reason` then says which ("deadline" or "stopped").

    Armed only while a request is under way (not during politeness waits); one thread, polling.
    """

    POLL = 0.1

    def __init__(self, seconds: float, stop: threading.Event | None, sockets: weakref.WeakSet) -> None:
        self.seconds = seconds
        self.reason: str | None = None
        self._stop = stop
        self._sockets = sockets
        self._end: float | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pressroom-response-deadline", daemon=True)

    def arm(self) -> None:
        """Start the deadline of a request about to be sent (again for each redirect hop)."""
        self._end = time.monotonic() + self.seconds
        if not self._thread.is_alive():
            self._thread.start()

    def disarm(self) -> None:
        self._end = None

    def close(self) -> None:
        self._done.set()

    def _run(self) -> None:
        while not self._done.wait(self.POLL):
            end = self._end
            if end is None:
                continue
            if self._stop is not None and self._stop.is_set():
                self.reason = "stopped"
            elif time.monotonic() >= end:
                self.reason = "deadline"
            else:
                continue
            for sock in list(self._sockets):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:  # already closed
                    pass
            return


class PoliteClient:
    """GETs for the pipeline with politeness, retries and safety limits; one instance per run.

    Args:
        settings: politeness settings (HttpSettings).
        allowed_hosts: hosts this client may contact; others are refused before any request.
        session: a requests.Session to reuse (a new one by default).
        sleep, clock: injectable for tests (time.sleep, time.monotonic).
        resolve: host name -> addresses (getaddrinfo); a name that resolves to a loopback, private,
            link-local or reserved address is refused, so a public source can never be pointed at
            the machine or its network (a redirect, a listed link, or a DNS answer).
        stop: an event the run sets on SIGTERM or Ctrl-C: waits end at once, a response being read
            is cut off, and no further request is sent (FetchStopped is raised instead).
    """

    def __init__(self, settings: HttpSettings | None = None, allowed_hosts: Iterable[str] = (),
                 session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 resolve: Callable[[str], list[str]] = resolve_host,
                 stop: threading.Event | None = None) -> None:
        self.settings = settings or HttpSettings()
        self._stop = stop
        self._sockets: weakref.WeakSet = weakref.WeakSet()  # every socket opened, for the deadline
        self.allowed_hosts: set[str] = {h.lower() for h in allowed_hosts}
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.settings.user_agent
        self._sleep = sleep
        self._clock = clock
        self._next_slot: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}
        self._robots = RobotsCache(self._robots_fetch)
        self._resolve = resolve
        self._non_public: dict[str, str | None] = {}  # host -> offending address, per run
        self._pins: dict[str, str] = {}  # host -> the checked address every connection goes to
        adapter = PinnedAdapter(self._pins.get, opened=self._sockets.add)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.requests_made = 0
        self.waits: list[float] = []  # every backoff/Retry-After wait, for the run summary and tests

    def allow_hosts(self, hosts: Iterable[str], delay_seconds: float | None = None) -> None:
        """Add hosts this client may contact ("ks.no", or "127.0.0.1:8080" pinning a port), optionally
        with their own per-host delay."""
        for host in hosts:
            self.allowed_hosts.add(host.lower())
            if delay_seconds is not None:
                name = host.lower().rsplit(":", 1)[0] if host.count(":") == 1 else host.lower()
                self._host_delay[name] = delay_seconds

    def close(self) -> None:
        """Close the underlying session."""
        self.session.close()

    # -- politeness ------------------------------------------------------------------------------

    def _delay_for(self, url: str) -> float:
        host = (urlsplit(url).hostname or "").lower()
        delay = self._host_delay.get(host, self.settings.delay_seconds)
        if self.settings.obey_robots and not url.endswith("/robots.txt"):
            crawl = self._robots.rules(url).crawl_delay(self.settings.user_agent)
            if crawl is not None:
                delay = max(delay, min(crawl, self.settings.max_retry_wait_seconds))
        return delay

    def _pause(self, seconds: float) -> None:
        """Wait `seconds`; with a stop event, end the wait as soon as it is set (FetchStopped)."""
        if self._stop is not None and self._sleep is time.sleep:
            if self._stop.wait(seconds):
                raise FetchStopped("stopped while waiting")
            return
        self._sleep(seconds)
        self._check_stop()

    def _check_stop(self) -> None:
        if self._stop is not None and self._stop.is_set():
            raise FetchStopped("stopped before the next request")

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        now = self._clock()
        slot = self._next_slot.get(host, now)
        if slot > now:
            self._pause(slot - now)
        self._next_slot[host] = max(slot, now) + self._delay_for(url)

    def _backoff(self, url: str, attempt: int, retry_after: float | None, reason: str) -> None:
        wait = self.settings.backoff_seconds * (2 ** attempt)
        if retry_after is not None:
            wait = retry_after
        wait = min(wait, self.settings.max_retry_wait_seconds)
        self.waits.append(wait)
        self._pause(wait)
        host = urlsplit(url).netloc.lower()
        # the host asked us to slow down: the next request waits at least as long
        self._next_slot[host] = max(self._next_slot.get(host, 0.0), self._clock())

    def _check_and_pin(self, url: str, host: str) -> None:
        """Resolve a host name once per run, refuse it if any answer is not public, pin the first answer."""
        if host in self._pins or _is_ip(host):
            return
        if host not in self._non_public:
            if host == "localhost" or host.endswith(".localhost"):
                self._non_public[host] = "127.0.0.1"
            else:
                addresses = self._resolve(host)
                self._non_public[host] = non_public_address(host, lambda _h: addresses)
                if not self._non_public[host] and addresses:
                    self._pins[host] = addresses[0].split("%", 1)[0]
        if self._non_public[host]:
            raise FetchError(url, f"host {host} resolves to non-public address {self._non_public[host]}; refused")
        if host not in self._pins:
            raise FetchError(url, f"host {host} does not resolve")

    def _check_robots(self, url: str) -> None:
        if not self.settings.obey_robots:
            return
        rules = self._robots.rules(url)
        if rules.unreachable:  # say so: the page was not refused by robots.txt, the host did not answer
            raise FetchError(url, rules.reason or "host unreachable")
        if not rules.allowed(url, self.settings.user_agent):
            reason = "disallowed by robots.txt"
            if rules.reason:
                reason += f" ({rules.reason})"
            raise FetchError(url, reason)

    def _robots_fetch(self, url: str) -> tuple[int | None, bytes | None, str | None]:
        try:
            result = self._get(url, robots=False, max_bytes=512 * 1024)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return exc.status, None, None
            return exc.status, None, exc.reason
        return result.status, result.body, None

    # -- fetching --------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None, robots: bool = True) -> HttpResult:
        """GET a URL politely; conditional when `etag`/`last_modified` are given.

        Returns an HttpResult for 2xx and 304. Raises FetchError (with a reason for the run summary)
        for a host not allowed, a robots.txt disallow, an off-site redirect, a 4xx, a body over the
        cap, or a 429/5xx/timeout that persists after the retries.
        client.get("https://kommunikasjon.ntb.no/public-website-api/release/18307640", etag='"abc"')
        -> HttpResult(status=304, body=b"", …)
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        return self._get(url, headers=headers, robots=robots)

    def seed_robots(self, url: str, status: int | None, body: bytes | None, error: str | None = None) -> None:
        """Use a robots.txt response fetched by the caller (`get(…, robots=False)`) for its origin."""
        self._robots.seed(url, status, body, error)

    def robots_allows(self, url: str) -> bool:
        """True when the origin's robots.txt lets this client's User-Agent fetch `url`."""
        return self._robots.rules(url).allowed(url, self.settings.user_agent)

    def _open(self, url: str, headers: Mapping[str, str], robots: bool,
              watch: _Watch) -> tuple[requests.Response, str, list[str]]:
        """One request with redirects followed by hand; returns the final response (body unread)."""
        hops: list[str] = []
        current = url
        while True:
            if not host_allowed(current, self.allowed_hosts):
                where = "redirect to off-site host" if hops else "host not allowed"
                raise FetchError(url, f"{where} {urlsplit(current).netloc or current} refused")
            host = (urlsplit(current).hostname or "").lower()
            self._check_and_pin(url, host)
            if robots:
                self._check_robots(current)
            self._wait_turn(current)
            self._check_stop()  # no request is sent once the run is asked to stop
            self.requests_made += 1
            watch.arm()
            response = self.session.get(
                current, headers=dict(headers), stream=True, allow_redirects=False,
                timeout=(self.settings.connect_timeout_seconds, self.settings.read_timeout_seconds),
            )
            if response.status_code not in REDIRECT_STATUSES:
                return response, current, hops
            location = response.headers.get("location")
            response.close()
            watch.disarm()
            if not location:
                raise FetchError(url, f"HTTP {response.status_code} redirect without Location",
                                 response.status_code)
            hops.append(current)
            if len(hops) > self.settings.max_redirects:
                raise FetchError(url, f"more than {self.settings.max_redirects} redirects")
            current = urljoin(current, location)

    def _read(self, url: str, response: requests.Response, max_bytes: int) -> bytes:
        chunks: list[bytes] = []
        total = 0
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes and not response.headers.get(
                "content-encoding"):
            response.close()
            raise FetchError(url, f"body of {int(declared)} bytes exceeds the {max_bytes}-byte cap",
                             response.status_code)
        for chunk in response.iter_content(chunk_size=64 * 1024):  # decoded bytes: counts a gzip bomb
            total += len(chunk)
            if total > max_bytes:
                response.close()
                raise FetchError(url, f"body exceeds the {max_bytes}-byte cap", response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)

    def _get(self, url: str, headers: Mapping[str, str] | None = None, robots: bool = True,
             max_bytes: int | None = None) -> HttpResult:
        headers = headers or {}
        cap = max_bytes or self.settings.max_body_bytes
        attempts = self.settings.retries + 1
        last_reason = "no attempt made"
        for attempt in range(attempts):
            watch = _Watch(self.settings.response_deadline_seconds, self._stop, self._sockets)
            try:
                response, final_url, hops = self._open(url, headers, robots, watch)
                status = response.status_code
                if status in RETRY_STATUSES:
                    retry_after = retry_after_seconds(response.headers.get("retry-after"))
                    response.close()
                    watch.close()
                    last_reason = f"HTTP {status}"
                    if attempt + 1 < attempts:
                        self._backoff(final_url, attempt, retry_after, last_reason)
                        continue
                    raise FetchError(url, f"HTTP {status} after {attempts} attempts", status)
                body = b"" if status == 304 else self._read(url, response, cap)
                self._check_watch(url, watch)  # a body cut off at its deadline may still look whole
            except requests.Timeout:
                self._check_watch(url, watch)
                last_reason = "timeout"
            except requests.ConnectionError as exc:
                self._check_watch(url, watch)
                # urllib3 reports a read timeout in the middle of a body as a ConnectionError
                last_reason = "timeout" if "timed out" in str(exc).lower() else "connection failed"
            except requests.RequestException as exc:
                self._check_watch(url, watch)
                raise FetchError(url, f"request failed: {type(exc).__name__}") from exc
            else:
                kept = {k: v for k, v in ((h, response.headers.get(h)) for h in KEPT_HEADERS) if v}
                if status >= 400 or status < 200:
                    raise FetchError(url, f"HTTP {status}", status)
                return HttpResult(url=url, final_url=final_url, status=status, headers=kept, body=body,
                                  fetched_at=datetime.now(UTC), attempts=attempt + 1, redirects=tuple(hops))
            finally:
                watch.close()
            if attempt + 1 < attempts:
                self._backoff(url, attempt, None, last_reason)
        raise FetchError(url, f"{last_reason} after {attempts} attempts")

    def _check_watch(self, url: str, watch: _Watch) -> None:
        """Raise what the watch found: the run was stopped, or the response passed its deadline."""
        if watch.reason == "stopped":
            raise FetchStopped(f"{url}: stopped while the response was read")
        if watch.reason == "deadline":
            raise FetchError(url, f"no complete response within the {watch.seconds:g} s deadline "
                                  f"(response_deadline_seconds); cut off")
