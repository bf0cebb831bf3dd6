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
from typing import Any

from bot.clock import SystemClock
from bot.language import Language
from bot.nlu_data import plain_text, read_examples
from bot.stack import PROJECT_ROOT

__all__ = [
    "IntentScore",
    "LanguageScore",
    "Prediction",
    "evaluate",
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


def render_knowledge_section(results: list[dict[str, Any]]) -> str:
    """Renders the end-to-end knowledge-answer results (from ``tests/e2e``) as Markdown."""
    lines = [
        "",
        "## Knowledge answers, end to end",
        "",
        "Each question of `tests/data/kb_questions/test.yml` (written from the article titles",
        "only) is sent through the conversation API to the running assistant: the NLU model",
        "routes it, retrieval picks the article. *Right article* counts a direct answer with",
        "the right article, a choice of close articles that includes it, or, for the five",
        "articles that explain a service the assistant itself runs (talk to a person, complain,",
        "book or manage a visit, check my warranty), starting that service.",
        "",
        "The test set is replaced once its misses have been read: earlier sets, written the",
        "same way, now sit in `tests/data/kb_questions/dev.yml`, the questions tuning is",
        "done on.",
        "",
        "| language | questions | right article | answered directly and right |",
        "|---|---:|---:|---:|",
    ]
    groups = [(_NAMES[lang], [r for r in results if r["language"] == lang]) for lang in _NAMES]
    for name, mine in [*groups, ("both", results)]:
        if not mine:
            continue
        right = sum(bool(r["right"]) for r in mine)
        direct = sum(bool(r["right"]) and r["outcome"] in ("answered", "flow") for r in mine)
        lines.append(
            f"| {name} | {len(mine)} | {right / len(mine):.3f} | {direct / len(mine):.3f} |"
        )
    misses = [r for r in results if not r["right"]]
    lines += ["", f"Misses ({len(misses)}):", ""]
    lines += [
        f"- {r['language']} `{r['article']}` → {r['outcome']} `{r['found']}`: {r['text']}"
        for r in misses
    ] or ["- none"]
    return "\n".join(lines) + "\n"


def write_quality_report(
    output: Path, knowledge_results: Path | None = None
) -> dict[Language, LanguageScore]:
    """Evaluates the trained model and writes the report to ``output``.

    Args:
        output: The Markdown file to write.
        knowledge_results: JSON written by the end-to-end knowledge test, if available.
    """
    scores = score(
        evaluate(
            model=PROJECT_ROOT / "models" / "assistant.tar.gz",
            rasa_bin=PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa",
        )
    )
    report = render_report(scores, count_training_examples())
    if knowledge_results is not None and knowledge_results.exists():
        results = json.loads(knowledge_results.read_text(encoding="utf-8"))
        report += render_knowledge_section(results)
    output.write_text(report, encoding="utf-8")
    return scores
