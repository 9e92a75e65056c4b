"""The bundled registers' own consistency check (transform/data/registers/check.py) on real files.

It passes on the registers as bundled, and fails, naming the file, line and problem, on a copy with a
Swedish municipality moved to a län that does not exist or a Danish region renamed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REGISTERS = Path(__file__).resolve().parent.parent / "transform" / "data" / "registers"


def run_check(folder: Path) -> subprocess.CompletedProcess:
    """check.py run as its README says, in `folder` (it reads the CSV files beside itself)."""
    return subprocess.run([sys.executable, str(folder / "check.py")], capture_output=True, text=True,
                          cwd=folder)


def test_the_bundled_registers_pass() -> None:
    done = run_check(REGISTERS)
    assert done.returncode == 0, done.stdout
    assert "se_municipalities.csv: 290 codes" in done.stdout
    assert "dk_regions.csv: 5 codes" in done.stdout
    assert done.stdout.rstrip().endswith("all checks passed")


def test_a_broken_copy_fails_naming_file_line_and_problem(tmp_path: Path) -> None:
    copy = tmp_path / "registers"
    shutil.copytree(REGISTERS, copy)
    se = (copy / "se_municipalities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = se[0].rstrip("\n").split(",")
    row = se[1].rstrip("\n").split(",")
    row[header.index("county_code")] = "99"  # no such län
    se[1] = ",".join(row) + "\n"
    (copy / "se_municipalities.csv").write_text("".join(se), encoding="utf-8")
    dk = (copy / "dk_regions.csv").read_text(encoding="utf-8")
    (copy / "dk_regions.csv").write_text(dk.replace("Region Hovedstaden", "Region Hovedstaden X", 1),
                                         encoding="utf-8")
    done = run_check(copy)
    assert done.returncode == 1
    assert "se_municipalities.csv:2: län 99 not in se_regions.csv" in done.stdout
    assert "se_municipalities.csv:2: county_code is not the code prefix" in done.stdout
    assert "dk_municipalities.csv:" in done.stdout and "region_name mismatch" in done.stdout
