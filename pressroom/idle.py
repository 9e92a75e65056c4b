"""How many cores sat idle while this command started: the machine's idle CPU time, from /proc/stat.

`pressroom run` of one file parses it in the workers' forkserver only when a core is idle (the parser's
modules and the language model then load on the other core while the run imports Prefect; on a busy
machine that is CPU spent twice). The 1-minute load average decided that before, and on a Linux VM it
counts tasks waiting on the disk as running: the project's 2-core VM sat at 1.0–1.2 with nothing else
running, so the forkserver path was never taken there. Here the machine's own counters are read twice —
when this module is imported (the command's start) and when the decision is made, a few tenths of a second
later — and the idle time between them says how many cores nobody used meanwhile.
"""

from __future__ import annotations

import os
from typing import NamedTuple

PROC_STAT = "/proc/stat"
# fewer clock ticks than this between the two readings (all cores together) is too short to tell
MIN_TICKS = 10


class CpuTimes(NamedTuple):
    """The machine's CPU time so far, in clock ticks, all cores together: idle (with iowait) and in all."""

    idle: int
    total: int


def cpu_times_from(line: str) -> CpuTimes | None:
    """The machine's CPU times from the first line of /proc/stat, or None when it is not that line.

    cpu_times_from("cpu  3546 0 1520 198473 37 0 23 0 0 0") -> CpuTimes(idle=198510, total=203599):
    user, nice, system, idle, iowait, irq, softirq, steal (guest time is counted in user already).
    """
    fields = line.split()
    if len(fields) < 9 or fields[0] != "cpu" or not all(f.isdigit() for f in fields[1:9]):
        return None
    ticks = [int(f) for f in fields[1:9]]
    return CpuTimes(idle=ticks[3] + ticks[4], total=sum(ticks))


def read_cpu_times(path: str = PROC_STAT) -> CpuTimes | None:
    """The machine's CPU times now (Linux), or None where /proc/stat is not there or not readable."""
    try:
        with open(path, encoding="ascii") as stat:
            return cpu_times_from(stat.readline())
    except (OSError, ValueError):
        return None


def idle_cores_between(before: CpuTimes, after: CpuTimes, cores: int) -> float | None:
    """How many of `cores` cores were idle on average between two readings; None when too little time passed.

    idle_cores_between(CpuTimes(100, 1000), CpuTimes(140, 1080), 2) -> 1.0: of 80 ticks on two cores, 40
    were idle, one core's worth (this command kept the other busy).
    """
    ticks = after.total - before.total
    if ticks < MIN_TICKS or cores < 1:
        return None
    return cores * max(0, after.idle - before.idle) / ticks


STARTED = read_cpu_times()  # the command's start: pressroom.cli imports this module first


def idle_cores(cores: int | None = None) -> float | None:
    """How many cores were idle on average since the command started (None when it cannot be told:
    no /proc/stat, or too little time since the start)."""
    now = read_cpu_times()
    if STARTED is None or now is None:
        return None
    return idle_cores_between(STARTED, now, cores or os.cpu_count() or 1)
