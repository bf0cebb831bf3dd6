from __future__ import annotations

import re

import pytest

from bot.complaints import REFERENCE_ALPHABET, new_reference, parse_reference


def test_new_references_have_the_format_and_differ() -> None:
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        assert re.fullmatch(r"CP-[A-HJKMNP-Z2-9]{8}", reference)


def test_the_alphabet_has_no_ambiguous_characters() -> None:
    assert not set("0O1IL") & set(REFERENCE_ALPHABET)
    assert len(set(REFERENCE_ALPHABET)) == len(REFERENCE_ALPHABET) == 31


@pytest.mark.parametrize(
    "typed",
    [
        "CP-7KQ3MZ2A",
        "cp-7kq3mz2a",
        "CP7KQ3MZ2A",
        "cp 7kq3 mz2a",
        " 7KQ3-MZ2A ",
        "ＣＰ－７ＫＱ３ＭＺ２Ａ",
    ],
)
def test_sloppy_references_are_read(typed: str) -> None:
    assert parse_reference(typed) == "CP-7KQ3MZ2A"


@pytest.mark.parametrize("typed", ["", "CP-7KQ3MZ2", "CP-7KQ3MZ2AB", "CP-0KQ3MZ2A", "XX-7KQ3MZ2A"])
def test_other_text_is_not_a_reference(typed: str) -> None:
    assert parse_reference(typed) is None
