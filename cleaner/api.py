"""The Python twin of the CLI: normalise arguments -> Options -> pipeline -> text."""

from __future__ import annotations

import threading

from cleaner.batch.pool import call
from cleaner.batch.runner import time_limit, warm_up
from cleaner.batch.workers import Job
from cleaner.errors import OptionsError
from cleaner.options import Options
from cleaner.output.render import render
from cleaner.page import Result
from cleaner.pipeline import clean_page as _clean_page


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
    result = _limited(page, chosen, blocks=chosen.output_format != "txt")
    return render(result, chosen.output_format)


def clean_page(page: str | bytes, url: str | None = None, options: Options | None = None) -> Result:
    """Like `clean`, but return the whole Result: blocks with reasons, title, rule, language."""
    return _limited(page, _with_url(options or Options(), url), blocks=True)


def _limited(page: str | bytes, options: Options, blocks: bool) -> Result:
    """Clean the page under options.time_limit, wherever the caller is.

    In the main thread the page is cleaned here, as fast as can be, and SIGALRM stops
    Python code at the limit. In any other thread no timer can reach the page, so it is
    cleaned in this thread's supervised worker process, which is killed at the limit
    whatever code it is in; its errors are raised here as they would be in-process.
    """
    if options.time_limit <= 0 or threading.current_thread() is threading.main_thread():
        return _clean_here(page, options, blocks)
    ok, value = call(Job(_clean_here, (options, blocks), warm_up), page, options.time_limit)
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _clean_here(page: str | bytes, options: Options, blocks: bool) -> Result:
    """The pipeline in this process, under the SIGALRM limit where one can run."""
    with time_limit(options.time_limit):
        return _clean_page(page, options, blocks=blocks)


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
    return options.with_url(url)
