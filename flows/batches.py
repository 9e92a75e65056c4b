"""Plain batch steps the flow runs (in worker processes when there is enough work).

Each step reads one batch, parses and extracts it, and stages its rows as Parquet parts, so the
flow never holds a whole corpus in memory. Plain functions, importable and picklable without Prefect.
The parser's modules are imported by the steps themselves, not by this module: a run whose batches all
go to the workers (flows/workers.py: their forkserver holds them) never imports them itself.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BatchStats:
    """What one batch did: documents parsed, skipped as unchanged, rows staged, and failures."""

    documents: int = 0
    unchanged: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (input, warning): logged, run stays ok
    cancelled: bool = False  # the run was stopped (SIGTERM, Ctrl-C) before every batch was done
    without_release: dict[str, int] = field(default_factory=dict)  # why -> documents
    # why -> the first few of those documents (file path or URL), so the summary can name them
    without_release_named: dict[str, list[str]] = field(default_factory=dict)
    examples: dict[str, list] = field(default_factory=lambda: {"quotes": [], "amounts": []})

    def add(self, other: BatchStats) -> None:
        """Fold another batch's figures into this one (examples: the first three of each kind)."""
        self.documents += other.documents
        self.unchanged += other.unchanged
        self.failures.extend(other.failures)
        self.warnings.extend(other.warnings)
        self.cancelled = self.cancelled or other.cancelled
        for table, n in other.rows.items():
            self.rows[table] = self.rows.get(table, 0) + n
        for why, n in other.without_release.items():
            self.without_release[why] = self.without_release.get(why, 0) + n
        for why, names in other.without_release_named.items():
            self.without_release_named[why] = (self.without_release_named.get(why, []) + names)[:NAMED]
        for kind, found in other.examples.items():
            self.examples[kind] = (self.examples.get(kind, []) + found)[:EXAMPLES]


EXAMPLES = 3
NAMED = 5  # documents named per reason they gave no release; the rest are counted
MIN_TEXT = 200  # characters: a document shorter than this is "too short" to hold a release
PROSE = re.compile(r"(?:\b\w+\b\W+){6,}?\w+[.!?»”]")


def why_no_release(text: str) -> str:
    """Why a document gave no release: 'too short', 'no prose' or 'unknown layout'.

    why_no_release('Forside\nMeny') -> 'too short'
    """
    stripped = text.strip()
    if len(stripped) < MIN_TEXT:
        return "too short"
    if not PROSE.search(stripped):
        return "no prose"
    return "unknown layout"


def note_results(stats: BatchStats, results: list) -> None:
    """Count documents without a release (and why), and keep the first example quotes and amounts."""
    for doc, extractions in results:
        if not extractions:
            why = why_no_release(doc.text or "")
            stats.without_release[why] = stats.without_release.get(why, 0) + 1
            named = stats.without_release_named.setdefault(why, [])
            if len(named) < NAMED:
                named.append(doc.source_uri)
        for ex in extractions:
            for q in ex.quotes:
                if len(stats.examples["quotes"]) < EXAMPLES:
                    # a quote with no verb of its own says how it was attributed ("carried"), not "?"
                    how = q.reporting_verb or (q.attribution if q.attribution == "carried" else None)
                    stats.examples["quotes"].append((q.speaker_name, how, q.text))
            for a in ex.amounts:
                if len(stats.examples["amounts"]) < EXAMPLES:
                    stats.examples["amounts"].append((str(a.value), a.currency, a.qualifier, a.raw_text,
                                                      a.sentence))


def versioned_sources() -> list[Path]:
    """Every module and word list that shapes the output: transform/ with its readers/ and extractors/ folders,
    the word lists they read (transform/data/<kind>/<lang>.txt), and the decoding of local files (extract/files.py).
    [..., Path('…/transform/extractors/quotes.py'), …, Path('…/transform/data/chrome/nb.txt'), …]
    """
    import extract.files
    import transform

    root = Path(transform.__file__).resolve().parent
    return [*sorted(root.rglob("*.py")), *sorted(root.rglob("*.txt")), Path(extract.files.__file__).resolve()]


def code_version() -> str:
    """A hash of `versioned_sources()` (names and bytes): unchanged input is read again when any of them changes."""
    digest = hashlib.blake2b(digest_size=8)
    for path in versioned_sources():
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def batch_plan(paths: list[str], batch_size: int, workers: int) -> list[list[str]]:
    """The batches a run parses, in order: `batch_size` files each, then, when more than one batch goes
    to more than one worker, the last `workers` batches' worth of files in smaller and smaller batches
    (a quarter of what is left, per worker pair, down to a tenth of a batch), so the workers finish
    together instead of one of them parsing a whole last batch alone.

    batch_plan(10,000 paths, 500, 2) -> 17 batches of 500, then 375, 282, 211, 158, 119, 89, 67, 50,
    50, 50, 49; batch_plan(300 paths, 500, 2) -> one batch of 300 (one batch is never split).
    A document's rows do not depend on the batch it is in (transform/normalise.py `tables_for`, the load's
    tie-breaks), so the plan changes no output.
    """
    if len(paths) <= batch_size or workers < 2:
        return [paths[i:i + batch_size] for i in range(0, len(paths), batch_size)]
    smallest = max(1, batch_size // 10)
    plan, start = [], 0
    while start < len(paths):
        left = len(paths) - start
        size = min(batch_size, left, max(smallest, -(-left // (2 * workers))))
        plan.append(paths[start:start + size])
        start += size
    return plan


def process_files(paths: list[str], staging: str, batch_no: int, known: dict[str, str],
                  version: str) -> BatchStats:
    """Read, parse, extract and stage one batch of local files.

    `known` maps source_uri -> "<sha256>@<code version>" of documents already in the warehouse: a file
    whose content and extractor code are both unchanged is skipped (re-running changes nothing).
    """
    from extract import language_model
    from extract.files import read_files
    from load.staging import stage_tables
    from transform.batch import extract_batch

    language_model.install()  # the model's tables mapped from the cache, not unpacked (a no-op once done)
    stats = BatchStats()
    inputs = []
    for item in read_files(Path(p) for p in paths):
        if isinstance(item, Exception):
            stats.failures.append((str(item).split(":", 1)[0], str(item)))
        elif known.get(item.source_uri) == f"{item.sha256}@{version}":
            stats.unchanged += 1
        else:
            inputs.append(item)
    batch = extract_batch(inputs)
    stats.failures.extend(batch.failures)
    stats.warnings.extend(batch.warnings)
    stats.documents = len(batch.results)
    note_results(stats, batch.results)
    if batch.results:
        stats.rows = stage_tables(Path(staging), batch_no, staged_tables(batch.results, version))
    return stats


def process_pages(pages: list, publisher: str | None, staging: str, batch_no: int, version: str) -> BatchStats:
    """Parse, extract and stage one batch of fetched pages (RawPage: JSON, HTML, RSS)."""
    from extract import language_model
    from extract.live import parse_raw_page
    from load.staging import stage_tables
    from transform.pipeline import extract_document

    language_model.install()  # the model's tables mapped from the cache, not unpacked (a no-op once done)
    stats = BatchStats()
    results = []
    for page in pages:
        try:
            doc = parse_raw_page(page, publisher=publisher)
            results.append((doc, extract_document(doc)))
            stats.warnings.extend((page.url, warning) for warning in doc.warnings)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run; reason is kept
            stats.failures.append((page.url, f"{page.url}: {type(exc).__name__}: {str(exc)[:300]}"))
    stats.documents = len(results)
    note_results(stats, results)
    if results:
        stats.rows = stage_tables(Path(staging), batch_no, staged_tables(results, version))
    return stats


def staged_tables(results: list, version: str) -> dict:
    """The tables a batch stages: its warehouse rows (transform.normalise.tables_for) and the places of each
    release copy, read here on the worker's core rather than in the load (load/place_readings.py).

    staged_tables([(Document(…), [ReleaseExtraction(…)])], 'a1b2') -> {'documents': …, 'place_readings': …}
    """
    from load.place_readings import place_readings
    from transform.normalise import tables_for

    tables = tables_for(results, version=version)
    tables["place_readings"] = place_readings(tables["releases"], tables["documents"])
    return tables


def all_unchanged(sources: list[str], db: str) -> int | None:
    """The number of files if every local source file is already loaded unchanged, else None.

    Lets `pressroom run` answer a run with nothing to do without starting Prefect: every file is
    hashed and compared with `documents` (content sha256 and extractor code version). Missing,
    unreadable, new or deleted files, live sources, and kept parts of a blocked run all give None (a real
    run handles them).
    """
    from extract.file_hash import file_sha256
    from extract.files import InputError, expand
    from load.pending import kept_waiting
    from load.warehouse import read_known_documents

    if kept_waiting(db):  # kept parts of a blocked run wait: a real run loads them (or reads them again)
        return None
    known = read_known_documents(db)
    if not known:
        return None
    paths, failures = expand(sources)
    if failures or not paths:
        return None
    folders = {str(Path(s).resolve()) for s in sources if Path(s).is_dir()}
    listed = {str(p) for p in paths}
    if any(str(Path(uri).parent) in folders and uri not in listed for uri in known):
        return None  # a file loaded from one of these folders is gone: a real run removes its rows
    version = code_version()
    for path in paths:  # the bytes' hash alone: a file whose text cannot be read was never loaded either
        try:  # expand() gives resolved paths: display_uri(path) is str(path) for them, without a resolve
            if known.get(path.as_posix()) != f"{file_sha256(path)}@{version}":
                return None
        except InputError:
            return None
    return len(paths)
