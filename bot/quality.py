"""NLU quality on the held-out set, per language.

Runs ``rasa test nlu`` (in the Rasa environment) on ``tests/data/nlu_heldout``, which is
never trained on, then scores intent precision, recall and F1 separately for Chinese and
English, since one model serves both.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.clock import SystemClock
from bot.language import Language
from bot.nlu_data import plain_text, read_examples
from bot.stack import PROJECT_ROOT

__all__ = [
    "KEPT_MARKER",
    "IntentScore",
    "LanguageScore",
    "Prediction",
    "evaluate",
    "kept_section",
    "load_heldout",
    "render_report",
    "score",
    "write_quality_report",
]

HELDOUT_DIR = PROJECT_ROOT / "tests" / "data" / "nlu_heldout"
TRAINING_DIR = PROJECT_ROOT / "nlu_data"


@dataclass(frozen=True)
class Prediction:
    """One held-out example and what the model made of it."""

    text: str
    language: Language
    intent: str
    predicted: str
    confidence: float


@dataclass(frozen=True)
class IntentScore:
    """Precision, recall and F1 of one intent."""

    intent: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class LanguageScore:
    """Scores of one language's held-out examples."""

    language: Language
    intents: list[IntentScore]
    accuracy: float
    macro_f1: float
    weighted_f1: float
    examples: int
    misses: list[Prediction] = field(default_factory=list)


def load_heldout(directory: Path = HELDOUT_DIR) -> dict[str, tuple[Language, str]]:
    """Maps each held-out text (annotations removed) to its language and intent.

    The language is the name of the folder the file is in (``zh`` or ``en``).
    """
    return {
        plain_text(example): (language, intent)
        for language, by_intent in read_examples(directory).items()
        for intent, examples in by_intent.items()
        for example in examples
    }


def evaluate(model: Path, rasa_bin: Path, directory: Path = HELDOUT_DIR) -> list[Prediction]:
    """Runs ``rasa test nlu`` on the held-out set and returns every prediction.

    Raises:
        subprocess.CalledProcessError: Rasa failed.
    """
    expected = load_heldout(directory)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(  # noqa: S603 - our own locked Rasa, fixed arguments
            [
                str(rasa_bin),
                "test",
                "nlu",
                "--nlu",
                str(directory),
                "--model",
                str(model),
                "--out",
                out,
                "--successes",
                "--no-plot",
            ],
            check=True,
            cwd=PROJECT_ROOT,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"},
        )
        results = []
        for name in ("intent_successes.json", "intent_errors.json"):
            path = Path(out) / name
            if path.exists():
                results.extend(json.loads(path.read_text(encoding="utf-8")))
    predictions = []
    for item in results:
        language, intent = expected[item["text"]]
        predicted = item.get("intent_prediction") or {}
        predictions.append(
            Prediction(
                text=item["text"],
                language=language,
                intent=intent,
                predicted=predicted.get("name") or "",
                confidence=float(predicted.get("confidence") or 0.0),
            )
        )
    return predictions


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(predictions: list[Prediction]) -> dict[Language, LanguageScore]:
    """Scores the predictions of each language separately.

    A prediction of ``nlu_fallback`` counts as a miss for the true intent.
    """
    scores: dict[Language, LanguageScore] = {}
    for language in ("zh", "en"):
        mine = [p for p in predictions if p.language == language]
        if not mine:
            continue
        support = Counter(p.intent for p in mine)
        predicted = Counter(p.predicted for p in mine)
        correct = Counter(p.intent for p in mine if p.predicted == p.intent)
        intents = []
        for intent in sorted(support):
            precision = correct[intent] / predicted[intent] if predicted[intent] else 0.0
            recall = correct[intent] / support[intent]
            intents.append(
                IntentScore(intent, precision, recall, _f1(precision, recall), support[intent])
            )
        total = len(mine)
        scores[language] = LanguageScore(
            language=language,
            intents=intents,
            accuracy=sum(correct.values()) / total,
            macro_f1=sum(i.f1 for i in intents) / len(intents),
            weighted_f1=sum(i.f1 * i.support for i in intents) / total,
            examples=total,
            misses=sorted(
                (p for p in mine if p.predicted != p.intent), key=lambda p: (p.intent, p.text)
            ),
        )
    return scores


_NAMES = {"zh": "Chinese (zh)", "en": "English (en)"}


def render_report(scores: dict[Language, LanguageScore], trained_examples: int) -> str:
    """Renders the scores as the Markdown of ``docs/QUALITY.md``."""
    lines = [
        "# Assistant quality",
        "",
        "## Intent classification on the held-out set",
        "",
        "The held-out examples in `tests/data/nlu_heldout/` are written separately from the",
        "training data and never trained on. One model serves both languages; each",
        "language is scored on its own. A message the model is not confident about",
        "(`nlu_fallback`) counts as a miss. Regenerate with `make quality`.",
        "",
        f"Measured {SystemClock().today():%Y-%m-%d} with `models/assistant.tar.gz`,"
        f" trained on {trained_examples} examples.",
        "",
        "| language | held-out examples | accuracy | macro F1 | weighted F1 |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in scores.values():
        lines.append(
            f"| {_NAMES[s.language]} | {s.examples} | {s.accuracy:.3f} | {s.macro_f1:.3f}"
            f" | {s.weighted_f1:.3f} |"
        )
    for s in scores.values():
        lines += [
            "",
            f"### {_NAMES[s.language]}",
            "",
            "| intent | precision | recall | F1 | support |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {i.intent} | {i.precision:.2f} | {i.recall:.2f} | {i.f1:.2f} | {i.support} |"
            for i in s.intents
        ]
        lines += ["", f"Misclassified ({len(s.misses)}):", ""]
        lines += [
            f"- `{m.intent}` → `{m.predicted}` ({m.confidence:.2f}): {m.text}" for m in s.misses
        ] or ["- none"]
    return "\n".join(lines) + "\n"


def count_training_examples(directory: Path = TRAINING_DIR) -> int:
    """Counts the intent examples the model is trained on."""
    return sum(
        len(examples)
        for by_intent in read_examples(directory).values()
        for examples in by_intent.values()
    )


#: Everything after this line of ``docs/QUALITY.md`` is kept as it is when the report is
#: written again: the figures of each set's first scoring.
KEPT_MARKER = "<!-- kept when regenerated: first scorings -->"


def render_knowledge_section(results_dir: Path) -> str:
    """Renders the end-to-end answer results (from ``tests/e2e``) as Markdown."""
    from bot.answer_quality import load_results, render_section, summarise

    lines = [
        "",
        "## Knowledge answers, end to end",
        "",
        "Each question is the first message of a new conversation with the running",
        "assistant (NLU routing, retrieval, the answer-first rules); `bot/answer_quality.py`",
        "reads the first reply. *Directly* counts the right article answered (a close",
        "runner-up may be offered beside it as a button) or, for the five articles that",
        "explain a service the assistant runs, that service started; *one tap* also",
        "counts it one tap away: among offered choices, or the runner-up beside another",
        "answer. A question marked as a safety",
        "hazard is right when safety steps come first.",
        "",
    ]
    sets = (
        (
            "situations",
            "Customer situations (the fresh set, since its first scoring)",
            "tests/data/kb_situations/fresh.yml",
        ),
        ("titles", "Questions written from article titles", "tests/data/kb_questions/test.yml"),
    )
    for name, title, source in sets:
        path = results_dir / f"{name}.json"
        if path.exists():
            lines.append(render_section(title, source, summarise(load_results(path))))
    return "\n".join(lines) + "\n"


def kept_section(output: Path) -> str:
    """The part of the report after :data:`KEPT_MARKER`, marker included, if any."""
    if not output.exists():
        return ""
    text = output.read_text(encoding="utf-8")
    return text[text.index(KEPT_MARKER) :] if KEPT_MARKER in text else ""


def write_quality_report(
    output: Path, knowledge_results: Path | None = None
) -> dict[Language, LanguageScore]:
    """Evaluates the trained model and writes the report to ``output``.

    The section after :data:`KEPT_MARKER` (first scorings, spreads) is kept.

    Args:
        output: The Markdown file to write.
        knowledge_results: The folder the end-to-end knowledge test wrote its results
            to, if available.
    """
    scores = score(
        evaluate(
            model=PROJECT_ROOT / "models" / "assistant.tar.gz",
            rasa_bin=PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa",
        )
    )
    report = render_report(scores, count_training_examples())
    if knowledge_results is not None and knowledge_results.is_dir():
        report += render_knowledge_section(knowledge_results)
    kept = kept_section(output)
    output.write_text(report + ("\n" + kept if kept else ""), encoding="utf-8")
    return scores
