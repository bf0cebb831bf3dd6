"""make run and the Telegram poller: started with a token, one line without."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings
from bot.stack import PROJECT_ROOT, procfile
from bot.telegram.application import file_url


def test_without_a_token_the_procfile_is_unchanged_and_one_line_says_how(tmp_path: Path) -> None:
    path, line = procfile(Settings(data_dir=tmp_path))
    assert path == PROJECT_ROOT / "Procfile"
    assert line is not None
    assert "ASSISTANT_TELEGRAM_TOKEN" in line
    assert "\n" not in line


def test_with_a_token_the_poller_runs_with_the_rest(tmp_path: Path) -> None:
    path, _ = procfile(Settings(data_dir=tmp_path, telegram_token="1:x"))
    lines = path.read_text(encoding="utf-8").splitlines()
    original = (PROJECT_ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    assert lines == [*original, 'telegram: "$APP_PYTHON" -m bot telegram']


def test_in_webhook_mode_the_gateway_takes_the_updates(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, telegram_token="1:x", telegram_mode="webhook")
    path, _ = procfile(settings)
    assert path == PROJECT_ROOT / "Procfile"


def test_the_file_url_follows_the_bot_api_url() -> None:
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"


def test_the_poller_needs_a_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ASSISTANT_TELEGRAM_TOKEN", raising=False)
    assert main(["telegram"]) == 2
    assert "ASSISTANT_TELEGRAM_TOKEN" in capsys.readouterr().err
