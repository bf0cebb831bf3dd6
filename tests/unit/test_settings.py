from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults_run_on_one_host_with_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "ASSISTANT_DATABASE_URL",
        "ASSISTANT_TRACKER_STORE_URL",
        "ASSISTANT_DATA_DIR",
        "ASSISTANT_GATEWAY_PORT",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.effective_database_url == "sqlite:///var/assistant.db"
    assert settings.gateway_host == "127.0.0.1"
    assert settings.rasa_host == "127.0.0.1"
    assert settings.gateway_port == 8000
    assert str(settings.rasa_url) == "http://127.0.0.1:5005/"
    assert settings.effective_tracker_store_url == "sqlite:///var/rasa_tracker.db"
    assert settings.rasa_tracker_store_url == f"sqlite:///{Path('var/rasa_tracker.db').resolve()}"


@pytest.mark.parametrize(
    ("ours", "rasas"),
    [
        (
            "postgresql+psycopg://bot:s%40cret@db.internal:5433/assistant",
            "postgresql://bot:s%40cret@db.internal:5433/assistant",
        ),
        ("postgresql://bot@db/assistant", "postgresql://bot@db/assistant"),
        ("sqlite:////srv/assistant/tracker.db", "sqlite:////srv/assistant/tracker.db"),
    ],
)
def test_rasa_opens_the_tracker_store_with_its_own_driver(
    monkeypatch: pytest.MonkeyPatch, ours: str, rasas: str
) -> None:
    monkeypatch.setenv("ASSISTANT_TRACKER_STORE_URL", ours)
    assert load_settings().rasa_tracker_store_url == rasas


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_GATEWAY_PORT", "9000")
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", "postgresql+psycopg://u@localhost/db")
    settings = load_settings()
    assert settings.gateway_port == 9000
    assert settings.effective_database_url == "postgresql+psycopg://u@localhost/db"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ASSISTANT_GATEWAY_PORT", "70000"),
        ("ASSISTANT_RASA_PORT", "not-a-port"),
        ("ASSISTANT_RASA_TIMEOUT_SECONDS", "0"),
        ("ASSISTANT_DATABASE_URL", "not a url"),
        ("ASSISTANT_TRACKER_STORE_URL", "not a url"),
    ],
)
def test_invalid_setting_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings()
