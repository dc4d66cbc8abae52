"""What the learned model sees of a block: named numbers, from the block and its page.

The heuristic stages leave every block with a verdict and the evidence behind it. The
learned stage (cleaner/learned/stage.py) weighs that evidence again, together: the block's own
shape (length, stop words, links, punctuation), where it sits (depth against the
article's depth, position against the kept stretch, its neighbours' verdicts) and what
the heuristics said (grade, stage, verdict). Every feature has a name a reason can quote.

The order of FEATURES is the model's input order: a model file names the features it was
trained on, and cleaner refuses a model whose names differ (retrain with
benchmarks/train_model.py after changing anything here).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import accumulate

import numpy as np

from cleaner.heuristics.page_signals import SIGNAL_FLAGS, SIGNAL_NAMES, SIGNALS, signal_columns
from cleaner.heuristics.second_reader import Extraction
from cleaner.heuristics.signals import stopword_share, words
from cleaner.heuristics.span import title_block
from cleaner.learned.line_features import FEATURES as LINE_FEATURES
from cleaner.learned.line_features import FLAGS as LINE_FLAGS
from cleaner.learned.line_features import line_features
from cleaner.learned.trees import by_name
from cleaner.learned.word_odds import WordOdds
from cleaner.page import Block, BlockKind, Quality
from cleaner.read.block_facts import tag_path
from cleaner.read.lexicon import Lexicon, ends_with_mark, squash

# A sentence ends in one of these marks, then perhaps closing quotes and brackets.
_SENTENCE_MARKS = ".!?。！？…:"
# Windows-1252 holds ASCII and the letters, quotes and dashes of western European text
# one byte a character, so a text it encodes is counted by deleting bytes at C speed.
_CP1252 = [bytes([code]).decode("cp1252", errors="ignore") for code in range(256)]
_LETTERS = bytes(code for code, c in enumerate(_CP1252) if c.isalpha())
_UPPER = bytes(code for code, c in enumerate(_CP1252) if c.isupper())
_DIGITS = bytes(code for code, c in enumerate(_CP1252) if c.isdecimal())
_CAPITALISED = re.compile(
    r"(?:^|\s)[" + re.escape("".join(c for c in _CP1252 if c.isupper())) + "]"
)
# The stages whose verdicts the model sees as a feature (one flag each).
STAGES = ("html_prune", "signals", "smoothing", "span")
# Neighbours on each side whose mean link density, length and verdict are features.
NEIGHBOURHOOD = 3
# Blocks on each side whose mean length, verdict and grade are the wide_* features.
WIDE = 10
# Distances to the nearest kept block are capped here: further is all the same.
DISTANCE_CAP = 50
HEADS_CAP = 5

# (name, what it measures): the order is the model's input order. Tried and left out:
# length against the page's median block and the run of lines at one indent (inscriptis
# +0.003 held out, golden -0.001 with four cases lower); dropping the five text-shape
# features (uppercase ... pipes) cost dev-text 0.002-0.004. The share of a block's words
# that the furniture phrase lists use ('share', 'twitter', 'more') raised dev-html to
# 0.942 and lxml to 0.901, but one such word in a sentence ('shared interests') became
# a push to drop it: an exact seed case and womencantalksports (0.92 -> 0.85) lost
# article lines; counted only at a quarter of the words or more it gained nothing. Inside
# the element trafilatura's BODY_XPATH picks: dev-html +0.0013, golden HTML -0.008, and
# 1.7 ms a page.
FEATURES: tuple[tuple[str, str], ...] = (
    ("log_length", "length (log of characters)"),
    ("words", "words (capped at 200)"),
    ("stopwords", "stop-word share (-1: no list for the language)"),
    ("link_density", "share of link text"),
    ("depth", "block-level depth in the page"),
    ("position", "position in the page (0 top, 1 bottom)"),
    ("in_article", "inside an <article> or article-like element"),
    ("first_keep", "the first-pass grade kept it"),
    ("kept", "the heuristics keep it"),
    ("sentence_end", "ends like a sentence"),
    ("digits", "share of digits"),
    ("uppercase", "share of upper-case letters"),
    ("title_case", "share of capitalised words"),
    ("pipes", "count of '|' separators"),
    ("heading_level", "heading level (0: not a heading)"),
    ("indent", "indent of the scraped line"),
    ("bullet", "starts with a bullet"),
    ("blank_before", "a blank line above it"),
    ("section_end", "ends a page section"),
    ("class_words", "class/id words of the block"),
    ("kept_above", "blocks up to the nearest kept one above"),
    ("kept_below", "blocks down to the nearest kept one below"),
    ("previous_kept", "the block above is kept"),
    ("next_kept", "the block below is kept"),
    ("second_above_kept", "the second block above is kept"),
    ("second_below_kept", "the second block below is kept"),
    ("depth_vs_article", "depth against the article's prose"),
    ("parent_share", "share of kept blocks under the same parent"),
    ("inside_kept", "between the first and the last kept block"),
    ("above_kept", "above the first kept block"),
    ("below_kept", "below the last kept block"),
    ("kept_stretch_position", "position within the kept stretch"),
    ("neighbour_link_density", "link density of the neighbours"),
    ("neighbour_length", "length of the neighbours (log)"),
    ("neighbour_kept", "share of neighbours kept"),
    ("page_kept_share", "share of the page's blocks kept"),
    ("page_blocks", "blocks on the page (log)"),
    ("commas", "commas per word"),
    ("previous_good", "the block above is prose"),
    ("next_good", "the block below is prose"),
    ("previous_length", "length of the block above (log)"),
    ("next_length", "length of the block below (log)"),
    ("previous_sentence_end", "the block above ends like a sentence"),
    ("next_sentence_end", "the block below ends like a sentence"),
    ("length_vs_kept", "length against the median kept block (log ratio)"),
    ("text_position", "position in the page's text (share of characters above)"),
    ("indent_vs_article", "indent against the article's prose"),
    ("furniture_words", "furniture class/id words (nav, share, related...)"),
    ("container_share", "share of kept blocks in its two nearest containers"),
    ("previous_link_density", "link density of the block above"),
    ("next_link_density", "link density of the block below"),
    ("section_heads_above", "furniture section heads above it ('Related', '27 comments')"),
    ("section_head_since_kept", "a furniture section head between it and the kept block above"),
    ("kept_text_above", "share of the kept text above it"),
    ("neighbour_signals", "neighbours a strong signal dropped (dates, bylines, share bars)"),
    ("repeats", "other blocks on the page with the same text"),
    ("group_lines", "lines in its group (lines with no blank line between them)"),
    ("path_repeats", "other blocks on the page at the same tag path"),
    ("path_kept_share", "share of the blocks at its tag path kept"),
    ("wide_length", "length of the blocks within ten either side (log)"),
    ("wide_kept", "share of the blocks within ten either side kept"),
    ("wide_good", "share of the blocks within ten either side graded prose"),
    ("levels_to_main", "levels up from the longest prose block to an element holding it too"),
    ("hidden", "inside an element a browser would not show (display:none, hidden)"),
    ("title_found", "a block repeats the page title"),
    ("from_title", "blocks below the block repeating the page title (negative: above)"),
    *SIGNALS,
    *((f"kind_{kind.value}", f"block kind {kind.value}") for kind in BlockKind),
    *((f"grade_{quality.value}", f"graded {quality.value}") for quality in Quality),
    *((f"stage_{stage}", f"decided by {stage}") for stage in STAGES),
)
FEATURE_NAMES = tuple(name for name, _ in FEATURES)
# Features that are yes (1) or no (0); a reason shows them so.
FLAGS = frozenset(
    {
        "hidden",
        "in_article",
        "first_keep",
        "kept",
        "sentence_end",
        "bullet",
        "blank_before",
        "section_end",
        "previous_kept",
        "next_kept",
        "second_above_kept",
        "second_below_kept",
        "inside_kept",
        "above_kept",
        "below_kept",
        "previous_good",
        "next_good",
        "previous_sentence_end",
        "next_sentence_end",
        "section_head_since_kept",
        "trafilatura_keeps",
        "trafilatura_empty",
    }
    | {name for name in FEATURE_NAMES if name.startswith(("kind_", "grade_", "stage_"))}
    | SIGNAL_FLAGS
)
# Accurate mode's model sees two more: what trafilatura made of the same page.
SECOND_READER: tuple[tuple[str, str], ...] = (
    ("trafilatura_keeps", "trafilatura keeps it"),
    ("trafilatura_empty", "trafilatura found no article"),
)
ACCURATE_FEATURES = FEATURES + SECOND_READER
ACCURATE_FEATURE_NAMES = tuple(name for name, _ in ACCURATE_FEATURES)
# The text model sees more: fast mode.s reading of each line (cleaner/learned/line_features.py), its
# place against the page's prose lines, end-of-article phrases above it, its neighbours'
# words. Held out on dev-text, F1 0.9017 -> 0.9045 (inscriptis) and 0.8964 -> 0.8985
# (lxml); golden text cases 0.9394 -> 0.9423 (generic). In a scrape those facts are most
# of what a line has; on HTML the DOM says more (no gain there, so not read).
LINE_READING: tuple[tuple[str, str], ...] = tuple(
    (f"line_{name}", f"{description} (line reading)") for name, description in LINE_FEATURES
)
# And what the words of a line say (cleaner/learned/word_odds.py; figures there). Its neighbours'
# word odds too scored no better held out (dev-text inscriptis / lxml F1, four
# arrangements of the site folds: 0.9167 / 0.9083 against 0.9166 / 0.9091).
WORD_READING: tuple[tuple[str, str], ...] = (("word_odds", "article log-odds of its words"),)
TEXT_FEATURES = FEATURES + LINE_READING + WORD_READING
TEXT_FEATURE_NAMES = tuple(name for name, _ in TEXT_FEATURES)
# What each feature of any model is called in a reason, and which are yes/no flags.
DESCRIPTIONS = dict(FEATURES + SECOND_READER + LINE_READING + WORD_READING)
ALL_FLAGS = FLAGS | {f"line_{name}" for name in LINE_FLAGS}


def with_line_reading(
    rows: list[list[float]],
    blocks: Sequence[Block],
    only: Sequence[int] | None,
    lexicon: Lexicon,
    words: WordOdds,
) -> list[list[float]]:
    """The rows of a scrape's line blocks, each with LINE_READING and WORD_READING added."""
    if not blocks:
        return rows
    texts = [block.text for block in blocks]
    blank_before = np.array([block.blank_before for block in blocks], dtype=np.bool_)
    lines = line_features(texts, blank_before, lexicon)
    wanted = range(len(blocks)) if only is None else only
    odds = word_reading(texts, words, wanted)
    return [row + lines[i].tolist() + odds[i] for i, row in zip(wanted, rows, strict=True)]


def word_reading(
    texts: Sequence[str], words: WordOdds, wanted: Iterable[int]
) -> dict[int, list[float]]:
    """WORD_READING of the wanted lines."""
    return {i: [words.odds(texts[i])] for i in wanted}


def page_features(  # noqa: PLR0913 (the blocks, two word lists, which rows, two page readings)
    blocks: Sequence[Block],
    stopwords: frozenset[str] | None,
    furniture: frozenset[str],
    only: Sequence[int] | None = None,
    second_reader: Extraction | None = None,
    title: str = "",
) -> list[list[float]]:
    """One row of FEATURES per block, in page order (or for the blocks at `only`).

    With trafilatura's reading of the page (accurate mode) each row has SECOND_READER too.
    `title` is the page's title: the block repeating it is the headline (from_title).
    The features are computed under their names, a column each, and put in the table's
    order by name (trees.by_name), so no value can land in another feature's column.
    Column by column, each page-wide list is looked up once, not once per block: a dict
    built per row was a tenth of the default mode's time on dev-html.
    """
    page = _Page(blocks, title)
    wanted = range(len(blocks)) if only is None else only
    columns = _columns(page, wanted, stopwords, furniture)
    names = FEATURE_NAMES
    if second_reader is not None:
        empty = 0.0 if second_reader.lines else 1.0
        texts = [squash(blocks[i].text) for i in wanted]
        columns["trafilatura_keeps"] = [
            float(bool(text) and second_reader.holds(text)) for text in texts
        ]
        columns["trafilatura_empty"] = [empty] * len(texts)
        names = FEATURE_NAMES + tuple(name for name, _ in SECOND_READER)
    return [list(row) for row in zip(*by_name(columns, names), strict=True)]


class _Page:
    """Facts about the whole page that each block's features compare against."""

    def __init__(self, blocks: Sequence[Block], title: str = "") -> None:
        self.blocks = blocks
        # The headline: a short post's few lines sit right below it, a site's blurb far off.
        self.title_at = title_block(blocks, title)
        self.n = len(blocks)
        self.kept = [block.kept for block in blocks]
        self.kept_at = [i for i, kept in enumerate(self.kept) if kept]
        self.first = self.kept_at[0] if self.kept_at else self.n
        self.last = self.kept_at[-1] if self.kept_at else -1
        self.lengths = [len(block.text) for block in blocks]
        self.log_lengths = [math.log1p(length) for length in self.lengths]
        good = Quality.GOOD  # looked up once: an enum member lookup is slow in Python 3.11
        self.good = [block.quality is good for block in blocks]
        self.sentence_end = [ends_sentence(block.text) for block in blocks]
        # The article's prose; when the heuristics kept nothing, the whole page stands in.
        prose = [i for i in self.kept_at if self.good[i]] or self.kept_at or range(self.n)
        self.article_depth = statistics.median([len(blocks[i].containers) for i in prose] or [0])
        self.article_indent = statistics.median([blocks[i].indent for i in prose] or [0])
        compared = [self.lengths[i] for i in self.kept_at] or self.lengths or [1]
        self.median_kept_length = max(statistics.median(compared), 1)
        total = sum(self.lengths) or 1
        above = 0
        self.text_position = []
        for length in self.lengths:
            self.text_position.append(above / total)
            above += length
        self.parents = Counter(_parent(blocks[i]) for i in self.kept_at)
        self.containers = Counter(c for i in self.kept_at for c in blocks[i].containers[-2:])
        self.link_sums = [0.0, *accumulate(block.link_density for block in blocks)]
        self.length_sums = [0.0, *accumulate(self.log_lengths)]
        self.kept_sums = [0, *accumulate(self.kept)]
        self.good_sums = [0, *accumulate(self.good)]
        longest = max(prose, key=lambda i: self.lengths[i], default=None)
        main = blocks[longest].containers if longest is not None else ()
        self.levels_to_main = levels_to(main, blocks)
        signalled = (_by_signals(block) for block in blocks)
        self.signal_sums = [0, *accumulate(signalled)]
        self.copies = Counter(block.text for block in blocks)
        self.links = [block.link_density for block in blocks]
        html = bool(blocks) and blocks[0].source == "html"
        links = self.links if html else None
        # the page signals' default tuning, which the models were trained with
        texts = [block.text for block in blocks]
        self.signals = signal_columns(texts, links, tokens=[words(text) for text in texts])
        self.group_lines = _group_sizes([block.blank_before for block in blocks])
        # a page repeats its paths (108 blocks, 49 paths a page on dev-html): each read once
        known = {path: tag_path(path) for path in {block.path for block in blocks}}
        self.tag_paths = [known[block.path] for block in blocks]
        self.paths = Counter(self.tag_paths)
        self.paths_kept = Counter(self.tag_paths[i] for i in self.kept_at)
        self.kept_above = _distances(self.kept, range(self.n))
        self.kept_below = _distances(self.kept, range(self.n - 1, -1, -1))
        self.heads_above, self.head_since_kept, self.kept_text_above = [], [], []
        heads, head_since_kept, kept_text = 0, False, 0
        total_kept = sum(self.lengths[i] for i in self.kept_at) or 1
        for i, block in enumerate(blocks):
            self.heads_above.append(min(heads, HEADS_CAP))
            self.head_since_kept.append(head_since_kept)
            self.kept_text_above.append(kept_text / total_kept)
            heads += block.section_end
            head_since_kept = (head_since_kept or block.section_end) and not self.kept[i]
            kept_text += self.lengths[i] if self.kept[i] else 0


def levels_to(main: tuple[int, ...], blocks: Sequence[Block]) -> list[int]:
    """Per block, the levels up from `main`'s element to the nearest one holding it too.

    Element ids are unique, so the innermost of a block's elements that `main` is inside
    too ends their shared prefix: looked up from the block's end in a dict, not compared
    from the top (a deep page's prefixes were a tenth of fast mode's features' time).
    """
    depths = {element: depth for depth, element in enumerate(main, 1)}
    return [
        len(main) - next((depths[c] for c in reversed(block.containers) if c in depths), 0)
        for block in blocks
    ]


def _group_sizes(starts: list[bool]) -> list[int]:
    """Per block, how many blocks its group has; a group starts at each blank line."""
    sizes: list[int] = []
    begin = 0
    for i in range(1, len(starts) + 1):
        if i == len(starts) or starts[i]:
            sizes += [i - begin] * (i - begin)
            begin = i
    return sizes


def _by_signals(block: Block) -> int:
    decision = block.decision
    return int(decision is not None and decision.stage == "signals" and not decision.keep)


def _parent(block: Block) -> int:
    return block.containers[-1] if block.containers else -1


def _distances(kept: list[bool], order: range) -> list[int]:
    """Per block, how many steps back along `order` the nearest kept block lies (capped)."""
    distances = [DISTANCE_CAP] * len(kept)
    last: int | None = None
    for i in order:
        distances[i] = min(abs(i - last), DISTANCE_CAP) if last is not None else DISTANCE_CAP
        if kept[i]:
            last = i
    return distances


Column = list[float]


def _columns(
    page: _Page,
    wanted: Sequence[int],
    stopwords: frozenset[str] | None,
    furniture: frozenset[str],
) -> dict[str, Column]:
    """The FEATURES of the blocks at `wanted`, a column each under its name."""
    blocks = [page.blocks[i] for i in wanted]
    columns = _text_columns([block.text for block in blocks], stopwords)
    columns.update(_block_columns(page, wanted, blocks, furniture))
    columns.update(_kept_columns(page, wanted, blocks))
    columns.update(_neighbour_columns(page, wanted, blocks))
    columns.update(_window_columns(page, wanted))
    signals = ([signal[i] for i in wanted] for signal in page.signals)
    columns.update(zip(SIGNAL_NAMES, signals, strict=True))
    columns.update(_one_hot_columns(_KIND_FLAGS, None, [block.kind for block in blocks]))
    columns.update(_one_hot_columns(_GRADE_FLAGS, _NO_GRADE, [block.quality for block in blocks]))
    columns.update(_one_hot_columns(_STAGE_FLAGS, _NO_STAGE, [_stage(block) for block in blocks]))
    return columns


def _text_columns(texts: Sequence[str], stopwords: frozenset[str] | None) -> dict[str, Column]:
    """The features read from each block's own text: words, stop words, its shape."""
    counted = [_text_counts(text, stopwords) for text in texts]
    names = ("words", "stopwords", "digits", "uppercase", "title_case", "pipes", "commas")
    columns = [list(column) for column in zip(*counted, strict=True)] or [[] for _ in names]
    return dict(zip(names, columns, strict=True))


def _text_counts(text: str, stopwords: frozenset[str] | None) -> tuple[float, ...]:
    """_text_columns' values of one text, in their order."""
    letters, upper, capitalised, digits = _text_shape(text)
    token_count = len(text.split())
    tokens = words(text)
    word_count = len(tokens)
    return (
        min(word_count, 200),
        stopword_share(tokens, stopwords) if stopwords else -1.0,
        digits / max(len(text), 1),
        upper / letters if letters else 0.0,
        capitalised / token_count if token_count else 0.0,
        text.count("|"),
        text.count(",") / max(word_count, 1),
    )


def _block_columns(
    page: _Page, wanted: Sequence[int], blocks: list[Block], furniture: frozenset[str]
) -> dict[str, Column]:
    """The features of each block's own facts: its DOM, its length, its verdicts."""
    n = page.n
    return {
        "log_length": [page.log_lengths[i] for i in wanted],
        "link_density": [block.link_density for block in blocks],
        "depth": [len(block.containers) for block in blocks],
        "position": [i / max(n, 1) for i in wanted],
        "in_article": [1.0 if block.article else 0.0 for block in blocks],
        "first_keep": [
            1.0 if block.first is not None and block.first.keep else 0.0 for block in blocks
        ],
        "kept": [1.0 if page.kept[i] else 0.0 for i in wanted],
        "sentence_end": [1.0 if page.sentence_end[i] else 0.0 for i in wanted],
        "heading_level": [block.heading_level for block in blocks],
        "indent": [block.indent for block in blocks],
        "bullet": [float(block.bullet) for block in blocks],
        "blank_before": [float(block.blank_before) for block in blocks],
        "section_end": [float(block.section_end) for block in blocks],
        "class_words": [len(block.tokens) for block in blocks],
        "depth_vs_article": [len(block.containers) - page.article_depth for block in blocks],
        "indent_vs_article": [block.indent - page.article_indent for block in blocks],
        "furniture_words": [len(block.tokens & furniture) for block in blocks],
        "hidden": [float(block.hidden) for block in blocks],
        "length_vs_kept": [
            math.log((page.lengths[i] + 1) / page.median_kept_length) for i in wanted
        ],
        "text_position": [page.text_position[i] for i in wanted],
        "levels_to_main": [page.levels_to_main[i] for i in wanted],
        "repeats": [min(page.copies[block.text] - 1, 5) for block in blocks],
        "page_blocks": [math.log1p(n)] * len(blocks),
    }


def _kept_columns(page: _Page, wanted: Sequence[int], blocks: list[Block]) -> dict[str, Column]:
    """The features of where each block sits against the kept blocks and the page's paths."""
    kept_count = max(len(page.kept_at), 1)
    first, last, span = page.first, page.last, max(page.last - page.first, 1)
    paths = [page.tag_paths[i] for i in wanted]
    return {
        "kept_above": [page.kept_above[i] for i in wanted],
        "kept_below": [page.kept_below[i] for i in wanted],
        "parent_share": [page.parents.get(_parent(block), 0) / kept_count for block in blocks],
        "inside_kept": [float(first <= i <= last) for i in wanted],
        "above_kept": [float(i < first) for i in wanted],
        "below_kept": [float(i > last) for i in wanted],
        "kept_stretch_position": [(i - first) / span for i in wanted]
        if page.kept_at
        else [0.0] * len(blocks),
        "page_kept_share": [len(page.kept_at) / max(page.n, 1)] * len(blocks),
        "container_share": [
            max((page.containers.get(c, 0) for c in block.containers[-2:]), default=0) / kept_count
            for block in blocks
        ],
        "section_heads_above": [page.heads_above[i] for i in wanted],
        "section_head_since_kept": [float(page.head_since_kept[i]) for i in wanted],
        "kept_text_above": [page.kept_text_above[i] for i in wanted],
        "path_repeats": [
            min(page.paths[path] - 1, DISTANCE_CAP) if block.path else 0
            for block, path in zip(blocks, paths, strict=True)
        ],
        "path_kept_share": [
            page.paths_kept[path] / page.paths[path] if block.path else 0.0
            for block, path in zip(blocks, paths, strict=True)
        ],
        **_title_columns(page, wanted),
    }


def _title_columns(page: _Page, wanted: Sequence[int]) -> dict[str, Column]:
    """Whether a block repeats the page title, and how far below it each block sits."""
    title_at = page.title_at
    return {
        "title_found": [float(title_at is not None)] * len(wanted),
        "from_title": [max(-DISTANCE_CAP, min(i - title_at, DISTANCE_CAP)) for i in wanted]
        if title_at is not None
        else [DISTANCE_CAP] * len(wanted),
    }


def _neighbour_columns(
    page: _Page, wanted: Sequence[int], blocks: list[Block]
) -> dict[str, Column]:
    """The features of the blocks right above and below each block."""
    n, kept, good, ends = page.n, page.kept, page.good, page.sentence_end
    links, log_lengths = page.links, page.log_lengths
    return {
        "previous_kept": [float(i >= 1 and kept[i - 1]) for i in wanted],
        "next_kept": [float(i + 1 < n and kept[i + 1]) for i in wanted],
        "second_above_kept": [float(i > 1 and kept[i - 2]) for i in wanted],
        "second_below_kept": [float(i < n - 2 and kept[i + 2]) for i in wanted],
        "previous_good": [float(i >= 1 and good[i - 1]) for i in wanted],
        "next_good": [float(i + 1 < n and good[i + 1]) for i in wanted],
        "previous_length": [log_lengths[i - 1] if i >= 1 else 0.0 for i in wanted],
        "next_length": [log_lengths[i + 1] if i + 1 < n else 0.0 for i in wanted],
        "previous_sentence_end": [float(i >= 1 and ends[i - 1]) for i in wanted],
        "next_sentence_end": [float(i + 1 < n and ends[i + 1]) for i in wanted],
        "previous_link_density": [links[i - 1] if i >= 1 else 0.0 for i in wanted],
        "next_link_density": [links[i + 1] if i + 1 < n else 0.0 for i in wanted],
        "group_lines": [min(page.group_lines[i], DISTANCE_CAP) for i in wanted],
        "neighbour_signals": [
            page.signal_sums[min(n, i + NEIGHBOURHOOD + 1)]
            - page.signal_sums[max(0, i - NEIGHBOURHOOD)]
            - _by_signals(block)
            for i, block in zip(wanted, blocks, strict=True)
        ],
    }


def _window_columns(page: _Page, wanted: Sequence[int]) -> dict[str, Column]:
    """The means of the blocks around each block (itself left out), near and wide."""
    return {
        "neighbour_link_density": _mean_around(page.link_sums, page.links, wanted, NEIGHBOURHOOD),
        "neighbour_length": _mean_around(page.length_sums, page.log_lengths, wanted, NEIGHBOURHOOD),
        "neighbour_kept": _mean_around(page.kept_sums, page.kept, wanted, NEIGHBOURHOOD),
        "wide_length": _mean_around(page.length_sums, page.log_lengths, wanted, WIDE),
        "wide_kept": _mean_around(page.kept_sums, page.kept, wanted, WIDE),
        "wide_good": _mean_around(page.good_sums, page.good, wanted, WIDE),
    }


def _mean_around(
    sums: Sequence[float], own: Sequence[float], wanted: Sequence[int], reach: int
) -> Column:
    """Per wanted block, the mean of `own` over the `reach` blocks either side of it.

    `sums` are the running sums of `own` (sums[k]: the first k blocks' total).
    """
    n = len(own)
    means = []
    for i in wanted:
        low, high = max(0, i - reach), min(n, i + reach + 1)
        means.append((sums[high] - sums[low] - own[i]) / max(high - low - 1, 1))
    return means


def _stage(block: Block) -> str:
    """The stage of a block's decision ('' when it has none)."""
    return block.decision.stage if block.decision is not None else ""


def _one_hot_columns(
    flags: dict[object, dict[str, float]],
    default: dict[str, float] | None,
    read: Sequence[object],
) -> dict[str, Column]:
    """The one-hot columns of one value per block (`default`'s flags for a value not known).

    `default` None: every value read is known (a KeyError otherwise, as the rows had).
    """
    if default is None:
        rows = [flags[value] for value in read]
    else:
        rows = [flags.get(value, default) for value in read]
    names = next(iter(flags.values()))
    return {name: [row[name] for row in rows] for name in names}


def _one_hot(prefix: str, values: dict[object, str]) -> dict[object, dict[str, float]]:
    """Per value, the flags prefix_NAME of every value's NAME: 1 for its own, 0 for others."""
    return {
        value: {f"{prefix}{name}": float(value == other) for other, name in values.items()}
        for value in values
    }


_KIND_FLAGS = _one_hot("kind_", {kind: kind.value for kind in BlockKind})
_GRADE_FLAGS = _one_hot("grade_", {quality: quality.value for quality in Quality})
_STAGE_FLAGS = _one_hot("stage_", {stage: stage for stage in STAGES})
_NO_GRADE = dict.fromkeys((f"grade_{quality.value}" for quality in Quality), 0.0)
_NO_STAGE = dict.fromkeys((f"stage_{stage}" for stage in STAGES), 0.0)


def ends_sentence(text: str) -> bool:
    """Whether a text ends like a sentence: a mark, then perhaps closing quotes."""
    return ends_with_mark(text, _SENTENCE_MARKS)


def _text_shape(text: str) -> tuple[int, int, int, int]:
    """Letters, upper-case letters, capitalised words and decimal digits of a text.

    As str.isalpha, str.isupper and str.isdecimal count them. Text Windows-1252 encodes
    (ASCII and most western European blocks) is counted by deleting bytes at C speed;
    other text one character at a time.
    """
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        pass
    else:
        size = len(raw)
        return (
            size - len(raw.translate(None, _LETTERS)),
            size - len(raw.translate(None, _UPPER)),
            len(_CAPITALISED.findall(text)),
            size - len(raw.translate(None, _DIGITS)),
        )
    return (
        sum(map(str.isalpha, text)),
        sum(map(str.isupper, text)),
        sum(1 for word in text.split() if word[0].isupper()),
        sum(map(str.isdecimal, text)),
    )
