"""The project's errors: every message says what was wrong and what to do about it."""

from __future__ import annotations


class CleanerError(Exception):
    """Base of every error cleaner raises on purpose."""


class InputError(CleanerError):
    """The page could not be read (wrong type, undecodable, over a limit)."""


class LimitError(InputError):
    """The page is over a limit (size, time); the message names the limit and its option."""


class RuleFileError(CleanerError):
    """A site rule file is invalid; carries every problem found in it at once."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("\n".join(f"{file}: {problem}" for problem in problems))

    def __reduce__(self) -> tuple[type[RuleFileError], tuple[str, list[str]]]:
        """Pickle by the constructor's arguments, so the error crosses from a worker."""
        return (type(self), (self.file, self.problems))


class OptionsError(CleanerError, ValueError):
    """An Options value is impossible; the message names the option and what it accepts."""


class OutputError(CleanerError):
    """An output could not be written."""


class TimeLimitError(LimitError):
    """The page took longer than its time limit (--time-limit) and was abandoned."""


class WorkerError(CleanerError):
    """The worker process cleaning a page died (killed, out of memory, crashed)."""
