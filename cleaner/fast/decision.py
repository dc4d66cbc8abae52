"""Fast mode: lexbor's blocks, decided by one model from the blocks' own cheap facts.

The default mode runs every heuristic stage and then the learned stage over their
verdicts. Fast mode skips the stages: a model trained for it (cleaner/data/models/
html-fast.json, benchmarks/train_model.py --kind html-fast) reads features that need no
earlier verdict (a block's shape, words, links, where it sits, its neighbours, the
page's title and boilerplate phrases) and decides every block pruning left open; the
pipeline then keeps the headline as the default mode does (span.restore_headline). About
three times trafilatura's speed; its figures are in README.md.

The model counts stop words against every language's list at once, without the guess:
held out on dev-html that scored as the guessed language's list did (F1 0.929 both) and
saves the guess (0.7 ms a page). The page's language is still guessed for the Result, as
the default mode guesses it, when more than the text is wanted (pipeline.run_fast).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from cleaner.heuristics.signals import _COPYRIGHT, _NUMERIC_DATE
from cleaner.learned.features import ends_sentence, levels_to
from cleaner.learned.trees import TreeModel, by_name, load_model, pushed_hardest, strongest
from cleaner.page import Block, BlockKind, Decision, Verdict, revise
from cleaner.read.block_facts import PROSE_RUN, tag_path
from cleaner.read.lexicon import Lexicon, normalize_phrase
from cleaner.reasons import Cause

STAGE = "fast_model"
MODEL = "html-fast"
_WORD = re.compile(r"\w+")
# Blocks up to this long are compared with the title and the phrase lists.
SHORT = 250  # not tuning: defines fast-model features, which it was trained with
# Blocks of at least this many characters are prose, as pruning counts prose runs.
PROSE = PROSE_RUN
# Blocks under this many characters are looked at for dates, copyright and comment heads
# (signals.py reads such lines only when short, too).
LINE = 200  # not tuning: defines fast-model features, which it was trained with
WORDS_CAP = 200
CAP = 50  # distances and counts are capped here: further is all the same

# (name, what it measures): the order is the model's input order. Left out, held out on
# dev-html: the shares of digits, upper-case letters and capitalised words (F1 +0.0007
# without them, and _text_shape cost 0.5 ms a page), a meta phrase ('posted in'; the
# model never split on it). The model's size is chosen in benchmarks/train_model.py
# (FAST_PARAMS).
FEATURES: tuple[tuple[str, str], ...] = (
    ("log_length", "length (log of characters)"),
    ("words", "words (capped at 200)"),
    ("stopwords", "stop-word share"),
    ("link_density", "share of link text"),
    ("depth", "block-level depth in the page"),
    ("position", "position in the page (0 top, 1 bottom)"),
    ("text_position", "share of the page's text above it"),
    ("sentence_end", "ends like a sentence"),
    ("commas", "commas per word"),
    ("heading_level", "heading level (0: not a heading)"),
    ("furniture_words", "furniture class/id words around it (nav, share, related...)"),
    ("in_article", "inside an <article> or article-like element"),
    ("drop_phrase", "is a boilerplate phrase"),
    ("neighbour_link_density", "link density of the three blocks either side"),
    ("neighbour_length", "length of the three blocks either side (log)"),
    ("previous_length", "length of the block above (log)"),
    ("next_length", "length of the block below (log)"),
    ("previous_link_density", "link density of the block above"),
    ("next_link_density", "link density of the block below"),
    ("wide_length", "length of the ten blocks either side (log)"),
    ("path_repeats", "other blocks at the same element path"),
    ("levels_to_main", "levels up from the longest block to an element holding it too"),
    ("previous_sentence_end", "the block above ends like a sentence"),
    ("next_sentence_end", "the block below ends like a sentence"),
    ("length_vs_longest", "length against the page's longest block (log ratio)"),
    ("neighbour_prose", "share of prose among the three blocks either side"),
    ("page_blocks", "blocks on the page (log)"),
    ("pipes", "count of '|' separators"),
    ("is_title", "repeats the page title"),
    ("from_title", "blocks below the headline (negative: above)"),
    ("from_longest", "blocks below the longest block (negative: above)"),
    ("copyright", "a copyright line"),
    ("comments_head", "a comment section head ('3 comments')"),
    ("date", "a short line with a date or time"),
    ("social_words", "share of social network words"),
    ("teaser_phrase", "is a teaser-list head ('Read more', 'Related')"),
    ("after_pruned", "pruned furniture right above it"),
    ("before_pruned", "pruned furniture right below it"),
    ("pruned_above", "pruned furniture blocks above it"),
    ("path_prose", "share of the blocks at its element path that are prose"),
    ("parent_prose", "share of the page's prose in its parent element"),
    ("grandparent_prose", "share of the page's prose in its parent's parent"),
    ("hidden", "inside an element a browser would not show (display:none, hidden)"),
    # No page signals (cleaner/heuristics/page_signals.py) here: they took 17% of fast mode's time
    # (3.20x -> 2.65x trafilatura's pages per second) for dev-html 0.9381 -> 0.9392 held out.
    *((f"kind_{kind.value}", f"block kind {kind.value}") for kind in BlockKind),
)
FEATURE_NAMES = tuple(name for name, _ in FEATURES)
_FLAGS = frozenset(
    {
        "sentence_end",
        "in_article",
        "hidden",
        "drop_phrase",
        "previous_sentence_end",
        "next_sentence_end",
    }
    | {"is_title", "copyright", "comments_head", "date", "teaser_phrase"}
    | {"after_pruned", "before_pruned"}
    | {name for name in FEATURE_NAMES if name.startswith("kind_")}
)
REASON_FEATURES = 2
_DESCRIPTIONS = [description for _, description in FEATURES]
_IS_FLAG = [name in _FLAGS for name in FEATURE_NAMES]


@cache
def fast_model() -> TreeModel:
    """The shipped fast model, checked against the features computed here."""
    return load_model(MODEL, FEATURE_NAMES)


def decide(blocks: list[Block], title: str, lexicon: Lexicon, explain: bool = True) -> list[Block]:
    """Every block pruning left open, kept or dropped by the fast model, with its reason.

    explain=False: the caller wants the text alone, so the verdicts are the same but
    their reasons name no features (the walk that weighs each feature, and the wording,
    were a quarter of fast mode's time).
    """
    open_blocks = [block for block in blocks if block.decision is None]
    if not open_blocks:
        return blocks
    forest = fast_model()
    rows = fast_features(blocks, title, lexicon)
    if not explain:
        chance = forest.probabilities(rows)
        keeps = iter((chance >= forest.threshold).tolist())
        return [
            revise(b, decision=_UNEXPLAINED[next(keeps)]) if b.decision is None else b
            for b in blocks
        ]
    chances, moved = forest.scored(rows)
    keep = chances >= forest.threshold
    # per block, the two features that pushed hardest toward its verdict
    strongest_features = strongest(moved, keep, REASON_FEATURES)
    values = np.take_along_axis(rows, strongest_features, axis=1).tolist()
    pushes = np.take_along_axis(moved, strongest_features, axis=1).tolist()
    decided = {}
    for block, chance, kept, features, shares, pushed in zip(
        open_blocks,
        chances.tolist(),
        keep.tolist(),
        strongest_features.tolist(),
        values,
        pushes,
        strict=True,
    ):
        named = pushed_hardest(
            _DESCRIPTIONS, _IS_FLAG, zip(features, shares, pushed, strict=True), kept
        )
        why = (("odds", chance), ("why", named))
        verdict = Verdict.KEEP if kept else Verdict.DROP
        decided[block.index] = Decision(verdict, STAGE, Cause.FAST_MODEL, why)
    return [revise(b, decision=decided[b.index]) if b.decision is None else b for b in blocks]


_UNEXPLAINED = {
    kept: Decision(Verdict.KEEP if kept else Verdict.DROP, STAGE, Cause.FAST_MODEL_UNWEIGHED)
    for kept in (True, False)
}


@cache
def _all_stopwords(lexicon: Lexicon) -> frozenset[str]:
    """Every language's stop words in one set (the fast model reads no guessed language)."""
    return frozenset().union(*lexicon.stopwords.values())


def fast_features(blocks: Sequence[Block], title: str, lexicon: Lexicon) -> npt.NDArray[np.float64]:
    """One row of FEATURES for each block pruning left open, in page order.

    Built a column at a time: what comes from a block's own text in one pass over the
    blocks, what compares it with its neighbours as array arithmetic.
    """
    live, after_pruned, pruned_above = _open_blocks(blocks)
    n = len(live)
    if not n:
        return np.zeros((0, len(FEATURES)))
    stopwords = _all_stopwords(lexicon)
    phrases = [normalize_phrase(block.text) if len(block.text) <= SHORT else "" for block in live]
    own = [
        _own(block, phrase, lexicon, stopwords) for block, phrase in zip(live, phrases, strict=True)
    ]
    columns = dict(zip(_OWN, np.array(own).T, strict=True))
    lengths = np.array([len(block.text) for block in live], dtype=np.float64)
    log_lengths = np.log1p(lengths)
    links = np.array([block.link_density for block in live])
    prose = (lengths >= PROSE).astype(np.float64)
    ends = columns["sentence_end"]
    longest = int(lengths.argmax())
    headline = _headline(live, phrases, normalize_phrase(title) if title else "")
    place = np.arange(n)
    # the model reads paths of tags alone, class and id left out (as the default's does)
    tag_paths = _tag_paths(live)
    paths = Counter(tag_paths)
    prose_paths = Counter(
        path for path, size in zip(tag_paths, lengths.tolist(), strict=True) if size >= PROSE
    )
    in_prose = _prose_by_container(live, lengths)
    total_prose = float(lengths[lengths >= PROSE].sum()) or 1.0
    main = live[longest].containers
    columns.update(
        log_length=log_lengths,
        link_density=links,
        depth=np.array([len(block.containers) for block in live], dtype=np.float64),
        position=place / n,
        text_position=(np.cumsum(lengths) - lengths) / max(float(lengths.sum()), 1.0),
        heading_level=np.array([block.heading_level for block in live], dtype=np.float64),
        furniture_words=np.array(_furniture_counts(live, lexicon), dtype=np.float64),
        in_article=np.array([float(bool(block.article)) for block in live]),
        hidden=np.array([float(block.hidden) for block in live]),
        neighbour_link_density=_window(links, 3),
        neighbour_length=_window(log_lengths, 3),
        previous_length=_shifted(log_lengths, 1),
        next_length=_shifted(log_lengths, -1),
        previous_link_density=_shifted(links, 1),
        next_link_density=_shifted(links, -1),
        wide_length=_window(log_lengths, 10),
        path_repeats=np.array([min(paths[path] - 1, CAP) for path in tag_paths], dtype=np.float64),
        levels_to_main=np.array(levels_to(main, live), dtype=np.float64),
        previous_sentence_end=_shifted(ends, 1),
        next_sentence_end=_shifted(ends, -1),
        length_vs_longest=np.log((lengths + 1) / lengths[longest]),
        neighbour_prose=_window(prose, 3),
        page_blocks=np.full(n, np.log1p(n)),
        is_title=headline[0],
        from_title=np.clip(place - headline[1], -CAP, CAP)
        if headline[1] is not None
        else np.full(n, 2.0 * CAP),
        from_longest=np.clip(place - longest, -CAP, CAP),
        after_pruned=after_pruned,
        before_pruned=np.append(after_pruned[1:], float(blocks[-1].decision is not None)),
        pruned_above=pruned_above,
        path_prose=np.array([prose_paths[path] / paths[path] for path in tag_paths]),
        parent_prose=np.array([in_prose[b.containers[-1]] if b.containers else 0 for b in live])
        / total_prose,
        grandparent_prose=np.array(
            [in_prose[b.containers[-2]] if len(b.containers) > 1 else 0 for b in live]
        )
        / total_prose,
    )
    kinds = np.array([_KIND_PLACE[block.kind] for block in live])[:, None] == np.arange(len(_KINDS))
    columns.update(zip(_KIND_FEATURES, kinds.T.astype(np.float64), strict=True))
    return np.column_stack(by_name(columns, FEATURE_NAMES)).astype(np.float64)


# The features read from a block's own text, in the order _own returns them.
_OWN = (
    "words",
    "stopwords",
    "sentence_end",
    "commas",
    "drop_phrase",
    "pipes",
    "copyright",
    "comments_head",
    "date",
    "social_words",
    "teaser_phrase",
)


def _own(
    block: Block, phrase: str, lexicon: Lexicon, stopwords: frozenset[str]
) -> tuple[float, ...]:
    """A block's features from its own text (see _OWN)."""
    text = block.text
    found = _WORD.findall(text.lower())
    count = len(found)
    short = len(text) < LINE
    brief = len(text) < PROSE
    return (
        min(count, WORDS_CAP),
        sum(map(stopwords.__contains__, found)) / count if count else 0.0,
        float(ends_sentence(text)),
        text.count(",") / max(count, 1),
        float(brief and (phrase in lexicon.drop_phrases or phrase in lexicon.end_phrases)),
        text.count("|"),
        float(short and bool(_COPYRIGHT.search(text))),
        float(short and bool(lexicon.comments_on.match(text))),
        float(short and bool(_NUMERIC_DATE.search(text))),
        sum(map(lexicon.social_words.__contains__, found)) / count if short and count else 0.0,
        float(brief and phrase in lexicon.teaser_phrases),
    )


def _open_blocks(
    blocks: Sequence[Block],
) -> tuple[list[Block], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The blocks pruning left open, with two facts about the furniture above each.

    Per open block: whether pruned furniture lies right above it, and how many pruned
    blocks lie above it (capped at 20).
    """
    live: list[Block] = []
    after: list[float] = []
    above: list[float] = []
    pruned, just_pruned = 0, False
    for block in blocks:
        if block.decision is not None:
            pruned, just_pruned = pruned + 1, True
            continue
        live.append(block)
        after.append(float(just_pruned))
        above.append(float(min(pruned, 20)))
        just_pruned = False
    return live, np.array(after), np.array(above)


def _furniture_counts(live: list[Block], lexicon: Lexicon) -> list[int]:
    """Each block's furniture words among its class/id words, counted once per word set.

    The blocks of one element share one set of words (the same object).
    """
    known: dict[frozenset[str], int] = {}
    counts = []
    for block in live:
        count = known.get(block.tokens)
        if count is None:
            count = known[block.tokens] = len(block.tokens & lexicon.drop_tokens)
        counts.append(count)
    return counts


def _tag_paths(live: list[Block]) -> list[str]:
    """Each block's path of tags alone; each distinct path is read once."""
    known: dict[str, str] = {}
    return [known.get(b.path) or known.setdefault(b.path, tag_path(b.path)) for b in live]


def _prose_by_container(live: list[Block], lengths: npt.NDArray[np.float64]) -> Counter[int]:
    """Characters of prose blocks inside each of the two innermost containers of a block."""
    prose: Counter[int] = Counter()
    for block, size in zip(live, lengths.tolist(), strict=True):
        if size >= PROSE:
            for container in block.containers[-2:]:
                prose[container] += int(size)
    return prose


def _window(values: npt.NDArray[np.float64], reach: int) -> npt.NDArray[np.float64]:
    """Mean of the values within `reach` places either side, each place's own left out."""
    n = len(values)
    sums = np.concatenate(([0.0], np.cumsum(values)))
    place = np.arange(n)
    low, high = np.maximum(place - reach, 0), np.minimum(place + reach + 1, n)
    mean: npt.NDArray[np.float64] = (sums[high] - sums[low] - values) / np.maximum(
        high - low - 1, 1
    )
    return mean


def _shifted(values: npt.NDArray[np.float64], by: int) -> npt.NDArray[np.float64]:
    """The neighbour's value: by=1 the block above, by=-1 the block below (0 at the edge)."""
    out = np.zeros_like(values)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def _headline(
    live: list[Block], phrases: list[str], title: str
) -> tuple[npt.NDArray[np.float64], int | None]:
    """Which blocks repeat the title, and where the headline is.

    The headline is the first heading that repeats the title, else the first block that
    does, else the first <h1>.
    """
    repeats = [bool(title) and len(p) >= 8 and p in title for p in phrases]
    at = [i for i, flag in enumerate(repeats) if flag]
    headed = [i for i in at if live[i].heading_level]
    first_h1 = [i for i, block in enumerate(live) if block.heading_level == 1]
    found = (headed or at or first_h1)[:1]
    return np.array(repeats, dtype=np.float64), found[0] if found else None


_KINDS = list(BlockKind)
_KIND_PLACE = {kind: place for place, kind in enumerate(_KINDS)}
_KIND_FEATURES = [f"kind_{kind.value}" for kind in _KINDS]
