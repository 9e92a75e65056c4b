"""pressroom benchmark: parse + extract throughput, load, end-to-end `pressroom run`, re-run, peak RSS.

For each N (default 1k and 10k; 100k with --full) and each input shape (text, html, json) it prints
one table row:

* parse+extract docs/s on one core: `transform.batch.extract_batch` over documents generated in
  memory by benchmarks/generate.py (generation is not timed, so the disk does not dominate), in
  batches of the flow's size, per CPU-second of the process (so other work on a shared machine
  does not skew it; the wall-clock figure is printed too and kept in --json);
* the same with 2 worker processes, each timing its own half; docs/s = N / slowest worker's
  CPU-seconds (what two free cores would give);
* load rows/s: rows staged into DuckDB by `load.warehouse.load_tables` per second of that call
  (Arrow tables from `transform.normalise.tables_for`), and the load's share of the plain
  read + parse/extract + normalise + load time;
* end-to-end wall time of `pressroom run --source DIR --db FILE` on the corpus written to disk,
  the CPU/wall ratio of that process (1.0 = one core busy), and the share of the wall time not
  explained by the plain function times (Prefect: import, ephemeral API server, task/flow runs);
* the wall time of a second `pressroom run` on the same files and warehouse (nothing changed);
* peak RSS of the `pressroom run` process (its VmHWM, sampled from /proc every 0.2 s; max of the
  first run and the re-run), and the peak of the summed RSS of its whole process tree (Prefect's
  ephemeral API server and the flow's parse worker processes are children of it).

    python benchmarks/run.py                    # 1k and 10k, all shapes (~10 min on 2 cores)
    python benchmarks/run.py --full             # adds 100k (long)
    python benchmarks/run.py --n 1000 --shapes html --no-e2e
    python benchmarks/run.py --profile html     # pyinstrument report of parse + extract
    python benchmarks/run.py --large            # a 10,000-quote document and a 1 MB line (seconds)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from generate import SHAPES, iter_inputs, write_corpus  # noqa: E402 - needs the path above

BATCH = 500  # documents per extract_batch call: the flow's BATCH_SIZE
LOAD_GROUP = 10_000  # documents per load_tables call (the flow loads once; 100k is loaded in groups)
DEFAULT_NS = (1_000, 10_000)
FULL_NS = (1_000, 10_000, 100_000)


@dataclass
class Row:
    """One line of the benchmark table (grain: one N and one input shape)."""

    n: int
    shape: str
    docs_per_s_1: float = 0.0
    docs_per_s_2: float = 0.0
    load_rows: int = 0
    load_rows_per_s: float = 0.0
    load_share: float = 0.0
    plain_s: float = 0.0  # read + parse/extract + normalise + load, in process
    extract_s: float = 0.0
    extract_cpu_s: float = 0.0
    docs_per_s_1_wall: float = 0.0  # the same figures by wall clock (lower when the machine is busy)
    docs_per_s_2_wall: float = 0.0
    load_avg: str = ""  # 1-minute load average when the row finished: other work on the machine
    normalise_s: float = 0.0
    load_s: float = 0.0
    load_cpu_s: float = 0.0
    # the places of each batch's release copies, read as the parse workers read them (load/place_readings.py)
    readings_cpu_s: float = 0.0
    read_s: float = 0.0
    failures: int = 0
    e2e_s: float | None = None
    e2e_cpu: float | None = None  # (user + sys CPU) / wall of the pressroom process
    prefect_share: float | None = None
    rerun_s: float | None = None
    rerun_parsed: int | None = None  # documents the re-run parsed again (0 when it skipped them all)
    peak_rss_mb: float | None = None  # the `pressroom run` process itself
    tree_rss_mb: float | None = None  # with its children: Prefect's API server, parse workers
    e2e_status: str | None = None


def _extract_range(shape: str, seed: int, start: int, n: int) -> tuple[float, float, int]:
    """Wall and CPU seconds spent in extract_batch over documents start … start+n-1, and failures."""
    from transform.batch import extract_batch

    wall, cpu, failed = 0.0, 0.0, 0
    for offset in range(start, start + n, BATCH):
        batch = list(iter_inputs(min(BATCH, start + n - offset), shape, seed, start=offset))
        t0, c0 = time.perf_counter(), time.process_time()
        result = extract_batch(batch)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        failed += len(result.failures)
    return wall, cpu, failed


def _worker(args: tuple[str, int, int, int]) -> tuple[float, float, int]:
    return _extract_range(*args)


def warm_up(shape: str, seed: int) -> None:
    """Import the parsers and compile their regexes once, outside any timing."""
    _extract_range(shape, seed, 10**6, 20)


def measure_in_process(row: Row, seed: int, db: Path) -> None:
    """Parse + extract on one core, then normalise and load into a fresh warehouse, each timed."""
    import pyarrow as pa

    from load.place_readings import place_readings
    from load.warehouse import load_tables
    from transform.batch import extract_batch
    from transform.normalise import tables_for

    pending: list = []
    readings: list = []
    for offset in range(0, row.n, BATCH):
        batch = list(iter_inputs(min(BATCH, row.n - offset), row.shape, seed, start=offset))
        t0, c0 = time.perf_counter(), time.process_time()
        result = extract_batch(batch)
        row.extract_s += time.perf_counter() - t0
        row.extract_cpu_s += time.process_time() - c0
        row.failures += len(result.failures)
        pending.extend(result.results)
        staged = tables_for(result.results)  # the batch's copies, as a worker stages them (not timed)
        c0 = time.process_time()
        readings.append(place_readings(staged["releases"], staged["documents"]))
        row.readings_cpu_s += time.process_time() - c0
        if len(pending) >= LOAD_GROUP or offset + BATCH >= row.n:
            t0 = time.perf_counter()
            tables = tables_for(pending)
            row.normalise_s += time.perf_counter() - t0
            tables["place_readings"] = pa.concat_tables(readings)
            t0, c0 = time.perf_counter(), time.process_time()
            loaded = load_tables(db, tables)
            row.load_s += time.perf_counter() - t0
            row.load_cpu_s += time.process_time() - c0
            row.load_rows += sum(loaded.staged.values())
            pending, readings = [], []
    row.docs_per_s_1 = row.n / row.extract_cpu_s if row.extract_cpu_s else 0.0
    row.docs_per_s_1_wall = row.n / row.extract_s if row.extract_s else 0.0
    row.load_rows_per_s = row.load_rows / row.load_s if row.load_s else 0.0


def measure_parallel(row: Row, seed: int, workers: int = 2) -> None:
    """Parse + extract in `workers` processes, each on an interleaved share of the documents."""
    shares = [(row.shape, seed, i * row.n // workers, (i + 1) * row.n // workers - i * row.n // workers)
              for i in range(workers)]
    ctx = mp.get_context("spawn")  # no inherited DuckDB threads or Prefect state
    with ctx.Pool(workers) as pool:
        pool.map(_worker, [(row.shape, seed, 10**6, 20)] * workers)  # warm both workers
        results = pool.map(_worker, shares)
    slowest_cpu = max(cpu for _, cpu, _ in results)
    slowest_wall = max(wall for wall, _, _ in results)
    row.docs_per_s_2 = row.n / slowest_cpu if slowest_cpu else 0.0
    row.docs_per_s_2_wall = row.n / slowest_wall if slowest_wall else 0.0


def measure_read(row: Row, corpus: Path) -> None:
    """Seconds to read the corpus files into inputs (what the flow's read-files task does)."""
    from extract.files import expand, read_files

    t0 = time.perf_counter()
    paths, _ = expand([corpus])
    for _ in read_files(paths):
        pass
    row.read_s = time.perf_counter() - t0


def prefect_env(home: Path) -> dict[str, str]:
    """Environment of the `pressroom run` child: Prefect state in the benchmark's own home, quiet."""
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1", "PREFECT_LOGGING_LEVEL": "WARNING",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    env.pop("PREFECT_API_URL", None)
    return env


def _status_kb(pid: int, field_name: str) -> int:
    """A `kB` field of /proc/<pid>/status (VmHWM, VmRSS), or 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    """Pids of every living descendant of `pid` (from /proc/<pid>/task/*/children)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            for task in Path(f"/proc/{parent}/task").iterdir():
                kids = [int(k) for k in (task / "children").read_text().split()]
                out.extend(kids)
                todo.extend(kids)
        except (OSError, ValueError):
            continue
    return out


class RssSampler(threading.Thread):
    """Samples a child every 0.2 s: its own peak RSS (VmHWM) and the peak sum of its process tree.

    The tree sum is sampled, so a spike shorter than 0.2 s can be missed; VmHWM cannot.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.own_kb, self.tree_kb = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            own = _status_kb(self.pid, "VmHWM")
            self.own_kb = max(self.own_kb, own)
            tree = _status_kb(self.pid, "VmRSS") + sum(_status_kb(k, "VmRSS") for k in _descendants(self.pid))
            self.tree_kb = max(self.tree_kb, tree)
            self.done.wait(0.2)


@dataclass
class ChildRun:
    """What one child run cost: wall and CPU seconds, exit code, peak RSS figures in MB."""

    wall: float
    cpu: float
    code: int
    rss_mb: float  # the child's own peak (VmHWM sampled, else wait4's ru_maxrss)
    tree_mb: float  # peak of the summed RSS of the child and its descendants (Prefect's API server)


def timed_run(cmd: list[str], env: dict[str, str], log: Path) -> ChildRun:
    """Run a child to completion and measure it (wall, CPU, exit code, peak RSS own and tree)."""
    with log.open("ab") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO)
        sampler = RssSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss covers the child and its reaped descendants (the largest single one of them).
    own = sampler.own_kb or usage.ru_maxrss
    return ChildRun(wall, usage.ru_utime + usage.ru_stime, proc.returncode, own / 1024,
                    max(sampler.tree_kb, own) / 1024)


# The CLI's summary line: "pressroom run ok: 1000 documents read from …".
RUN_SAID = re.compile(r"pressroom run \w+: (\d+) documents read")
# a re-run with nothing to do says so without starting Prefect: no document is parsed again
RUN_UNCHANGED = re.compile(r"pressroom run unchanged: all \d+ documents ")


def pressroom_cmd(corpus: Path, db: Path) -> list[str]:
    """The command line of one end-to-end run: `pressroom run --source CORPUS --db DB`."""
    exe = Path(sys.executable).parent / "pressroom"
    return [str(exe), "run", "--source", str(corpus), "--db", str(db)]


def measure_e2e(row: Row, corpus: Path, db: Path, env: dict[str, str], log: Path, *, rerun: bool = True,
                plain: bool = True) -> None:
    """`pressroom run` twice on the same corpus and warehouse: first run, then nothing changed."""
    first = timed_run(pressroom_cmd(corpus, db), env, log)
    row.e2e_s, row.e2e_cpu = first.wall, first.cpu / first.wall
    row.e2e_status = "ok" if first.code == 0 else f"exit {first.code}"
    row.peak_rss_mb, row.tree_rss_mb = first.rss_mb, first.tree_mb
    if rerun:
        offset = log.stat().st_size
        again = timed_run(pressroom_cmd(corpus, db), env, log)
        row.rerun_s = again.wall
        with log.open("rb") as f:
            f.seek(offset)
            output = f.read().decode("utf-8", "replace")
        said = RUN_SAID.search(output)
        row.rerun_parsed = int(said.group(1)) if said else 0 if RUN_UNCHANGED.search(output) else None
        row.peak_rss_mb = max(first.rss_mb, again.rss_mb)
        row.tree_rss_mb = max(first.tree_mb, again.tree_mb)
        if again.code != 0:
            row.e2e_status = f"re-run exit {again.code}"
    if plain:
        row.prefect_share = max(0.0, first.wall - row.plain_s) / first.wall


def fmt(value: float | None, spec: str) -> str:
    """A number formatted with `spec`, or an em dash when it was not measured: fmt(None, '.1f') -> '—'."""
    return "—" if value is None else format(value, spec)


COLUMNS = ("N", "shape", "docs/s 1 core (CPU)", "docs/s 2 proc (CPU)", "load rows/s", "load share", "e2e wall s",
           "e2e CPU/wall", "Prefect share", "re-run s", "re-run/first", "peak RSS MB",
           "tree RSS MB")


def cells(row: Row) -> list[str]:
    """The printed cells of one row, in COLUMNS order."""
    ratio = row.rerun_s / row.e2e_s if row.rerun_s and row.e2e_s else None
    return [
        f"{row.n:,}", row.shape, fmt(row.docs_per_s_1 or None, ",.0f"), fmt(row.docs_per_s_2 or None, ",.0f"),
        fmt(row.load_rows_per_s or None, ",.0f"),
        fmt(row.load_share * 100 if row.load_s else None, ".1f") + (" %" if row.load_s else ""),
        fmt(row.e2e_s, ".1f"), fmt(row.e2e_cpu, ".2f"),
        fmt(row.prefect_share * 100 if row.prefect_share is not None else None, ".0f")
        + (" %" if row.prefect_share is not None else ""),
        fmt(row.rerun_s, ".1f") + (f" ({row.rerun_parsed:,} parsed)" if row.rerun_parsed is not None else ""),
        fmt(ratio * 100 if ratio else None, ".0f") + (" %" if ratio else ""),
        fmt(row.peak_rss_mb, ",.0f"), fmt(row.tree_rss_mb, ",.0f"),
    ]


def render(rows: list[Row], markdown: bool) -> str:
    """The table as aligned plain text, or as Markdown (for benchmarks/README.md)."""
    table = [list(COLUMNS)] + [cells(r) for r in rows]
    if markdown:
        lines = ["| " + " | ".join(table[0]) + " |", "|" + "|".join("---:" for _ in COLUMNS) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in table[1:]]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> str:
    """One line naming the machine the figures came from."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
        mem = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        mem = "? RAM"
    import duckdb
    import prefect

    return (f"{cpu}, {os.cpu_count()} cores, {mem}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, Prefect {prefect.__version__}")


def profile(shape: str, n: int, seed: int, out: Path | None) -> None:
    """A pyinstrument profile of extract_batch over n generated documents of one shape."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("--profile needs pyinstrument: .venv/bin/pip install pyinstrument")
    from transform.batch import extract_batch

    warm_up(shape, seed)
    inputs = list(iter_inputs(n, shape, seed))
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for offset in range(0, n, BATCH):
        extract_batch(inputs[offset:offset + BATCH])
    profiler.stop()
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    if out:
        out.write_text(text, encoding="utf-8")
        print(f"profile written to {out}")
    else:
        print(text)


def measure_large(seed: int) -> None:
    """Parse + extract of the two pathological documents of issue 11 item 7, in CPU seconds each:
    a release with 10,000 quotes and a 1 MB line (both were minutes before extraction went linear)."""
    from benchmarks.generate import long_line_document, many_quotes_document
    from transform.batch import extract_batch

    warm_up("text", seed)
    for label, item in (("10,000-quote document", many_quotes_document(10_000, seed)),
                        ("1 MB line", long_line_document(1_000_000, seed))):
        t0, c0 = time.perf_counter(), time.process_time()
        result = extract_batch([item])
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        quotes = sum(len(e.quotes) for _, extractions in result.results for e in extractions)
        status = f"failed: {result.failures[0][1]}" if result.failures else f"{quotes:,} quotes"
        print(f"{label}: {len(item.text):,} characters, {status}, {cpu:.1f} s CPU ({wall:.1f} s wall)",
              flush=True)
    # the amount patterns on runs they match piecemeal (tests/test_amounts.py checks the output; the
    # time is measured here, not in a unit test): under a second before, minutes if a pattern backtracks
    from tests.test_amounts import PATHOLOGICAL_AMOUNT_TEXT
    from transform.extractors.amounts import extract_amounts

    t0, c0 = time.perf_counter(), time.process_time()
    found = extract_amounts(PATHOLOGICAL_AMOUNT_TEXT)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    print(f"pathological amount text: {len(PATHOLOGICAL_AMOUNT_TEXT):,} characters, {len(found)} amounts, "
          f"{cpu:.2f} s CPU ({wall:.2f} s wall)", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the measurements, print the table; returns the exit code."""
    parser = argparse.ArgumentParser(description="pressroom benchmark (see the module docstring)")
    parser.add_argument("--n", type=int, nargs="+", help="corpus sizes (default 1000 10000)")
    parser.add_argument("--full", action="store_true", help="also 100,000 documents (long)")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--e2e-shapes", nargs="+", choices=SHAPES,
                        help="shapes that get the end-to-end `pressroom run` columns (default: all)")
    parser.add_argument("--e2e-large-shapes", nargs="+", choices=SHAPES, default=["text"],
                        help="of those, the shapes that also get them above 1,000 documents (default: text, "
                             "to keep the default run near 10 minutes)")
    parser.add_argument("--no-e2e", action="store_true", help="skip the `pressroom run` columns")
    parser.add_argument("--no-parallel", action="store_true", help="skip the 2-process column")
    parser.add_argument("--no-inprocess", action="store_true",
                        help="skip the in-process columns (1 core, load); the Prefect share is then unknown")
    parser.add_argument("--no-rerun", action="store_true", help="skip the second `pressroom run`")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="corpora and warehouses here (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown too")
    parser.add_argument("--json", type=Path, help="write the rows as JSON to this file")
    parser.add_argument("--profile", choices=SHAPES, help="profile parse + extract of one shape and exit")
    parser.add_argument("--profile-n", type=int, default=1000)
    parser.add_argument("--profile-out", type=Path)
    parser.add_argument("--large", action="store_true",
                        help="time parse + extract of a 10,000-quote document and a 1 MB line, and exit")
    args = parser.parse_args(argv)

    if args.large:
        measure_large(args.seed)
        return 0
    if args.profile:
        profile(args.profile, args.profile_n, args.seed, args.profile_out)
        return 0
    ns = args.n or (FULL_NS if args.full else DEFAULT_NS)
    e2e_shapes = set(args.e2e_shapes or args.shapes) if not args.no_e2e else set()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="pressroom-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = prefect_env(work / "prefect-home")
    log = work / "pressroom-run.log"
    print(f"machine: {machine()}", flush=True)
    print(f"work dir: {work}; `pressroom run` output in {log}", flush=True)
    started = time.perf_counter()
    if e2e_shapes:  # first start of Prefect's ephemeral API creates its database: not a run's cost
        warm = work / "warm-up"
        write_corpus(5, "json", warm, args.seed)
        timed_run(pressroom_cmd(warm, work / "warm-up.duckdb"), env, log)
    rows: list[Row] = []
    try:
        for n in ns:
            for shape in args.shapes:
                row = Row(n=n, shape=shape)
                try:
                    if not args.no_inprocess:
                        warm_up(shape, args.seed)
                        measure_in_process(row, args.seed, work / f"plain-{shape}-{n}.duckdb")
                    if not args.no_parallel:
                        measure_parallel(row, args.seed)
                    e2e = shape in e2e_shapes and (n <= 1_000 or shape in args.e2e_large_shapes)
                    if e2e:
                        corpus = work / f"corpus-{shape}-{n}"
                        write_corpus(n, shape, corpus, args.seed)
                        measure_read(row, corpus)
                    row.plain_s = row.read_s + row.extract_s + row.normalise_s + row.load_s
                    row.load_share = row.load_s / row.plain_s if row.plain_s else 0.0
                    if e2e:
                        measure_e2e(row, corpus, work / f"e2e-{shape}-{n}.duckdb", env, log,
                                    rerun=not args.no_rerun, plain=not args.no_inprocess)
                        shutil.rmtree(corpus, ignore_errors=True)
                    for leftover in work.glob(f"*-{shape}-{n}.duckdb*"):
                        leftover.unlink(missing_ok=True)
                except Exception as exc:  # noqa: BLE001 - one broken row must not lose the others
                    row.e2e_status = f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                    print(f"  {n:>7,} {shape:<4}  {row.e2e_status}", flush=True)
                row.load_avg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
                rows.append(row)
                print(f"  {n:>7,} {shape:<4}  parse+extract {row.extract_s:6.1f} s wall "
                      f"({row.extract_cpu_s:.1f} s CPU; {row.docs_per_s_1_wall:,.0f} and "
                      f"{row.docs_per_s_2_wall:,.0f} docs/s by wall clock), normalise "
                      f"{row.normalise_s:5.1f} s, load {row.load_s:5.1f} s ({row.load_cpu_s:.2f} s CPU, "
                      f"{row.load_rows:,} rows), place readings {row.readings_cpu_s:.2f} s CPU, "
                      f"read {row.read_s:4.1f} s, failures {row.failures}"
                      + (f"; e2e {row.e2e_s:.1f} s ({row.e2e_status}), re-run {fmt(row.rerun_s, '.1f')} s "
                         f"({row.rerun_parsed} documents parsed again)"
                         if row.e2e_s is not None else "") + f"; load average {row.load_avg}", flush=True)
    finally:
        if rows:
            print()
            print(render(rows, markdown=False))
            if args.markdown:
                print()
                print(render(rows, markdown=True))
            print(f"\nbenchmark wall time: {time.perf_counter() - started:.0f} s")
        if args.json:
            args.json.write_text(json.dumps({"machine": machine(), "rows": [asdict(r) for r in rows]},
                                            indent=2), encoding="utf-8")
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
