"""The robots.txt verdict says why a page was not fetched: the host did not answer, or robots.txt said no."""

from __future__ import annotations

import pytest

from extract.robots import rules_from_response


@pytest.mark.parametrize(("status", "body", "error", "allowed", "unreachable", "reason"), [
    (None, None, "connect: [Errno 111] Connection refused", False, True,
     "host unreachable (connect: [Errno 111] Connection refused)"),
    (None, None, "Name or service not known", False, True, "host unreachable (Name or service not known)"),
    (503, None, "HTTP 503 after 4 attempts", False, False, "robots.txt unreachable (HTTP 503 after 4 attempts)"),
    (500, None, None, False, False, "robots.txt answered HTTP 500"),
    (404, None, None, True, False, None),
    (200, b"User-agent: *\nDisallow: /privat/", None, True, False, None),
])
def test_verdicts(status, body, error, allowed, unreachable, reason) -> None:
    rules = rules_from_response(status, body, error)
    assert rules.allowed("https://www.ks.no/aktuelt/", "pressroom") is allowed
    assert rules.unreachable is unreachable
    assert rules.reason == reason
