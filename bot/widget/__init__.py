"""The web chat widget: one script tag adds a chat bubble and panel to any web page.

The gateway includes :data:`router` (``/widget.js``, ``/widget.css`` and the demo host
page ``/``) and wraps the application in :class:`WidgetOriginMiddleware`, which lets the
sites listed in ``ASSISTANT_WIDGET_ORIGINS`` use the conversation API and refuses others.
"""

from bot.widget.origins import WidgetOriginMiddleware
from bot.widget.routes import router

__all__ = ["WidgetOriginMiddleware", "router"]
