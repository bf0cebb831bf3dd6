"""The login form's CSRF protection: a double-submitted random token.

Before a session exists there is no session token to tie a form to, so the login page
sets a random value in a short-lived ``SameSite=Strict`` cookie and repeats it in a
hidden field; the POST is accepted only when both are present and equal (compared in
constant time). Once logged in, forms repeat the session's own CSRF token instead.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

__all__ = [
    "FORM_FIELD",
    "FORM_TOKEN_COOKIE",
    "FORM_TOKEN_SECONDS",
    "new_form_token",
    "set_form_token",
    "tokens_match",
]

#: The cookie holding the login form's token.
FORM_TOKEN_COOKIE: Final = "console_login_csrf"  # noqa: S105 - a cookie name
#: The hidden field repeating it (also the field of the logout form).
FORM_FIELD: Final = "csrf_token"
#: How long a login form stays valid.
FORM_TOKEN_SECONDS: Final = 600
_PATH: Final = "/console"


def new_form_token() -> str:
    """A fresh random token for one login form."""
    return secrets.token_urlsafe(32)


def set_form_token(response: Response, request: Request, token: str) -> None:
    """Sets the login form's token cookie (HttpOnly, SameSite=Strict, ten minutes).

    Args:
        response: The response carrying the form.
        request: The request, to tell whether the cookie must be ``Secure``.
        token: The token the form's hidden field holds.
    """
    response.set_cookie(
        FORM_TOKEN_COOKIE,
        token,
        max_age=FORM_TOKEN_SECONDS,
        path=_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def tokens_match(expected: str | None, presented: str | None) -> bool:
    """Whether a presented token equals the expected one; both must be non-empty.

    The comparison takes the same time wherever the two differ.
    """
    if not expected or not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())
