"""The committed lock (requirements.lock) that `make run` and `make test` install from; checked offline.

Every dependency of pyproject.toml (and its dev extra) is pinned there with file hashes, the pins
satisfy pyproject's own version specifiers, and the lock is closed: what a locked package needs
on Linux x86_64 / CPython 3.11 is locked too.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
LINUX_311 = {**default_environment(), "sys_platform": "linux", "platform_system": "Linux",
             "platform_machine": "x86_64", "python_version": "3.11", "python_full_version": "3.11.2",
             "implementation_name": "cpython", "platform_python_implementation": "CPython", "os_name": "posix"}


def locked() -> dict[str, tuple[str, int]]:
    """{canonical name: (version, number of hashes)} from the lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, n = pins[current]
            pins[current] = (version, n + 1)
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]


def test_every_pin_has_hashes() -> None:
    pins = locked()
    assert len(pins) > 50
    assert all(n >= 1 for _, n in pins.values()), [name for name, (_, n) in pins.items() if not n]


@pytest.mark.parametrize("requirement", declared(), ids=str)
def test_every_declared_dependency_is_locked_within_its_specifier(requirement: Requirement) -> None:
    pins = locked()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{requirement.name} is in pyproject.toml but not in requirements.lock (run make lock)"
    assert requirement.specifier.contains(pins[name][0], prereleases=True), (requirement, pins[name][0])


def test_the_lock_is_closed_over_what_its_packages_need() -> None:
    """Each locked package's own requirements (from its installed metadata) are locked too."""
    from importlib.metadata import PackageNotFoundError, distribution

    pins = locked()
    missing = []
    for name, (version, _) in pins.items():
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue  # e.g. a Windows-only package: not installed here
        if dist.version != version:
            continue
        for raw in dist.requires or []:
            req = Requirement(raw)
            if req.marker and not req.marker.evaluate({**LINUX_311, "extra": ""}):
                continue
            if canonicalize_name(req.name) not in pins:
                missing.append(f"{name} needs {req}")
    assert not missing, missing


def test_make_installs_from_the_lock() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r $(LOCK)" in makefile
    assert "--no-deps -e ." in makefile
    assert re.search(r"^lock:", makefile, re.MULTILINE)
