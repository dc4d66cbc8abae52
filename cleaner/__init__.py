"""cleaner: give back the article text of a web page, HTML or already-scraped text.

The public surface is what `__all__` lists; everything else is internal.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from cleaner.api import clean, clean_page
from cleaner.batch.runner import Item, clean_many
from cleaner.errors import (
    CleanerError,
    InputError,
    LimitError,
    OptionsError,
    OutputError,
    RuleFileError,
)
from cleaner.options import Options, Tuning
from cleaner.page import Block, BlockKind, Decision, Quality, Result, Verdict
from cleaner.reasons import Cause

try:
    __version__ = version("cleaner-text")  # the distribution's name (pyproject.toml)
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "Block",
    "BlockKind",
    "Cause",
    "CleanerError",
    "Decision",
    "InputError",
    "Item",
    "LimitError",
    "Options",
    "OptionsError",
    "OutputError",
    "Quality",
    "Result",
    "RuleFileError",
    "Tuning",
    "Verdict",
    "__version__",
    "clean",
    "clean_many",
    "clean_page",
]
