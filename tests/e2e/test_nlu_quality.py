"""The trained model on the held-out set it never saw, per language."""

from __future__ import annotations

import pytest

from bot.quality import evaluate, load_heldout, render_report, score
from bot.stack import PROJECT_ROOT
from tests.e2e.conftest import MODEL

pytestmark = pytest.mark.e2e

MIN_ACCURACY = 0.90
MIN_MACRO_F1 = 0.90


def test_heldout_intent_quality_per_language() -> None:
    predictions = evaluate(MODEL, PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa")
    assert len(predictions) == len(load_heldout())

    scores = score(predictions)
    assert set(scores) == {"zh", "en"}
    for language, s in scores.items():
        assert s.accuracy >= MIN_ACCURACY, f"{language}: accuracy {s.accuracy:.3f}"
        assert s.macro_f1 >= MIN_MACRO_F1, f"{language}: macro F1 {s.macro_f1:.3f}"

    report = render_report(scores, trained_examples=1)
    assert "| Chinese (zh) |" in report
    assert "| English (en) |" in report
