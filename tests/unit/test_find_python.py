import os
import subprocess
from pathlib import Path

import pytest

from bot.stack import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "find-python310"


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True, check=False
    )


def test_finds_a_python_310_interpreter() -> None:
    found = _run(dict(os.environ))
    if found.returncode != 0:
        pytest.fail(f"this machine must have Python 3.10 for the project: {found.stderr}")
    version = subprocess.run(
        [found.stdout.strip(), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == "(3, 10)"


def test_without_python_310_says_what_to_install_in_one_sentence(tmp_path: Path) -> None:
    if any(Path(p).exists() for p in ("/usr/bin/python3.10", "/usr/local/bin/python3.10")):
        pytest.skip("a system-wide Python 3.10 exists here")
    missing = _run({"PATH": str(tmp_path), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)})
    assert missing.returncode == 1
    assert missing.stdout == ""
    message = missing.stderr.strip()
    assert "\n" not in message
    assert message.startswith("Python 3.10")
    assert "install it" in message
