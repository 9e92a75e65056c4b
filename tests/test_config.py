"""Configuration: defaults, the TOML file, environment overrides, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.config import ConfigError, Settings, as_rows, load_settings

REPO = Path(__file__).resolve().parent.parent


def test_shipped_file_holds_the_defaults() -> None:
    shipped = load_settings(REPO / "pressroom.toml", env={})
    defaults = Settings()
    assert shipped.warehouse == defaults.warehouse
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
    assert settings.warehouse == Path("x.duckdb")
    assert settings.politeness.delay_seconds == 0.2
    assert ("politeness.delay_seconds", "0.2") in as_rows(settings)

    typo = tmp_path / "typo.toml"
    typo.write_text("[politeness]\ndelay_secs = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"typo\.toml.*delay_secs"):
        load_settings(typo, env={})


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("batch_size = 'many'\n", {}, "batch_size"),
        ("warehouse = \n", {}, "not valid TOML"),
        ("", {"PRESSROOM_POLITENESS_RETRIES": "three"}, "PRESSROOM_POLITENESS_RETRIES"),
        ("", {"PRESSROOM_POLITENESS_RESPONSE_DEADLINE_SECONDS": "0"},
         r"politeness\.response_deadline_seconds: must be more than 0 \(got 0\.0, from env "
         r"PRESSROOM_POLITENESS_RESPONSE_DEADLINE_SECONDS\)"),
        ("[politeness]\nresponse_deadline_seconds = -5\n", {}, r"response_deadline_seconds: .*bad\.toml"),
        ("", {"PRESSROOM_POLITENESS_READ_TIMEOUT_SECONDS": "nan"}, "read_timeout_seconds: must be more than 0"),
        ("", {"PRESSROOM_POLITENESS_RETRIES": "-1"}, r"politeness\.retries: must be 0 or more"),
    ],
)
def test_bad_values_name_their_origin(tmp_path: Path, text: str, env: dict, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path, env=env)


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
    assert publish_parameters(on) == {"export_dir": "", "export_format": "parquet", "report_dir": "site"}
