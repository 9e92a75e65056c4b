"""robots.txt per host, parsed with protego (Scrapy's parser: wildcards, Allow, Crawl-delay).

Rules (as Google documents them): a 4xx robots.txt means no restrictions; a 5xx, a timeout or a
refused connection means "disallow everything" for this run, because the site may be in trouble.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego


@dataclass(frozen=True)
class RobotsRules:
    """The robots.txt verdict for one host (grain: one scheme+host+port)."""

    parser: Protego | None  # None: no rules (robots.txt missing)
    disallow_all: bool = False
    reason: str | None = None
    unreachable: bool = False  # no answer at all (DNS, connect, timeout): the host, not its robots.txt

    def allowed(self, url: str, user_agent: str) -> bool:
        """True when this host's robots.txt lets `user_agent` fetch `url`."""
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay for `user_agent` in seconds, or None."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


def origin(url: str) -> str:
    """'https://kommunikasjon.ntb.no/pressemelding/1' -> 'https://kommunikasjon.ntb.no'."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def rules_from_response(status: int | None, body: bytes | None, error: str | None = None) -> RobotsRules:
    """The verdict for a robots.txt fetch result: 2xx parsed, 4xx allow all, else disallow all.

    rules_from_response(200, b"User-agent: *\\nDisallow: /privat/") -> rules that refuse /privat/…
    """
    if status is None:  # no HTTP answer at all: DNS, connect or timeout
        return RobotsRules(None, disallow_all=True, reason=f"host unreachable ({error})", unreachable=True)
    if error is not None and not 400 <= status < 500:
        return RobotsRules(None, disallow_all=True, reason=f"robots.txt unreachable ({error})")
    if 200 <= status < 300:
        text = (body or b"").decode("utf-8", errors="replace")
        return RobotsRules(Protego.parse(text))
    if 400 <= status < 500:
        return RobotsRules(None)
    return RobotsRules(None, disallow_all=True, reason=f"robots.txt answered HTTP {status}")


class RobotsCache:
    """robots.txt verdicts per origin, fetched once per run through the given fetch function.

    `fetch(url) -> (status, body, error)` is the HTTP client's robots-free GET.
    """

    def __init__(self, fetch: Callable[[str], tuple[int | None, bytes | None, str | None]]) -> None:
        self._fetch = fetch
        self._rules: dict[str, RobotsRules] = {}

    def seed(self, url: str, status: int | None, body: bytes | None, error: str | None = None) -> None:
        """Record the verdict for the origin of `url` from a robots.txt fetched elsewhere (no second fetch)."""
        self._rules[origin(url)] = rules_from_response(status, body, error)

    def rules(self, url: str) -> RobotsRules:
        """The verdict for the origin of `url`, fetching /robots.txt the first time."""
        key = origin(url)
        if key not in self._rules:
            status, body, error = self._fetch(key + "/robots.txt")
            self._rules[key] = rules_from_response(status, body, error)
        return self._rules[key]
