import pytest

from bot.language import Language, detect_language, is_language
from tests.unit.tables import READS, Arguments, Function, check, reads

#: Messages with no sign of a language: numbers, references, emoji, serials, punctuation.
NO_SIGNAL = ["13812345678", "RV-K7Q2M9", "👍", "WM2304001234", "???"]


def said_after(previous: Language, detected: Language, *texts: str) -> list[pytest.ParameterSet]:
    """Each of ``texts``, said in a conversation so far in ``previous``, is in ``detected``."""
    return reads(detect_language, *((text, previous, detected) for text in texts))


@pytest.mark.parametrize(
    READS,
    [
        *reads(
            detect_language,
            ("你好", "zh"),
            ("洗衣机显示E4咋整", "zh"),
            ("我的washer坏了", "zh"),
            ("帮我book个师傅", "zh"),
            ("the 洗衣机 is leaking", "zh"),
            ("hello there", "en"),
            ("my WM-8012 shows E4", "en"),
            ("I bought it in 上海 last week", "en"),
            ("can't log in", "en"),
            # No language signal and no history: the default.
            ("12345", "zh"),
            # An English sentence naming a Chinese term stays English.
            ("what is your 三包 policy", "en"),
            # A neutral word starts English when nothing is known.
            ("hello", "en"),
        ),
        # A message without a language signal keeps the previous language.
        *said_after("zh", "zh", *NO_SIGNAL),
        *said_after("en", "en", *NO_SIGNAL),
        # Neutral words keep a Chinese conversation Chinese.
        *said_after("zh", "zh", "ok", "OK", "hi", "thx", "Ok ok"),
        # Pinyin shorthand is Chinese.
        *said_after("en", "zh", "nihao", "zrg", "xiexie"),
        # Real English switches a Chinese conversation.
        *said_after("zh", "en", "ok thanks, what about the fee"),
        *reads(is_language, ("zh", True), ("en", True), ("fr", False), (None, False)),
    ],
)
def test_languages_are_detected(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)
