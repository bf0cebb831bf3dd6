"""Signals in a customer message that change who answers: anger, "never mind", commands.

* :func:`is_hostile`: anger, an insult or an accusation aimed at us ("垃圾客服",
  "你们是骗子吧", "坑人", "are you scammers", "this is a joke", "useless bot"). One such
  message gets an apology; a second one within the last few messages hands the
  conversation to a person (:mod:`bot.handoff.triggers`). Swearing about the appliance
  counts too: the customer is angry either way.
* :func:`changes_mind`: the customer no longer wants a person ("算了", "不用了",
  "never mind"): a waiting conversation goes back to the bot. Only short messages
  count, so "算了吧我还是想问一下E4" is a question, not a cancellation.
* :func:`command`: typed commands every channel shares: ``/human`` (also ``/人工``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final

__all__ = ["HUMAN_COMMANDS", "changes_mind", "command", "is_hostile"]

_HOSTILE: Final = (
    r"垃圾(?!处理|桶|袋|分类)",
    r"骗子",
    r"骗人",
    r"骗钱",
    r"被骗",
    r"欺骗",
    r"忽悠",
    r"奸商",
    r"黑心",
    r"无良",
    r"坑人",
    r"坑爹",
    r"坑(?:我|钱)",
    r"被坑",
    r"太坑",
    r"耍(?:我|人)",
    r"流氓",
    r"混蛋",
    r"什么玩意",
    r"智障",
    r"弱智",
    r"傻[逼比x×b]",
    r"sb(?![a-z])",
    r"废物",
    r"滚(?:蛋|开|吧)",
    r"给我滚",
    r"去死",
    r"他妈",
    r"tmd",
    r"妈的",
    r"气死",
    r"无语死了",
    r"什么破",
    r"破玩意",
    r"太差劲",
    r"(?<![a-z])(?:scam(?:mers?|s|ming|med)?|frauds?|rip[\s-]*off|idiots?|stupid|useless|pathetic|"
    r"ridiculous|rubbish|garbage|crap|(?:bull)?shit(?:ty)?|fuck(?:ing|ed|ers?)?|wtf|damn|hopeless|"
    r"cheat(?:s|ers?|ing|ed)?|liars?|crooks?|con[\s-]?artists?|bastards?|assholes?|"
    r"disgrace(?:ful)?|shame on you)(?![a-z])",
    # "this is a joke", "what a joke company": mockery, not a request for one.
    r"(?<![a-z])(?:this is|that's|it's|what|is this|you are|you're|such)\s+a\s+joke",
)
_NEVER_MIND: Final = (
    r"算了(?:吧|啦)?",
    r"不用了(?:吧|谢谢)?",
    r"不需要了",
    r"不找人工了",
    r"不转了",
    r"不要人工了",
    r"我自己(?:看看|来)(?:吧)?",
    r"取消(?:转接)?",
    r"never ?mind",
    r"nevermind",
    r"forget (?:it|that)",
    r"no need(?: any ?more)?",
    r"cancel(?: that| it| the request)?",
    r"i(?:'| a)?m (?:ok|fine|good) now",
    r"back to the bot",
)
# "算了" after more than a few words is part of something else.
_MAX_NEVER_MIND_LENGTH: Final = 24
_PUNCTUATION: Final = re.compile(r"[\s,.!?;:~，。！？；：～、…]+")

HUMAN_COMMANDS: Final = ("/human", "/人工")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


@cache
def _hostile_pattern() -> re.Pattern[str]:
    return re.compile("|".join(_HOSTILE))


@cache
def _never_mind_pattern() -> re.Pattern[str]:
    polite = r"(?:\s*(?:谢谢|谢了|thanks|thank you|thx))?"
    return re.compile(
        rf"(?:(?:ok|okay|好吧|好的|那|那就|oh|哦)\s*)?(?:{'|'.join(_NEVER_MIND)}){polite}"
    )


def is_hostile(text: str) -> bool:
    """Tells whether the message is angry or insulting."""
    return _hostile_pattern().search(_fold(text)) is not None


def changes_mind(text: str) -> bool:
    """Tells whether the (short) message takes back a request for a person."""
    folded = _PUNCTUATION.sub(" ", _fold(text)).strip()
    if not folded or len(folded) > _MAX_NEVER_MIND_LENGTH:
        return False
    return _never_mind_pattern().fullmatch(folded) is not None


def command(text: str) -> str | None:
    """Returns the channel-independent command the message is, if it is one.

    Returns:
        ``"human"`` for a request for a person, or ``None``.
    """
    return "human" if _fold(text) in HUMAN_COMMANDS else None
