import pytest

from bot.language import detect_language, is_language
from tests.unit.tables import READS, Arguments, Function, check, reads

#: Messages with no sign of a language: numbers, references, emoji, serials, punctuation.
NO_SIGNAL = ["13812345678", "RV-K7Q2M9", "👍", "WM2304001234", "???"]


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
        *reads(
            detect_language,
            *((text, previous, previous) for text in NO_SIGNAL for previous in ("zh", "en")),
        ),
        *reads(
            detect_language,
            # Neutral words keep a Chinese conversation Chinese.
            ("ok", "zh", "zh"),
            ("OK", "zh", "zh"),
            ("hi", "zh", "zh"),
            ("thx", "zh", "zh"),
            ("Ok ok", "zh", "zh"),
            # Pinyin shorthand is Chinese.
            ("nihao", "en", "zh"),
            ("zrg", "en", "zh"),
            ("xiexie", "en", "zh"),
            # Real English switches a Chinese conversation.
            ("ok thanks, what about the fee", "zh", "en"),
        ),
        *reads(is_language, ("zh", True), ("en", True), ("fr", False), (None, False)),
    ],
)
def test_languages_are_detected(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)
