"""After any sequence of runs the warehouse holds what a fresh build of today's inputs holds (issue 22).

`test_the_invariant_holds_after_any_sequence` lets Hypothesis pick the steps of
tests/invariant_machine.py; it is bounded for `make test` (4 sequences of up to 15 steps, about a
minute). A longer search, by hand or in a nightly CI job:

    INVARIANT_EXAMPLES=50 INVARIANT_STEPS=40 .venv/bin/python -m pytest -q tests/test_invariant.py

The other tests replay, step by step, the sequences that broke the invariant (issue 22's list and what
the machine found); each names what was wrong.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from invariant_machine import Fixed, InvariantMachine

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture(autouse=True)
def short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_LOCK_WAIT_SECONDS", "0.5")


def test_the_invariant_holds_after_any_sequence() -> None:
    run_state_machine_as_test(InvariantMachine, settings=settings(
        max_examples=int(os.environ.get("INVARIANT_EXAMPLES", "4")),
        stateful_step_count=int(os.environ.get("INVARIANT_STEPS", "15")),
        deadline=None, database=None, print_blob=True,
        suppress_health_check=list(HealthCheck)))


@pytest.fixture
def machine():
    m = InvariantMachine()
    yield m
    m.teardown()


def drop_first_quote(m: InvariantMachine, name: str) -> None:
    """Delete the first line of `name` holding a quote (` sier `)."""
    lines = m.text(name).splitlines()
    marked = [i for i, line in enumerate(lines[1:], 1) if " sier " in line or "kroner" in line]
    m.edit(data=Fixed(name, marked.index(next(i for i in marked if " sier " in lines[i]))), how="drop-line")


def test_an_edit_made_while_a_load_is_blocked_never_leaves_the_older_version(machine: InvariantMachine) -> None:
    """Issue 22, 1: kept parts of an older version were loaded after the newer one, for good."""
    machine.add(page="ukraina")
    name = machine.files()[0]
    machine.run(force=False)
    drop_first_quote(machine, name)
    machine.run_blocked()                       # v1 kept beside the warehouse
    machine.edit(data=Fixed(name, 0), how="add-amount")
    summary = machine.ingest()                  # v2: the kept v1 is set aside with a line, v2 read
    assert summary["documents_resumed"] == 0 and summary["documents_read"] == 1
    assert any("changed since it was kept" in note for note in summary["notes"]), summary["notes"]
    machine.check_fresh(summary)
    machine.run(force=False)


def test_two_blocked_runs_in_a_row_then_a_free_one_load_the_newest(machine: InvariantMachine) -> None:
    machine.add(page="statsbudsjett")
    name = machine.files()[0]
    machine.run(force=False)
    drop_first_quote(machine, name)
    machine.run_blocked()
    machine.edit(data=Fixed(name, 0), how="add-amount")
    machine.run_blocked()
    summary = machine.ingest()                  # the newest kept parts hold: loaded, not parsed again
    assert (summary["documents_read"], summary["documents_resumed"]) == (0, 1)
    machine.check_fresh(summary)


def test_a_release_listed_by_another_page_keeps_only_what_the_listing_shows_after_an_edit(
        machine: InvariantMachine) -> None:
    """Issue 22, 2: the old release kept e.txt's old body, quotes and amounts through b.txt's teaser."""
    machine.add(page="ukraina")
    name = machine.files()[0]
    machine.listing(data=Fixed([name]), slot="liste-1.txt")
    machine.run(force=False)
    machine.retitle(data=Fixed(name))
    drop_first_quote(machine, name)
    machine.run(force=False)
    machine.run(force=True)


def test_a_file_deleted_or_renamed_leaves_no_rows_behind(machine: InvariantMachine) -> None:
    machine.add(page="ia-avtale")
    machine.add(page="konkurshopp")
    machine.listing(data=Fixed(machine.files()[:1]), slot="liste-1.txt")
    machine.run(force=False)
    machine.rename(data=Fixed(machine.files()[0]))
    machine.run(force=False)
    machine.delete(data=Fixed(next(n for n in machine.files() if n.startswith("konkurshopp"))))
    machine.run(force=False)


@pytest.mark.parametrize("how", ["truncate-part", "bad-kept-json", "truncate-run-json", "delete-releases"])
def test_a_damaged_kept_part_is_set_aside_with_a_line_and_never_stops_a_run(machine: InvariantMachine,
                                                                           how: str) -> None:
    """Issue 22, 3: one damaged kept part stopped every later run, --force included."""
    machine.add(page="konkurs-april")
    machine.run(force=False)
    machine.add(page="ukraina")
    machine.run_blocked()
    folder = machine.kept_folders()[0]
    machine.damage_kept(data=Fixed(folder, 0), how=how)
    summary = machine.ingest(force=how == "delete-releases")
    machine.check_fresh(summary)
    if how != "truncate-run-json":
        assert any(str(folder) in note and "set aside" in note for note in summary["notes"]), summary["notes"]
        assert summary["documents_resumed"] == 0
    else:  # the run row is set aside (named in why.txt); the kept parts themselves were whole and load
        assert summary["documents_resumed"] == 1
        assert any("cannot be read" in note for note in summary["notes"]), summary["notes"]
    assert (folder.parent / "set-aside").is_dir()
    machine.run(force=False)


@pytest.mark.parametrize("where", ["keep-parts", "run-record"])
def test_a_blocked_run_stopped_while_keeping_its_work_costs_only_a_read_again(machine: InvariantMachine,
                                                                              where: str) -> None:
    machine.add(page="flyktninger")
    machine.run(force=False)
    machine.add(page="ia-avtale")
    machine.run_blocked_stopped(where=where)
    machine.run(force=False)


@pytest.mark.parametrize("where", ["before-load", "in-load", "claim-kept"])
def test_a_run_stopped_at_a_named_point_leaves_the_warehouse_and_the_next_run_catches_up(
        machine: InvariantMachine, where: str) -> None:
    machine.add(page="konkurshopp")
    machine.run(force=False)
    machine.add(page="statsbudsjett")
    if where == "claim-kept":
        machine.run_blocked()
    machine.run_stopped(where=where)
    machine.run(force=False)


def test_kept_parts_of_an_older_extractor_or_read_again_by_force_are_named_not_dropped_silently(
        machine: InvariantMachine) -> None:
    """Issue 22, 4: parts of an older extractor, or a next run with --force, were deleted silently."""
    import json

    machine.add(page="ukraina")
    machine.run(force=False)
    machine.add(page="konkurs-april")
    machine.run_blocked()
    meta = machine.kept_folders()[0] / "kept.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    meta.write_text(json.dumps({**data, "extractor_version": "0ld"}), encoding="utf-8")
    summary = machine.ingest()
    assert any("another extractor version" in note for note in summary["notes"]), summary["notes"]
    assert (summary["documents_read"], summary["documents_resumed"]) == (1, 0)
    machine.check_fresh(summary)

    machine.add(page="ia-avtale")
    machine.run_blocked()
    forced = machine.ingest(force=True)
    assert any("read again by this run" in note for note in forced["notes"]), forced["notes"]
    assert (forced["documents_read"], forced["documents_resumed"]) == (3, 0)
    machine.check_fresh(forced)


def test_kept_parts_load_with_a_run_of_another_source_and_pending_deleted_mid_run_costs_nothing(
        machine: InvariantMachine, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 22, 4: `<db>.pending` deleted mid-run: '2 kept from a blocked run' and none loaded."""
    import shutil

    import flows.ingest as ingest_module
    from flows.ingest import ingest
    from load.pending import pending_root
    from load.warehouse import query

    machine.add(page="ukraina")
    machine.run(force=False)
    machine.add(page="konkurshopp")
    machine.run_blocked()
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(machine.text(machine.files()[0]), encoding="utf-8")
    real_point = ingest_module.point

    def deleting(name: str) -> None:
        if name == "before-load":
            shutil.rmtree(pending_root(machine.db))
        real_point(name)

    monkeypatch.setattr(ingest_module, "point", deleting)
    summary = ingest(sources=[str(other)], db=str(machine.db), workers=1)
    assert (summary["status"], summary["documents_read"], summary["documents_resumed"]) == ("ok", 1, 1)
    _, rows = query(machine.db, "select source_uri from documents order by 1")
    assert {uri for (uri,) in rows} == {str(p) for p in [*machine.folder.iterdir(), other / "a.txt"]}


def test_after_a_blocked_load_an_unchanged_folder_is_not_unchanged(machine: InvariantMachine) -> None:
    """Issue 22: the next run said `unchanged` and left `<db>.pending/` when no input changed."""
    from flows.batches import all_unchanged

    machine.add(page="ukraina")
    machine.run(force=False)
    assert all_unchanged([str(machine.folder)], str(machine.db)) == 1
    machine.add(page="konkurs-april")
    machine.run_blocked()
    machine.delete(data=Fixed(next(n for n in machine.files() if n.startswith("konkurs"))))
    assert all_unchanged([str(machine.folder)], str(machine.db)) is None  # kept parts wait
    machine.run(force=False)
    assert all_unchanged([str(machine.folder)], str(machine.db)) == 1
    machine.delete(data=Fixed(machine.files()[0]))
    machine.add(page="konkurshopp")
    machine.run(force=False)


def test_a_first_run_stopped_before_its_load_leaves_an_empty_warehouse(machine: InvariantMachine) -> None:
    """Found by the machine: the file exists after the stop (migrated), holding no rows."""
    machine.add(page="flyktninger")
    machine.run_stopped(where="before-load")
    machine.run(force=False)


def test_a_listing_that_stops_naming_a_page_leaves_it_undated_as_a_fresh_build_does(
        machine: InvariantMachine) -> None:
    """Found by the machine: the undated full copy joined the dated release of the stored teaser that was
    being rebuilt, and kept its id (the release map was computed before the rebuild removed it)."""
    machine.add(page="ia-avtale")
    machine.add(page="konkurs-april")
    ia, konkurs = machine.files()
    machine.listing(data=Fixed([ia]), slot="liste-1.txt")
    machine.run(force=False)
    machine.listing(data=Fixed([konkurs]), slot="liste-1.txt")
    machine.run(force=False)
