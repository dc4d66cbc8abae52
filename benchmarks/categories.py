"""Kept furniture and lost content on dragnet, by category (benchmarks/misses.py --corpus dragnet).

A block is content when most of its 4-token shingles are in the page's gold article (a
block of under 4 tokens: it is a whole line of the gold, as a heading is), else furniture. A kept
furniture block is extra text the output should not hold, a dropped content block text it
lost (unless a kept block holds the same text: a page's second copy of a paragraph). Each is put in the first category whose rule it meets. The rules read the block's
own text, kind, link share and class/id words, never cleaner's signals or reasons, so the
tally describes the pages and stays the same when a signal changes:

- comments: a class/id word of comments, or a line like a comment's head ("Jane said:",
  "Reply", "3 hours ago");
- count lists/tag clouds: a line ending in a count ("November (113)"), or tag, category
  or archive class/id words;
- repeated lines/captions: the same text in another block of the page, or a caption;
- byline/date lines: a short line starting "By", "Published", "Updated", "Posted", or one
  holding a date;
- teaser/related list: a block mostly of link text, a headline-like line (title case, no
  final mark), a headline glued to its lede ("Budget PlanThe council"), or related,
  teaser, popular, trending or recommended class/id words;
- other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from cleaner.page import Block, BlockKind

CATEGORIES = (
    "teaser/related list",
    "comments",
    "count lists/tag clouds",
    "repeated lines/captions",
    "byline/date lines",
    "other",
)
# A block is content when at least this share of its shingles is in the gold.
CONTENT_SHARE = 0.5
SHINGLE = 4
_WORD = re.compile(r"\w+")
_COMMENT_WORDS = frozenset({"comment", "comments", "reply", "replies", "respond", "discussion"})
_COMMENT_LINE = re.compile(
    r"\b(?:said|says|wrote)\s*:|^\s*(?:reply|report|report abuse|like|flag)\s*$"
    r"|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
_COUNT_WORDS = frozenset(
    {"tag", "tags", "tagcloud", "category", "categories", "archive", "archives"}
)
_COUNT_LINE = re.compile(r"\(\s*\d[\d,.]*\s*\)\s*$|\[\s*\d[\d,.]*\s*\]\s*$")
_BYLINE = re.compile(r"^\s*(?:by|published|updated|posted|written by|last updated)\b", re.I)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b",
    re.IGNORECASE,
)
# A byline or date line is short: at most this many words.
META_WORDS = 20
_TEASER_WORDS = frozenset(
    {"related", "teaser", "teasers", "popular", "trending", "recommended", "more", "latest"}
)
_GLUED = re.compile(r"[a-z][A-Z][a-z]")
_CLASS_WORDS = (
    ("comments", _COMMENT_WORDS),
    ("count lists/tag clouds", _COUNT_WORDS),
    ("teaser/related list", _TEASER_WORDS),
)
# A headline-like line: this many words at most, most of them capitalised.
HEADLINE_WORDS = 20
HEADLINE_CAPITALISED = 0.6


def category(block: Block, copies: Counter[str]) -> str:
    """The first category whose rule the block meets (see the module's docstring).

    The rules on the block's text come first, its class/id words last: a byline inside a
    template's 'archive' box is a byline.
    """
    text = block.text.strip()
    words = text.split()
    if _COMMENT_LINE.search(text):
        return "comments"
    if _COUNT_LINE.search(text):
        return "count lists/tag clouds"
    if copies[" ".join(words)] > 1 or block.kind is BlockKind.CAPTION:
        return "repeated lines/captions"
    if len(words) <= META_WORDS and (_BYLINE.search(text) or _DATE.search(text)):
        return "byline/date lines"
    if block.link_density >= 0.5 or _headline_like(words) or _glued(text):
        return "teaser/related list"
    for name, marks in _CLASS_WORDS:
        if block.tokens & marks:
            return name
    return "other"


def _glued(text: str) -> bool:
    """A headline glued to its lede in a scrape: 'Budget PlanThe council said ...'."""
    return bool(_GLUED.search(text[:120])) and not text.endswith((".", "!", "?"))


def _headline_like(words: Sequence[str]) -> bool:
    """3 to HEADLINE_WORDS words, mostly capitalised, no final sentence mark."""
    if not 3 <= len(words) <= HEADLINE_WORDS or words[-1].endswith((".", "!", "?", ":")):
        return False
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised >= HEADLINE_CAPITALISED * len(words)


def shingles(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """The 4-token shingles of a token list (one shingle for fewer tokens)."""
    return [tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))]


@dataclass
class Gold:
    """A page's gold article, read for membership tests."""

    text: str
    shingles: frozenset[tuple[str, ...]] = frozenset()
    lines: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.shingles = frozenset(shingles(_WORD.findall(self.text)))
        self.lines = frozenset(" ".join(_WORD.findall(line)) for line in self.text.splitlines())

    def holds(self, text: str) -> bool:
        """Whether a block's text is article text by the gold (see the module's docstring)."""
        tokens = _WORD.findall(text)
        if len(tokens) < SHINGLE:
            return " ".join(tokens) in self.lines
        own = shingles(tokens)
        return sum(s in self.shingles for s in own) >= CONTENT_SHARE * len(own)


@dataclass
class CategoryTally:
    """Blocks and words of kept furniture and of lost content, per category."""

    kept_blocks: Counter[str] = field(default_factory=Counter)
    kept_words: Counter[str] = field(default_factory=Counter)
    lost_blocks: Counter[str] = field(default_factory=Counter)
    lost_words: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add_page(self, page_id: str, blocks: Sequence[Block], gold: Gold) -> None:
        """Tally one page's kept furniture and lost content."""
        copies = Counter(" ".join(block.text.split()) for block in blocks)
        kept_texts = {" ".join(block.text.split()) for block in blocks if block.kept}
        for block in blocks:
            if not _WORD.search(block.text):
                continue  # no words: no shingle gained or lost
            if not block.kept and " ".join(block.text.split()) in kept_texts:
                continue  # a second copy of kept text: the output holds its shingles
            if block.kept == gold.holds(block.text):
                continue
            name = category(block, copies)
            size = len(_WORD.findall(block.text))
            kept, words = (
                (self.kept_blocks, self.kept_words)
                if block.kept
                else (self.lost_blocks, self.lost_words)
            )
            kept[name] += 1
            words[name] += size
            tag = "kept" if block.kept else "lost"
            reason = block.decision.reason if block.decision else "none"
            self.examples.setdefault(f"{tag} {name}", []).append(
                f"{page_id}: {block.text[:100]!r}  [{reason[:80]}]"
            )

    def table(self) -> str:
        """The tally as a Markdown table, a total row last."""
        lines = [
            "| category | kept furniture: blocks | words | lost content: blocks | words |",
            "|---|---|---|---|---|",
        ]
        for name in (*CATEGORIES, "total"):
            counts = [
                sum(c.values()) if name == "total" else c[name]
                for c in (self.kept_blocks, self.kept_words, self.lost_blocks, self.lost_words)
            ]
            lines.append(f"| {name} | " + " | ".join(f"{n:,}" for n in counts) + " |")
        return "\n".join(lines)

    def as_json(self) -> dict[str, dict[str, int]]:
        """The counts, by measure and category."""
        return {
            "kept_blocks": dict(self.kept_blocks),
            "kept_words": dict(self.kept_words),
            "lost_blocks": dict(self.lost_blocks),
            "lost_words": dict(self.lost_words),
        }
