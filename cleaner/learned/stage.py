"""The learned stage: a tree model weighs each block's evidence together and may overrule.

The heuristics decide block by block, one signal at a time, each with a threshold. Many
of their mistakes are blocks where several weak signals point different ways: a short
line between two paragraphs but deeper than them, prose below the article in a box of
its own. A boosted tree model (cleaner/learned/boosted.py; on scraped text, CatBoost's oblivious
trees, cleaner/learned/oblivious.py), trained on the dev corpus's labelled segments with the
features of cleaner/learned/features.py, reads all of them at once and gives the probability
that the block is article text. Where it disagrees with the heuristics,
its verdict stands, and the reason names the features that weighed most and what the
heuristics alone had said.

Site rules (final decisions), pruned elements, a headline restored by matching the page
title, a reader comment thread the heuristics found below a kept block, in HTML a short
post the heuristics kept, and, in a scrape, what follows a comment section's head below
the article and a kept list with its lead-in (left_alone) are never revisited, and the
model never empties a page the heuristics kept text on. In a scrape, a bulleted list the
model mostly dropped then goes whole (cleaner/learned/lists.py).
HTML pages and scraped text have a model each, and accurate mode a third that also sees
what trafilatura kept (cleaner/data/models/). Each file is two models summed in log-odds:
one learned from the dev corpus's snippets, and a partner learned from dragnet's full
hand-cut articles with the dev corpus, which knows kept furniture for a mistake
(benchmarks/train_model.py, PARTNER_WEIGHT). Measured by five-fold cross-validation with
whole sites held out (benchmarks/train_model.py), on pages of sites the model never saw:
dev-html F1 0.921 -> 0.944 (accurate mode 0.950), dev-text 0.882 -> 0.917 (inscriptis)
and 0.867 -> 0.906 (lxml), dragnet's full gold 0.897 -> 0.913 (HTML); the text model
also reads each line as fast mode does (features.LINE_READING) and what its words say
(cleaner/learned/word_odds.py). The pages golden cases were cut from are never learned
from: on those (`cleaner eval --no-rules`, 66 cases) F1 0.973, and 0.953 without the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import numpy.typing as npt

from cleaner.heuristics.second_reader import Extraction
from cleaner.learned.features import (
    ACCURATE_FEATURE_NAMES,
    ALL_FLAGS,
    DESCRIPTIONS,
    FEATURE_NAMES,
    TEXT_FEATURE_NAMES,
    page_features,
    with_line_reading,
)
from cleaner.learned.lists import introduces, vote_lists
from cleaner.learned.trees import NO_FEATURE, TreeModel, load_model, pushed_hardest, strongest
from cleaner.learned.word_odds import WordOdds, shipped_words
from cleaner.options import DEFAULT_TUNING, LearnedTuning
from cleaner.page import Block, Decision, Kind, Quality, Verdict, revise
from cleaner.read.lexicon import Lexicon, heads_comments
from cleaner.reasons import Cause, Values, values

STAGE = "learned"
# Where the model needs clearer odds than its threshold to overrule (LearnedTuning, in
# cleaner/options.py, says how each was set), read off these features of a row.
_KEPT, _GOOD, _HEADING, _NEXT_KEPT, _NEXT_GOOD, _SENTENCE, _PREVIOUS_KEPT = (
    FEATURE_NAMES.index(name)
    for name in (
        "kept",
        "grade_good",
        "kind_heading",
        "next_kept",
        "next_good",
        "sentence_end",
        "previous_kept",
    )
)

# A reason names this many of the features that pushed hardest toward the verdict.
REASON_FEATURES = 2
# The headline matching the page title is what GOLDEN.md puts first, and the dev corpus,
# which labels few headlines, cannot teach it; nor the one found above the article.
# A second copy of a kept paragraph (heuristics/copies.py) is a fact, not a guess.
_NEVER_REVISITED = frozenset({Cause.HEADLINE_TITLE, Cause.HEADLINE_ABOVE, Cause.COPY})
# Pruned elements (semantic tags, ARIA roles, hidden, class/id words) are the page's own
# structure, and letting the model revisit them lost (cross-validated dev-html F1 0.9375
# with, 0.9388 without).
_SETTLED_STAGES = ("html_prune",)


# The shipped models (cleaner/data/models/NAME.json) and the features each must name.
MODELS = {
    "html": FEATURE_NAMES,
    "text": TEXT_FEATURE_NAMES,
    "html-accurate": ACCURATE_FEATURE_NAMES,
}


# The text model is CatBoost's oblivious trees (cleaner/learned/oblivious.py; the others
# are scikit-learn's trees, cleaner/learned/boosted.py): benchmarks/train_model.py's
# TEXT_PARAMS says why.
# Training reads this; cleaner reads each file's kind from the file (cleaner/learned/trees.py).
OBLIVIOUS_MODELS = ("text",)


@cache
def shipped_model(name: str) -> TreeModel:
    """A shipped model, reading the features cleaner computes for it by name."""
    return load_model(name, MODELS[name])


def relearn(  # noqa: PLR0913 (the stage's entry: 4 page inputs, 4 optional for the mode)
    blocks: list[Block],
    kind: Kind,
    lexicon: Lexicon,
    language: str | None,
    second_reader: Extraction | None = None,
    explain: bool = True,
    tuning: LearnedTuning = DEFAULT_TUNING.learned,
    title: str = "",
) -> list[Block]:
    """Blocks where the model disagrees with the heuristics take the model's verdict.

    Given trafilatura's reading of the page (accurate mode), the accurate model decides,
    with what trafilatura kept as two more features. explain=False: the caller wants the
    text alone, so a reason gives the odds but not the features that pushed hardest
    (weighing them is a fifth of the stage's time on scraped text).
    """
    settled = left_alone(blocks, kind, lexicon, tuning)
    reading = _Reading(kind, lexicon, language, second_reader, explain, tuning, title)
    revisable = [revisitable(block) and i not in settled for i, block in enumerate(blocks)]
    decided = _decided(blocks, reading, revisable)
    if kind == "text" and tuning.list_kept_share:
        decided = vote_lists(decided, revisable, tuning)
    if explain and settled:
        return [_noted(block, settled.get(i)) for i, block in enumerate(decided)]
    return decided


@dataclass(frozen=True, slots=True)
class _Reading:
    """How the stage reads a page: its kind, language, mode and tuning (relearn's inputs)."""

    kind: Kind
    lexicon: Lexicon
    language: str | None
    second_reader: Extraction | None
    explain: bool
    tuning: LearnedTuning
    title: str


def _decided(blocks: list[Block], reading: _Reading, revisable: list[bool]) -> list[Block]:
    """The blocks after the model's verdicts on those it may revisit (`revisable`)."""
    open_blocks = [i for i, is_open in enumerate(revisable) if is_open]
    if not open_blocks:
        return blocks
    kind = reading.kind
    forest = shipped_model(kind if reading.second_reader is None else f"{kind}-accurate")
    words = shipped_words() if kind == "text" else None
    flips = _flips(blocks, open_blocks, forest, words, reading)
    if not flips:
        return blocks
    keeps = [not blocks[i].kept for i, _, _, _ in flips]
    whys = [""] * len(flips)  # the caller wanted the text alone: no pushes were weighed
    if reading.explain:
        said = [
            words.telling(blocks[i].text, keep) if words is not None else []
            for (i, _, _, _), keep in zip(flips, keeps, strict=True)
        ]
        rows = [row for _, row, _, _ in flips]
        moved = forest.contributions(rows)
        whys = _weighed_most(forest.features, rows, moved, keeps, said)
    result = list(blocks)
    for (i, _, chance, need), keep, why in zip(flips, keeps, whys, strict=True):
        result[i] = _overrule(
            blocks[i], keep, values(odds=float(chance), needed=float(need), why=why)
        )
    return result


def _flips(
    blocks: list[Block],
    open_blocks: list[int],
    forest: TreeModel,
    words: WordOdds | None,
    reading: _Reading,
) -> list[tuple[int, list[float], float, float]]:
    """The open blocks whose verdict the model turns: (index, row, odds, odds needed).

    None when the model would drop every block the heuristics kept (it never empties a page).
    """
    lexicon = reading.lexicon
    stopwords = lexicon.stopwords.get(reading.language or "")
    rows = page_features(
        blocks, stopwords, lexicon.drop_tokens, open_blocks, reading.second_reader, reading.title
    )
    if words is not None:
        rows = with_line_reading(rows, blocks, open_blocks, lexicon, words)
    chances = forest.probabilities(rows)
    needs = [needed_odds(row, forest.threshold, reading.kind, reading.tuning) for row in rows]
    flips = [
        (i, row, chance, need)
        for i, row, chance, need in zip(open_blocks, rows, chances, needs, strict=True)
        if (chance >= need) != blocks[i].kept
    ]
    drops = [flip for flip in flips if blocks[flip[0]].kept]
    kept = sum(block.kept for block in blocks)
    if kept and kept == len(drops) and len(flips) == len(drops):  # it would empty the page
        return []
    return flips


def needed_odds(
    row: Sequence[float],
    threshold: float,
    kind: Kind,
    tuning: LearnedTuning = DEFAULT_TUNING.learned,
) -> float:
    """The article odds a block with these features needs to be kept."""
    if not row[_KEPT]:
        return threshold
    heads_prose = bool(row[_NEXT_GOOD] and row[_NEXT_KEPT] and not row[_SENTENCE])
    if heads_prose and kind == "text":
        return 0.0  # a scrape's only sign of a heading: the model never drops it
    between_kept = kind == "text" and bool(row[_PREVIOUS_KEPT] and row[_NEXT_KEPT])
    if row[_GOOD] or row[_HEADING] or heads_prose or between_kept:
        return tuning.prose_drop_odds
    return threshold


def revisitable(block: Block) -> bool:
    """A block the model may revisit: not settled by a rule, pruning, the headline or a copy."""
    decision = block.decision
    return (
        decision is not None
        and not decision.final
        and decision.stage not in _SETTLED_STAGES
        and decision.cause not in _NEVER_REVISITED
    )


def left_alone(
    blocks: Sequence[Block],
    kind: Kind,
    lexicon: Lexicon,
    tuning: LearnedTuning = DEFAULT_TUNING.learned,
) -> dict[int, Cause]:
    """Blocks the model does not revisit (the dev labels mislead it), and why.

    In HTML, a short post the heuristics kept is left alone too (short_post). A comment
    thread the heuristics found is left alone in HTML as in a scrape: where no class word
    prunes the comments (dragnet R532's TypePad 'Posted by: Andrew | Mar 26, 2007'), the
    HTML model brought their prose back. HTML needs the scrape's other two guards less:
    comment sections are mostly pruned by their class words, and the model knows the
    page's template and its lists (with both, dev-html F1 0.9432 -> 0.9423 held out).
    """
    threads = dict.fromkeys(in_threads(blocks), Cause.IN_THREAD)
    if kind != "text":
        return threads | dict.fromkeys(short_post(blocks), Cause.IN_SHORT_POST)
    alone = dict.fromkeys(kept_lists(blocks), Cause.KEPT_LIST)
    below = below_comments(blocks, lexicon, tuning)
    alone.update(dict.fromkeys(below, Cause.BELOW_COMMENTS))
    alone.update(threads)
    return alone


def short_post(blocks: Sequence[Block]) -> list[int]:
    """The blocks of a short post the heuristics kept by its headline or footer (HTML).

    On a page the span found thin, heuristics/short_post.py reads the post off its anchors;
    the HTML model, which weighs each block's links and length, then dropped a post that is
    a list of linked titles (dragnet T71, 7,200 words) or a two-line video post (109, 312).
    In dragnet HTML it dropped 7,221 words of gold this way and 23 of furniture. In a
    scrape the model is right more often (Python's documentation pages, where the 'short
    post' above the footer is the licence notice), so there it stays free. A 'post' whose
    lines repeat is a teaser list (each title linked twice, image and text): the model
    stays free there too.
    """
    post = [i for i, block in enumerate(blocks) if block.kept and _cause(block) is Cause.SHORT_POST]
    texts = [blocks[i].text for i in post]
    return post if len(set(texts)) == len(texts) else []


def in_threads(blocks: Sequence[Block]) -> list[int]:
    """The blocks the heuristics dropped as a reader comment thread, below a kept block.

    A comment's prose reads like an article's, and the dev corpus seldom labels comments:
    the model brought long comments back between the thread's signatures. Any kept block
    above the thread but the headline will do (dragnet 158's post is a dialogue of short
    quotes; asking for kept prose, as below_comments does, left its thread to the model).
    Where only the headline is kept above it, the thread may hold the post itself (a
    short post whose date and 'Permalink' chained into its comments): the model stays free.
    """
    threads = [i for i, block in enumerate(blocks) if _cause(block) is Cause.COMMENT_THREAD]
    if not threads:
        return []
    above = blocks[: threads[0]]
    if not any(block.kept and _cause(block) not in _HEADLINES for block in above):
        return []
    return threads


_HEADLINES = frozenset({Cause.HEADLINE_TITLE, Cause.HEADLINE_ABOVE})


def _cause(block: Block) -> Cause | None:
    return None if block.decision is None else block.decision.cause


def below_comments(
    blocks: Sequence[Block], lexicon: Lexicon, tuning: LearnedTuning = DEFAULT_TUNING.learned
) -> frozenset[int]:
    """The head of a reader comment section below the article, and every block after.

    GOLDEN.md drops reader comments, but the dev corpus seldom labels them, so the model
    takes their prose for article text. "Below the article" needs an article above: the
    kept stretch holds prose (tuning.article_above_comments). Where the heuristics kept hardly
    anything, a "953 Kommentare" link in a recipe's header would otherwise lock the recipe
    below it away from the model.
    """
    kept = [i for i, block in enumerate(blocks) if block.kept]
    if not _holds_prose([blocks[i] for i in kept], tuning):
        return frozenset()
    for i in range(kept[-1] + 1, len(blocks)):
        if heads_comments(blocks[i].text, lexicon):
            return frozenset(range(i, len(blocks)))
    return frozenset()


def _holds_prose(kept: Sequence[Block], tuning: LearnedTuning) -> bool:
    return any(block.quality is Quality.GOOD for block in kept) and (
        sum(len(block.text) for block in kept) >= tuning.article_above_comments
    )


def kept_lists(blocks: Sequence[Block]) -> frozenset[int]:
    """A kept line ending in a colon and the run of kept bulleted items right below it.

    GOLDEN.md keeps an author's lists whole; in a scrape, where nothing but a colon and
    the bullets marks the lead-in and its items as one list, the model took some of
    either for furniture (seed003).
    """
    listed: set[int] = set()
    lead_in: int | None = None  # the lead-in whose items are being read, one pass
    for i, block in enumerate(blocks):
        if lead_in is not None and block.kept and block.bullet:
            listed.update((lead_in, i))
            continue
        lead_in = i if block.kept and introduces(block.text) else None
    return frozenset(listed)


def _weighed_most(
    names: tuple[str, ...],
    rows: Sequence[Sequence[float]],
    moved: npt.NDArray[np.float64],
    keeps: Sequence[bool],
    said: Sequence[Sequence[str]],
) -> list[str]:
    """Per row, the features that pushed hardest toward its verdict: value, and how far.

    Pushes are measured from the model's mean score, not from the threshold, so a block
    can be kept with every named feature pushing toward keeping while the sum of all of
    them pushed the other way: the odds and what is needed are in the reason for that.
    `moved`: per row and feature, the push (TreeModel.contributions); `said`: per row, the
    block's words that weigh most toward the verdict, shown with its word odds.
    """
    chosen = strongest(moved, np.array(keeps, dtype=np.bool_), REASON_FEATURES).tolist()
    pushes = moved.tolist()
    labels, flags = _labels(names)
    whys = []
    for row, push, features, keep, words in zip(rows, pushes, chosen, keeps, said, strict=True):
        picked = [(f, row[f], push[f]) for f in features]
        named = pushed_hardest(_with_words(labels, names, words), flags, picked, keep)
        direction = "toward keeping" if keep else "toward dropping"
        whys.append(named if named == NO_FEATURE else f"{direction}: {named}")
    return whys


def _with_words(
    labels: tuple[str, ...], names: tuple[str, ...], said: Sequence[str]
) -> tuple[str, ...]:
    """The labels, the word odds' naming the words `said` (when there are any)."""
    if not said or _WORD_ODDS not in names:
        return labels
    at = names.index(_WORD_ODDS)
    words = ", ".join(f"'{word}'" for word in said)
    return (*labels[:at], f"{labels[at]} ({words})", *labels[at + 1 :])


_WORD_ODDS = "word_odds"


@cache
def _labels(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """What a reason calls each feature, and which are yes/no flags."""
    return tuple(DESCRIPTIONS[name] for name in names), tuple(name in ALL_FLAGS for name in names)


def _noted(block: Block, why: Cause | None) -> Block:
    """The block with why the model left it alone added to its decision (when it had one).

    The verdict, stage and finality stay; the cause says the model left it alone, and
    the decision it wraps (`prior`) says why the heuristics decided as they did.
    """
    decision = block.decision
    if why is None or not revisitable(block) or decision is None:
        return block
    noted = replace(decision, cause=why, values=(), prior=decision)
    return revise(block, decision=noted)


def _overrule(block: Block, keep: bool, weighed: Values) -> Block:
    """The model's verdict: its odds, what weighed most (in `weighed`), the prior decision."""
    verdict = Verdict.KEEP if keep else Verdict.DROP
    decision = Decision(verdict, STAGE, Cause.MODEL, weighed, prior=block.decision)
    return revise(block, decision=decision)
