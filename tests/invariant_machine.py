"""The invariant as a state machine: after any sequence of edits and runs, the warehouse holds what a fresh
build of the folder as it now is holds (every contract column, ids included; seen-times, run ids and
fetched_at aside), and its open quarantine entries are those a fresh build holds.

Steps over a small folder of real pages (data/samples, data/real/corpus): add, edit, retitle, delete,
rename a file; add or change a page whose `Siste pressemeldinger` list names other pages' titles; run;
run with `--force`; run while a reader holds the warehouse (the load is blocked); stop a run at a named
point (load/faults.py); damage or delete a kept part. Runs are real Prefect flow runs in this process
(the session's prefect_test_harness); the fresh build is the same parse + stage + load without Prefect.
Used by tests/test_invariant.py (Hypothesis picks the steps) and by the regular tests there that replay
the sequences it found (Fixed stands in for Hypothesis' draws there).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from load import faults
from load.pending import SET_ASIDE, pending_root
from load.warehouse import connect
from tests.readers import reader_holding

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "data" / "real" / "corpus"
SAMPLES = REPO / "data" / "samples"

# Real pages whose first line is their title (short ones: every run parses them).
POOL = {
    "ukraina": SAMPLES / "000_0c407894616695cd.txt",
    "flyktninger": SAMPLES / "002_8e0624722da03f09.txt",
    "ia-avtale": REAL / "001_ks-ntb-ks-glad-for-ny-ia-avtale-pa-overtid.txt",
    "statsbudsjett": REAL / "005_ks-ntb-statsbudsjettet-2023-blir-svaert-toft.txt",
    "konkurs-april": REAL / "044_other-ntb-experian-konkursnedgang-i-april.txt",
    "konkurshopp": REAL / "045_other-ntbinfo-experian-konkurshopp-tross-solid-norsk-okonomi.txt",
}
# A real page under which a listing is written (NTB's `Siste pressemeldinger fra KS` shape).
LISTING_BASE = REAL / "018_ks-ksno-pm-ks-gratulerer-de-folkevalgte.txt"
LISTING_FOOTER = ("I vårt presserom finner du alle våre siste pressemeldinger, kontaktpersoner, bilder, "
                  "dokumenter og annen relevant informasjon om oss.\nBesøk vårt presserom\n")
TEASER = "Kommunesektoren står foran krevende prioriteringer, og KS ber om varige rammer for {}."
AMOUNT_LINE = "Tiltaket koster {} millioner kroner i år, opplyser KS."
CONTRACT = {  # table -> columns left out of the comparison (times of a read, not what was read)
    "documents": {"fetched_at", "first_seen_at", "last_seen_at"},
    "releases": {"first_seen_at", "last_seen_at"},
    "release_documents": set(),
    "people": {"first_seen_at", "last_seen_at"},
    "person_roles": set(),
    "quotes": set(),
    "amounts": set(),
    "contacts": set(),
}
STOPS = ("claim-kept", "before-load", "in-load")  # points a run passes whether or not it is blocked
BLOCKED_STOPS = ("keep-parts", "run-record")       # points only a blocked load passes
DAMAGE = ("truncate-part", "bad-kept-json", "truncate-run-json", "delete-releases", "delete-pending")



def title_of(text: str) -> str:
    """The title line of a pool page: its first line without a leading dash."""
    return text.splitlines()[0].lstrip("-– ").strip()


def listing_text(titles: list[str]) -> str:
    """A page that is itself a release and lists `titles` under `Siste pressemeldinger fra KS`."""
    entries = "".join(f"{t}16.5.2022 14:19:32 CEST | Pressemelding\n{TEASER.format(t.lower())}\n" for t in titles)
    return LISTING_BASE.read_text(encoding="utf-8").rstrip() + "\nSiste pressemeldinger fra KS\n" + entries \
        + LISTING_FOOTER


def contract_rows(db: Path) -> dict[str, list[tuple]]:
    """Every contract table's rows (without the columns CONTRACT leaves out), sorted; and open quarantine."""
    rows: dict[str, list[tuple]] = {}
    with connect(db, read_only=True) as con:
        for table, left_out in CONTRACT.items():
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = ? "
                "order by ordinal_position", [table]).fetchall() if c not in left_out]
            rows[table] = sorted(con.execute(f"select {', '.join(cols)} from {table}").fetchall(), key=repr)
        rows["quarantine"] = sorted(con.execute(
            "select table_name, row_id, check_name, source_uri from quarantine where resolved_at is null").fetchall())
    return rows


def fresh_build(folder: Path, db: Path) -> None:
    """The reference: every file of `folder` parsed, staged and loaded into a new warehouse, in one batch."""
    from extract.files import expand
    from flows.batches import code_version, process_files
    from load.warehouse import load_tables

    paths, _ = expand([str(folder)])
    with tempfile.TemporaryDirectory(prefix="pressroom-fresh-") as staging:
        process_files([str(p) for p in paths], staging, 0, {}, code_version())
        load_tables(db, staging=Path(staging))


class InvariantMachine(RuleBasedStateMachine):
    """A folder of real pages, a warehouse, and runs over them (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="pressroom-invariant-"))
        self.folder = self.root / "in"
        self.folder.mkdir()
        self.db = self.root / "w.duckdb"
        self.counter = 0
        self.runs: list[str] = []  # what happened, for a failing sequence's message

    def teardown(self) -> None:
        faults.armed = None
        shutil.rmtree(self.root, ignore_errors=True)

    # ---- the folder -------------------------------------------------------------------------------

    def files(self) -> list[str]:
        return sorted(p.name for p in self.folder.iterdir())

    def write(self, name: str, text: str) -> None:
        (self.folder / name).write_text(text, encoding="utf-8")

    def text(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    @rule(page=st.sampled_from(sorted(POOL)))
    def add(self, page: str) -> None:
        name = f"{page}-{self.next_number()}.txt"
        self.write(name, POOL[page].read_text(encoding="utf-8"))
        self.runs.append(f"add {name}")

    @precondition(lambda self: self.files())
    @rule(data=st.data(), how=st.sampled_from(("drop-line", "add-amount")))
    def edit(self, data: st.DataObject, how: str) -> None:
        name = data.draw(st.sampled_from(self.files()))
        lines = self.text(name).splitlines()
        pick = data.draw(st.integers(0, 99))  # drawn whatever the file holds: the same draws on a replay
        if how == "drop-line":  # a line with a quote or an amount, if any, else the second line
            marked = [i for i, line in enumerate(lines[1:], 1) if " sier " in line or "kroner" in line]
            del lines[marked[pick % len(marked)] if marked else min(1, len(lines) - 1)]
        else:
            lines.insert(1, AMOUNT_LINE.format(self.next_number()))
        self.write(name, "\n".join(lines) + "\n")
        self.runs.append(f"edit {name} {how}")

    @precondition(lambda self: self.files())
    @rule(data=st.data())
    def retitle(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(self.files()))
        lines = self.text(name).splitlines()
        lines[0] = f"{title_of(lines[0])} – oppdatert {self.next_number()}"
        self.write(name, "\n".join(lines) + "\n")
        self.runs.append(f"retitle {name}")

    @precondition(lambda self: self.files())
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(self.files()))
        (self.folder / name).unlink()
        self.runs.append(f"delete {name}")

    @precondition(lambda self: self.files())
    @rule(data=st.data())
    def rename(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(self.files()))
        new = f"{name.split('-')[0]}-{self.next_number()}.txt"
        (self.folder / name).rename(self.folder / new)
        self.runs.append(f"rename {name} {new}")

    @precondition(lambda self: any(not n.startswith("liste") for n in self.files()))
    @rule(data=st.data(), slot=st.sampled_from(("liste-1.txt", "liste-2.txt")))
    def listing(self, data: st.DataObject, slot: str) -> None:
        pages = [n for n in self.files() if not n.startswith("liste")]
        named = data.draw(st.lists(st.sampled_from(pages), min_size=1, max_size=3, unique=True))
        self.write(slot, listing_text([title_of(self.text(n)) for n in named]))
        self.runs.append(f"listing {slot} naming {named}")

    # ---- runs -------------------------------------------------------------------------------------

    def ingest(self, force: bool = False) -> dict:
        from flows.ingest import ingest

        return ingest(sources=[str(self.folder)], db=str(self.db), workers=1, force=force)

    def rows_now(self) -> dict:
        """The warehouse's rows now; no warehouse yet holds none (a stopped first run may create the file)."""
        return contract_rows(self.db) if self.db.exists() else {t: [] for t in [*CONTRACT, "quarantine"]}

    def check_fresh(self, summary: dict) -> None:
        # "unchanged": a successful run that found every input as loaded before (flows/summary.py outcome)
        assert summary["status"] in {"ok", "partial", "unchanged"}, (summary["status"], summary["error"], self.runs)
        reference = self.root / f"fresh-{self.next_number()}.duckdb"
        if self.files():
            fresh_build(self.folder, reference)
            expected = contract_rows(reference)
            reference.unlink()
        else:
            expected = {t: [] for t in [*CONTRACT, "quarantine"]}
        got = contract_rows(self.db)
        for table in expected:
            assert got[table] == expected[table], (table, self.runs,
                                                   sorted(set(got[table]) ^ set(expected[table]), key=repr)[:6])

    @precondition(lambda self: self.files())
    @rule(force=st.booleans())
    def run(self, force: bool) -> None:
        summary = self.ingest(force)
        self.runs.append(f"run{' --force' if force else ''}: {summary['status']} {summary.get('notes')}")
        self.check_fresh(summary)

    @precondition(lambda self: self.files() and self.db.exists())
    @rule()
    def run_blocked(self) -> None:
        before = self.rows_now()
        with reader_holding(self.db, "documents", stuck_after=60):
            summary = self.ingest()
        self.runs.append(f"run blocked: {summary['status']}")
        assert summary["status"] in {"failed", "ok", "partial"}, summary
        if summary["status"] == "failed":
            assert self.rows_now() == before, self.runs  # a failed run leaves the warehouse as it was
        else:  # nothing to load: an unchanged folder never needs the write connection? then it holds
            self.check_fresh(summary)

    @precondition(lambda self: self.files())
    @rule(where=st.sampled_from(STOPS))
    def run_stopped(self, where: str) -> None:
        before = self.rows_now()
        faults.armed = where
        try:
            summary = self.ingest()
        except faults.InjectedFault:
            self.runs.append(f"run stopped at {where}")
            assert self.rows_now() == before, self.runs
            return
        finally:
            faults.armed = None
        self.runs.append(f"run (stop {where} not reached): {summary['status']}")
        self.check_fresh(summary)

    @precondition(lambda self: self.files() and self.db.exists())
    @rule(where=st.sampled_from(BLOCKED_STOPS))
    def run_blocked_stopped(self, where: str) -> None:
        before = self.rows_now()
        faults.armed = where
        try:
            with reader_holding(self.db, "documents", stuck_after=60):
                summary = self.ingest()
            self.runs.append(f"run blocked (stop {where} not reached): {summary['status']}")
        except faults.InjectedFault:
            self.runs.append(f"run blocked, stopped at {where}")
        finally:
            faults.armed = None
        assert self.rows_now() == before, self.runs

    def kept_folders(self) -> list[Path]:
        root = pending_root(self.db)
        if not root.is_dir():
            return []
        # in the order the runs kept them (run ids are random: not by name, so a replay draws the same)
        return sorted((f for f in root.iterdir() if f.is_dir() and f.name != SET_ASIDE),
                      key=lambda f: (f.stat().st_mtime_ns, f.name))

    @precondition(lambda self: self.kept_folders())
    @rule(data=st.data(), how=st.sampled_from(DAMAGE))
    def damage_kept(self, data: st.DataObject, how: str) -> None:
        folder = data.draw(st.sampled_from(self.kept_folders()))
        pick = data.draw(st.integers(0, 99))
        parts = sorted(folder.glob("parts/*/part-*.parquet"))
        if how == "truncate-part" and parts:
            part = parts[pick % len(parts)]
            part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
        elif how == "bad-kept-json" and (folder / "kept.json").exists():
            (folder / "kept.json").write_text("{", encoding="utf-8")
        elif how == "truncate-run-json" and (folder / "run.json").exists():
            text = (folder / "run.json").read_text(encoding="utf-8")
            (folder / "run.json").write_text(text[: len(text) // 2], encoding="utf-8")
        elif how == "delete-releases":
            shutil.rmtree(folder / "parts" / "releases", ignore_errors=True)
        elif how == "delete-pending":
            shutil.rmtree(pending_root(self.db))
        self.runs.append(f"damage {how} in {folder.name}")

    @invariant()
    def set_aside_folders_say_why(self) -> None:
        root = pending_root(self.db) / SET_ASIDE
        for folder in root.iterdir() if root.is_dir() else []:
            assert (folder / "why.txt").read_text(encoding="utf-8").strip(), folder


class Fixed:
    """Hypothesis `data` for replayed steps: each draw takes the next of the given values."""

    def __init__(self, *values: object) -> None:
        self.values = list(values)

    def draw(self, strategy: object) -> object:
        return self.values.pop(0)

