"""Learn a site's article container from several of its HTML pages: a draft `[[html.root]]`.

A person writing a rule for a Sphinx site writes `div[role=main]`: the one element every
page has that holds the page's own prose and little else. This finds it the same way.
For each page, the prose is what the generic heuristics keep that no other page repeats.
Every element with an id, a role, a class, or a <main>/<article> tag gives candidate
selectors; a candidate qualifies when it matches one element on most pages and, on every
page where it matches, that element holds nearly all the prose. Of those, the one found
on the most pages and holding the most prose wins, the tightest (least text) among equals.
No candidate, no root: the text directives learned beside it still stand.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cleaner.options import Options
from cleaner.pipeline import clean_page
from cleaner.read.html_walk import SKIP_TAGS
from cleaner.read.hygiene import visible
from cleaner.read.loader import load
from cleaner.siterules.draft import MIN_SHARE, block_keys

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

    from cleaner.page import Block

# On every page where the container is found it must hold this share of the page's prose:
# a root drops everything outside it, so a container that misses the title is no root.
# Hand-set on the three fixture sites (tests/fixtures/sites, benchmarks/learn.py): Sphinx's
# div[role=main] and SQLite's div.fancy hold 100% on every page; git's div#content holds
# 90-99%, its title and NAME section sit in div#header, and as a root it took the held-out
# pages' F1 from 1.000 to 0.978.
ROOT_PROSE = 0.97
# A root must cut at least this share of the pages' text, or it wraps the whole page (a
# div#page) and the rule reads clearer without it. SQLite's div.fancy cuts 2.5%: a small
# header and footer, still worth naming.
ROOT_MIN_CUT = 0.02
# Candidates whose pooled prose share is within this of the best count as equal, and
# the tightest of them wins (a heading outside `.entry-content` is 1-2% of the prose).
ROOT_SLACK = 0.02
# Bare tags that name an article container by themselves; any other tag needs an id,
# role or class to be a candidate.
CONTAINER_TAGS = frozenset({"main", "article"})
_IDENT = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")


@dataclass(frozen=True, slots=True)
class RootProposal:
    """A learned [[html.root]] selector and its evidence."""

    css: str
    pages: int
    total: int
    prose: float
    cut: float

    @property
    def reason(self) -> str:
        """The evidence, as it will read in `cleaner explain`."""
        return (
            f"learned: on {self.pages} of {self.total} pages it holds {self.prose:.0%} of "
            f"the page's own text; {self.cut:.0%} of the text lies outside it"
        )


@dataclass(slots=True)
class _Tally:
    """One candidate selector over the pages: where it matched and what it held."""

    pages: int = 0
    prose_in: int = 0
    prose_all: int = 0
    chars_in: int = 0
    chars_all: int = 0
    shares: list[float] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _PageText:
    """A page's text with whitespace removed, each element's span in it, and its prose."""

    length: int
    spans: dict[Element, tuple[int, int]]
    prose_at: list[int]  # start offset of each prose block, ascending
    prose_sum: list[int]  # prose_sum[i]: characters of the first i prose blocks


def learn_root(
    pages: Sequence[bytes | str], options: Options | None = None, min_share: float = MIN_SHARE
) -> RootProposal | None:
    """The container most of the HTML pages share that holds their prose, if there is one."""
    chosen = replace(options or Options(), use_rules=False)
    results = [clean_page(page, chosen) for page in pages]
    keyed = [block_keys(result.blocks) for result in results]
    frequency = Counter(key for blocks in keyed for key in {k for k, _ in blocks})
    tallies: dict[str, _Tally] = {}
    html_pages = 0
    for page, result, blocks in zip(pages, results, keyed, strict=True):
        loaded = load(page, chosen)
        if loaded.kind != "html" or loaded.tree is None:
            continue
        own = [b for b, (key, _) in zip(result.blocks, blocks, strict=True) if frequency[key] == 1]
        text = _page_text(loaded.tree, [b for b in own if b.kept] or own)
        if not text.prose_sum[-1]:
            continue
        html_pages += 1
        _tally_page(text, tallies)
    needed = max(2, min_share * len(pages))
    return _best(tallies, needed, len(pages)) if html_pages >= 2 else None


def _squash(text: str | None) -> str:
    """Text without whitespace or invisible characters: what offsets are counted in."""
    return "".join(visible(text).split()) if text else ""


def _page_text(tree: Element, prose: list[Block]) -> _PageText:
    """Walk the tree once (no recursion: pages nest deep), then place the prose blocks."""
    parts: list[str] = []
    length = 0
    starts: dict[Element, int] = {}
    spans: dict[Element, tuple[int, int]] = {}
    stack: list[tuple[Element, bool]] = [(tree, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            spans[node] = (starts[node], length)
        elif isinstance(node.tag, str) and node.tag not in SKIP_TAGS:
            starts[node] = length
            parts.append(_squash(node.text))
            length += len(parts[-1])
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))
            continue
        parts.append(_squash(node.tail))  # after the closing tag, or a skipped node's tail
        length += len(parts[-1])
    return _place(spans, "".join(parts), prose)


def _place(spans: dict[Element, tuple[int, int]], text: str, prose: list[Block]) -> _PageText:
    """Find each prose block in the page text, in page order; one not found is left out."""
    at: list[tuple[int, int]] = []
    cursor = 0
    for block in prose:
        key = _squash(block.text)
        found = text.find(key, cursor)
        if found < 0:
            found = text.find(key)
        if found >= 0 and key:
            at.append((found, len(key)))
            cursor = found + len(key)
    at.sort()
    sums = [0]
    for _, size in at:
        sums.append(sums[-1] + size)
    return _PageText(len(text), spans, [start for start, _ in at], sums)


def _selectors(element: Element) -> list[str]:
    """The simple selectors a person would write for this element: role, id, tag, class."""
    tag = element.tag
    if not isinstance(tag, str) or tag in ("html", "body"):
        return []
    found = []
    role = str(element.get("role", "")).strip()
    if _IDENT.fullmatch(role):
        found.append(f"{tag}[role={role}]")
    ident = str(element.get("id", "")).strip()
    if _IDENT.fullmatch(ident):
        found.append(f"{tag}#{ident}")
    if tag in CONTAINER_TAGS:
        found.append(tag)
    found += [f"{tag}.{c}" for c in str(element.get("class", "")).split() if _IDENT.fullmatch(c)]
    return found


def _tally_page(text: _PageText, tallies: dict[str, _Tally]) -> None:
    """Add this page's evidence for every selector that matches exactly one container."""
    matches: dict[str, list[tuple[int, int]]] = {}
    for element, span in text.spans.items():
        for selector in _selectors(element):
            matches.setdefault(selector, []).append(span)
    for selector, spans in matches.items():
        outer = _outermost(spans)
        if len(outer) != 1:
            continue  # a root of many pieces (every <p class=x>) is too brittle to propose
        start, end = outer[0]
        prose_in = _prose_between(text, start, end)
        tally = tallies.setdefault(selector, _Tally())
        tally.pages += 1
        tally.prose_in += prose_in
        tally.prose_all += text.prose_sum[-1]
        tally.chars_in += end - start
        tally.chars_all += text.length
        tally.shares.append(prose_in / text.prose_sum[-1])


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-empty spans no other span holds (spans nest or lie apart, as elements do)."""
    outer: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if end > start and (not outer or start >= outer[-1][1]):
            outer.append((start, end))
    return outer


def _rank(selector: str) -> int:
    """Preference among selectors of one size: a role says what the element is, then an id."""
    return 0 if "[role=" in selector else 1 if "#" in selector else 3 if "." in selector else 2


def _prose_between(text: _PageText, start: int, end: int) -> int:
    """Characters of the prose blocks that begin inside [start, end)."""
    first = bisect.bisect_left(text.prose_at, start)
    last = bisect.bisect_left(text.prose_at, end)
    return text.prose_sum[last] - text.prose_sum[first]


def _best(tallies: dict[str, _Tally], needed: float, total: int) -> RootProposal | None:
    """The qualifying candidate on the most pages, with the most prose, then the tightest."""
    fit = {
        selector: t
        for selector, t in tallies.items()
        if t.pages >= needed
        and min(t.shares) >= ROOT_PROSE
        and t.chars_in <= (1 - ROOT_MIN_CUT) * t.chars_all
    }
    if not fit:
        return None
    most = max(t.pages for t in fit.values())
    fit = {s: t for s, t in fit.items() if t.pages == most}
    best = max(t.prose_in / t.prose_all for t in fit.values())
    near = [s for s, t in fit.items() if t.prose_in / t.prose_all >= best - ROOT_SLACK]
    selector = min(near, key=lambda s: (fit[s].chars_in / fit[s].chars_all, _rank(s), s))
    t = fit[selector]
    cut = 1 - t.chars_in / t.chars_all
    return RootProposal(selector, t.pages, total, t.prose_in / t.prose_all, cut)
