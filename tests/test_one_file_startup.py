"""A one-file run's start-up and end: a new warehouse's schema built ahead in a thread, the flows'
plain parameters sent without Prefect's encoder, the flow run's heartbeats sent by the run itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.testing.fixtures import asserting_events_worker  # noqa: F401 - a fixture used below

from load import schema_ahead
from load.warehouse import connect, is_current, prepare


def schema_of(db: Path) -> dict[str, list[tuple]]:
    """Every table and view with its columns, the reference digests and the place registers' rows."""
    with connect(db, read_only=True) as con:
        columns = con.execute("select table_name, column_name, data_type from information_schema.columns "
                              "order by table_name, ordinal_position").fetchall()
        digests = con.execute("select name, digest from _reference_digests order by all").fetchall()
        places = con.execute("select * from places order by all").fetchall()
    return {"columns": columns, "digests": digests, "places": places}


def test_a_new_warehouse_schema_built_ahead_equals_one_prepared(tmp_path: Path) -> None:
    ahead, prepared = tmp_path / "ahead.duckdb", tmp_path / "prepared.duckdb"
    assert schema_ahead.start(ahead)
    schema_ahead.wait()
    prepare(prepared)
    with connect(ahead, read_only=True) as con:
        assert is_current(con)
    assert schema_of(ahead) == schema_of(prepared)
    assert prepare(ahead) == []  # the flow's own prepare then has nothing to apply
    assert not schema_ahead.start(ahead)  # an existing warehouse: nothing to build ahead
    schema_ahead.wait()  # nothing started: returns at once


@pytest.mark.parametrize(("value", "plain"), [
    ({"db": "/tmp/w.duckdb", "batch_size": 500, "politeness": {"delay_seconds": 1.0}}, True),
    (["data/samples/000_0c407894616695cd.txt"], True),
    (None, True),
    (False, True),
    (Path("/tmp/w.duckdb"), False),
    (("a", "b"), False),
    ({1: "a"}, False),
])
def test_plain_json_values(value: object, plain: bool) -> None:
    from flows.plain_flow import is_plain_json

    assert is_plain_json(value) is plain


def test_the_flows_parameters_are_stored_as_prefects_encoder_stores_them(tmp_path: Path) -> None:
    from prefect import Flow

    from flows.ingest import ingest
    from pressroom.cli import flow_parameters
    from pressroom.config import load_settings

    parameters = {"sources": ["data/samples"], "since": None, "max_pages": None, "force": False, "workers": None,
                  **flow_parameters(load_settings(), tmp_path / "w.duckdb")}
    assert ingest.serialize_parameters(parameters) == Flow.serialize_parameters(ingest, parameters)
    odd = {"db": tmp_path / "w.duckdb", "sources": ("a",)}  # not plain JSON: Prefect's own encoding
    assert ingest.serialize_parameters(odd) == {"db": str(tmp_path / "w.duckdb"), "sources": ["a"]}


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize("send", [True, False])
def test_the_run_sends_its_flow_runs_heartbeats_itself(tmp_path: Path, samples_dir: Path, send: bool,
                                                       asserting_events_worker) -> None:  # noqa: F811
    import threading

    from flows.heartbeats import heartbeats_of_our_own
    from flows.ingest import ingest

    before = set(threading.enumerate())
    with heartbeats_of_our_own(send=send):
        summary = ingest(sources=[str(samples_dir / "000_0c407894616695cd.txt")], db=str(tmp_path / "w.duckdb"))
    assert summary["status"] == "ok"
    asserting_events_worker.wait_until_empty()
    beats = [e for e in asserting_events_worker._client.events if e.event == "prefect.flow-run.heartbeat"]
    if send:  # one at the start (the run is shorter than the frequency), for this flow run, naming the flow
        assert len(beats) == 1
        assert beats[0].resource.id.startswith("prefect.flow-run.")
        assert [r.role for r in beats[0].related] == ["flow"]
    else:  # the temporary API server dies with the run: none
        assert beats == []
    # neither Prefect's heartbeat thread nor ours outlives the flow run
    assert not [t for t in set(threading.enumerate()) - before if "heartbeat" in t.name or t.name.endswith("(run)")]
