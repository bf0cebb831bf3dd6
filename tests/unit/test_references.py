from __future__ import annotations

import re

import pytest

from bot.language import detect_language
from bot.references import (
    ALPHABET,
    COMPLAINT_PREFIX,
    PREFIXES,
    REPAIR_PREFIX,
    find_reference,
    new_complaint_reference,
    new_reference,
    new_repair_reference,
    parse_complaint_reference,
    parse_reference,
    parse_repair_reference,
)
from tests.unit.tables import READS, Arguments, Function, check, reads


@pytest.mark.parametrize("prefix", PREFIXES)
def test_new_references_have_the_format_and_differ(prefix: str) -> None:
    references = {new_reference(prefix) for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        assert re.fullmatch(rf"{prefix}-[{ALPHABET}]{{8}}", reference)
        assert parse_reference(reference, prefix) == reference


def test_the_alphabet_has_no_ambiguous_characters() -> None:
    assert not set("0O1ILU") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 30


def typed_as(prefix: str, reference: str | None, *typed: str) -> list[pytest.ParameterSet]:
    """Each of ``typed`` is read as ``reference`` (``None``: as no reference) of ``prefix``."""
    return reads(parse_reference, *((text, prefix, reference) for text in typed))


@pytest.mark.parametrize(
    READS,
    [
        # References are read in any form...
        *typed_as(
            REPAIR_PREFIX,
            "RV-7K3M9QXP",
            "RV-7K3M9QXP",
            "rv-7k3m9qxp",
            "RV7K3M9QXP",
            "rv 7k3m 9qxp",
            "我的单号是 RV-7K3M9QXP 谢谢",
            "ＲＶ－７Ｋ３Ｍ９ＱＸＰ",
            "RV-0000OOOO or RV-7K3M9QXP",
        ),
        *typed_as(
            COMPLAINT_PREFIX,
            "CP-7KQ3MZ2A",
            "CP-7KQ3MZ2A",
            "cp-7kq3mz2a",
            "CP7KQ3MZ2A",
            "cp 7kq3 mz2a",
            " 7KQ3-MZ2A ",
            "ＣＰ－７ＫＱ３ＭＺ２Ａ",
        ),
        *typed_as(COMPLAINT_PREFIX, "CP-UUUU2345", "CP-UUUU2345"),  # made when U was drawn
        # ...and other text is not a reference.
        *typed_as(
            REPAIR_PREFIX,
            None,
            "",
            "RV-7K3M9QX",
            "RV-7K3M9QXPZ",
            "RV-0000OOOO",
            "XV-7K3M9QXP",
            "CP-7KQ3MZ2A",
        ),
        *typed_as(
            COMPLAINT_PREFIX, None, "", "CP-7KQ3MZ2", "CP-7KQ3MZ2AB", "CP-0KQ3MZ2A", "XX-7KQ3MZ2A"
        ),
        # References are found in messages.
        *reads(
            find_reference,
            ("my booking is rv 7k3m9qxp", "RV", "RV-7K3M9QXP"),
            ("RV-7K3M-9QXP please", "RV", "RV-7K3M9QXP"),
            ("单号RV_7K3M9QXP", "RV", "RV-7K3M9QXP"),
            ("RV-0000OOOO", "RV", "RV-0000OOOO"),
            ("cp-7kq3mz2a", "CP", "CP-7KQ3MZ2A"),
            ("CP-7KQ3MZ2A", "RV", None),
            ("RV-7K3M9QX", "RV", None),
            ("XRV-7K3M9QXP", "RV", None),
            ("", "CP", None),
        ),
        # A reference says nothing of language.
        *reads(
            detect_language,
            *(
                (text, language, language)
                for text in ["RV-7K3M9QXP", "cp 2b8f-4kks", "rv7k3m9qxp"]
                for language in ("zh", "en")
            ),
        ),
    ],
)
def test_references_are_read(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)


def test_each_domain_has_its_prefix() -> None:
    assert new_repair_reference().startswith("RV-")
    assert parse_repair_reference("rv 7k3m 9qxp") == "RV-7K3M9QXP"
    assert new_complaint_reference().startswith("CP-")
    assert parse_complaint_reference("7kq3mz2a") == "CP-7KQ3MZ2A"
    assert all(c in ALPHABET for c in new_complaint_reference()[3:])
