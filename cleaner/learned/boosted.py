"""A boosted tree ensemble read from a JSON file: its probabilities and its reasons.

cleaner ships the trees, not a training library: benchmarks/train_model.py fits them
with scikit-learn and writes each tree as flat node lists. Here they are stacked into
arrays so one numpy pass scores every block of a page through every tree; explaining a
verdict walks one block through the trees again and sums, per feature, how much each
split moved the score (Saabas' method), so a reason can name the features that decided.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from cleaner.errors import CleanerError

FORMAT = 1
_Model = TypeVar("_Model")
# Rows are walked in parts holding about this many places (trees x rows): past a few
# hundred kilobytes the walk's arrays leave the CPU's cache. An HTML model of 1,200 trees
# (a trial with a partner of three seeds) walked 300 rows in 53 ms at once, 12.8 ms in
# parts of 2**15 places (27 rows), 14.9 at 2**14 and 22.9 at 2**16; 100 rows 14.5 -> 4.3
# ms (mean of 20 calls, busy 2-core machine). Outputs are identical.
WALK_ENTRIES = 2**15


class ModelError(CleanerError):
    """A model file that cleaner cannot use: missing, of another format, other features."""


@dataclass(frozen=True)
class BoostedEnsemble:
    """Every tree as a complete binary tree of `depth` levels, all in flat arrays.

    Tree t's node k sits at t * size + k, its children at 2k + 1 (feature value at most
    the split) and 2k + 2. A leaf above the last level becomes a chain of nodes that all
    go left (split +inf) and carry its value, so every row walks exactly `depth` levels:
    no per-row bookkeeping of which tree ended where.
    """

    features: tuple[str, ...]
    threshold: float
    base: float
    feature: npt.NDArray[np.intp]
    split: npt.NDArray[np.float64]
    value: npt.NDArray[np.float64]
    trees: int
    depth: int
    meta: dict[str, Any]

    @property
    def size(self) -> int:
        """Nodes in one complete tree of `depth` levels."""
        return _complete_size(self.depth)

    def probabilities(
        self, rows: Sequence[Sequence[float]] | npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """The model's probability that each row is article text."""
        if len(rows) == 0:
            return np.zeros(0)
        data = np.asarray(rows, dtype=np.float64)
        parts = self._parts(data)
        scratch = _Scratch(self.trees * len(parts[0]))  # the first part is the largest
        raw = np.concatenate([self._raw(part, scratch) for part in parts])
        chances: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-raw))
        return chances

    def _raw(self, data: npt.NDArray[np.float64], scratch: _Scratch) -> npt.NDArray[np.float64]:
        """The score of each row: every tree walked to its leaf, the leaves summed."""
        walk = _Walk(self, data, scratch)
        for _ in range(self.depth):
            walk.step()
        raw: npt.NDArray[np.float64] = self.base + walk.leaves(self.value).sum(axis=0)
        return raw

    def _parts(self, data: npt.NDArray[np.float64]) -> list[npt.NDArray[np.float64]]:
        """The rows in parts whose walk holds about WALK_ENTRIES places (trees x rows)."""
        return in_parts(data, WALK_ENTRIES // self.trees)

    def contributions(
        self, rows: Sequence[Sequence[float]] | npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """Per row and feature, how far that feature's splits moved the score (log-odds).

        Saabas' method: each split on the path moves the score from the node's mean value
        to the chosen child's; the moves of one row add up to its score minus the mean.
        """
        data = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.features))
        parts = [self._moved(part) for part in self._parts(data)]
        return np.concatenate(parts) if parts else np.zeros(data.shape)

    def _moved(self, data: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The contributions of one part of the rows."""
        width = data.shape[1]
        moved = np.zeros(data.size, dtype=np.float64)
        walk = _Walk(self, data, _Scratch(self.trees * len(data)))
        row_start = np.arange(len(data))[None, :] * width  # where each row's moves start
        for _ in range(self.depth):
            node = walk.at()
            walk.step()
            where = (row_start + self.feature[node]).ravel()
            step = (self.value[walk.at()] - self.value[node]).ravel()
            moved += np.bincount(where, weights=step, minlength=data.size)
        return moved.reshape(data.shape)

    def scored(
        self, rows: Sequence[Sequence[float]] | npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Probabilities and contributions from one walk (the fast mode needs both).

        The contributions of a row add up to its score minus the trees' root values, so
        the score is read off them instead of walking the trees a second time.
        """
        moved = self.contributions(rows)
        roots = float(self.value[np.arange(self.trees) * self.size].sum())
        raw = self.base + roots + moved.sum(axis=1)
        chances: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-raw))
        return chances, moved

    def with_columns(
        self, features: tuple[str, ...], column: npt.NDArray[np.intp]
    ) -> BoostedEnsemble:
        """The forest reading rows of `features`, its feature f in row column `column[f]`."""
        return replace(self, features=features, feature=column[self.feature])


def in_parts(data: npt.NDArray[np.float64], rows: int) -> list[npt.NDArray[np.float64]]:
    """The rows of `data` in consecutive parts of `rows` rows (at least one) each."""
    rows = max(1, rows)
    return [data[start : start + rows] for start in range(0, len(data), rows)]


class _Scratch:
    """The arrays a walk writes into, shared by the parts of one call (each part a view).

    A fresh array of a part's size (a quarter of a megabyte) is memory the system maps anew,
    a page fault at every first touch: the walk's first step took four times a later one.
    """

    def __init__(self, size: int) -> None:
        self.node = np.empty(size, dtype=np.intp)
        self.gathered = np.empty(size, dtype=np.intp)
        self.seen = np.empty(size, dtype=np.float64)
        self.split = np.empty(size, dtype=np.float64)
        self.right = np.empty(size, dtype=np.bool_)


class _Walk:
    """Where each row is in each tree: a place in the complete tree, shape (trees, rows)."""

    def __init__(
        self, forest: BoostedEnsemble, data: npt.NDArray[np.float64], scratch: _Scratch
    ) -> None:
        self.forest = forest
        rows, width = data.shape
        if width != len(forest.features) or not np.isfinite(data).all():
            # scikit-learn routes missing values per node; these trees cannot, so say so
            raise ModelError(f"feature rows must be {len(forest.features)} finite numbers")
        self.values = np.ascontiguousarray(data.T).ravel()  # feature f of row r at f*rows + r
        self.offsets = forest.feature * rows  # where each node's feature starts in values
        self.columns = np.arange(rows, dtype=np.intp)[None, :]
        shape, size = (forest.trees, rows), forest.trees * rows
        self.node = scratch.node[:size].reshape(shape)
        starts = np.arange(forest.trees, dtype=np.intp)[:, None] * forest.size
        self.node[...] = starts  # every row at every tree's root
        # tree t's node k sits at s = t*size + k, its left child at t*size + 2k + 1 = 2s + lift
        self.lift = 1 - starts
        self.gathered = scratch.gathered[:size].reshape(shape)
        self.seen = scratch.seen[:size].reshape(shape)
        self.split = scratch.split[:size].reshape(shape)
        self.right = scratch.right[:size].reshape(shape)

    def at(self) -> npt.NDArray[np.intp]:
        """The node each row is at, as an index into the forest's flat arrays (a copy)."""
        return self.node.copy()

    def leaves(self, value: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """`value` at the node each row is at (in the scratch arrays: read before a step)."""
        return value.take(self.node, out=self.seen, mode="clip")

    def step(self) -> None:
        """One level down every tree, for every row.

        `take`, not fancy indexing: the same elements, gathered in about half the time (a
        fancy index is checked against the array's shape element by element); mode "clip"
        lets it write into the scratch arrays unbuffered.
        """
        node = self.node
        self.offsets.take(node, out=self.gathered, mode="clip")  # every index is in range
        self.gathered += self.columns
        self.values.take(self.gathered, out=self.seen, mode="clip")
        self.forest.split.take(node, out=self.split, mode="clip")
        np.greater(self.seen, self.split, out=self.right)
        node *= 2
        node += self.lift
        node += self.right


def read_model(
    name: str, path: Path | None = None, structures: tuple[str | None, ...] = (None,)
) -> Any:
    """A model file's data, of cleaner's format and one of the given structures.

    A file's "structure" names its kind (absent: boosted.py's trees); cleaner/learned/trees.py
    reads either kind of trees, word_odds.py its word weights.
    """
    try:
        if path is None:
            text = (resources.files("cleaner") / "data" / "models" / f"{name}.json").read_text(
                "utf-8"
            )
        else:
            text = path.read_text("utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as error:
        raise ModelError(f"cannot read the {name} model: {error}") from error
    if not isinstance(data, dict):
        raise ModelError(f"the {name} model file is malformed (not a JSON object)")
    if data.get("format") != FORMAT or data.get("structure") not in structures:
        found = " ".join(str(data.get(key)) for key in ("format", "structure") if key in data)
        wanted = " or ".join(f"{FORMAT} {kind}" if kind else str(FORMAT) for kind in structures)
        raise ModelError(f"the {name} model has format {found}, cleaner reads {wanted}")
    return data


def built(name: str, stack: Callable[[dict[str, Any]], _Model], data: dict[str, Any]) -> _Model:
    """The model stacked from its file's data; a ModelError if the file is malformed."""
    try:
        return stack(data)
    except (AttributeError, KeyError, IndexError, TypeError, ValueError) as error:
        raise ModelError(f"the {name} model file is malformed ({error!r})") from error


def stack_forest(data: dict[str, Any]) -> BoostedEnsemble:
    """The forest's trees as complete trees in flat arrays (see BoostedEnsemble)."""
    trees = data["trees"]
    depth = max(_depth(tree) for tree in trees)
    size = _complete_size(depth)
    feature = np.zeros(len(trees) * size, dtype=np.intp)
    split = np.full(len(trees) * size, np.inf)
    value = np.zeros(len(trees) * size)
    for t, tree in enumerate(trees):
        pending = [(0, 0)]  # (node in the file, place in the complete tree)
        while pending:
            node, place = pending.pop()
            at = t * size + place
            value[at] = tree["value"][node]
            if tree["left"][node] >= 0:
                feature[at] = tree["feature"][node]
                split[at] = tree["split"][node]
                pending += [
                    (tree["left"][node], 2 * place + 1),
                    (tree["right"][node], 2 * place + 2),
                ]
            elif 2 * place + 1 < size:  # a leaf above the last level: carry it down, left
                pending.append((node, 2 * place + 1))
    if feature.min() < 0 or feature.max() >= len(data["features"]):  # as oblivious.stack
        raise ValueError("a split names a feature the model does not have")
    return BoostedEnsemble(
        features=tuple(data["features"]),
        threshold=float(data["threshold"]),
        base=float(data["base"]),
        feature=feature,
        split=split,
        value=value,
        trees=len(trees),
        depth=depth,
        meta=data.get("trained", {}),
    )


def _complete_size(depth: int) -> int:
    return int(2 ** (depth + 1) - 1)


def _depth(tree: dict[str, list[Any]]) -> int:
    """Edges on the longest path from the root to a leaf."""
    deepest, stack = 0, [(0, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if tree["left"][node] >= 0:
            stack += [(tree["left"][node], depth + 1), (tree["right"][node], depth + 1)]
    return deepest
