"""The ranker learns which article customers' words point to."""

from __future__ import annotations

import math

import pytest

from bot.knowledge.ranker import Ranker

EXAMPLES = [
    ("not-cooling", ["fridge", "warm", "~not_cooling"]),
    ("not-cooling", ["fridge", "food", "off", "~not_cooling"]),
    ("noise", ["fridge", "loud", "hum"]),
    ("noise", ["buzz", "night", "loud"]),
    ("fee", ["cost", "visit"]),
]


@pytest.fixture
def ranker() -> Ranker:
    return Ranker(EXAMPLES)


def test_the_posterior_is_a_distribution_over_every_article(ranker: Ranker) -> None:
    posterior = ranker.posterior(["fridge", "loud"])
    assert set(posterior) == set(ranker.labels) == {"not-cooling", "noise", "fee"}
    assert math.isclose(sum(posterior.values()), 1.0)


@pytest.mark.parametrize(
    ("terms", "likeliest"),
    [
        (["~not_cooling"], "not-cooling"),
        (["fridge", "warm"], "not-cooling"),
        (["loud", "night"], "noise"),
        (["fridge", "hum"], "noise"),
        (["visit", "cost"], "fee"),
    ],
)
def test_the_words_seen_with_an_article_point_to_it(
    ranker: Ranker, terms: list[str], likeliest: str
) -> None:
    posterior = ranker.posterior(terms)
    assert max(posterior, key=posterior.__getitem__) == likeliest


def test_the_posterior_can_be_limited_to_some_articles(ranker: Ranker) -> None:
    posterior = ranker.posterior(["fridge", "loud"], among={"not-cooling", "fee"})
    assert set(posterior) == {"not-cooling", "fee"}
    assert math.isclose(sum(posterior.values()), 1.0)
    assert posterior["not-cooling"] > posterior["fee"]


def test_unknown_words_say_nothing(ranker: Ranker) -> None:
    assert ranker.posterior(["loud", "zzz", "qqq"]) == ranker.posterior(["loud"])
    uniform = ranker.posterior(["zzz"])
    assert all(math.isclose(p, 1 / 3) for p in uniform.values())


def test_a_term_counts_once_per_example() -> None:
    once = Ranker([("a", ["x"]), ("b", ["y"])])
    repeated = Ranker([("a", ["x", "x", "x"]), ("b", ["y"])])
    assert once.posterior(["x"]) == repeated.posterior(["x"])


def test_nothing_learnt_gives_no_posterior() -> None:
    assert Ranker([]).posterior(["x"]) == {}
