"""How well customers' own questions get the right answer, end to end.

Each question of a situation set (``tests/data/kb_situations/*.yml``) was written from a
persona and a problem, without sight of the articles or the training data. It is sent as
the first message of a new conversation to the running assistant, and the first reply
is read:

* ``answered``: the reply is an article's answer (with, perhaps, a close runner-up
  offered beside it as a button);
* ``offered``: a choice of articles (buttons) was offered instead;
* ``flow``: the reply is the first question of the service the article explains (book a
  visit, complain, check my warranty, manage a visit, talk to a person);
* ``safety``: safety first steps (a hazard), followed by an urgent person;
* ``other``: anything else.

A question is *direct* when the labelled article (or one it ``accept``s) is answered or
its service starts, and *right* when it is at most one tap away: direct, among the
offered choices, or the runner-up offered beside another answer. A question marked
``hazard`` is right when safety steps come first, whatever follows; safety steps for a
question that names no hazard are a miss.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

import httpx
import yaml

from bot.knowledge import KnowledgeBase
from bot.language import Language
from bot.stack import PROJECT_ROOT
from bot.texts import MESSAGES, render

__all__ = [
    "FLOWS",
    "Outcome",
    "Result",
    "Situation",
    "Summary",
    "asker",
    "dump",
    "judge",
    "load_results",
    "load_situations",
    "render_section",
    "render_spread",
    "run",
    "summarise",
]

Outcome = Literal["answered", "offered", "flow", "safety", "other"]

#: The articles that explain a service the assistant runs, with the first replies of
#: that service: starting it is the right answer too.
FLOWS: Final[dict[str, tuple[str, ...]]] = {
    "service-talk-to-person": ("handoff_queued", "handoff_nobody", "handoff_closed"),
    "service-complaint": (
        "ask_complaint_category",
        "ask_complaint_description",
        "ask_complaint_phone",
    ),
    "service-book-repair": ("ask_product", "ask_symptom", "ask_booking_model", "ask_city"),
    "service-manage-visit": ("ask_visit_reference",),
    "warranty-check-my-unit": ("ask_serial_number", "ask_phone"),
}
_SAFETY_KEYS: Final = ("safety_intro",)
_NAMES: Final[dict[Language, str]] = {"zh": "Chinese (zh)", "en": "English (en)"}


@dataclass(frozen=True)
class Situation:
    """One customer question and the article that should answer it."""

    language: Language
    article: str
    text: str
    accept: tuple[str, ...] = ()
    hazard: bool = False
    situation: str = ""

    @property
    def articles(self) -> tuple[str, ...]:
        """Every article that answers it rightly, the labelled one first."""
        return (self.article, *self.accept)


@dataclass(frozen=True)
class Result:
    """What the assistant made of one question."""

    situation: Situation
    outcome: Outcome
    found: tuple[str, ...]
    right: bool
    direct: bool


@dataclass(frozen=True)
class Summary:
    """The figures of one language (or both)."""

    name: str
    questions: int
    right: float
    direct: float
    hazards: int
    safety_first: int
    misses: list[Result] = field(default_factory=list)


def load_situations(path: Path) -> list[Situation]:
    """Reads a situation set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Situation(
            language=q["language"],
            article=q["article"],
            text=str(q["text"]),
            accept=tuple(q.get("accept") or ()),
            hazard=bool(q.get("hazard", False)),
            situation=str(q.get("situation", "")),
        )
        for q in data["questions"]
    ]


@cache
def _domain_responses() -> dict[str, list[dict[str, Any]]]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    responses: dict[str, list[dict[str, Any]]] = domain["responses"]
    return responses


def _template(name: str, language: Language) -> str | None:
    if name in MESSAGES:
        return MESSAGES[name](language)
    for variant in _domain_responses().get(name, []):
        if {"type": "slot", "name": "language", "value": language} in variant["condition"]:
            return str(variant["text"])
    return None


def _is(reply: str, name: str, language: Language) -> bool:
    """Whether ``reply`` is message ``name`` (values in braces match anything)."""
    template = _template(name, language)
    if template is None:
        return False
    pattern = re.sub(r"\\\{\w+\\\}", ".+?", re.escape(template))
    return re.fullmatch(pattern, reply, flags=re.DOTALL) is not None


def _read(
    replies: Sequence[dict[str, Any]], kb: KnowledgeBase, language: Language
) -> tuple[Outcome, tuple[str, ...]]:
    if len(replies) > 1 and replies[0].get("text") == render("kb_sorry", language):
        replies = replies[1:]  # An apology to an upset customer comes before the answer.
    first = replies[0]
    text = str(first.get("text", ""))
    if any(text == render(key, language) for key in _SAFETY_KEYS):
        return "safety", ()
    offered = tuple(
        json.loads(b["payload"].removeprefix("/inform"))["article_id"]
        for b in first.get("buttons", [])
        if str(b.get("payload", "")).startswith('/inform{"article_id"')
    )
    for article in kb.articles.values():
        if text == article.answer(language):
            return "answered", (article.id, *offered)
    if offered:
        return "offered", offered
    flows = tuple(a for a, names in FLOWS.items() if any(_is(text, n, language) for n in names))
    if flows:
        return "flow", flows
    return "other", (text[:60],)


def judge(situation: Situation, replies: Sequence[dict[str, Any]], kb: KnowledgeBase) -> Result:
    """Reads the assistant's replies to ``situation`` and scores them."""
    outcome, found = _read(replies, kb, situation.language)
    if situation.hazard:
        # The error code's own article, whose first steps are the safety steps, stands
        # for them too; another code's article does not.
        safe = outcome == "safety" or (
            outcome == "answered"
            and found[0] in situation.articles
            and kb.articles[found[0]].topic == "error_code"
        )
        return Result(situation, outcome, found, safe, safe)
    hit = bool(set(found) & set(situation.articles)) and outcome != "safety"
    answered = outcome == "answered" and found[0] in situation.articles
    direct = answered or (hit and outcome == "flow")
    return Result(situation, outcome, found, hit, direct)


def run(
    situations: Iterable[Situation],
    ask: Callable[[Situation], Sequence[dict[str, Any]]],
    kb: KnowledgeBase,
    progress: Callable[[int], None] | None = None,
) -> list[Result]:
    """Asks every question (``ask`` sends it in a new conversation) and judges the replies."""
    results = []
    for done, situation in enumerate(situations, start=1):
        results.append(judge(situation, ask(situation), kb))
        if progress is not None:
            progress(done)
    return results


def summarise(results: Sequence[Result]) -> list[Summary]:
    """Per-language figures, then both languages together.

    ``right`` and ``direct`` are shares of the questions that name no hazard; hazards
    are counted on their own (``safety_first`` of ``hazards``).
    """
    groups: list[tuple[str, list[Result]]] = [
        (_NAMES[language], [r for r in results if r.situation.language == language])
        for language in _NAMES
    ]
    summaries = []
    for name, mine in [*groups, ("both", list(results))]:
        questions = [r for r in mine if not r.situation.hazard]
        hazards = [r for r in mine if r.situation.hazard]
        total = len(questions) or 1
        summaries.append(
            Summary(
                name=name,
                questions=len(questions),
                right=sum(r.right for r in questions) / total,
                direct=sum(r.direct for r in questions) / total,
                hazards=len(hazards),
                safety_first=sum(r.right for r in hazards),
                misses=[r for r in mine if not r.direct],
            )
        )
    return summaries


def render_section(title: str, source: str, summaries: Sequence[Summary]) -> str:
    """The Markdown table of ``summaries``, with every question not answered directly."""
    lines = [
        f"### {title}",
        "",
        f"`{source}`.",
        "",
        "| language | questions | right article, directly | right article, one tap away"
        " | hazards with safety steps first |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in summaries:
        lines.append(
            f"| {s.name} | {s.questions} | {s.direct:.3f} | {s.right:.3f}"
            f" | {s.safety_first} of {s.hazards} |"
        )
    both = summaries[-1]
    lines += ["", f"Not answered directly ({len(both.misses)}):", ""]
    lines += [
        f"- {r.situation.language} `{r.situation.article}` → {r.outcome}"
        f" `{', '.join(r.found)}`: {r.situation.text}"
        for r in both.misses
    ] or ["- none"]
    return "\n".join(lines) + "\n"


def dump(results: Sequence[Result]) -> str:
    """The results as JSON, for reading the misses."""
    return json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1)


def _patiently(client: httpx.Client, url: str, **request: Any) -> httpx.Response:
    """POSTs, waiting out the gateway's rate limit (429 and its Retry-After) as told."""
    while True:
        response = client.post(url, **request)
        if response.status_code != httpx.codes.TOO_MANY_REQUESTS:
            return response
        time.sleep(float(response.headers.get("Retry-After", "1")))


def asker(client: httpx.Client) -> Callable[[Situation], Sequence[dict[str, Any]]]:
    """Asks each question in a new conversation of the gateway ``client`` is bound to."""

    def ask(situation: Situation) -> Sequence[dict[str, Any]]:
        created = _patiently(client, "/api/v1/conversations", json={})
        created.raise_for_status()
        conversation = created.json()
        sent = _patiently(
            client,
            f"/api/v1/conversations/{conversation['conversation_id']}/messages",
            json={"text": situation.text},
            headers={"Authorization": f"Bearer {conversation['token']}"},
        )
        sent.raise_for_status()
        replies: list[dict[str, Any]] = sent.json()["replies"]
        return replies

    return ask


def load_results(path: Path) -> list[Result]:
    """Reads results written by :func:`dump`."""
    results = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        situation = item.pop("situation")
        situation["accept"] = tuple(situation["accept"])
        item["found"] = tuple(item["found"])
        results.append(Result(situation=Situation(**situation), **item))
    return results


def render_spread(runs: Sequence[tuple[str, Sequence[Result]]]) -> str:
    """Each run's direct and right figures per language, and how far they spread (points)."""
    header = "| run | zh directly | en directly | zh with choice | en with choice |"
    lines = [header, "|---|---:|---:|---:|---:|"]
    columns: list[list[float]] = [[], [], [], []]
    for name, results in runs:
        zh, en, _ = summarise(results)
        figures = (zh.direct, en.direct, zh.right, en.right)
        for column, figure in zip(columns, figures, strict=True):
            column.append(figure)
        lines.append(f"| {name} | " + " | ".join(f"{f:.3f}" for f in figures) + " |")
    spread = [100 * (max(c) - min(c)) for c in columns]
    lines.append("| spread (points) | " + " | ".join(f"{s:.1f}" for s in spread) + " |")
    return "\n".join(lines) + "\n"
