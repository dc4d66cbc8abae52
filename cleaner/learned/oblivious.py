"""An oblivious tree ensemble read from a JSON file: its probabilities and its reasons.

An oblivious tree asks the same question of every node on one level, so a row's leaf is
just the bits of its answers: scoring a page is one comparison of every row with every
tree's splits and one look-up of the leaves, with no walk down the trees. On a page of
scraped text (hundreds of lines) that is about ten times faster than boosted.py's walk,
which fast mode on text needs. The trees are fitted by CatBoost in
benchmarks/train_model.py and shipped as plain lists; explaining a verdict sums, per
feature, how much each level moved the score (Saabas' method, as in boosted.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from cleaner.learned.boosted import ModelError, in_parts

STRUCTURE = "oblivious"


@dataclass(frozen=True)
class Oblivious:
    """Every tree as `depth` (feature, border) splits and its 2**depth leaf values.

    A row's leaf in tree t has bit l set when the row's value of feature[t, l] is above
    border[t, l]. `means[t, l, p]` is the mean leaf value (weighted by training rows) of
    the leaves whose first l bits are p: where the row stands after l levels.
    """

    features: tuple[str, ...]
    threshold: float
    base: float
    scale: float
    feature: npt.NDArray[np.intp]
    border: npt.NDArray[np.float64]
    value: npt.NDArray[np.float64]
    means: npt.NDArray[np.float64]
    meta: dict[str, Any]

    @property
    def trees(self) -> int:
        """How many trees."""
        return int(self.feature.shape[0])

    @property
    def depth(self) -> int:
        """Levels of every tree."""
        return int(self.feature.shape[1])

    def leaves(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.uint16]:
        """Each row's leaf in each tree, shape (trees, rows).

        One comparison of the rows' columns with every split of every tree answers every
        level at once; the answers, weighted by their level's bit, add up to the leaf
        (CatBoost's trees are at most 16 deep, so a leaf fits 16 bits).
        """
        if rows.ndim != 2 or rows.shape[1] != len(self.features) or not np.isfinite(rows).all():
            raise ModelError(f"feature rows must be {len(self.features)} finite numbers")
        columns = np.ascontiguousarray(rows.T)
        above = columns[self.feature] > self.border[:, :, None]  # trees x levels x rows
        leaf: npt.NDArray[np.uint16] = np.einsum("tlr,l->tr", above.astype(np.uint16), self._bits)
        return leaf

    def _chunks(self, data: npt.NDArray[np.float64]) -> list[npt.NDArray[np.float64]]:
        """The rows in parts of at most CHUNK_NUMBERS numbers of scoring each."""
        return in_parts(data, self._part_rows)

    @cached_property
    def _part_rows(self) -> int:
        """Rows in a part of at most CHUNK_NUMBERS numbers of scoring."""
        return CHUNK_NUMBERS // (self.trees * (self.depth + 1))

    @cached_property
    def _first_leaves(self) -> npt.NDArray[np.intp]:
        """Where each tree's leaves start among all trees' leaves, a column."""
        first: npt.NDArray[np.intp] = (np.arange(self.trees) << self.depth)[:, None]
        return first

    @cached_property
    def _bits(self) -> npt.NDArray[np.uint16]:
        """Each level's bit of a leaf number."""
        return (1 << np.arange(self.depth)).astype(np.uint16)

    def probabilities(
        self, rows: Sequence[Sequence[float]] | npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """The model's probability that each row is article text."""
        data = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.features))
        if 0 < len(data) <= self._part_rows:  # a page's lines, most often: scored at once
            raw = self._raw(data)
        else:
            raw = np.concatenate([self._raw(part) for part in self._chunks(data)] or [np.zeros(0)])
        chances: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-raw))
        return chances

    def _raw(self, data: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        leaf = self.leaves(data)
        raw: npt.NDArray[np.float64] = self.base + self.scale * self.value.take(
            leaf + self._first_leaves
        ).sum(axis=0)
        return raw

    def contributions(
        self, rows: Sequence[Sequence[float]] | npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """Per row and feature, how far that feature's splits moved the score (log-odds)."""
        return self.scored(rows)[1]

    def scored(
        self, rows: Sequence[Sequence[float]] | npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Probabilities, and per row and feature how far its splits moved the score.

        Each level moves a row from the mean of the leaves it could still reach to the
        mean of those it can reach after the level's answer; the moves add up to the row's
        score minus the trees' overall means, so the score is read off them.
        """
        data = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.features))
        moved = np.concatenate(
            [self._moved(part) for part in self._chunks(data)] or [np.zeros((0, data.shape[1]))]
        )
        raw = self.base + self.scale * float(self.means[:, 0, 0].sum()) + moved.sum(axis=1)
        chances: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-raw))
        return chances, moved

    def with_columns(self, features: tuple[str, ...], column: npt.NDArray[np.intp]) -> Oblivious:
        """The model reading rows of `features`, its feature f in row column `column[f]`."""
        return replace(self, features=features, feature=column[self.feature])

    def _moved(self, data: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Per row and feature, the moves of its splits: all arrays tree-major, rows last."""
        leaf = self.leaves(data).astype(np.intp)  # trees x rows
        masks = (1 << np.arange(self.depth + 1)) - 1
        prefixes = leaf[:, None, :] & masks[None, :, None]  # trees x (levels + 1) x rows
        first = (np.arange(self.trees * (self.depth + 1)) << self.depth).reshape(self.trees, -1)
        reached = self.means.take(first[:, :, None] + prefixes)
        steps = self.scale * (reached[:, 1:, :] - reached[:, :-1, :])  # trees x levels x rows
        by_feature = steps.reshape(-1, len(data)).take(self._split_order, axis=0)
        moved = np.zeros((data.shape[1], len(data)))
        moved[self._split_features] = np.add.reduceat(by_feature, self._feature_starts, axis=0)
        return moved.T

    @cached_property
    def _split_order(self) -> npt.NDArray[np.intp]:
        """Every (tree, level) split, ordered by the feature it asks about."""
        order: npt.NDArray[np.intp] = np.argsort(self.feature.ravel(), kind="stable")
        return order

    @cached_property
    def _feature_starts(self) -> npt.NDArray[np.intp]:
        """Where each asked-about feature's splits start in _split_order."""
        ordered = self.feature.ravel()[self._split_order]
        starts: npt.NDArray[np.intp] = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        return starts

    @cached_property
    def _split_features(self) -> npt.NDArray[np.intp]:
        """The features the splits ask about, in the order of _feature_starts."""
        features: npt.NDArray[np.intp] = self.feature.ravel()[self._split_order][
            self._feature_starts
        ]
        return features


# How many numbers scoring may hold at once. Scoring holds (trees x levels x rows) arrays:
# for the text model's 500 trees of 6 levels and a scrape of 60,000 lines, gigabytes
# (scored in one piece, a dev-text run once peaked at 745 MB). In parts of about a
# million numbers (8 MB each) a row of every model fits: 299 rows a part for the text
# model, 7,489 for the 20 trees of fast mode's.
CHUNK_NUMBERS = 2**20


def stack_oblivious(data: dict[str, Any]) -> Oblivious:
    """The model's trees as arrays (every tree must have the same depth)."""
    trees = data["trees"]
    feature = np.array([tree["feature"] for tree in trees], dtype=np.intp)
    value = np.array([tree["value"] for tree in trees], dtype=np.float64)
    weight = np.array([tree["weight"] for tree in trees], dtype=np.float64)
    depth = feature.shape[1]
    if depth > 16:
        raise ValueError("trees deeper than 16 levels (leaves are read as 16-bit numbers)")
    if value.shape != (len(trees), 2**depth) or weight.shape != value.shape:
        raise ValueError("each tree needs 2**depth leaf values and weights")
    if feature.min() < 0 or feature.max() >= len(data["features"]):
        raise ValueError("a split names a feature the model does not have")
    return Oblivious(
        features=tuple(data["features"]),
        threshold=float(data["threshold"]),
        base=float(data["base"]),
        scale=float(data["scale"]),
        feature=feature,
        border=np.array([tree["border"] for tree in trees], dtype=np.float64),
        value=value,
        means=_prefix_means(value, weight),
        meta=data.get("trained", {}),
    )


def _prefix_means(value: npt.NDArray[np.float64], weight: npt.NDArray[np.float64]) -> Any:
    """means[t, l, p]: the weighted mean leaf value of tree t's leaves whose low l bits are p."""
    trees, leaves = value.shape
    depth = leaves.bit_length() - 1
    means = np.zeros((trees, depth + 1, leaves))
    for level in range(depth + 1):
        prefix = np.arange(leaves) & ((1 << level) - 1)
        for t in range(trees):
            total = np.bincount(prefix, weights=weight[t] * value[t], minlength=leaves)
            count = np.bincount(prefix, weights=weight[t], minlength=leaves)
            means[t, level] = np.divide(total, count, out=np.zeros(leaves), where=count > 0)
    return means
