"""Configuration: commented defaults in pressroom.toml, environment variables on top.

Built once into a typed, frozen `Settings` and passed down. Lookup order for each value:
`PRESSROOM_<SECTION>_<KEY>` environment variable > the config file > the defaults below.
The file is `$PRESSROOM_CONFIG`, else `./pressroom.toml`, else none (defaults only).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from extract.sources import HttpSettings

# HTTP politeness for live sources is extract.sources.HttpSettings, configured under [politeness].
Politeness = HttpSettings


@dataclass(frozen=True)
class Schedule:
    """Cron schedules for `pressroom serve` (Europe/Oslo)."""

    discovery_cron: str = "0 * * * *"  # hourly: RSS, what is new
    backfill_cron: str = "30 2 * * *"  # nightly: JSON list pages
    timezone: str = "Europe/Oslo"
    backfill_max_pages: int = 20


@dataclass(frozen=True)
class Publish:
    """What a scheduled run that changed something refreshes: an export folder, a report folder.

    Empty means off. Both are written beside and renamed into place, so a reader never sees half.
    """

    export_dir: str = ""
    export_format: str = "parquet"
    report_dir: str = ""


@dataclass(frozen=True)
class Settings:
    """Effective settings of one pressroom process."""

    warehouse: Path = Path("warehouse.duckdb")
    archive: Path = Path("archive")
    sources_file: Path = Path("sources.toml")
    default_sources: tuple[str, ...] = ()
    batch_size: int = 500
    duckdb_memory_limit: str = "256MB"
    lock_wait_seconds: float = 30.0  # a load waits this long for readers to let go of the warehouse
    politeness: Politeness = field(default_factory=Politeness)
    schedule: Schedule = field(default_factory=Schedule)
    publish: Publish = field(default_factory=Publish)
    config_file: Path | None = None
    # dotted key -> where its value came from ("default", the file, or "env PRESSROOM_…")
    origins: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

# Environment variables pressroom reads that are not settings of this file.
# PRESSROOM_FAULT: a named point where a test stops a run (load/faults.py).
OTHER_VARIABLES = ("PRESSROOM_CONFIG", "PRESSROOM_HOME", "PRESSROOM_DUCKDB_MEMORY_LIMIT", "PRESSROOM_FAULT")


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the file or variable."""


def _coerce(value: Any, like: Any, name: str) -> Any:
    """A raw value (TOML or environment string) converted to the type of the default `like`."""
    try:
        if isinstance(like, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(like, int):
            return int(value)
        if isinstance(like, float):
            return float(value)
        if isinstance(like, Path) or name in {"config_file"}:
            return Path(value)
        if isinstance(like, tuple):
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name}: cannot use {value!r} ({exc})") from exc


def _apply(obj: Any, raw: dict, env: dict[str, str], prefix: str, origin: str,
           origins: dict[str, str] | None = None, dotted: str = "") -> Any:
    origins = {} if origins is None else origins
    changes = {}
    for f in fields(obj):
        current = getattr(obj, f.name)
        if f.name in {"config_file", "origins"}:
            continue
        if hasattr(current, "__dataclass_fields__"):
            sub = raw.get(f.name, {})
            if not isinstance(sub, dict):
                raise ConfigError(f"{origin}: [{f.name}] must be a table")
            changes[f.name] = _apply(current, sub, env, f"{prefix}{f.name.upper()}_", origin,
                                     origins, f"{dotted}{f.name}.")
            continue
        origins[f"{dotted}{f.name}"] = "default"
        if f.name in raw:
            changes[f.name] = _coerce(raw[f.name], current, f"{origin}: {f.name}")
            origins[f"{dotted}{f.name}"] = origin
        env_name = f"{prefix}{f.name.upper()}"
        if env_name in env:
            changes[f.name] = _coerce(env[env_name], current, env_name)
            origins[f"{dotted}{f.name}"] = f"env {env_name}"
    unknown = set(raw) - {f.name for f in fields(obj)}
    if unknown:
        raise ConfigError(f"{origin}: unknown setting(s) {', '.join(sorted(unknown))}")
    return replace(obj, **changes)


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Settings from a TOML file (or the default lookup) with PRESSROOM_* environment overrides.

    load_settings(Path("pressroom.toml"), {"PRESSROOM_WAREHOUSE": "w.duckdb"}).warehouse == Path("w.duckdb")
    """
    env = dict(os.environ if env is None else env)
    if path is None:
        named = env.get("PRESSROOM_CONFIG")
        path = Path(named) if named else Path("pressroom.toml")
        if not named and not path.exists():
            path = None
    raw: dict = {}
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"{path}: config file not found") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    origins: dict[str, str] = {}
    settings = _apply(Settings(), raw, env, "PRESSROOM_", str(path or "defaults"), origins)
    return replace(settings, config_file=path, origins=origins)


def publish_parameters(settings: Settings) -> dict | None:
    """The ingest flow's `publish` parameter from [publish]; None when nothing is to be published.

    publish_parameters(Settings(publish=Publish(export_dir="exports"))) ->
    {"export_dir": "exports", "export_format": "parquet", "report_dir": ""}
    """
    p = settings.publish
    if not (p.export_dir or p.report_dir):
        return None
    return {"export_dir": p.export_dir, "export_format": p.export_format, "report_dir": p.report_dir}


def variable_names() -> list[str]:
    """Every PRESSROOM_* environment variable pressroom reads, settings first.

    'PRESSROOM_POLITENESS_DELAY_SECONDS' in variable_names() -> True
    """
    return [f"PRESSROOM_{key.replace('.', '_').upper()}" for key, _ in as_rows(Settings())] + list(OTHER_VARIABLES)


def unknown_variables(env: dict[str, str] | None = None) -> list[str]:
    """One warning line per PRESSROOM_* variable that pressroom does not read (a typo, most likely).

    unknown_variables({"PRESSROOM_WAREHOSE": "x"}) ->
    ["PRESSROOM_WAREHOSE is not a pressroom setting and is ignored (did you mean PRESSROOM_WAREHOUSE?)"]
    """
    env = dict(os.environ if env is None else env)
    known = variable_names()
    lines = []
    for name in sorted(n for n in env if n.startswith("PRESSROOM_") and n not in known):
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]}?)" if close else ""
        lines.append(f"{name} is not a pressroom setting and is ignored{hint}")
    return lines


def as_rows(settings: Settings) -> list[tuple[str, str]]:
    """(dotted key, value) for every effective setting, for `pressroom config`."""
    out: list[tuple[str, str]] = []

    def walk(obj: Any, prefix: str) -> None:
        for f in fields(obj):
            if f.name in {"config_file", "origins"}:
                continue
            value = getattr(obj, f.name)
            if hasattr(value, "__dataclass_fields__"):
                walk(value, f"{prefix}{f.name}.")
            else:
                out.append((f"{prefix}{f.name}", ", ".join(value) if isinstance(value, tuple) else str(value)))

    walk(settings, "")
    return out
