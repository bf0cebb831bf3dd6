from pathlib import Path

from bot.quality import KEPT_MARKER, Prediction, kept_section, render_report, score


def _p(language: str, intent: str, predicted: str) -> Prediction:
    return Prediction(f"{intent}->{predicted}", language, intent, predicted, 0.9)  # type: ignore[arg-type]


def test_scores_each_language_separately_and_counts_fallback_as_a_miss() -> None:
    predictions = [
        _p("zh", "greet", "greet"),
        _p("zh", "greet", "greet"),
        _p("zh", "goodbye", "greet"),
        _p("zh", "goodbye", "goodbye"),
        _p("en", "greet", "nlu_fallback"),
        _p("en", "greet", "greet"),
    ]
    scores = score(predictions)

    zh = scores["zh"]
    greet, goodbye = (next(i for i in zh.intents if i.intent == n) for n in ("greet", "goodbye"))
    assert (greet.precision, greet.recall, greet.support) == (2 / 3, 1.0, 2)
    assert (goodbye.precision, goodbye.recall) == (1.0, 0.5)
    assert zh.accuracy == 0.75
    assert abs(greet.f1 - 0.8) < 1e-9

    en = scores["en"]
    assert en.accuracy == 0.5
    assert [m.predicted for m in en.misses] == ["nlu_fallback"]


def test_report_lists_every_miss() -> None:
    report = render_report(score([_p("en", "greet", "deny"), _p("en", "deny", "deny")]), 10)
    assert "| English (en) | 2 | 0.500 |" in report
    assert "`greet` → `deny`" in report
    assert "Chinese" not in report


def test_the_first_scorings_are_kept_when_the_report_is_written_again(tmp_path: Path) -> None:
    report = tmp_path / "QUALITY.md"
    assert kept_section(report) == ""
    report.write_text(f"# old figures\n\n{KEPT_MARKER}\n## First scorings\n", encoding="utf-8")
    assert kept_section(report) == f"{KEPT_MARKER}\n## First scorings\n"
