"""Running code in the Rasa environment, where the NLU components can be imported."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from bot.stack import PROJECT_ROOT

__all__ = ["RASA_PYTHON", "run_in_rasa"]

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: str, cases: Any) -> Any:
    """Runs ``script`` with the Rasa environment's Python in the project folder.

    The script reads ``CASES`` (the JSON of ``cases``) and prints its results as JSON
    on the last line of its output.

    Returns:
        The decoded results.
    """
    if not RASA_PYTHON.exists():
        pytest.skip(f"the Rasa environment is not installed ({RASA_PYTHON} is missing)")
    completed = subprocess.run(
        [
            str(RASA_PYTHON),
            "-c",
            f"import json\nCASES = json.loads({json.dumps(json.dumps(cases))})\n{script}",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])
