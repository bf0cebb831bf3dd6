from __future__ import annotations

import logging

import pytest

from bot.log_privacy import PersonalDataFilter, redact


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        ("booking for 13912345678 at 10:00", "booking for +*********5678 at 10:00"),
        ("callback to +86 139-1234-5678", "callback to +*********5678"),
        (
            '"GET /api/v1/conversations/abc/stream?token=9KSOvW7w-zNX&after=0 HTTP/1.1" 200',
            '"GET /api/v1/conversations/abc/stream?token=***&after=0 HTTP/1.1" 200',
        ),
        (
            "reference RV-7K3M9Q2X, serial WM2506000103",
            "reference RV-7K3M9Q2X, serial WM2506000103",
        ),
        ("order 20261203001 took 1234567 ms", "order 20261203001 took 1234567 ms"),
    ],
)
def test_redact(line: str, logged: str) -> None:
    assert redact(line) == logged


def test_the_filter_rewrites_formatted_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.privacy")
    caplog.handler.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="tests.privacy"):
        logger.info("customer %s asked for %s", "13912345678", "a callback")
    assert caplog.messages == ["customer +*********5678 asked for a callback"]
