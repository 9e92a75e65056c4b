"""Configuration: defaults, the TOML file, environment overrides, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.config import ConfigError, Settings, as_rows, load_settings

REPO = Path(__file__).resolve().parent.parent


def test_shipped_file_holds_the_defaults() -> None:
    shipped = load_settings(REPO / "pressroom.toml", env={})
    defaults = Settings()
    assert shipped.warehouse == REPO / defaults.warehouse  # a path in the file: beside the file
    assert shipped.archive == REPO / defaults.archive
    assert shipped.sources_file == REPO / defaults.sources_file
    assert shipped.politeness == defaults.politeness
    assert shipped.schedule == defaults.schedule
    assert shipped.config_file == REPO / "pressroom.toml"


@pytest.mark.parametrize(
    ("env", "attr", "expected"),
    [
        ({"PRESSROOM_WAREHOUSE": "/data/ks.duckdb"}, ("warehouse",), Path("/data/ks.duckdb")),
        ({"PRESSROOM_POLITENESS_OBEY_ROBOTS": "false"}, ("politeness", "obey_robots"), False),
        ({"PRESSROOM_POLITENESS_DELAY_SECONDS": "2.5"}, ("politeness", "delay_seconds"), 2.5),
        ({"PRESSROOM_POLITENESS_RETRIES": "5"}, ("politeness", "retries"), 5),
        ({"PRESSROOM_SCHEDULE_DISCOVERY_CRON": "*/15 * * * *"}, ("schedule", "discovery_cron"), "*/15 * * * *"),
        ({"PRESSROOM_DEFAULT_SOURCES": "ntb:15032900, ks.no"}, ("default_sources",), ("ntb:15032900", "ks.no")),
        ({"PRESSROOM_BATCH_SIZE": "50"}, ("batch_size",), 50),
    ],
)
def test_environment_overrides_the_file(env: dict, attr: tuple, expected: object) -> None:
    value = load_settings(REPO / "pressroom.toml", env=env)
    for name in attr:
        value = getattr(value, name)
    assert value == expected


def test_file_values_and_unknown_keys(tmp_path: Path) -> None:
    good = tmp_path / "p.toml"
    good.write_text('warehouse = "x.duckdb"\n[politeness]\ndelay_seconds = 0.2\n', encoding="utf-8")
    settings = load_settings(good, env={})
    assert settings.warehouse == tmp_path / "x.duckdb"
    assert settings.politeness.delay_seconds == 0.2
    assert ("politeness.delay_seconds", "0.2") in as_rows(settings)

    typo = tmp_path / "typo.toml"
    typo.write_text("[politeness]\ndelay_secs = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"typo\.toml: unknown setting\(s\) politeness\.delay_secs "
                                          r"\(did you mean \[politeness\] delay_seconds\?\)"):
        load_settings(typo, env={})


@pytest.mark.parametrize(("text", "message"), [
    ("warehous = 'x.duckdb'\n", "unknown setting(s) warehous (did you mean warehouse?)"),
    ("delay_seconds = 2\n", "unknown setting(s) delay_seconds (did you mean [politeness] delay_seconds?)"),
    ("[schedule]\ntimezon = 'UTC'\n", "unknown setting(s) schedule.timezon (did you mean [schedule] timezone?)"),
    ("colour = 'blue'\n", "unknown setting(s) colour"),
])
def test_unknown_keys_get_the_closest_real_one(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("batch_size = 'many'\n", {}, "batch_size"),
        ("warehouse = \n", {}, "not valid TOML"),
        ("", {"PRESSROOM_POLITENESS_RETRIES": "three"}, "PRESSROOM_POLITENESS_RETRIES"),
        ("", {"PRESSROOM_POLITENESS_RESPONSE_DEADLINE_SECONDS": "0"},
         r"PRESSROOM_POLITENESS_RESPONSE_DEADLINE_SECONDS: politeness\.response_deadline_seconds = 0\.0 is out "
         r"of range; allowed: more than 0 seconds"),
        ("[politeness]\nresponse_deadline_seconds = -5\n", {},
         r"bad\.toml.*response_deadline_seconds = -5(\.0)? is out of range"),
        ("", {"PRESSROOM_POLITENESS_READ_TIMEOUT_SECONDS": "nan"}, "read_timeout_seconds = nan is out of range"),
        ("", {"PRESSROOM_POLITENESS_RETRIES": "-1"}, r"politeness\.retries = -1 is out of range"),
    ],
)
def test_bad_values_name_their_origin(tmp_path: Path, text: str, env: dict, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path, env=env)


@pytest.mark.parametrize(("text", "env", "message"), [
    ("", {"PRESSROOM_BATCH_SIZE": "0"}, "PRESSROOM_BATCH_SIZE: batch_size = 0 is out of range; "
                                        "allowed: a whole number of at least 1"),
    ("", {"PRESSROOM_BATCH_SIZE": "-5"}, "batch_size = -5 is out of range"),
    ("batch_size = 0\n", {}, "p.toml: batch_size = 0 is out of range"),
    ("", {"PRESSROOM_LOCK_WAIT_SECONDS": "-1"}, "lock_wait_seconds = -1.0 is out of range; allowed: 0 or more"),
    ("duckdb_memory_limit = 'lots'\n", {}, "duckdb_memory_limit = 'lots' is out of range; allowed: a size"),
    ("[politeness]\nread_timeout_seconds = 0\n", {}, "politeness.read_timeout_seconds = 0.0 is out of range"),
    ("[politeness]\nretries = -1\n", {}, "politeness.retries = -1 is out of range"),
    ("", {"PRESSROOM_POLITENESS_OBEY_ROBOTS": "maybe"}, "PRESSROOM_POLITENESS_OBEY_ROBOTS: cannot use 'maybe' "
                                                        "(not true or false)"),
    ("[schedule]\ndiscovery_cron = '61 * * * *'\n", {}, "schedule.discovery_cron = '61 * * * *' is out of range"),
    ("", {"PRESSROOM_SCHEDULE_TIMEZONE": "Europe/Olso"}, "schedule.timezone = 'Europe/Olso' is out of range"),
    ("[schedule]\nbackfill_max_pages = 0\n", {}, "schedule.backfill_max_pages = 0 is out of range"),
    ("[publish]\nexport_format = 'xlsx'\n", {}, "publish.export_format = 'xlsx' is out of range; "
                                                  "allowed: parquet or csv"),
    ("batch_size = 2.5\n", {}, "batch_size: cannot use 2.5 (not a whole number)"),
])
def test_every_setting_is_checked_against_its_range_when_loaded(tmp_path: Path, text: str, env: dict,
                                                                message: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env=env)
    assert message in str(caught.value)


@pytest.mark.parametrize(("env", "key"), [({"PRESSROOM_BATCH_SIZE": "1"}, "batch_size"),
                                          ({"PRESSROOM_LOCK_WAIT_SECONDS": "0"}, "lock_wait_seconds"),
                                          ({"PRESSROOM_POLITENESS_RETRIES": "0"}, "politeness.retries"),
                                          ({"PRESSROOM_POLITENESS_OBEY_ROBOTS": "off"}, "politeness.obey_robots")])
def test_the_ends_of_each_range_are_allowed(env: dict, key: str) -> None:
    settings = load_settings(REPO / "pressroom.toml", env=env)
    assert settings.origins[key] == f"env {next(iter(env))}"


def test_relative_paths_in_the_file_are_relative_to_the_file(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "ks"
    (home / "inbox").mkdir(parents=True)
    (home / "pressroom.toml").write_text(
        'warehouse = "data/ks.duckdb"\narchive = "raw"\nsources_file = "/etc/sources.toml"\n'
        'default_sources = ["inbox", "ks-ntb"]\n[publish]\nreport_dir = "site"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings = load_settings(env={"PRESSROOM_CONFIG": str(home / "pressroom.toml")})
    assert settings.warehouse == home / "data" / "ks.duckdb"
    assert settings.archive == home / "raw"
    assert settings.sources_file == Path("/etc/sources.toml")  # absolute stays
    assert settings.default_sources == (str(home / "inbox"), "ks-ntb")  # a folder beside the file; a name stays
    assert settings.publish.report_dir == str(home / "site")
    assert settings.publish.export_dir == ""  # off stays off
    assert settings.config_file == home / "pressroom.toml"
    assert settings.config_reason == "named by PRESSROOM_CONFIG"

    # a value from the environment or a default: relative to the current folder, as usual
    from_env = load_settings(env={"PRESSROOM_CONFIG": str(home / "pressroom.toml"), "PRESSROOM_WAREHOUSE": "w.duckdb"})
    assert from_env.warehouse == elsewhere / "w.duckdb"
    assert from_env.archive == home / "raw"
    assert from_env.sources_file == Path("/etc/sources.toml")
    # a default, with a file: beside the file (the file's folder is the project's home)
    minimal = home / "minimal.toml"
    minimal.write_text("batch_size = 10\n", encoding="utf-8")
    assert load_settings(minimal, env={}).warehouse == home / "warehouse.duckdb"
    none = load_settings(env={})
    assert none.warehouse == elsewhere / "warehouse.duckdb"
    assert none.config_file is None
    assert none.config_reason.startswith(f"none: no pressroom.toml in the current folder ({elsewhere})")

    monkeypatch.chdir(home)  # ./pressroom.toml, found where the command runs
    found = load_settings(env={})
    assert found.config_file == home / "pressroom.toml"
    assert found.config_reason == "found in the current folder"
    assert found.warehouse == home / "data" / "ks.duckdb"


def test_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(env={"PRESSROOM_CONFIG": str(tmp_path / "nope.toml")})


def test_each_value_knows_where_it_came_from(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('archive = "raw"\n[politeness]\nretries = 4\n', encoding="utf-8")
    settings = load_settings(path, env={"PRESSROOM_WAREHOUSE": "w.duckdb"})
    assert settings.origins["warehouse"] == "env PRESSROOM_WAREHOUSE"
    assert settings.origins["archive"] == str(path)
    assert settings.origins["politeness.retries"] == str(path)
    assert settings.origins["politeness.delay_seconds"] == "default"
    assert set(settings.origins) == {key for key, _ in as_rows(settings)}


@pytest.mark.parametrize(("env", "expected"), [
    ({"PRESSROOM_WAREHOSE": "x"}, ["PRESSROOM_WAREHOSE is not a pressroom setting and is ignored "
                                   "(did you mean PRESSROOM_WAREHOUSE?)"]),
    ({"PRESSROOM_POLITENESS_DELAY": "2"}, ["PRESSROOM_POLITENESS_DELAY is not a pressroom setting and is ignored "
                                           "(did you mean PRESSROOM_POLITENESS_DELAY_SECONDS?)"]),
    ({"PRESSROOM_XYZZY": "1"}, ["PRESSROOM_XYZZY is not a pressroom setting and is ignored"]),
    ({"PRESSROOM_WAREHOUSE": "x", "PRESSROOM_CONFIG": "p.toml", "PRESSROOM_HOME": "/srv",
      "PRESSROOM_PUBLISH_EXPORT_DIR": "exports", "OTHER": "1"}, []),
])
def test_misspelled_variables_are_named(env: dict, expected: list[str]) -> None:
    from pressroom.config import unknown_variables

    assert unknown_variables(env) == expected


def test_publish_section() -> None:
    from pressroom.config import publish_parameters

    assert publish_parameters(load_settings(REPO / "pressroom.toml", env={})) is None  # off by default
    on = load_settings(REPO / "pressroom.toml", env={"PRESSROOM_PUBLISH_REPORT_DIR": "site"})
    assert publish_parameters(on) == {"export_dir": "", "export_format": "parquet",
                                      "report_dir": str(Path.cwd() / "site")}  # from the environment: cwd
