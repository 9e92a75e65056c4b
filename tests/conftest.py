"""Shared fixtures: Prefect state in a temporary home, the bundled samples, the gold annotations."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

# Prefect reads its settings at import: keep its state out of the user's ~/.prefect and its
# telemetry off, before any test module imports prefect.
_PREFECT_HOME = tempfile.mkdtemp(prefix="pressroom-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
# the language model's unpacked tables (extract/language_model.py) go to a temporary folder, never the user's
_CACHE = tempfile.mkdtemp(prefix="pressroom-cache-")
os.environ["PRESSROOM_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples"
GOLD = REPO / "tests" / "gold" / "samples.json"
REAL_CORPUS = REPO / "data" / "real" / "corpus"


@pytest.fixture
def copy_real_pages(tmp_path: Path) -> Callable[[int], Path]:
    """A function that copies the first `count` real pages (data/real/corpus, by name) into tmp_path/real."""
    def copy(count: int) -> Path:
        folder = tmp_path / "real"
        folder.mkdir()
        for path in sorted(REAL_CORPUS.glob("*.txt"))[:count]:
            shutil.copy(path, folder)
        return folder
    return copy


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (temporary database) for the whole session: it takes ~20 s to start."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """A warehouse file loaded from the bundled samples (parse + extract + load, without Prefect)."""
    from extract.files import expand, read_files
    from load.warehouse import load_tables
    from transform.batch import extract_batch
    from transform.normalise import tables_for

    db = tmp_path_factory.mktemp("warehouse") / "samples.duckdb"
    paths, failures = expand([SAMPLES])
    assert not failures
    inputs = [item for item in read_files(paths) if not isinstance(item, Exception)]
    batch = extract_batch(inputs)
    assert not batch.failures, batch.failures
    load_tables(db, tables_for(batch.results))
    return db
