"""The parse + extract worker pool: workers forked from a forkserver that already holds what they need.

A worker needs the transform modules (their compiled patterns), the word lists and py3langid's
language model (~1.5 s of CPU on the project's VM). Spawned workers paid that each, after the run
had started them. Here a forkserver — a fresh interpreter of its own (fork + exec, never a fork of a
process with Prefect's threads) — imports flows/preload.py once, and every worker is a fork of it: its
start-up is a fork, not an interpreter, imports and a model. `pressroom run` starts the forkserver
before Prefect is imported (`start_forkserver`), so its preload runs on the other core while the run
imports Prefect and starts its flow; the first pool of any other process starts it then. With the
forkserver started, even a run of one batch (one file) parses in a worker: the run's own process never
imports the parser's modules nor loads the model (flows/ingest.py `parse_extract_stage`). `pressroom run`
starts it for one batch only when a core is idle (pressroom/cli.py `start_workers_early`).

The forkserver exits when it reads EOF on its "alive" pipe (at a normal exit the run closes it and
waits). CPython hands a copy of that pipe to every worker as well, so after a SIGKILL of the run the
EOF comes only once the workers are gone: each worker follows the run itself, not only the forkserver
(flows/lifeline.py `worker_init`), and a killed run leaves none.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import select
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver

from flows.lifeline import worker_init

# '__main__': the forkserver imports the program's main script once (`pressroom`, whose import is
# pressroom.cli's), instead of each worker importing it again before its first batch
PRELOAD = ["__main__", "flows.preload"]


def start_forkserver() -> None:
    """Start the workers' forkserver now (it loads the model meanwhile); no-op when it runs already.

    Returns at once: the forkserver preloads in its own process, and the first worker waits for it.
    """
    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    if forkserver._forkserver._forkserver_pid is None:
        atexit.register(stop_forkserver)
    forkserver.ensure_running()


def forkserver_running() -> bool:
    """Whether this process has started the workers' forkserver (`pressroom run` starts it early for a
    run with local files to parse, one batch only when a core is idle): a run's one batch then goes to a
    worker too, parsed on the other core by a fork that holds the model, instead of this process
    importing and loading it all."""
    return forkserver._forkserver._forkserver_pid is not None


def stop_forkserver() -> None:
    """Stop the forkserver and wait for it (at exit): nothing is left behind, and the CPU time of the
    workers it reaped counts in this process's children's, as a spawned worker's did."""
    forkserver._forkserver._stop()  # closes its pipe (it exits at EOF) and waits for it; no-op when stopped


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` parse + extract processes, forked from the preloaded forkserver.

    worker_pool(2).submit(process_files, paths, staging, 0, {}, version) runs one batch on a worker.
    Each worker ignores Ctrl-C (the run stops them) and dies with the run (flows/lifeline.py).
    """
    start_forkserver()
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=worker_init, initargs=(os.getpid(),))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a process pool now: its workers are killed mid-batch and waited for, so none writes a part
    after this returns (the caller removes what they staged); queued batches are cancelled.

    Workers are the forkserver's children, not this process's: each is waited for through a pidfd, which
    turns readable when the process has ended.
    """
    ended = []
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            ended.append(os.pidfd_open(process.pid))
        except (OSError, TypeError):  # already gone (or not started)
            pass
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):  # already gone
            pass
    for fd in ended:
        select.select([fd], [], [], 30)
        os.close(fd)
    pool.shutdown(wait=False, cancel_futures=True)
