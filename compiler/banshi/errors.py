"""What stops a command: a problem the user can fix, and the exit status it ends in.

Every stage raises a ``BanshiError`` (or one of its kinds) for what a user caused; the command
line maps them to their exit status in one place (``banshi.cli``): 1 for a problem with the
catalog, an output or the machine, 2 for a usage error. Anything else that escapes is our bug
(exit 3).
"""

from __future__ import annotations

from banshi.i18n import _


class BanshiError(Exception):
    """A problem the user can fix; the message says what and how."""

    exit_code = 1


class UsageError(BanshiError):
    """The command was asked for something it cannot do (a flag, a region, a folder)."""

    exit_code = 2


class RequestError(UsageError):
    """A value the user gave is not usable; ``field`` names it (``date``, ``region``…), so the
    command line can name its flag."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class CatalogHasErrors(BanshiError):
    """Validation found errors: nothing is made from a catalog with errors."""

    def __init__(self, validation):
        super().__init__(_("{count} errors in the catalog").format(count=len(validation.errors)))
        self.validation = validation
