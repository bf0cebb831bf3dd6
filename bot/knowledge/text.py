"""Text normalisation and tokens for retrieval in Chinese, English and mixed text."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final

__all__ = ["english_word", "find_error_codes", "normalise", "normalise_model_codes", "tokens"]

_MODEL_CODE = re.compile(r"(?<![a-z0-9])(wm|rf|ac|wh|wp)\s*[-_ ]?\s*(\d{3,4})([a-z]?)(?![0-9])")
_ERROR_CODE = re.compile(r"(?<![a-z0-9])([efhp]\d{1,2})(?![0-9a-z])")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ZH_STOP: Final = frozenset(
    (
        "的 了 吗 呢 啊 吧 呀 哦 哈 嘛 么 我 我的 我家 你 你们 您 是 在 有 和 就 都 也 还 "
        "这 那 个 一下 请问 请 能 可以 要 想"
    ).split()
)
_EN_STOP: Final = frozenset(
    (
        "a an the my your our is are was were be been am i me we you it its this that "
        "to of in on at for from with and or do does did can could would should will "
        "please hi hello there just get got have has had any some so if then than"
    ).split()
)


#: Slips customers make typing with pinyin input (a homophone picked by mistake),
#: written the way the knowledge base writes them.
_ZH_SLIPS: Final = {
    "冰相": "冰箱",
    "冰厢": "冰箱",
    "虑芯": "滤芯",
    "滤心": "滤芯",
    "虑心": "滤芯",
    "热水气": "热水器",
    "洗衣几": "洗衣机",
    "空掉": "空调",
    "保休": "保修",
    "报休": "报修",
    "维休": "维修",
    "上门废": "上门费",
    "维修废": "维修费",
    "检测废": "检测费",
    "人工废": "人工费",
    "工时废": "工时费",
}
#: American spellings of words the knowledge base writes in British English.
_EN_SPELLINGS: Final = {"labor": "labour", "color": "colour", "odor": "odour", "center": "centre"}
_MENDS: Final = {**_ZH_SLIPS, **_EN_SPELLINGS}
_SLIP: Final = re.compile(
    "|".join(map(re.escape, _ZH_SLIPS)) + "|" + r"\b(?:" + "|".join(_EN_SPELLINGS) + r")\b"
)


def normalise(text: str) -> str:
    """Lower-cases, folds full-width characters, mends common slips, tidies model codes."""
    folded = unicodedata.normalize("NFKC", text).lower()
    mended = _SLIP.sub(lambda m: _MENDS[m.group(0)], folded)
    return normalise_model_codes(mended)


def normalise_model_codes(text: str) -> str:
    """Writes model codes one way: ``wm8012``, ``WM 8012`` → ``wm-8012`` (lower case)."""
    return _MODEL_CODE.sub(lambda m: f"{m.group(1)}-{m.group(2)}{m.group(3)}", text)


def find_error_codes(text: str) -> list[str]:
    """Returns error codes (``e4``, ``f21``) in normalised text."""
    return _ERROR_CODE.findall(text)


@cache
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def english_word(word: str) -> str:
    """Folds inflections so that "installed", "installing" and "installs" meet.

    A noun in "-ation" meets its verb: "relocation" is "relocate", "installation" is
    "install".
    """
    if word.endswith("ations"):
        word = word[:-1]
    if len(word) > 7 and word.endswith("ation"):
        return word[:-5] if word[:-5].endswith("ll") else word[:-3]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ied"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Splits normalised text into retrieval tokens.

    Chinese runs give Jieba words plus character bigrams (robust to different
    segmentations); Latin text gives words (light plural folding) and codes.
    """
    jieba = _jieba()
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        out += [w for w in jieba.lcut(run) if w not in _ZH_STOP]  # type: ignore[attr-defined]
        out += [run[i : i + 2] for i in range(len(run) - 1)]
    latin = _HAN_RUN.sub(" ", text)
    out += [english_word(w) for w in _LATIN.findall(latin) if w not in _EN_STOP]
    return out
