"""The Telegram channel: a bot on python-telegram-bot, by long polling or webhook.

Customers talk in a Telegram chat; each chat is one conversation (channel ``telegram``)
of the same conversation service the web and the API use. The modules:

* :mod:`~bot.telegram.models`: chats, handled updates, delivery cursors.
* :mod:`~bot.telegram.claims`: every update handled once.
* :mod:`~bot.telegram.chats`: a chat's conversation and language.
* :mod:`~bot.telegram.bridge`: our messages and buttons as Telegram messages.
* :mod:`~bot.telegram.handlers`: what each update does.
* :mod:`~bot.telegram.outbox`: the conversation delivered to the chat, in order, once.
* :mod:`~bot.telegram.application`: the wiring, and ``python -m bot telegram``.
* :mod:`~bot.telegram.webhook`: ``POST /telegram/webhook`` on the gateway.

Nothing is imported here, so the gateway loads python-telegram-bot only when Telegram
is configured.
"""

__all__: list[str] = []
