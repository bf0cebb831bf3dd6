"""Domain exceptions of complaints; callers map them to messages or exit codes."""

from bot.phone import InvalidPhone

__all__ = [
    "ComplaintClosed",
    "ComplaintNotFound",
    "ComplaintNotResolved",
    "ComplaintsError",
    "InvalidCategory",
    "InvalidComplaintPhone",
    "InvalidDescription",
    "InvalidLanguage",
    "InvalidNote",
    "InvalidPhone",
    "InvalidRating",
    "InvalidStatus",
    "ReferenceUnavailable",
    "ResolutionRequired",
]


class ComplaintsError(Exception):
    """Base class of every complaints error."""


class InvalidCategory(ComplaintsError):  # noqa: N818 - names fixed by the API
    """The category is not one of ``CATEGORIES``."""


class InvalidDescription(ComplaintsError):  # noqa: N818 - names fixed by the API
    """The customer's text is empty or longer than 2,000 characters."""


class InvalidLanguage(ComplaintsError):  # noqa: N818 - names fixed by the API
    """The language is neither ``zh`` nor ``en``."""


class InvalidComplaintPhone(ComplaintsError, InvalidPhone):  # noqa: N818 - names fixed by the API
    """The phone number is not a valid mainland mobile or international number.

    Both a :class:`ComplaintsError` and the one :class:`bot.phone.InvalidPhone`.
    """


class InvalidNote(ComplaintsError):  # noqa: N818 - names fixed by the API
    """An agent's note, owner or resolution is empty or too long."""


class InvalidStatus(ComplaintsError):  # noqa: N818 - names fixed by the API
    """The status cannot be set this way (agents set ``in_progress`` or ``resolved``)."""


class InvalidRating(ComplaintsError):  # noqa: N818 - names fixed by the API
    """A satisfaction rating must be a whole number from 1 to 5."""


class ComplaintNotFound(ComplaintsError):  # noqa: N818 - names fixed by the API
    """No complaint has this reference (or the phone does not match it)."""


class ComplaintClosed(ComplaintsError):  # noqa: N818 - names fixed by the API
    """The complaint is resolved and takes no more information or status changes."""


class ComplaintNotResolved(ComplaintsError):  # noqa: N818 - names fixed by the API
    """Feedback is asked for only once the complaint is resolved."""


class ResolutionRequired(ComplaintsError):  # noqa: N818 - names fixed by the API
    """A complaint cannot be resolved without saying how."""


class ReferenceUnavailable(ComplaintsError):  # noqa: N818 - names fixed by the API
    """No free reference was found after several attempts (should never happen)."""
