"""The head start of a `pressroom run`: its local files listed once and their batches handed to the parse
workers before Prefect is imported, and the flow's check that it may adopt them.

`pressroom run` holds the warehouse's run lock, then imports Prefect, starts its API server and the flow
(4–28 s of a 10,000-page run), while the workers' forkserver is ready and idle. `begin` lists the files
(`expand`, once: the flow takes that list, `listed`), and, when the run has more than one worker and the
warehouse can be read as it is (no kept parts of a blocked run waiting, no migration to apply), reads
the known documents as the flow does and submits every batch to the worker pool, staging into a folder
of its own. The flow's parse stage `adopt`s the batches when it would parse the same files with the
same known documents, code version, batch size and workers: it waits on them and moves their parts
into its own staging folder (`hand_over`). Anything else (a file added, removed or changed since it was
listed, a warehouse changed, another batch size) and the head start is `discard`ed: its workers killed,
its parts removed, and the flow lists and parses as it always does. One head start per process (the
command's); `discarded_unless_adopted` at the end of the command removes whatever was not adopted (a
failure, a stop, a flow that never reached its parse stage). Served and deployed runs have none.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

Marks = tuple[tuple, ...]


@dataclass
class HeadStart:
    """What a head start listed, read and submitted: enough to tell whether the flow may adopt it."""

    db: str
    sources: tuple[str, ...]
    paths: list[str]
    failures: list[tuple[str, str]]
    marks: Marks  # the sources' and files' stat marks when they were listed (`stat_marks`)
    known: dict[str, str] = field(default_factory=dict)
    version: str = ""
    batch_size: int = 0
    workers: int = 0
    folder: str | None = None  # where the submitted batches stage their parts
    pool: ProcessPoolExecutor | None = None  # None: listed only, nothing submitted
    pending: dict[Future, int] = field(default_factory=dict)  # each batch's future -> its files
    thread: threading.Thread | None = None  # submits the batches (`_submit`)
    stopping: threading.Event = field(default_factory=threading.Event)  # being discarded: submit no more
    complete: bool = False  # every batch submitted


_current: HeadStart | None = None
# what became of the last head start of this process: 'adopted', 'discarded: <why>' ('' before any);
# the flow logs it, tests read it
outcome = ""


def current() -> HeadStart | None:
    """This process's head start, if one was begun and neither adopted nor discarded yet."""
    return _current


def stat_marks(sources: list[str] | tuple[str, ...], paths: list[str]) -> Marks:
    """What says that a listing still holds: each source's stat (a folder's mtime changes when an entry
    is added, removed or renamed), then each listed file's inode, size and mtime (ns).

    stat_marks(['/data/inn'], ['/data/inn/a.txt']) -> (('/data/inn', 2361, 1765070000123456789, …),
    ('/data/inn/a.txt', 2362, 1804, 1765069000000000000))
    """
    marks: list[tuple] = []
    for source in sources:
        try:
            st, link = os.stat(source), os.lstat(source)
            marks.append((source, st.st_ino, st.st_mtime_ns, st.st_size, link.st_ino, link.st_mtime_ns))
        except OSError:
            marks.append((source, None))
    for path in paths:
        try:
            st = os.stat(path)
            marks.append((path, st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            marks.append((path, None))
    return tuple(marks)


def known_as_is(db: str) -> dict[str, str] | None:
    """The known documents ({source_uri: "<sha256>@<version>"}, as load.warehouse.read_known_documents
    gives them) when the warehouse can be read as it is: {} for a new warehouse; None when kept parts
    of a blocked run wait beside it, a migration is due, or it cannot be opened now (the flow decides)."""
    from load.pending import kept_waiting
    from load.warehouse import connect, is_current

    if not Path(db).exists():
        return {}
    if kept_waiting(db):
        return None
    try:
        with connect(db, read_only=True) as con:
            if not is_current(con):
                return None
            rows = con.execute("select source_uri, content_sha256, extractor_version from documents").fetchall()
    except Exception:  # noqa: BLE001 - busy, or no warehouse at all: no head start, the flow decides
        return None
    return {uri: f"{sha}@{version}" for uri, sha, version in rows if sha and version}


def begin(local: list[str], db: str, batch_size: int, workers: int, force: bool,
          workers_worth_it: Callable[[int], bool]) -> HeadStart:
    """List the run's local files once and, when `workers_worth_it(number of files)` and the warehouse can
    be read as it is, submit every batch to the worker pool now (from a thread); the head start (its
    `thread` None when only the listing was taken).

    begin(['/tmp/c10k'], '/tmp/w.duckdb', 500, 2, False, lambda n: n > 500) lists 10,000 files and
    submits their batches to two workers; the flow adopts them (`adopt`) or throws them away.
    Call with the run lock held. A stop (StartupCancelled) while it runs discards what it started.
    """
    global _current, outcome
    from extract.files import expand

    discard()
    outcome = ""
    sources = tuple(local)
    before = stat_marks(sources, [])  # before the listing: a folder changed meanwhile fails the check
    found, failures = expand(local)
    paths = [str(p) for p in found]
    head = HeadStart(db=db, sources=sources, paths=paths, failures=failures, marks=before + stat_marks((), paths))
    _current = head
    if workers < 2 or not paths or not workers_worth_it(len(paths)):
        return head
    from flows.workers import start_forkserver

    start_forkserver()  # the model loads in the forkserver while this process reads the warehouse
    known = {} if force else known_as_is(db)
    if known is None:
        return head
    from flows.batches import batch_plan, code_version

    head.known, head.version, head.batch_size, head.workers = known, code_version(), batch_size, workers
    # what the pool's start imports (its queues and locks), imported here: the thread then imports nothing
    # while this thread imports Prefect and pandas (two threads importing at once can deadlock on the
    # modules' import locks, see load/schema_ahead.py)
    import multiprocessing.popen_forkserver
    import multiprocessing.queues
    import multiprocessing.synchronize  # noqa: F401
    # submitted by a thread: the first submit waits for the forkserver's preload (seconds) while this
    # process goes on to Prefect, and a stop (StartupCancelled, raised in the main thread only) never
    # lands inside the pool's own locks
    head.thread = threading.Thread(target=_submit, args=(head, batch_plan(paths, batch_size, workers)),
                                   name="pressroom-head-start", daemon=True)
    head.thread.start()
    return head


def _submit(head: HeadStart, plan: list[list[str]]) -> None:
    """The head start's thread: a staging folder, the pool, every batch submitted (`complete` at the end);
    stops submitting when the head start is being discarded. A failure leaves it incomplete (not adopted)."""
    from flows.batches import process_files
    from flows.workers import worker_pool

    try:
        head.folder = tempfile.mkdtemp(prefix=f"pressroom-stage-{os.getpid()}-head-")
        head.pool = worker_pool(min(head.workers, len(plan)))
        for no, batch in enumerate(plan):
            if head.stopping.is_set():
                return
            head.pending[head.pool.submit(process_files, batch, head.folder, no, head.known, head.version)] = len(batch)
        head.complete = True
    except Exception:  # noqa: BLE001 - an optimisation only: the flow parses as it always does
        pass


def wait_submitted(head: HeadStart) -> None:
    """Wait until the head start's thread has submitted what it will (the flow then reads `pending`)."""
    if head.thread is not None:
        head.thread.join()


def listed(db: str, local: list[str]) -> tuple[list[str], list[tuple[str, str]]] | None:
    """The head start's file list and failures for these sources, when it still holds (no file or folder
    changed since `begin` listed it); else None (and a head start that no longer holds is discarded):
    the flow lists the files itself."""
    head = _current
    if head is None:
        return None
    if head.db != db or head.sources != tuple(local):
        discard("other sources or warehouse")
        return None
    if stat_marks(head.sources, head.paths) != head.marks:
        discard("a file or folder changed since it was listed")
        return None
    return list(head.paths), list(head.failures)


def adopt(paths: list[str], known: dict[str, str], version: str, batch_size: int, workers: int) -> HeadStart | None:
    """The head start, when its batches are those the flow's parse stage would submit (same files, known
    documents, code version, batch size and workers); else None, and a head start that was submitted is
    discarded (its workers stopped, its parts removed). The caller waits on `pending`, then `hand_over`."""
    head = _current
    if head is None or head.thread is None:
        return None
    wait_submitted(head)
    if not head.complete:
        discard("its batches could not all be submitted")
        return None
    differ = [what for what, theirs, ours in (("files", head.paths, paths), ("known documents", head.known, known),
                                               ("code version", head.version, version),
                                               ("batch size", head.batch_size, batch_size),
                                               ("workers", head.workers, workers)) if theirs != ours]
    if differ:
        discard(f"{', '.join(differ)} not the same")
        return None
    return head


def hand_over(staging: str) -> None:
    """Move the adopted head start's parts into the flow's staging folder (part names are the flow's
    batch numbers) and forget it; its pool must be shut down already."""
    global _current, outcome
    head, _current = _current, None
    if head is None or head.folder is None:
        return
    outcome = f"adopted ({len(head.pending)} batches)"
    for part in sorted(Path(head.folder).glob("*/part-*.parquet")):
        target = Path(staging) / part.parent.name
        target.mkdir(parents=True, exist_ok=True)
        os.replace(part, target / part.name)
    shutil.rmtree(head.folder, ignore_errors=True)


def discard(why: str = "not adopted") -> None:
    """Throw away this process's head start, if any: its workers killed (waited for), its parts removed."""
    global _current, outcome
    head, _current = _current, None
    if head is None:
        return
    head.stopping.set()
    wait_submitted(head)
    if head.pool is not None:
        outcome = f"discarded: {why}"
    if head.pool is not None:
        from flows.workers import stop_pool

        stop_pool(head.pool)
    if head.folder is not None:
        shutil.rmtree(head.folder, ignore_errors=True)


@contextmanager
def discarded_unless_adopted() -> Iterator[None]:
    """Around the command's run: whatever head start was not adopted by the end is discarded, also on a
    failure or a stop (no worker, no part is left behind)."""
    try:
        yield
    finally:
        discard()
