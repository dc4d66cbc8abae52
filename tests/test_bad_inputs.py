"""The bad-input corpus (tests/bad_inputs.py): text or a documented error, in bounded time
and memory, never another exception."""

from __future__ import annotations

import resource
import time

import pytest

from cleaner import CleanerError, clean
from tests.bad_inputs import CASES

# Generous bounds for a slow CI machine; the figures measured here are far below them.
MAX_SECONDS = 60
MAX_RSS_MB = 3000

EXPECTED_ERRORS = {
    "nul-bytes": "binary",
    "png": "PNG image",
    "pdf": "PDF document",
    "zip": "ZIP archive",
    "gzip-bomb": "inflates past the size limit",
    "tiny-elements-2m": "more than 1,000,000 elements",
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name: str) -> None:
    page = CASES[name]()
    start = time.monotonic()
    try:
        text = clean(page)
    except CleanerError as error:
        assert name in EXPECTED_ERRORS, f"unexpected error: {error}"
        assert EXPECTED_ERRORS[name] in str(error)
    else:
        assert name not in EXPECTED_ERRORS, f"{name} should have been refused"
        assert isinstance(text, str) and "\x00" not in text
    assert time.monotonic() - start < MAX_SECONDS
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 < MAX_RSS_MB


def test_decoding_cases_keep_their_words() -> None:
    assert "Grüße aus Köln" in clean(CASES["undeclared-cp1252"]())
    assert "Grüße aus Köln" in clean(CASES["wrong-declared-charset"]())
    assert "A sentence of an ordinary article" in clean(CASES["utf16-no-bom"]())
    assert "A sentence of an ordinary article" in clean(CASES["gzip-page"]())
    assert "这是一个没有空格的中文句子" in clean(CASES["cjk-no-spaces"]())
