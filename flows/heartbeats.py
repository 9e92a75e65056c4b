"""A command's flow-run heartbeats, from a thread that stops the moment the flow's body ends.

Prefect sends a `prefect.flow-run.heartbeat` event when a flow run starts and every
PREFECT_FLOWS_HEARTBEAT_FREQUENCY seconds (default 180, at least 30) after it; a server with a
"zombie flow" automation marks a run Crashed when neither the next heartbeat nor a final state
comes (the process was killed, the machine lost). Prefect's own thread
(prefect/flow_engine.py `_send_heartbeats`) sleeps in one-second steps and is joined when the flow
run ends: a one-file `pressroom run` waited up to a second (0.6 s on average measured) at its end for
nothing.

`pressroom run` and `reparse` therefore turn Prefect's thread off for their flow run (`heartbeats_of_our_own`,
a settings context around the flow call) and:
- with the user's own server (PREFECT_API_URL), the flow's body sends the same event at the same
  frequency (`beating`) from a thread that waits on an Event, so crash detection works as before and
  the end waits for nothing;
- with the temporary API server the command starts itself, sends none: that server dies with the run,
  and nobody could act on a missing heartbeat.
Flow runs started by anything else (served and deployed runs, tests) keep Prefect's own heartbeats:
`beating` does nothing for them.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The heartbeat frequency the flow's body keeps (seconds), set by `heartbeats_of_our_own` for the
# command's flow call; None: Prefect's own thread sends them (or nobody, by the user's settings)
_own_frequency: int | None = None


@contextmanager
def heartbeats_of_our_own(send: bool) -> Iterator[None]:
    """Around a command's flow call: Prefect's heartbeat thread off; with `send` (the API server is
    the user's), the flow's body sends the heartbeats itself (`beating`) at the configured frequency.

    Call after prefect is imported. with heartbeats_of_our_own(send=True): ingest(...)
    """
    global _own_frequency
    from prefect.context import SettingsContext, get_settings_context

    context = get_settings_context()
    settings = context.settings
    frequency = settings.flows.heartbeat_frequency  # None when the user turned them off
    # a copy with only this value changed: Prefect's `temporary_settings` validates every setting again
    # from the environment and files (0.3-0.6 s of CPU, as much as the wait it saves)
    quiet = settings.model_copy(update={"flows": settings.flows.model_copy(update={"heartbeat_frequency": None})})
    _own_frequency = frequency if send else None
    try:
        with SettingsContext(profile=context.profile, settings=quiet):
            yield
    finally:
        _own_frequency = None


@contextmanager
def beating() -> Iterator[None]:
    """Inside a flow's body: send the flow run's heartbeats (the event Prefect sends, now and every
    `frequency` seconds) while the body runs, when `heartbeats_of_our_own` asked for them; otherwise
    nothing. The thread stops at once when the body ends (no one-second sleep to wait out)."""
    frequency = _own_frequency
    if frequency is None:
        yield
        return
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    flow_run = context.flow_run if context else None
    if flow_run is None:
        yield
        return
    resource, related = heartbeat_event_template(flow_run, context.flow.name if context.flow else "")
    stop = threading.Event()

    def loop() -> None:
        from prefect.events import emit_event

        while not stop.is_set():
            try:
                emit_event(event="prefect.flow-run.heartbeat", resource=resource, related=related)
            except Exception:  # noqa: BLE001 - a lost heartbeat is no reason to fail the run (as Prefect's)
                pass
            stop.wait(frequency)

    # the thread sees this run's settings context (the API URL), as Prefect's own thread does
    thread = threading.Thread(target=contextvars.copy_context().run, args=(loop,), daemon=True,
                              name="pressroom-flow-run-heartbeat")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=2)  # returns at once: the thread waits on `stop`, not in a sleep


def heartbeat_event_template(flow_run, flow_name: str) -> tuple[dict[str, str], list]:
    """The heartbeat event's resource and related resources, as Prefect's flow engine builds them:
    ({"prefect.resource.id": "prefect.flow-run.<id>", "prefect.resource.name": "brave-otter",
    "prefect.version": "3.8.8"}, [the flow, the deployment when there is one, the run's tags])."""
    import prefect
    from prefect.events.related import RelatedResource, tags_as_related_resources

    resource = {"prefect.resource.id": f"prefect.flow-run.{flow_run.id}",
                "prefect.resource.name": flow_run.name or "", "prefect.version": prefect.__version__}
    related: list = []
    if flow_run.flow_id:
        related.append(RelatedResource.model_validate({"prefect.resource.id": f"prefect.flow.{flow_run.flow_id}",
                                                        "prefect.resource.role": "flow",
                                                        "prefect.resource.name": flow_name}))
    if flow_run.deployment_id:
        related.append(RelatedResource.model_validate(
            {"prefect.resource.id": f"prefect.deployment.{flow_run.deployment_id}",
             "prefect.resource.role": "deployment"}))
    related += tags_as_related_resources(set(flow_run.tags or []))
    return resource, related
