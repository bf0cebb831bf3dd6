"""The layering the code keeps (docs/ARCHITECTURE.md, "Layers"), checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.stack import PROJECT_ROOT

MAX_MODULE_LINES = 400
SOURCES = sorted(
    path for folder in ("actions", "bot") for path in (PROJECT_ROOT / folder).rglob("*.py")
)


def _name(path: Path) -> str:
    return path.relative_to(PROJECT_ROOT).as_posix()


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _calls(path: Path, name: str) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    )


@pytest.mark.parametrize(
    # A migration is the schema written out table by table, not a module to split.
    "path",
    [p for p in SOURCES if "migrations/versions" not in _name(p)],
    ids=_name,
)
def test_no_module_is_over_the_limit(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


@pytest.mark.parametrize("path", [p for p in SOURCES if _name(p).startswith("bot/")], ids=_name)
def test_the_domain_never_imports_the_actions_or_rasa(path: Path) -> None:
    imported = _imports(path)
    if _name(path) == "bot/cli.py":
        # The command line starts the action server, the one place both meet.
        imported -= {"rasa_sdk.endpoint"}
    assert not {m for m in imported if m.split(".")[0] in {"actions", "rasa_sdk", "rasa"}}


@pytest.mark.parametrize("path", [p for p in SOURCES if _name(p).startswith("bot/db/")], ids=_name)
def test_persistence_knows_no_domain(path: Path) -> None:
    imported = {m for m in _imports(path) if m.startswith("bot.")}
    assert {m for m in imported if not m.startswith("bot.db")} == set()


def test_one_place_builds_the_engine() -> None:
    builders = {_name(p) for p in SOURCES if _calls(p, "create_engine")}
    assert builders == {"bot/db/engine.py"}
    engines = {_name(p) for p in SOURCES if _calls(p, "create_database_engine")}
    assert engines == {"bot/runtime.py"}


def test_the_scan_reads_the_code() -> None:
    assert len(SOURCES) > 80
    # Our database's engine, and the one on Rasa's tracker store.
    assert _calls(PROJECT_ROOT / "bot" / "runtime.py", "create_database_engine") == 2


def test_the_time_is_read_from_the_clock_only() -> None:
    readers = {
        _name(p)
        for p in SOURCES
        if _calls(p, "now") + _calls(p, "today") + _calls(p, "utcnow")
        and any(
            f"{module}.{call}(" in p.read_text(encoding="utf-8")
            for module in ("datetime", "date", "time")
            for call in ("now", "today", "utcnow")
        )
    }
    # The clock itself, and the creation and update times the database stamps on rows.
    assert readers <= {"bot/clock.py", "bot/db/types.py"}
