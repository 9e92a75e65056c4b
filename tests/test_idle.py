"""pressroom/idle.py: how many cores sat idle since the command started, from the machine's CPU times."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom import cli, idle
from pressroom.idle import CpuTimes, cpu_times_from, idle_cores_between, read_cpu_times

LINES = [
    # a 2-core VM's first line of /proc/stat (user nice system idle iowait irq softirq steal guest guest_nice)
    ("cpu  3546 0 1520 198473 37 0 23 0 0 0", CpuTimes(idle=198510, total=203599)),
    # guest time is inside user: not counted twice
    ("cpu  100 5 50 800 20 1 2 3 40 0", CpuTimes(idle=820, total=981)),
    # an old kernel's line with eight fields only
    ("cpu  1 2 3 4 5 6 7 8", CpuTimes(idle=9, total=36)),
    ("cpu0 3546 0 1520 198473 37 0 23 0 0 0", None),  # a core's line, not the machine's
    ("intr 123 4 5", None),
    ("cpu  12 x 3 4 5 6 7 8", None),
    ("", None),
]


@pytest.mark.parametrize(("line", "expected"), LINES)
def test_cpu_times_from_the_first_line_of_proc_stat(line: str, expected: CpuTimes | None) -> None:
    assert cpu_times_from(line) == expected


WINDOWS = [
    # (before, after, cores) -> idle cores on average
    (CpuTimes(100, 1000), CpuTimes(140, 1080), 2, 1.0),  # this command on one core, the other idle
    (CpuTimes(100, 1000), CpuTimes(102, 1080), 2, 0.05),  # other work on the other core
    (CpuTimes(100, 1000), CpuTimes(180, 1080), 2, 2.0),  # the command waited on the disk
    (CpuTimes(100, 1000), CpuTimes(250, 1200), 4, 3.0),
    (CpuTimes(100, 1000), CpuTimes(104, 1008), 2, None),  # 8 ticks: too short to tell
    (CpuTimes(100, 1000), CpuTimes(90, 1080), 2, 0.0),  # a counter that went back (a VM migrated): none
]


@pytest.mark.parametrize(("before", "after", "cores", "expected"), WINDOWS)
def test_idle_cores_between_two_readings(before: CpuTimes, after: CpuTimes, cores: int,
                                         expected: float | None) -> None:
    assert idle_cores_between(before, after, cores) == expected


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="no /proc/stat on this system")
def test_read_cpu_times_reads_this_machine() -> None:
    first = read_cpu_times()
    assert first is not None and 0 <= first.idle <= first.total
    # the counters only grow
    sum(range(200_000))
    later = read_cpu_times()
    assert later is not None and later.total >= first.total and later.idle >= first.idle


def test_core_idle_decides_on_the_cpu_times_else_the_load_average(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    stat = tmp_path / "stat"
    monkeypatch.setattr(idle, "STARTED", CpuTimes(100, 1000))
    monkeypatch.setattr(idle.read_cpu_times, "__defaults__", (str(stat),))
    stat.write_text("cpu  640 0 300 140 0 0 0 0 0 0\n")  # 80 ticks since the start, 40 idle: one core
    assert cli.core_idle(2) is True
    stat.write_text("cpu  670 0 308 102 0 0 0 0 0 0\n")  # 40 ticks busy on the other core too
    assert cli.core_idle(2) is False
    stat.unlink()  # no /proc/stat: the load average decides
    monkeypatch.setattr(cli.os, "getloadavg", lambda: (0.3, 0.5, 0.5))
    assert cli.core_idle(2) is True
    monkeypatch.setattr(cli.os, "getloadavg", lambda: (1.6, 0.5, 0.5))
    assert cli.core_idle(2) is False
