"""Fast mode on scraped text: one model over each line's cheap facts, no heuristic stage.

The default mode reads scraped text line by line through every heuristic stage and the
learned stage: about 13 ms a page. Pipelines that clean millions of scrapes want speed
first, so fast mode reads each line's facts for the whole page at once, with C-level
string methods and array arithmetic instead of a Python loop per line, and lets one
small model (cleaner/data/models/text-fast.json, benchmarks/train_model.py --kind
text-fast) keep or drop every line. Its figures against the default mode are in README.md.

A line is a paragraph, as in the default mode, so every kept line is its own block; a run
of dropped lines is one block, with the features that pushed the run hardest toward
dropping as its reason (building a block per dropped line cost more than the model).
The line features are the learned stage's too (cleaner/learned/line_features.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from itertools import compress

import numpy as np
import numpy.typing as npt

from cleaner.learned.line_features import FEATURE_NAMES, FEATURES, FLAGS, line_features, page_lines
from cleaner.learned.oblivious import Oblivious
from cleaner.learned.trees import TreeModel, load_model, pushed_hardest, strongest
from cleaner.page import Block, BlockKind, Decision, Result, Verdict
from cleaner.read.hygiene import visible_page
from cleaner.read.lexicon import Lexicon
from cleaner.reasons import Cause, Why

STAGE = "fast_text_model"
MODEL = "text-fast"
REASON_FEATURES = 2
_DESCRIPTIONS = [description for _, description in FEATURES]
_IS_FLAG = [name in FLAGS for name in FEATURE_NAMES]


@cache
def fast_text_model() -> TreeModel:
    """The shipped model, checked against the features computed here."""
    return load_model(MODEL, FEATURE_NAMES)


@cache
def _asked() -> frozenset[str]:
    """The features some split of the shipped model reads: line_features may skip the others.

    A skipped feature's value could not show in a reason either: a feature no split reads
    pushes no verdict, and reasons name only features that pushed.
    """
    forest = fast_text_model()
    if not isinstance(forest, Oblivious):
        return frozenset(forest.features)
    return frozenset(forest.features[f] for f in forest.feature.ravel().tolist())


def run_fast_text(text: str, url: str | None, lexicon: Lexicon, explain: bool = True) -> Result:
    """Keep or drop every line of a scraped page with the fast text model.

    explain=False leaves the blocks and their reasons out (the text is the same): a
    caller that wants the text alone spares a quarter of the time.
    """
    lines, blank_before = page_lines(visible_page(text))
    if not lines:
        return Result(text="", url=url, kind="text")
    forest = fast_text_model()
    rows = line_features(lines, blank_before, lexicon, _asked())
    chances = forest.probabilities(rows)
    keep = chances >= forest.threshold
    kept = list(compress(lines, keep))
    blocks = tuple(_blocks(lines, rows, keep, chances, forest)) if explain else ()
    return Result(
        text="\n\n".join(kept) + "\n" if kept else "", blocks=blocks, url=url, kind="text"
    )


def _blocks(
    lines: list[str],
    rows: npt.NDArray[np.float64],
    keep: npt.NDArray[np.bool_],
    chances: npt.NDArray[np.float64],
    forest: TreeModel,
) -> list[Block]:
    """A block per line, kept or dropped; a run of dropped lines is one block.

    The lines of a run (kept or dropped) share one reason: the features that pushed the
    run's closest call (the dropped line likeliest to be article, the kept line least
    likely) hardest toward the verdict. Explaining only that line, not every line, is
    what lets fast mode on text build its reasons in a tenth of a millisecond.
    """
    n = len(lines)
    starts = np.flatnonzero(np.concatenate(([True], keep[1:] != keep[:-1])))
    sizes = np.diff(np.append(starts, n))
    kept = keep[starts]
    run = np.repeat(np.arange(len(starts)), sizes)
    closeness = np.where(keep, -chances, chances)  # highest: the closest call of its run
    order = np.lexsort((-closeness, run))
    closest = order[starts]  # order is grouped by run, each run's closest call first
    _, moved = forest.scored(rows[closest])
    strongest_features = strongest(moved, kept, REASON_FEATURES)
    shown_values = np.take_along_axis(rows[closest], strongest_features, axis=1).tolist()
    shown_pushes = np.take_along_axis(moved, strongest_features, axis=1).tolist()
    blocks = []
    for start, size, is_kept, chance, features, values, pushes in zip(
        starts.tolist(),
        sizes.tolist(),
        kept.tolist(),
        chances[closest].tolist(),
        strongest_features.tolist(),
        shown_values,
        shown_pushes,
        strict=True,
    ):
        why = _why(is_kept, size, chance, zip(features, values, pushes, strict=True))
        decision = Decision(Verdict.KEEP if is_kept else Verdict.DROP, STAGE, *why)
        if is_kept:
            blocks += [
                Block(index=i, text=lines[i], kind=BlockKind.LINE, source="text", decision=decision)
                for i in range(start, start + size)
            ]
        else:
            text = "\n".join(lines[start : start + size])
            blocks.append(
                Block(index=start, text=text, kind=BlockKind.LINE, source="text", decision=decision)
            )
    return blocks


def _why(kept: bool, size: int, chance: float, chosen: Iterable[tuple[int, float, float]]) -> Why:
    """Why a run of lines is kept or dropped, read off its closest call.

    `chosen`: the closest call's strongest features, each (feature, value, push).
    """
    why = pushed_hardest(_DESCRIPTIONS, _IS_FLAG, chosen, kept)
    return Why(Cause.FAST_TEXT_MODEL, (("lines", size), ("odds", chance), ("why", why)))
