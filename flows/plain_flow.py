"""A Prefect flow whose parameters are plain JSON values: sent to the API as they are.

Prefect's `Flow.serialize_parameters` imports FastAPI for its `jsonable_encoder` the first time a
flow run is created in a process (0.3 s of CPU, a sixth of a one-file run's flow run), even when
every parameter is already a string, number, bool, None, list or dict of them, which the encoder
returns unchanged. The pressroom flows take only such values; anything else still goes through
Prefect's encoder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from prefect import Flow

P = ParamSpec("P")
R = TypeVar("R")

PLAIN_SCALARS = (str, int, float, bool, type(None))


def is_plain_json(value: object, depth: int = 0) -> bool:
    """Whether `value` is JSON as it stands (what jsonable_encoder returns unchanged): True for
    {"db": "w.duckdb", "batch_size": 500, "politeness": {"delay": 1.0}}; False for a Path, a tuple,
    a date or a dict with a non-string key."""
    if type(value) in PLAIN_SCALARS:  # exact types: an IntEnum or a str subclass goes to Prefect's encoder
        return True
    if depth > 20:
        return False
    if type(value) is list:
        return all(is_plain_json(v, depth + 1) for v in value)
    if type(value) is dict:
        return all(type(k) is str and is_plain_json(v, depth + 1) for k, v in value.items())
    return False


def plain_copy(value: Any) -> Any:
    """A copy of a plain JSON value (new lists and dicts, as jsonable_encoder makes): [{"a": 1}] -> [{"a": 1}]."""
    if type(value) is list:
        return [plain_copy(v) for v in value]
    if type(value) is dict:
        return {k: plain_copy(v) for k, v in value.items()}
    return value


class PlainParametersFlow(Flow[P, R]):
    """A Prefect flow that sends plain JSON parameters as they are (no FastAPI import)."""

    def serialize_parameters(self, parameters: dict[str, Any]) -> dict[str, Any]:
        """The parameters as the API stores them: {"db": "w.duckdb", "force": False} as it is; Prefect's
        own encoding when any value is not plain JSON (a Path, a future, a state, …)."""
        if all(is_plain_json(value) for value in parameters.values()):
            return {key: plain_copy(value) for key, value in parameters.items()}
        return super().serialize_parameters(parameters)


def plain_flow(**options: Any) -> Callable[[Callable[P, R]], PlainParametersFlow[P, R]]:
    """`@plain_flow(name="ingest", log_prints=False)`: Prefect's `@flow(...)` with plain JSON parameters
    sent as they are (options as Prefect's `flow` takes them)."""

    def wrap(fn: Callable[P, R]) -> PlainParametersFlow[P, R]:
        return PlainParametersFlow(fn=fn, **options)

    return wrap
