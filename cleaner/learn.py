"""Learn a site's boilerplate from several of its pages: a draft rule for a person to review.

A block that repeats across the site's pages, and on those pages sits outside the stretch
of text that is the page's own (before its first or after its last unique block), is
furniture: navigation, sidebars, footers, share bars. Each becomes a drop directive with
its evidence ("seen on 9 of 10 pages"). Text unique to one page is never proposed, and a
repeated heading in the middle of the articles ("Examples") is not either.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from cleaner.lexicon import load_lexicon
from cleaner.load import load
from cleaner.options import Options
from cleaner.pipeline import build_blocks

_DIGITS = re.compile(r"\d+")
# A block proposed for dropping must repeat, outside the pages' own text, on at least this
# share of the pages (and on two pages at the least).
MIN_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Proposal:
    """One learned drop directive and the evidence for it."""

    text: str
    pattern: str | None
    pages: int
    outside: int
    total: int

    @property
    def reason(self) -> str:
        """The evidence, as it will read in `cleaner explain`."""
        return (
            f"learned: seen on {self.pages} of {self.total} pages, "
            f"outside their own text on {self.outside}"
        )


def page_keys(page: bytes | str, options: Options) -> list[tuple[str, str]]:
    """(key, text) of every block of a page; the key ignores numbers (dates, counters)."""
    loaded = load(page, options)
    blocks = build_blocks(loaded, None, load_lexicon())
    return [(_DIGITS.sub("0", " ".join(b.text.split())), b.text) for b in blocks]


def learn(
    pages: list[bytes | str], options: Options | None = None, min_share: float = MIN_SHARE
) -> list[Proposal]:
    """Proposals for the blocks that repeat as furniture across the pages."""
    chosen = options or Options()
    keyed = [page_keys(page, chosen) for page in pages]
    frequency = Counter(key for blocks in keyed for key in {k for k, _ in blocks})
    outside: Counter[str] = Counter()
    example: dict[str, str] = {}
    for blocks in keyed:
        unique = [i for i, (key, _) in enumerate(blocks) if frequency[key] == 1]
        first, last = (unique[0], unique[-1]) if unique else (len(blocks), -1)
        seen: set[str] = set()
        for i, (key, text) in enumerate(blocks):
            if frequency[key] > 1 and (i < first or i > last) and key not in seen:
                seen.add(key)
                outside[key] += 1
                example.setdefault(key, text)
    needed = max(2, min_share * len(pages))
    return [
        Proposal(example[key], _pattern(example[key]), frequency[key], count, len(pages))
        for key, count in sorted(outside.items(), key=lambda kv: (-kv[1], kv[0]))
        if count >= needed
    ]


def _pattern(text: str) -> str | None:
    """A regex for a block whose numbers change from page to page (dates, counts)."""
    if not _DIGITS.search(text):
        return None
    parts = [re.escape(part) for part in _DIGITS.split(" ".join(text.split()))]
    return "^" + r"\d+".join(parts) + "$"


def draft_rule(domain: str, proposals: list[Proposal]) -> str:
    """The proposals as a commented TOML rule file, ready for review."""
    lines = [
        f"# Draft rule for {domain}, learned by `cleaner rules learn` from "
        f"{proposals[0].total if proposals else 0} pages.",
        "# Review every directive: delete any that drops article text, then run",
        f"# `cleaner rules check` and `cleaner explain PAGE --rules DIR` on a page of {domain}.",
        f'description = "Learned from pages of {domain}; reviewed by: (your name)"',
        "",
        "[match]",
        f"domains = [{json.dumps(domain)}]",
    ]
    for proposal in proposals:
        key, value = ("regex", proposal.pattern) if proposal.pattern else ("line", proposal.text)
        lines += [
            "",
            "[[text.drop]]",
            f"{key} = {json.dumps(value, ensure_ascii=False)}",
            f"reason = {json.dumps(proposal.reason)}",
        ]
    return "\n".join(lines) + "\n"
