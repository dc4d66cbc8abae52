"""The Python twin of the CLI: normalise arguments -> Options -> pipeline -> text."""

from __future__ import annotations

from dataclasses import replace

from cleaner.batch import time_limit
from cleaner.errors import OptionsError
from cleaner.model import Result
from cleaner.options import Options
from cleaner.pipeline import clean_page as _clean_page
from cleaner.render import render


def clean(page: str | bytes, url: str | None = None, options: Options | None = None) -> str:
    """Return the article text of a page, in the form of GOLDEN.md.

    Args:
        page: Raw HTML or already-scraped text, as str or bytes (bytes are decoded by
            BOM, declared charset, then detection).
        url: The page's URL, used to pick a site rule; found in the page when omitted.
        options: Further choices (format, rules, language, limits); defaults when omitted.

    Returns:
        The kept blocks in page order, one blank line apart, ending in one newline; ""
        when nothing on the page is article text.

    Raises:
        InputError: The page is not str/bytes or cannot be read.
        LimitError: The page is over a limit (max_bytes, max_elements, time_limit).

    """
    chosen = _with_url(options or Options(), url)
    with time_limit(chosen.time_limit):
        result = _clean_page(page, chosen, blocks=chosen.output_format != "txt")
    return render(result, chosen.output_format)


def clean_page(page: str | bytes, url: str | None = None, options: Options | None = None) -> Result:
    """Like `clean`, but return the whole Result: blocks with reasons, title, rule, language."""
    chosen = _with_url(options or Options(), url)
    with time_limit(chosen.time_limit):
        return _clean_page(page, chosen)


def _with_url(options: Options, url: str | None) -> Options:
    """The options with the URL in them; a non-string URL is refused with advice.

    `clean(page, Options(...))` is an easy slip (options is the third argument): say so
    instead of failing later inside rule matching.
    """
    if url is None:
        return options
    if isinstance(url, Options):
        raise OptionsError("the second argument is the URL: pass options as options=Options(...)")
    if not isinstance(url, str):
        raise OptionsError(f"url must be a string, not {type(url).__name__}")
    return replace(options, url=url)
