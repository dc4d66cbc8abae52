"""Pieces every command module shares: turning cleaner's errors into CLI messages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from cleaner.errors import CleanerError


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn cleaner's errors into one line on stderr and exit status 1, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CleanerError as error:
            raise click.ClickException(str(error)) from error

    return wrapper
