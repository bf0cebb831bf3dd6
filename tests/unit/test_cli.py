"""The command line, for the commands that need no running assistant."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from bot.cli import main
from bot.db import head_revision
from bot.stack import PROJECT_ROOT

GOOD_ROWS = (
    "WM2401000101,WM-8012,2024-01-15,Mingjia online store,13800138000,,\n"
    "RF2402000102,RF-5501,2024-02-20,Mingjia flagship shop Shanghai,13900139000,2024-03-01,4\n"
)
BAD_ROW = "XX12,WM-9999,2024-13-01,,123,,\n"
HEADER = "serial_number,model,purchase_date,sales_channel,phone,exchanged_on,days_in_repair\n"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points the settings at a data folder and SQLite file of the test's own."""
    path = tmp_path / "var" / "assistant.db"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_BASE_DIR", str(PROJECT_ROOT / "knowledge_base"))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _csv(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "registry.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_kb_check(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "kb", "check")
    assert code == 0
    assert re.fullmatch(
        r"knowledge base OK: \d+ articles, \d+ models, 5 categories, \d+ charges\n", out
    )


def test_kb_check_reports_a_broken_knowledge_base(
    database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_BASE_DIR", str(tmp_path / "missing"))
    code, out, err = _run(capsys, "kb", "check")
    assert (code, out) == (2, "")
    assert err.startswith("error: ")


def test_db_init_creates_every_table(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "db", "init")
    assert code == 0
    assert out == f"database ready: sqlite:///{database} at revision {head_revision()}\n"
    engine = create_engine(f"sqlite:///{database}")
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"conversations", "messages", "alembic_version"} <= tables


def test_db_current_says_whether_the_schema_is_the_newest(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "db", "current")
    assert code == 1
    assert f"revision none, newest {head_revision()}" in out

    _run(capsys, "db", "upgrade")
    code, out, _ = _run(capsys, "db", "current")
    assert (code, out) == (0, f"sqlite:///{database}: revision {head_revision()}, the newest\n")


def test_registry_import_takes_good_rows_and_names_bad_ones(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, GOOD_ROWS + BAD_ROW)

    code, out, _ = _run(capsys, "registry", "import", str(path))
    assert code == 1
    first, *problems = out.splitlines()
    assert first == f"{path}: 2 added, 0 updated, 0 unchanged, 1 rejected"
    assert len(problems) == 1
    assert "line 4" in problems[0]
    assert "unknown model 'WM-9999'" in problems[0]

    code, out, _ = _run(capsys, "registry", "import", str(path))
    assert code == 1
    assert out.splitlines()[0] == f"{path}: 0 added, 0 updated, 2 unchanged, 1 rejected"


def test_registry_import_of_good_rows_succeeds(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "registry", "import", str(_csv(tmp_path, GOOD_ROWS)))
    assert code == 0
    assert out.endswith(": 2 added, 0 updated, 0 unchanged, 0 rejected\n")


def test_network_import_is_idempotent(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    network = PROJECT_ROOT / "demo" / "service_network.yml"

    code, out, _ = _run(capsys, "network", "import", str(network))
    assert code == 0
    assert re.match(rf"{re.escape(str(network))}: regions: \d+ added, 0 updated", out)
    assert "booking rules: changed" in out

    code, out, _ = _run(capsys, "network", "import", str(network))
    assert code == 0
    assert re.search(r"regions: 0 added, 0 updated, \d+ unchanged, 0 deactivated", out)
    assert re.search(r"technicians: 0 added, 0 updated, \d+ unchanged, 0 deactivated", out)
    assert "booking rules: unchanged" in out


@pytest.mark.parametrize(
    ("command", "content", "code", "error"),
    [
        # A registry without the required columns is refused as a whole.
        (
            "registry",
            "serial_number,model\nWM2401000101,WM-8012\n",
            2,
            "error: {path}: missing column(s): purchase_date, sales_channel, phone\n",
        ),
        # Every problem of a network file is named.
        (
            "network",
            "window_hours: 2\nregions: []\n",
            1,
            "error: 2 problem(s) in the service network:\n"
            "  - {path}: regions: a non-empty list of regions is required\n"
            "  - {path}: technicians: a list of technicians is required\n",
        ),
    ],
)
def test_an_import_refuses_a_file_it_cannot_take(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    content: str,
    code: int,
    error: str,
) -> None:
    path = tmp_path / "import.txt"
    path.write_text(content, encoding="utf-8")
    assert _run(capsys, command, "import", str(path)) == (code, "", error.format(path=path))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_report_complaints_on_an_empty_database(
    database: Path, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    code, out, _ = _run(
        capsys, "report", "complaints", "--since", "2024-01-01", "--language", language
    )
    assert code == 0
    assert "2024-01-01" in out
    assert len(out.splitlines()) > 10


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ASSISTANT_GATEWAY_PORT", "70000"),
        ("ASSISTANT_RASA_TIMEOUT_SECONDS", "0"),
        ("ASSISTANT_DATABASE_URL", "not a url"),
    ],
)
def test_an_invalid_setting_exits_2_and_names_it(
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)
    code, out, err = _run(capsys, "kb", "check")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: invalid settings: {variable}: ")


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


AGENT_PASSWORD = "my secret passphrase"
ADD_AGENT = (
    "agents", "add", "li.na", "--name", "Li Na", "--languages", "zh,en",
    "--skills", "washing_machine,refrigerator", "--role", "supervisor",
)  # fmt: skip


def _stored_password_hashes(database: Path) -> list[str]:
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT password_hash FROM agents")).scalars())
    finally:
        engine.dispose()


def test_agents_add_reads_the_password_from_stdin_and_never_shows_it(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(AGENT_PASSWORD + "\n"))
    added = _run(capsys, *ADD_AGENT)
    listed = _run(capsys, "agents", "list")
    disabled = _run(capsys, "agents", "disable", "LI.NA")
    listed_again = _run(capsys, "agents", "list")

    assert added[0] == 0
    assert re.fullmatch(
        r"added li\.na +supervisor +active +zh,en +washing_machine,refrigerator  Li Na\n",
        added[1],
    )
    assert listed[:2] == (0, added[1].removeprefix("added ") + "1 agent(s)\n")
    assert disabled[:2] == (0, "li.na disabled\n")
    assert " disabled " in listed_again[1]
    (stored,) = _stored_password_hashes(database)
    assert stored.startswith("$argon2id$")
    everything = "".join(out + err for _, out, err in (added, listed, disabled, listed_again))
    assert AGENT_PASSWORD not in everything
    assert stored not in everything
    assert "argon2" not in everything


@pytest.mark.parametrize(
    ("argv", "stdin", "error"),
    [
        (ADD_AGENT, "too short\n", "error: the password must have at least 12 characters\n"),
        (ADD_AGENT, "", "error: the password must have at least 12 characters\n"),
        (
            (*ADD_AGENT[:6], "fr"),
            AGENT_PASSWORD,
            "error: unknown language(s) 'fr' (known: zh, en)\n",
        ),
        (
            (*ADD_AGENT[:8], "toaster"),
            AGENT_PASSWORD,
            "error: unknown skill(s) 'toaster' (known: washing_machine, refrigerator, "
            "air_conditioner, water_heater, water_purifier)\n",
        ),
        (("agents", "disable", "nobody"), "", "error: no agent named 'nobody'\n"),
    ],
)
def test_agents_refusals_exit_2_with_the_reason(
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    stdin: str,
    error: str,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert _run(capsys, *argv) == (2, "", error)
    assert AGENT_PASSWORD not in error


def test_agents_add_refuses_a_duplicate_without_showing_either_password(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(AGENT_PASSWORD + "\n"))
    assert _run(capsys, *ADD_AGENT)[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("another passphrase\n"))
    code, out, err = _run(capsys, *ADD_AGENT)
    assert (code, out, err) == (2, "", "error: an agent named 'li.na' exists already\n")
    assert len(_stored_password_hashes(database)) == 1


def test_agents_add_on_a_terminal_asks_twice_without_echo(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter([AGENT_PASSWORD, AGENT_PASSWORD + "!"])
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert _run(capsys, *ADD_AGENT) == (2, "", "error: the two passwords differ\n")

    answers = iter([AGENT_PASSWORD, AGENT_PASSWORD])
    code, out, err = _run(capsys, *ADD_AGENT)
    assert code == 0
    assert AGENT_PASSWORD not in out + err


@pytest.mark.parametrize(
    "argv",
    [
        ("customer", "export", "139 1234 5678"),
        ("customers", "export", "--phone", "139 1234 5678"),
    ],
)
def test_customer_export_takes_the_number_either_way(
    database: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    assert '"conversations": []' in out


def test_customer_erase_needs_a_number(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["customer", "erase"])
    assert exited.value.code == 2
    assert "phone" in capsys.readouterr().err


def test_customer_erase_refuses_a_wrong_number(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "customer", "erase", "12345")
    assert code == 2
    assert out.startswith("error:")
