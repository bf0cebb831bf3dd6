"""Table-driven tests: a module lists what its functions give for each input in one table.

A table is made of :func:`reads` groups, one per function, and checked by one test::

    @pytest.mark.parametrize(READS, [*reads(model_like, ("WM 8012", "wm-8012")), ...])
    def test_details_are_read(function: Function, arguments: Arguments, expected: object) -> None:
        check(function, arguments, expected)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

__all__ = ["READS", "Arguments", "Function", "check", "reads"]

#: The parameter names of a table-driven test.
READS = ("function", "arguments", "expected")

#: A function under test, and the arguments of one row.
Function = Callable[..., object]
Arguments = tuple[Any, ...]


def reads(function: Function, *rows: tuple[Any, ...], name: str = "") -> list[pytest.ParameterSet]:
    """One case a row: ``function(*row[:-1])`` gives ``row[-1]``.

    Each case is named after the function (or ``name``) and its first argument.
    """
    label = name or function.__name__
    return [
        pytest.param(function, row[:-1], row[-1], id=f"{label}-{str(row[0])[:40]}") for row in rows
    ]


def check(function: Function, arguments: Arguments, expected: object) -> None:
    """``function(*arguments)`` equals ``expected`` and is of its type: ``1`` is not ``True``."""
    result = function(*arguments)
    assert result == expected
    assert type(result) is type(expected)
