"""What the parse + extract workers' forkserver holds before it forks any worker (flows/workers.py).

Imported once, by the forkserver only: the batch steps and everything they import (patterns compiled
at import, word lists), then py3langid's model and the patterns built on first use, by extracting
one short release in memory. Every worker forked afterwards starts with all of it. The caches this
fills are of pure functions (a text's language, a name's form): a worker's output is the same with
them warm or cold (tests/test_workers.py compares the pool's output with this process's).
"""

from __future__ import annotations

import gc
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing import spawn
from pathlib import Path

import extract.files  # noqa: F401 - what the batch steps import when they run (flows/batches.py)
import flows.batches  # what the workers run
import flows.lifeline  # their initializer
from extract import language_model
from load.staging import stage_tables
from transform.batch import extract_batch

WARM_TEXT = """Kommunene får 10 millioner kroner til beredskap
12. mars 2025 10:00

Hovedstyret i KS vedtok i dag å gi 10 millioner kroner til beredskap i kommunene i Troms og Finnmark.

- Dette er et viktig signal til alle som jobber i sektoren, sier styreleder i KS, Kari Nordmann.

Kontakt: Ola Hansen, kommunikasjonsrådgiver, tlf. 24 13 26 01, ola.hansen@ks.no
"""


def _no_main_by_name(mod_name: str) -> None:
    """Stands in for multiprocessing's re-import of the starting process's main module by name.

    A process started as `python -m prefect.engine` (every flow run `pressroom serve` starts) hands
    each new worker its main module's name, and the worker imports it before its first task: Prefect,
    ~1.7 s of CPU, in a process that runs only flows.batches. The workers forked from this forkserver
    never run code of that module, so they import nothing. (A main script given by path, the
    `pressroom` command's, is preloaded by the forkserver itself, so it costs a worker nothing.)
    """


# only this forkserver and the workers it forks read this: the run's own process is not touched
spawn._fixup_main_from_name = _no_main_by_name


@dataclass(frozen=True)
class WarmInput:
    """One in-memory input of the warm-up (the fields extract_batch reads)."""

    source_uri: str
    text: str
    fmt: str
    sha256: str
    fetched_at: datetime | None


def warm() -> None:
    """Load the language model and build the lazily compiled patterns by extracting WARM_TEXT once,
    and stage its rows and its place readings once (into a temporary folder, removed): the place
    registers' lookup is built here, once for every worker.

    Never raises: a warm-up that fails leaves the workers to do it themselves, as before.
    """
    try:
        language_model.install()  # the model's tables mapped from the user's cache (extract/language_model.py)
        batch = extract_batch([WarmInput("warm-up.txt", WARM_TEXT, "text", "0" * 64,
                                         datetime(2025, 3, 12, 10, tzinfo=UTC))])
        # the first Arrow table imports pandas (pyarrow looks for it: ~0.6 s), the first Parquet part the writer
        with tempfile.TemporaryDirectory(prefix="pressroom-warm-up-") as folder:
            stage_tables(Path(folder), 0, flows.batches.staged_tables(batch.results, "warm-up"))
    except Exception:  # noqa: BLE001 - an optimisation only: the workers still work without it
        pass


warm()
# what the forkserver holds is never freed: out of the collector's way, so forked workers share its pages
gc.freeze()
