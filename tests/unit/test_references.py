from __future__ import annotations

import re

import pytest

import bot.complaints
import bot.repairs
from bot.language import detect_language
from bot.references import (
    ALPHABET,
    COMPLAINT_PREFIX,
    PREFIXES,
    REPAIR_PREFIX,
    find_reference,
    new_reference,
    parse_reference,
)


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


@pytest.mark.parametrize(
    ("typed", "prefix", "reference"),
    [
        ("RV-7K3M9QXP", REPAIR_PREFIX, "RV-7K3M9QXP"),
        ("rv-7k3m9qxp", REPAIR_PREFIX, "RV-7K3M9QXP"),
        ("RV7K3M9QXP", REPAIR_PREFIX, "RV-7K3M9QXP"),
        ("rv 7k3m 9qxp", REPAIR_PREFIX, "RV-7K3M9QXP"),
        ("我的单号是 RV-7K3M9QXP 谢谢", REPAIR_PREFIX, "RV-7K3M9QXP"),
        ("ＲＶ－７Ｋ３Ｍ９ＱＸＰ", REPAIR_PREFIX, "RV-7K3M9QXP"),
        ("RV-0000OOOO or RV-7K3M9QXP", REPAIR_PREFIX, "RV-7K3M9QXP"),
        ("CP-7KQ3MZ2A", COMPLAINT_PREFIX, "CP-7KQ3MZ2A"),
        ("cp-7kq3mz2a", COMPLAINT_PREFIX, "CP-7KQ3MZ2A"),
        ("CP7KQ3MZ2A", COMPLAINT_PREFIX, "CP-7KQ3MZ2A"),
        ("cp 7kq3 mz2a", COMPLAINT_PREFIX, "CP-7KQ3MZ2A"),
        (" 7KQ3-MZ2A ", COMPLAINT_PREFIX, "CP-7KQ3MZ2A"),
        ("ＣＰ－７ＫＱ３ＭＺ２Ａ", COMPLAINT_PREFIX, "CP-7KQ3MZ2A"),
        ("CP-UUUU2345", COMPLAINT_PREFIX, "CP-UUUU2345"),  # made when U was drawn
    ],
)
def test_references_are_read_in_any_form(typed: str, prefix: str, reference: str) -> None:
    assert parse_reference(typed, prefix) == reference


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [
        ("", REPAIR_PREFIX),
        ("RV-7K3M9QX", REPAIR_PREFIX),
        ("RV-7K3M9QXPZ", REPAIR_PREFIX),
        ("RV-0000OOOO", REPAIR_PREFIX),
        ("XV-7K3M9QXP", REPAIR_PREFIX),
        ("CP-7KQ3MZ2A", REPAIR_PREFIX),
        ("", COMPLAINT_PREFIX),
        ("CP-7KQ3MZ2", COMPLAINT_PREFIX),
        ("CP-7KQ3MZ2AB", COMPLAINT_PREFIX),
        ("CP-0KQ3MZ2A", COMPLAINT_PREFIX),
        ("XX-7KQ3MZ2A", COMPLAINT_PREFIX),
    ],
)
def test_other_text_is_not_a_reference(typed: str, prefix: str) -> None:
    assert parse_reference(typed, prefix) is None


@pytest.mark.parametrize(
    ("text", "prefix", "found"),
    [
        ("my booking is rv 7k3m9qxp", "RV", "RV-7K3M9QXP"),
        ("RV-7K3M-9QXP please", "RV", "RV-7K3M9QXP"),
        ("单号RV_7K3M9QXP", "RV", "RV-7K3M9QXP"),
        ("RV-0000OOOO", "RV", "RV-0000OOOO"),
        ("cp-7kq3mz2a", "CP", "CP-7KQ3MZ2A"),
        ("CP-7KQ3MZ2A", "RV", None),
        ("RV-7K3M9QX", "RV", None),
        ("XRV-7K3M9QXP", "RV", None),
        ("", "CP", None),
    ],
)
def test_references_are_found_in_messages(text: str, prefix: str, found: str | None) -> None:
    assert find_reference(text, prefix) == found


@pytest.mark.parametrize("text", ["RV-7K3M9QXP", "cp 2b8f-4kks", "rv7k3m9qxp"])
def test_a_reference_says_nothing_of_language(text: str) -> None:
    assert detect_language(text, "zh") == "zh"
    assert detect_language(text, "en") == "en"


def test_the_domains_keep_their_names() -> None:
    assert bot.repairs.new_reference().startswith("RV-")
    assert bot.repairs.normalise_reference("rv 7k3m 9qxp") == "RV-7K3M9QXP"
    assert bot.complaints.new_reference().startswith("CP-")
    assert bot.complaints.parse_reference("7kq3mz2a") == "CP-7KQ3MZ2A"
    assert bot.complaints.REFERENCE_ALPHABET == ALPHABET
    assert bot.complaints.REFERENCE_PREFIX == "CP-"
