"""Shared driver of the fuzz harnesses: atheris (coverage-guided) when installed, else a hypothesis loop.

Each harness gives one function `one_input(data: bytes) -> None` that must never raise anything but
the reader's documented errors. A crash is saved under fuzz/crashes/ and must become a regression test
in tests/reliability/.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

CRASHES = Path(__file__).resolve().parent / "crashes"


def save_crash(name: str, data: bytes) -> Path:
    """Write a crashing input to fuzz/crashes/<harness>-<sha>.bin and return its path."""
    CRASHES.mkdir(exist_ok=True)
    path = CRASHES / f"{name}-{hashlib.sha256(data).hexdigest()[:12]}.bin"
    path.write_bytes(data)
    return path


def main(name: str, one_input: Callable[[bytes], None], seconds: float) -> None:
    """Fuzz `one_input` for about `seconds` (atheris if importable, hypothesis otherwise)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    try:
        import atheris
    except ImportError:
        atheris = None
    if atheris is not None:
        def guarded(data: bytes) -> None:
            try:
                one_input(data)
            except Exception:
                print(f"crash saved to {save_crash(name, data)}", file=sys.stderr)
                raise

        CRASHES.mkdir(exist_ok=True)
        argv = [sys.argv[0], f"-max_total_time={int(seconds)}", "-max_len=20000", "-timeout=20",
                f"-artifact_prefix={CRASHES}/", *sys.argv[1:]]
        atheris.instrument_all()  # coverage feedback from every loaded module (readers included)
        atheris.Setup(argv, guarded)
        atheris.Fuzz()
        return
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        @settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(st.one_of(st.binary(max_size=4000), st.text(max_size=2000).map(str.encode)))
        def run(data: bytes) -> None:
            try:
                one_input(data)
            except Exception:
                print(f"crash saved to {save_crash(name, data)}", file=sys.stderr)
                raise

        run()
        rounds += 1
    print(f"{name}: {rounds * 500} hypothesis inputs, no crash", file=sys.stderr)
