"""The typed environment helpers, and settings that refuse to start a deployment without a
SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from diplomacy_tracker.env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("0", False),
        ("true", True),
        ("TRUE", True),
        ("False", False),
        ("yes", True),
        ("YeS", True),
        ("no", False),
        ("NO", False),
        ("on", True),
        ("On", True),
        ("off", False),
        ("OFF", False),
        (" true ", True),
    ],
)
def test_env_bool_reads_the_usual_spellings_in_any_case(monkeypatch, value, expected):
    monkeypatch.setenv("FLAG", value)
    assert env_bool("FLAG", default=not expected) is expected


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "y"])
def test_env_bool_rejects_a_typo(monkeypatch, value):
    monkeypatch.setenv("FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_env_bool_returns_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", default=True) is True
    assert env_bool("FLAG") is False


def test_env_int_reads_an_integer(monkeypatch):
    monkeypatch.setenv("NUMBER", "3600")
    assert env_int("NUMBER", default=60) == 3600


def test_env_int_returns_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("NUMBER", raising=False)
    assert env_int("NUMBER", default=60) == 60
    monkeypatch.setenv("NUMBER", "")
    assert env_int("NUMBER", default=60) == 60


@pytest.mark.parametrize("value", ["abc", "1.5", "60s"])
def test_env_int_rejects_a_non_integer(monkeypatch, value):
    monkeypatch.setenv("NUMBER", value)
    with pytest.raises(ImproperlyConfigured, match="NUMBER"):
        env_int("NUMBER")


def test_env_list_strips_items_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " example.org, ,www.example.org ,,  ")
    assert env_list("HOSTS") == ["example.org", "www.example.org"]


def test_env_list_of_an_empty_variable_is_empty_not_the_default(monkeypatch):
    monkeypatch.setenv("HOSTS", "")
    assert env_list("HOSTS", default=["localhost"]) == []


def test_env_list_returns_the_default_as_a_list_when_unset(monkeypatch):
    monkeypatch.delenv("HOSTS", raising=False)
    default = ("localhost",)
    assert env_list("HOSTS", default) == ["localhost"]


def test_env_str_returns_the_value_or_the_default(monkeypatch):
    monkeypatch.setenv("NAME", "Cần Thơ")
    assert env_str("NAME", "x") == "Cần Thơ"
    monkeypatch.delenv("NAME")
    assert env_str("NAME", "x") == "x"


def import_settings(command=("-c", "import diplomacy_tracker.settings"), **environ):
    """Run ``command`` (by default: import the settings) in a fresh interpreter, outside
    pytest, with ``environ`` added to an environment that has no SECRET_KEY, DEBUG or
    PYTEST_VERSION."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "PYTEST_VERSION"}
    }
    env.update(environ)
    return subprocess.run(
        [sys.executable, *command],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_refuse_to_load_without_a_secret_key_outside_development():
    result = import_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_settings_load_without_a_secret_key_in_development():
    result = import_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_settings_load_with_a_secret_key_and_debug_off():
    result = import_settings(SECRET_KEY="a-long-random-production-secret")
    assert result.returncode == 0, result.stderr


def test_settings_refuse_a_misspelt_debug():
    result = import_settings(DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG='ture'" in result.stderr


def test_manage_py_says_in_one_line_what_is_missing():
    result = import_settings(command=("manage.py", "check"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "manage.py: SECRET_KEY is not set. Set it (and ALLOWED_HOSTS) for any deployment, "
        "or set DEBUG=1 on a development machine."
    ]
