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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cleaner.options import Options
from cleaner.page import Block
from cleaner.pipeline import build_blocks, clean_page
from cleaner.read.lexicon import load_lexicon
from cleaner.read.loader import load

if TYPE_CHECKING:
    from cleaner.siterules.draft_root import RootProposal

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
    return block_keys(build_blocks(load(page, options), None, load_lexicon(), options.tuning.prune))


def block_keys(blocks: Sequence[Block]) -> list[tuple[str, str]]:
    """(key, text) of blocks already built."""
    return [(_DIGITS.sub("0", " ".join(b.text.split())), b.text) for b in blocks]


@dataclass(frozen=True, slots=True)
class Marker:
    """A learned article bound: the repeated block just before (or after) the article."""

    where: str  # "start_after" or "end_before"
    text: str
    pattern: str | None
    pages: int
    total: int

    @property
    def reason(self) -> str:
        """The evidence, as it will read in `cleaner explain`."""
        edge = "before" if self.where == "start_after" else "after"
        return f"learned: the block {edge} the article on {self.pages} of {self.total} pages"


def learn_markers(
    pages: Sequence[bytes | str], options: Options | None = None, min_share: float = MIN_SHARE
) -> list[Marker]:
    """Learn the article's bounds from the pages.

    They are the repeated block right before the first block the generic heuristics keep,
    and the one right after the last, when enough pages agree on them.
    """
    chosen = replace(options or Options(), use_rules=False)
    results = [clean_page(page, chosen) for page in pages]  # one parse per page
    keyed = [block_keys(result.blocks) for result in results]
    frequency = Counter(key for blocks in keyed for key in {k for k, _ in blocks})
    votes: dict[str, Counter[str]] = {"start_after": Counter(), "end_before": Counter()}
    example: dict[str, str] = {}
    for result, blocks in zip(results, keyed, strict=True):
        kept = [b.index for b in result.blocks if b.kept]
        if not kept:
            continue
        keys = [key for key, _ in blocks]
        for where, step, edge in (("start_after", -1, kept[0]), ("end_before", 1, kept[-1])):
            i = edge + step
            while 0 <= i < len(blocks) and frequency[keys[i]] < 2:
                i += step
            if 0 <= i < len(blocks) and _first_occurrence(keys, i, where):
                votes[where][keys[i]] += 1
                example.setdefault(keys[i], blocks[i][1])
    needed = max(2, min_share * len(pages))
    markers = []
    for where, counted in votes.items():
        if counted:
            key, count = counted.most_common(1)[0]
            if count >= needed:
                text = example[key]
                markers.append(Marker(where, text, _pattern(text), count, len(pages)))
    return markers


def _first_occurrence(keys: list[str], i: int, where: str) -> bool:
    """Tell whether block i can serve as the marker on this page.

    start_after acts on the first block that matches, so a start marker must be the first
    block with its text; an end marker is sought after the start, so any will do.
    """
    return keys.index(keys[i]) == i if where == "start_after" else True


def learn(
    pages: Sequence[bytes | str], options: Options | None = None, min_share: float = MIN_SHARE
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


def draft_rule(
    domain: str,
    proposals: list[Proposal],
    markers: list[Marker] | None = None,
    root: RootProposal | None = None,
) -> str:
    """The proposals as a commented TOML rule file, ready for review."""
    totals = [p.total for p in proposals] + [m.total for m in markers or []]
    totals += [root.total] if root is not None else []
    lines = [
        f"# Draft rule for {domain}, learned by `cleaner rules learn` from "
        f"{totals[0] if totals else 0} pages.",
        "# Review every directive: delete any that drops article text, then run",
        f"# `cleaner rules check` and `cleaner explain PAGE --rules DIR` on a page of {domain}.",
        f'description = "Learned from pages of {domain}; reviewed by: (your name)"',
        "",
        "[match]",
        f"domains = [{json.dumps(domain)}]",
    ]
    if root is not None:
        lines += _table("html.root", "css", root.css, root.reason)
        lines[-3] += "  # keep only what is inside this element"
    for marker in markers or []:
        key, value = ("regex", marker.pattern) if marker.pattern else ("line", marker.text)
        lines += _table(f"text.{marker.where}", key, value, marker.reason)
    for proposal in proposals:
        key, value = ("regex", proposal.pattern) if proposal.pattern else ("line", proposal.text)
        lines += _table("text.drop", key, value, proposal.reason)
    return "\n".join(lines) + "\n"


def _table(name: str, key: str, value: str, reason: str) -> list[str]:
    """One directive as TOML lines, after a blank line."""
    return [
        "",
        f"[[{name}]]",
        f"{key} = {json.dumps(value, ensure_ascii=False)}",
        f"reason = {json.dumps(reason)}",
    ]
