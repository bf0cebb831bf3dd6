"""Whether a message asks something, asks for a visit, asks how to deal with a fault.

"净水器亮E3了，是要换滤芯了吗" asks; "帮我约个师傅上门" requests. "师傅明天来修热水器，要准备
点啥" speaks of a visit, but one already arranged: it asks about something else. "空调显示E2"
names an error code, and "冰箱不制冷了怎么办" asks what to do: both want the article's
first steps, unless the customer asks for a technician as well.
"""

from __future__ import annotations

import re
from typing import Final

from bot.knowledge.text import find_error_codes, normalise
from bot.references import find_reference

__all__ = [
    "arranged_visit",
    "asks_for_visit",
    "asks_self_help",
    "asks_to_complain",
    "describes_something",
    "is_question",
    "speaks_of_booked_visit",
    "wants_new_visit",
]

_QUESTION: Final = re.compile(
    r"[?？]|吗|呢|么|怎么|如何|多少|多久|能不能|可不可以|是不是|为什么|为啥|咋|什么|啥|"
    r"哪|几|有没有|会不会|要不要|多长|多大|\S不(?=[?？。，,!！~～\s]|$)|([\u4e00-\u9fff])不\1|"
    r"(?:^|\b)(?:how|what|why|when|where|which|who|can|could|do|does|is|are|will|should|"
    r"would)\b",
    re.IGNORECASE,
)
_SELF_HELP: Final = re.compile(
    r"什么意思|啥意思|什么情况|啥情况|怎么回事|咋回事|怎么办|咋办|咋整|怎么弄|咋弄|怎么处理|"
    r"怎么解决|怎么搞|怎么修|咋修|自己.{0,4}(?:修|处理|弄|解决)|正常吗|正不正常|"
    r"\bmean(?:s)?\b|what(?:'?s| is) (?:that|this|it)\b|"
    r"what (?:should|do|can|shall) (?:i|we) do|what to do|"
    r"how (?:do|can|to|would|should) (?:i |we )?(?:fix|reset|sort|solve|clear|stop|get rid)|"
    r"(?:fix|sort|reset) (?:it|this|that) myself|is (?:that|this|it) normal",
    re.IGNORECASE,
)
_REQUESTS_VISIT: Final = re.compile(
    r"预约|约.{0,2}(?:师傅|时间|上门)|约.{0,4}来|(?:派|叫|找|请).{0,3}(?:师傅|人|工程师)|"
    r"报修|安排.{0,4}(?:师傅|维修|上门)|上门(?:维修|修|看|检查|处理)|(?:能|可以)过?来|"
    r"\bbook|appointment|\bschedul|send (?:someone|somebody|a |an |round|over|out)",
    re.IGNORECASE,
)
#: Words of a visit that ask for one unless the visit is already arranged or over.
_VISIT_WORDS: Final = re.compile(
    r"(?:师傅|人)过?来|来修|"
    r"(?:someone|somebody|technician|engineer|repairman|tech) (?:to )?(?:come|visit|out)|"
    r"come (?:out|over|round|and)",
    re.IGNORECASE,
)
#: Asking whether a visit is needed, or how visits work, rather than for one: "要不要叫
#: 师傅", "安装需要预约吗", "or do I need to send someone?", "does Mingjia send someone?".
_WHETHER_VISIT: Final = re.compile(
    r"(?:要不要|需不需要|用不用|是不是(?:得|要|需要)|还是(?:得|要|需要))(?:我|自己)?"
    r".{0,3}(?:叫|找|请|派|约|预约|报修|师傅|上门)|需要(?:提前)?预约(?:吗|不|么)|"
    r"\b(?:do|must) (?:i|we) (?:need|have) to (?:send|get|call|book)\b|"
    r"\bshould (?:i|we) (?:send|get|call|book)\b|"
    r"\bdo(?:es)? (?:you|u|your company|mingjia|the company|they)(?: guys)? send\b",
    re.IGNORECASE,
)
#: "师傅明天来修", "师傅来看了": a visit already arranged, or one that has happened.
_ARRANGED_VISIT: Final = re.compile(
    r"(?:明天|后天|今天|今晚|上午|下午|晚上|周.|礼拜.|星期.|\d+号|\d+点).{0,4}来|"
    r"来(?:过|了|看了|看过|修过|修了)"
)
#: Words about a visit already booked: moving, cancelling, checking it.
_BOOKED_VISIT: Final = re.compile(
    r"改|换个?(?:时间|日子|天|日期)|推迟|延后|提前|取消|不要了|退掉|查|进度|到哪|状态|几点到|怎么还没|"
    r"什么时候(?:到|来|上门)|单号|报修单|维修单|关了|我的预约|约的|约好的|预约成功|什么情况|怎么样了|"
    r"安排上|派单|哪个师傅|来不来|还来|"
    r"(?<![a-z])(?:reschedul\w*|cancel\w*|move|moving|postpone|status|track\w*|eta|booked|"
    r"any news|change the (?:date|time|day)|where is|when will|booking (?:ref\w*|number|no)|"
    r"when is (?:he|she|the \w+(?: guy)?) (?:actually )?coming|waiting (?:all \w+ )?for the|"
    r"(?:my|the) (?:technician |repair )?(?:visit|appointment|booking|repair order))(?![a-z])",
    re.IGNORECASE,
)
#: Asking to complain, or for compensation, in so many words.
_COMPLAINS: Final = re.compile(
    r"投诉|举报|差评|赔偿|索赔|(?<![a-z])(?:complain|complaint|complaints|compensat\w*)(?![a-z])",
    re.IGNORECASE,
)
_HAN: Final = re.compile(r"[\u4e00-\u9fff]")
_WORD: Final = re.compile(r"[a-z]+")
#: A sentence around a detail: this many Chinese characters, or this many words.
_SENTENCE_HAN: Final = 10
_SENTENCE_WORDS: Final = 6


def is_question(text: str) -> bool:
    """Whether the customer asks something (a question mark, a question word)."""
    return bool(_QUESTION.search(text))


def arranged_visit(text: str) -> bool:
    """Whether the message speaks of a visit already arranged ("师傅明天来") or over ("来过了")."""
    return bool(_ARRANGED_VISIT.search(text))


def asks_for_visit(text: str) -> bool:
    """Whether the customer explicitly asks for a technician to come.

    "师傅明天来修热水器，要准备点啥" speaks of a visit but asks about something else, and
    "要不要叫师傅来看" asks whether a visit is needed.
    """
    if _WHETHER_VISIT.search(text):
        return False
    if _REQUESTS_VISIT.search(text):
        return True
    return bool(_VISIT_WORDS.search(text)) and not arranged_visit(text)


def asks_self_help(text: str) -> bool:
    """Whether the customer names an error code or asks how to deal with a fault.

    An explicit request for a visit ("E4 again, send someone") is not a question, and
    neither is a message about a booked visit (one that gives its reference).
    """
    if asks_for_visit(text) or find_reference(text, "RV"):
        return False
    return bool(find_error_codes(normalise(text)) or _SELF_HELP.search(text))


def speaks_of_booked_visit(text: str) -> bool:
    """Whether the message is about a visit already booked ("改约", "cancel my visit")."""
    return bool(_BOOKED_VISIT.search(text)) or bool(find_reference(text, "RV"))


def wants_new_visit(text: str) -> bool:
    """Whether the customer asks for a visit, and not about one booked ("预约师傅上门")."""
    return asks_for_visit(text) and not speaks_of_booked_visit(text)


def asks_to_complain(text: str) -> bool:
    """Whether the customer says they want to complain or be compensated ("我要投诉")."""
    return bool(_COMPLAINS.search(text))


def describes_something(text: str) -> bool:
    """More than a bare detail: an error code, or a sentence around the detail.

    "the purifier says E1 since the water was cut off" describes a fault; "WM-8012" or
    "上海" only answers a question.
    """
    folded = normalise(text)
    if find_error_codes(folded):
        return True
    return (
        len(_HAN.findall(folded)) >= _SENTENCE_HAN or len(_WORD.findall(folded)) >= _SENTENCE_WORDS
    )
