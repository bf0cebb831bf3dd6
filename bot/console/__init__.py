"""The agents' console under ``/console``: server-rendered pages, one script, one style.

The gateway includes :data:`router` and serves :data:`STATIC_DIR` at
``/console/static``.
"""

from bot.console.rendering import STATIC_DIR, TEMPLATES_DIR
from bot.console.routes import router

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "router"]
