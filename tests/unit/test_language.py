import pytest

from bot.language import detect_language, is_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("你好", "zh"),
        ("洗衣机显示E4咋整", "zh"),
        ("我的washer坏了", "zh"),
        ("帮我book个师傅", "zh"),
        ("the 洗衣机 is leaking", "zh"),
        ("hello there", "en"),
        ("my WM-8012 shows E4", "en"),
        ("I bought it in 上海 last week", "en"),
        ("can't log in", "en"),
    ],
)
def test_detects_language_of_a_message(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["13812345678", "RV-K7Q2M9", "👍", "WM2304001234", "???"])
@pytest.mark.parametrize("previous", ["zh", "en"])
def test_message_without_language_signal_keeps_previous(text: str, previous: str) -> None:
    assert detect_language(text, previous) == previous  # type: ignore[arg-type]


def test_message_without_signal_and_no_history_uses_default() -> None:
    assert detect_language("12345") == "zh"


@pytest.mark.parametrize("text", ["ok", "OK", "hi", "thx", "Ok ok"])
def test_neutral_words_keep_a_chinese_conversation_chinese(text: str) -> None:
    assert detect_language(text, "zh") == "zh"


@pytest.mark.parametrize("text", ["nihao", "zrg", "xiexie"])
def test_pinyin_shorthand_is_chinese(text: str) -> None:
    assert detect_language(text, "en") == "zh"


def test_english_sentence_naming_a_chinese_term_stays_english() -> None:
    assert detect_language("what is your 三包 policy") == "en"


def test_neutral_word_starts_english_when_nothing_is_known() -> None:
    assert detect_language("hello") == "en"


def test_real_english_switches_a_chinese_conversation() -> None:
    assert detect_language("ok thanks, what about the fee", "zh") == "en"


def test_is_language() -> None:
    assert is_language("zh")
    assert is_language("en")
    assert not is_language("fr")
    assert not is_language(None)
