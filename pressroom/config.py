"""Configuration: commented defaults in pressroom.toml, environment variables on top.

Built once into a typed, frozen `Settings` and passed down. Lookup order for each value:
`PRESSROOM_<SECTION>_<KEY>` environment variable > the config file > the defaults below.
The file is `$PRESSROOM_CONFIG`, else `./pressroom.toml`, else none (defaults only).
A relative path written in the file, or a default path when a file is used, is relative to the file's
folder (so `PRESSROOM_CONFIG` alone makes every command find the same warehouse from any folder); a
relative path in an environment variable, or a default with no file, is relative to the current folder.
Every value is checked against its allowed range when loaded, so a bad one is a one-line error before
anything runs.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from extract.sources import HttpSettings
from load.sizes import is_size

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
    config_reason: str = ""  # why this file (or none) was used, for `pressroom config`
    # dotted key -> where its value came from ("default", the file, or "env PRESSROOM_…")
    origins: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

# Fields of Settings that are not settings (not read from the file or the environment).
INTERNAL = {"config_file", "config_reason", "origins"}
# Settings that name a file or folder: relative ones are resolved when loaded (see the module docstring).
PATH_KEYS = ("warehouse", "archive", "sources_file", "publish.export_dir", "publish.report_dir")

# Environment variables pressroom reads that are not settings of this file.
# PRESSROOM_FAULT: a named point where a test stops a run (load/faults.py); PRESSROOM_CACHE_DIR: where the
# language model's unpacked tables are kept (extract/language_model.py).
OTHER_VARIABLES = ("PRESSROOM_CONFIG", "PRESSROOM_HOME", "PRESSROOM_DUCKDB_MEMORY_LIMIT", "PRESSROOM_FAULT",
                   "PRESSROOM_CACHE_DIR")


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the file or variable."""


def _coerce(value: Any, like: Any, name: str) -> Any:
    """A raw value (TOML or environment string) converted to the type of the default `like`."""
    try:
        if isinstance(like, bool):
            if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "on", "0", "false", "no",
                                                                     "off"}:
                return value.strip().lower() in {"1", "true", "yes", "on"}
            if isinstance(value, bool):
                return value
            raise ValueError("not true or false")
        if isinstance(like, int):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError("not a whole number")
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
        if f.name in INTERNAL:
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
    unknown = set(raw) - {f.name for f in fields(obj) if f.name not in INTERNAL}
    if unknown:
        raise ConfigError(f"{origin}: unknown setting(s) "
                          + ", ".join(f"{dotted}{name}{_did_you_mean(dotted + name)}" for name in sorted(unknown)))
    return replace(obj, **changes)


def _did_you_mean(key: str) -> str:
    """' (did you mean politeness.delay_seconds?)' for 'politeness.delay_secs', '' when nothing is close.

    A key under the wrong table is found too: 'delay_seconds' at the top -> politeness.delay_seconds.
    """
    known = [k for k, _ in as_rows(Settings())]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    if not close:
        last = key.rsplit(".", 1)[-1]
        close = [k for k in known if k.rsplit(".", 1)[-1] == last] or difflib.get_close_matches(
            last, [k.rsplit(".", 1)[-1] for k in known], n=1, cutoff=0.75)
        close = [k for k in known if k.rsplit(".", 1)[-1] in close[:1] or k in close[:1]]
    if not close:
        return ""
    section, _, name = close[0].rpartition(".")
    return f" (did you mean {f'[{section}] ' if section else ''}{name}?)"


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Settings from a TOML file (or the default lookup) with PRESSROOM_* environment overrides.

    load_settings(Path("pressroom.toml"), {"PRESSROOM_WAREHOUSE": "w.duckdb"}).warehouse == Path("w.duckdb")
    """
    env = dict(os.environ if env is None else env)
    reason = "given"
    if path is None:
        path, reason = find_config_file(env)
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
    settings = _resolve_paths(settings, origins, path.absolute().parent if path is not None else None)
    check_ranges(settings, origins)
    return replace(settings, config_file=path.absolute() if path is not None else None, config_reason=reason,
                   origins=origins)


def find_config_file(env: dict[str, str]) -> tuple[Path | None, str]:
    """(the config file to read, why): $PRESSROOM_CONFIG, else ./pressroom.toml, else none.

    find_config_file({}) -> (Path('pressroom.toml'), 'found in the current folder') in the repository.
    """
    named = env.get("PRESSROOM_CONFIG")
    if named:
        return Path(named), "named by PRESSROOM_CONFIG"
    if Path("pressroom.toml").is_file():
        return Path("pressroom.toml"), "found in the current folder"
    return None, (f"none: no pressroom.toml in the current folder ({Path.cwd()}) and PRESSROOM_CONFIG is not set; "
                  "defaults only")


def _resolve_paths(settings: Settings, origins: dict[str, str], file_dir: Path | None) -> Settings:
    """Settings whose relative paths are absolute: against the config file's folder for a value written
    in the file or a default (the file's folder is the project's home), against the current folder for an
    environment variable or when no file is used.

    warehouse = "warehouse.duckdb" in /srv/ks/pressroom.toml -> Path('/srv/ks/warehouse.duckdb'), from any folder.
    """
    def absolute(key: str, value: str | Path) -> Path:
        path = Path(value).expanduser()
        if path.is_absolute():
            return path
        from_env = origins.get(key, "").startswith("env ")
        return (file_dir if file_dir is not None and not from_env else Path.cwd()) / path

    top = {key: absolute(key, getattr(settings, key)) for key in PATH_KEYS if "." not in key}
    publish = {name: str(absolute(f"publish.{name}", value)) if (value := getattr(settings.publish, name)) else ""
               for name in ("export_dir", "report_dir")}
    sources = settings.default_sources
    if file_dir is not None and origins.get("default_sources") not in (None, "default") \
            and not origins["default_sources"].startswith("env "):
        # a folder or file named in the file is relative to the file; source names and URLs stay as written
        sources = tuple(str(file_dir / s) if not Path(s).is_absolute() and (file_dir / s).exists() else s
                        for s in sources)
    return replace(settings, **top, default_sources=sources, publish=replace(settings.publish, **publish))


# Allowed range of every setting that has one: dotted key -> (test, what is allowed). Paths are checked
# where they are used (a warehouse's folder must exist, and so on).
def _cron(value: str) -> bool:
    from datetime import datetime

    try:
        from cronsim import CronSim, CronSimError  # Prefect's own cron parser: what Prefect accepts
    except ImportError:  # pragma: no cover - cronsim comes with prefect
        return len(value.split()) == 5
    try:
        CronSim(value, datetime(2026, 1, 1))
    except CronSimError:
        return False
    return True


def _zone(value: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


RANGES: dict[str, tuple[Any, str]] = {
    "batch_size": (lambda v: v >= 1, "a whole number of at least 1"),
    "duckdb_memory_limit": (is_size, "a size such as 256MB or 1GB"),
    "lock_wait_seconds": (lambda v: v >= 0, "0 or more seconds"),
    "politeness.user_agent": (lambda v: bool(v.strip()), "a non-empty User-Agent"),
    "politeness.delay_seconds": (lambda v: v >= 0, "0 or more seconds"),
    "politeness.retries": (lambda v: v >= 0, "a whole number, 0 or more"),
    "politeness.backoff_seconds": (lambda v: v >= 0, "0 or more seconds"),
    "politeness.max_retry_wait_seconds": (lambda v: v >= 0, "0 or more seconds"),
    "politeness.connect_timeout_seconds": (lambda v: v > 0, "more than 0 seconds"),
    "politeness.read_timeout_seconds": (lambda v: v > 0, "more than 0 seconds"),
    "politeness.response_deadline_seconds": (lambda v: v > 0, "more than 0 seconds"),
    "politeness.max_body_bytes": (lambda v: v >= 1, "a whole number of bytes, at least 1"),
    "politeness.max_redirects": (lambda v: v >= 0, "a whole number, 0 or more"),
    "schedule.discovery_cron": (_cron, "a cron expression of 5 fields, e.g. '0 * * * *'"),
    "schedule.backfill_cron": (_cron, "a cron expression of 5 fields, e.g. '30 2 * * *'"),
    "schedule.timezone": (_zone, "a time zone name such as Europe/Oslo"),
    "schedule.backfill_max_pages": (lambda v: v >= 1, "a whole number of at least 1"),
    "publish.export_format": (lambda v: v in ("parquet", "csv"), "parquet or csv"),
}


def check_ranges(settings: Settings, origins: dict[str, str]) -> None:
    """Raise ConfigError naming the first value outside its allowed range, and where it came from.

    PRESSROOM_BATCH_SIZE=0 -> ConfigError('PRESSROOM_BATCH_SIZE: batch_size = 0 is out of range;
    allowed: a whole number of at least 1')
    """
    for key, (allowed, what) in RANGES.items():
        value: Any = settings
        for part in key.split("."):
            value = getattr(value, part)
        if not allowed(value):
            origin = origins.get(key, "default").removeprefix("env ")
            raise ConfigError(f"{origin}: {key} = {value!r} is out of range; allowed: {what}")


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
            if f.name in INTERNAL:
                continue
            value = getattr(obj, f.name)
            if hasattr(value, "__dataclass_fields__"):
                walk(value, f"{prefix}{f.name}.")
            else:
                out.append((f"{prefix}{f.name}", ", ".join(value) if isinstance(value, tuple) else str(value)))

    walk(settings, "")
    return out
