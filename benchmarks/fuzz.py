"""A longer fuzz run than CI's, by hand: random bytes, HTML soup, scraped text and rule files.

    python benchmarks/fuzz.py [--minutes 5]

Every input must give text or a CleanerError; anything else is printed with a
reproducer, and the exit status is 1. Uses hypothesis with a time budget instead of an
example count. Each phase ends by raising BudgetSpent, so hypothesis prints a "reproduce
with @seed" line then: that line alone is not a failure; a failure is a line
"<kind>: FAILED: ...".
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import CleanerError, Options, clean, clean_page  # noqa: E402

TAGS = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "h1",
    "h2",
    "a",
    "br",
    "nav",
    "article",
    "script",
    "style",
    "pre",
    "noscript",
    "header",
    "footer",
    "aside",
    "span",
    "b",
    "frameset",
]
ATTRS = [
    "class='menu'",
    "id='content'",
    "hidden",
    "role='navigation'",
    "style='display:none'",
    "class='entry-content'",
    "aria-hidden='true'",
    "itemprop='articleBody'",
]


@st.composite
def soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 200))):
        tag = draw(st.sampled_from(TAGS))
        attr = draw(st.sampled_from(["", *ATTRS]))
        text = draw(st.text(max_size=200))
        parts.append(
            draw(
                st.sampled_from(
                    [
                        f"<{tag} {attr}>{text}",
                        f"{text}</{tag}>",
                        f"<{tag}/>",
                        "&#xD800;",
                        "<!--",
                        "<![CDATA[",
                    ]
                )
            )
        )
    return "".join(parts)


FAST = Options(fast=True)


def check(page: str | bytes) -> None:
    """The default mode and fast mode each give text or a CleanerError.

    Fast mode gives the same text with its reasons (clean_page) as without (clean).
    """
    for options in (None, FAST):
        try:
            text = clean(page, options=options)
            assert isinstance(text, str)
            if options is FAST:
                assert clean_page(page, options=options).text == text
        except CleanerError:
            pass


class BudgetSpent(BaseException):
    """Ends a run when its time is up (BaseException: hypothesis lets it through)."""


def make_fuzz(
    name: str,
    strategy: st.SearchStrategy[str | bytes],
    deadline: float,
    examples: dict[str, int],
    failing: set[str],
) -> Callable[[], None]:
    """One hypothesis test for one kind of input, stopping at the deadline.

    Once a case of this kind has failed, the deadline no longer applies: hypothesis
    shrinks the failure to its end, so a failure found late is never lost as budget spent.
    """

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],  # explain: tens of seconds, adds little here
    )
    @given(strategy)
    def fuzz(page: str | bytes) -> None:
        if time.monotonic() > deadline and name not in failing:
            raise BudgetSpent
        examples[name] += 1
        try:
            check(page)
        except Exception:
            failing.add(name)
            raise

    return fuzz


def run(minutes: float) -> int:
    """Fuzz each kind of input for a third of the time; 1 when any kind FAILED, else 0."""
    budget = minutes * 60 / 3
    examples = {"bytes": 0, "soup": 0, "text": 0}
    failing: set[str] = set()
    strategies = (
        ("bytes", st.binary(max_size=20_000)),
        ("soup", soup()),
        ("text", st.lists(st.text(max_size=300), max_size=400).map("\n".join)),
    )
    for name, strategy in strategies:
        fuzz = make_fuzz(name, strategy, time.monotonic() + budget, examples, failing)
        try:
            fuzz()
        except BudgetSpent:
            pass  # the time budget for this kind of input is spent: next kind
        except Exception as error:  # report the failure with hypothesis's reproducer, go on
            print(f"{name}: FAILED: {type(error).__name__}: {error}")
            failing.add(name)
        print(f"{name}: {examples[name]} examples in {budget:.0f}s", flush=True)
    return 1 if failing else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=5.0)
    return run(parser.parse_args().minutes)


if __name__ == "__main__":
    raise SystemExit(main())
