"""The widget's files and the demo host page.

* ``GET /widget.js``: the widget, one plain script. Its labels come from the text
  catalogue (``bot/texts/widget.yml``), written into the script as it is served, so the
  file itself holds no customer-facing sentence.
* ``GET /widget.css``: the widget's style (loaded by the script into its shadow root).
* ``GET /``: a fictional maker's support page (Mingjia Appliances) that embeds the
  widget with its one script tag; ``?lang=en`` shows it in English.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Query, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import FileResponse, HTMLResponse, Response

from bot.texts import concern

__all__ = ["DEMO_SECURITY_HEADERS", "STATIC_DIR", "TEMPLATES_DIR", "router", "widget_script"]

_HERE: Final = Path(__file__).parent
STATIC_DIR: Final = _HERE / "static"
TEMPLATES_DIR: Final = _HERE / "templates"
#: Where the script takes its labels; the served file has the catalogue here.
TEXTS_MARKER: Final = "/* catalogue */ {}"
#: The demo page runs only its own files.
DEMO_SECURITY_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
#: Embedding pages may load the widget's files from the gateway.
_ASSET_HEADERS: Final = {
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "cross-origin",
}

router = APIRouter(include_in_schema=False)


@cache
def _templates() -> Jinja2Templates:
    return Jinja2Templates(directory=TEMPLATES_DIR)


@cache
def widget_script() -> str:
    """The widget's script with its labels in both languages (read once)."""
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    if TEXTS_MARKER not in source:
        raise RuntimeError(f"widget.js has no {TEXTS_MARKER!r} for its labels")
    entries = concern("widget")
    labels = {
        language: {
            key.removeprefix("widget_"): getattr(text, language) for key, text in entries.items()
        }
        for language in ("zh", "en")
    }
    return source.replace(TEXTS_MARKER, json.dumps(labels, ensure_ascii=True, sort_keys=True), 1)


@router.get("/widget.js")
def script() -> Response:
    """The widget's script."""
    return Response(
        widget_script(), media_type="text/javascript; charset=utf-8", headers=_ASSET_HEADERS
    )


@router.get("/widget.css")
def style() -> FileResponse:
    """The widget's style."""
    return FileResponse(STATIC_DIR / "widget.css", media_type="text/css", headers=_ASSET_HEADERS)


@router.get("/demo.css")
def demo_style() -> FileResponse:
    """The demo page's own style."""
    return FileResponse(STATIC_DIR / "demo.css", media_type="text/css", headers=_ASSET_HEADERS)


@router.get("/", response_class=HTMLResponse)
def demo_page(
    request: Request, lang: Annotated[Literal["zh", "en"], Query()] = "zh"
) -> HTMLResponse:
    """The fictional maker's support page, with the widget's one script tag."""
    return _templates().TemplateResponse(
        request, "demo.html", {"lang": lang, "zh": lang == "zh"}, headers=DEMO_SECURITY_HEADERS
    )
