"""One interface to the tree models: a protocol, one loader with one check, one reason writer.

cleaner reads two tree formats: scikit-learn's boosted trees (cleaner/learned/boosted.py:
the html, html-accurate and html-fast models) and CatBoost's oblivious trees
(cleaner/learned/oblivious.py: text and text-fast). The stages that score blocks
(learned/stage.py, fast/decision.py, fast/text.py) name neither class: they load a model
with `load_model`, which reads the file's format from the file and refuses a model whose
features the stage does not compute; they score rows through `TreeModel`; they build rows
by feature name (`by_name`), so a value cannot land in another feature's column unnoticed;
and they word a verdict's reason with `pushed_hardest`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

import numpy as np
import numpy.typing as npt

from cleaner.learned.boosted import ModelError, built, read_model, stack_forest
from cleaner.learned.oblivious import STRUCTURE as OBLIVIOUS
from cleaner.learned.oblivious import stack_oblivious

Rows = Sequence[Sequence[float]] | npt.NDArray[np.float64]
NO_FEATURE = "no single feature decided"
_Value = TypeVar("_Value")


class TreeModel(Protocol):
    """What a stage needs of a tree model, whichever format its file has."""

    @property
    def features(self) -> tuple[str, ...]:
        """The names of the columns a row holds, in order."""

    @property
    def threshold(self) -> float:
        """The probability at or above which the model keeps a block."""

    @property
    def meta(self) -> dict[str, Any]:
        """How the model was trained and measured (the file's `trained`)."""

    def probabilities(self, rows: Rows) -> npt.NDArray[np.float64]:
        """The model's probability that each row is article text."""

    def contributions(self, rows: Rows) -> npt.NDArray[np.float64]:
        """Per row and feature, how far that feature's splits moved the score (log-odds)."""

    def scored(self, rows: Rows) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Probabilities and contributions from one pass over the trees."""

    def with_columns(self, features: tuple[str, ...], column: npt.NDArray[np.intp]) -> Self:
        """The model reading rows of `features`, its feature f found in row column `column[f]`."""


# The formats a model file may have: its "structure" field (none: scikit-learn's trees).
_STACKERS: dict[str | None, Callable[[dict[str, Any]], TreeModel]] = {
    None: stack_forest,
    OBLIVIOUS: stack_oblivious,
}


def load_model(name: str, computed: tuple[str, ...], path: Path | None = None) -> TreeModel:
    """A model file (the shipped one for `name` when no path is given), checked and ready.

    The file must have cleaner's format, a known structure (which picks the tree class) and
    well-formed trees; `computed` are the features the caller builds rows of, and the model
    must agree with them by name (`reading`).
    """
    data = read_model(name, path, tuple(_STACKERS))
    if data.get("kind", name) != name:  # html.json given where html-accurate is read
        raise ModelError(f"{path or name} is the {data['kind']} model, not the {name} model")
    return reading(built(name, _STACKERS[data.get("structure")], data), computed, name)


def reading(model: TreeModel, computed: tuple[str, ...], name: str) -> TreeModel:
    """The model reading rows of the `computed` features, its splits found by feature name.

    The check: every feature the model file names must be one the caller computes, named
    once; the column each split reads is then found by name, never by position. Features
    added to cleaner since are computed but asked about by no split until the model is
    retrained (so a new signal can be measured before the shipped models learn it).
    """
    named = model.features
    if named == computed:
        return model
    place = {feature: i for i, feature in enumerate(computed)}
    missing = [feature for feature in named if feature not in place]
    if missing:
        raise ModelError(
            f"the {name} model was trained on features cleaner no longer computes "
            f"({', '.join(missing)}); retrain it with benchmarks/train_model.py"
        )
    twice = sorted({feature for feature in named if named.count(feature) > 1})
    if twice:
        raise ModelError(f"the {name} model names features twice ({', '.join(twice)})")
    column = np.array([place[feature] for feature in named], dtype=np.intp)
    return model.with_columns(computed, column)


class FeatureError(ValueError):
    """A feature row built with a feature too many, too few, or under another name."""


def by_name(values: Mapping[str, _Value], names: tuple[str, ...]) -> list[_Value]:
    """A row of `names` taken from a name -> value mapping that holds exactly those names.

    Built by name, a value cannot sit in another feature's column, and a feature computed
    under a name the table does not have (or not computed) is an error naming it.
    """
    if values.keys() == _name_set(names):
        return list(_getter(names)(values))
    extra = sorted(set(values) - set(names))
    missing = [name for name in names if name not in values]
    raise FeatureError(
        f"a feature row must have the table's features: {', '.join(missing) or 'none'} "
        f"missing, {', '.join(extra) or 'none'} unknown"
    )


@cache
def _name_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


@cache
def _getter(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    return itemgetter(*names)


def strongest(
    moved: npt.NDArray[np.float64], keep: npt.NDArray[np.bool_], count: int
) -> npt.NDArray[np.intp]:
    """Per row, the `count` features that pushed hardest toward its verdict (`keep`), first first.

    A stable sort: of two features that pushed exactly as hard, the earlier comes first.
    """
    toward = np.where(keep[:, None], moved, -moved)
    chosen: npt.NDArray[np.intp] = np.argsort(-toward, axis=1, kind="stable")[:, :count]
    return chosen


def pushed_hardest(
    labels: Sequence[str],
    flags: Sequence[bool],
    chosen: Iterable[tuple[int, float, float]],
    keep: bool,
) -> str:
    """The reason's words for the features that pushed a verdict: what, its value, how far.

    `chosen`: (feature, value, push in log-odds) of the features `strongest` picked; those
    that pushed the other way (or not at all) are left out. `labels[f]` is what a reason
    calls feature f, `flags[f]` whether it is a yes/no flag.
    """
    named = [
        f"{labels[f]} {shown(value, flags[f])} ({push:+.2f})"
        for f, value, push in chosen
        if push != 0 and (push > 0) == keep
    ]
    return ", ".join(named) or NO_FEATURE


def shown(value: float, flag: bool) -> str:
    """A feature's value as a reason shows it: yes/no for a flag, else at most 2 decimals."""
    if flag:
        return "yes" if value else "no"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
