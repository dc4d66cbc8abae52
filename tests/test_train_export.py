"""The trainer writes an average of boosted models as one ensemble cleaner reads unchanged."""

from __future__ import annotations

import numpy as np
import pytest


def test_averaged_models_are_written_as_one_ensemble_of_their_mean_log_odds() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    from benchmarks.train_model import FEATURES_OF, Blend, export
    from cleaner.learned.boosted import stack_forest

    rng = np.random.default_rng(0)
    rows = rng.random((400, len(FEATURES_OF["html"])))
    labels = (rows[:, 0] + rows[:, 1] + 0.3 * rng.random(400) > 1.1).astype(int)
    members = [
        HistGradientBoostingClassifier(max_iter=20, max_features=0.5, random_state=seed).fit(
            rows, labels
        )
        for seed in range(3)
    ]
    averaged = Blend(tuple((1 / 3, member) for member in members))
    written = stack_forest(export(averaged, "html", {}))
    ours = np.array(written.probabilities(rows.tolist()))
    theirs = averaged.predict_proba(rows)[:, 1]
    assert np.abs(ours - theirs).max() < 1e-5
    assert len(export(averaged, "html", {})["trees"]) == 60
    for member in members:  # the average is not any one member's reading
        assert np.abs(ours - member.predict_proba(rows)[:, 1]).max() > 1e-3


def test_a_partner_is_written_with_its_weight_in_the_sum_of_log_odds() -> None:
    """The dev model and its dragnet partner, weighted, read back as the Blend's scores."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from benchmarks.train_model import FEATURES_OF, Blend, export
    from cleaner.learned.boosted import stack_forest

    rng = np.random.default_rng(1)
    rows = rng.random((400, len(FEATURES_OF["html"])))
    dev = (rows[:, 0] > 0.5).astype(int)
    full_gold = (rows[:, 1] > 0.6).astype(int)  # the partner learns another rule
    model = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(rows, dev)
    partner = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(rows, full_gold)
    blend = Blend(((1.0, model), (0.7, partner)))
    written = stack_forest(export(blend, "html", {}))
    ours = np.array(written.probabilities(rows.tolist()))
    expected = 1 / (
        1 + np.exp(-(model.decision_function(rows) + 0.7 * partner.decision_function(rows)))
    )
    assert np.abs(ours - expected).max() < 1e-5
    assert np.abs(ours - model.predict_proba(rows)[:, 1]).max() > 1e-2


def test_blended_oblivious_trees_are_written_as_one_model_at_scale_one() -> None:
    """CatBoost's scale and bias of each blended model move into the written leaves and base.

    CatBoost comes with the train extra, not the test one (CI skips this); training checks
    every written model against the trainer's own probabilities too (check_export).
    """
    catboost = pytest.importorskip("catboost")
    CatBoostClassifier = catboost.CatBoostClassifier  # noqa: N806 (the library's class)

    from benchmarks.train_model import FEATURES_OF, Blend, export_oblivious
    from cleaner.learned.oblivious import stack_oblivious

    rng = np.random.default_rng(2)
    rows = rng.random((300, len(FEATURES_OF["text"])))
    settings = dict(iterations=15, depth=4, verbose=0, allow_writing_files=False, random_seed=0)
    model = CatBoostClassifier(**settings).fit(rows, (rows[:, 0] > 0.5).astype(int))
    partner = CatBoostClassifier(**settings, rsm=0.5).fit(rows, (rows[:, 2] > 0.4).astype(int))
    blend = Blend(((1.0, model), (0.6, partner)))
    written = stack_oblivious(export_oblivious(blend, "text", {}))
    ours = np.array(written.probabilities(rows.tolist()))
    assert np.abs(ours - blend.predict_proba(rows)[:, 1]).max() < 1e-5
    assert np.abs(ours - model.predict_proba(rows)[:, 1]).max() > 1e-2


def test_the_partner_learns_from_both_corpora_and_joins_at_its_weight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kind with a partner gets dev model + weighted partner; without dragnet, no partner."""
    import benchmarks.train_model as tm

    rng = np.random.default_rng(3)
    width = len(tm.FEATURES_OF["html"])

    def page(corpus: str, column: int) -> tm.PageData:
        rows = rng.random((60, width))
        labels: list[int | None] = [int(v > 0.5) for v in rows[:, column]]
        n = len(rows)
        return tm.PageData(
            corpus, corpus, [""] * n, [True] * n, [True] * n, rows.tolist(), labels, [], [], False
        )

    dev = [page("html", 0) for _ in range(5)]
    full_gold = [page("dragnet-html", 1) for _ in range(5)]
    monkeypatch.setitem(tm.PARTNER_WEIGHT, "html", 0.7)
    monkeypatch.setitem(tm.MEMBERS_OF, "html", 1)
    model = tm.fit(dev + full_gold, {"max_iter": 10}, "html")
    assert isinstance(model, tm.Blend)
    assert [weight for weight, _ in model.parts] == [1.0, 0.7]
    alone = tm.fit(dev, {"max_iter": 10}, "html")
    assert not isinstance(alone, tm.Blend)
    rows = np.array(full_gold[0].rows)
    # the partner learned dragnet's rule (column 1), which the dev model alone cannot know
    partner = model.parts[1][1]
    assert partner.score(rows, [int(v > 0.5) for v in rows[:, 1]]) > 0.8
    assert alone.score(rows, [int(v > 0.5) for v in rows[:, 1]]) < 0.7


def test_trained_on_earlier_pages_the_folds_learn_from_them_and_judge_the_current(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--trained-on: a heuristic change judged as shipped without a retrain. Each fold's
    model learns from the earlier pipeline's pages and scores the current pipeline's."""
    import benchmarks.train_model as tm

    rng = np.random.default_rng(5)
    width = 3  # fit() reads any width; binning the model's full width takes seconds a fit
    monkeypatch.setitem(tm.MEMBERS_OF, "html", 1)

    def page(site: str, rows: np.ndarray, column: int) -> tm.PageData:
        labels: list[int | None] = [int(v > 0.5) for v in rows[:, column]]
        n = len(rows)
        return tm.PageData(
            "html", site, [""] * n, [True] * n, [True] * n, rows.tolist(), labels, [], [], False
        )

    tables = [rng.random((60, width)) for _ in range(10)]
    earlier = [page(f"site{i}", rows, 0) for i, rows in enumerate(tables)]  # labels by column 0
    current = [page(f"site{i}", rows, 1) for i, rows in enumerate(tables)]  # by column 1
    params = {"max_iter": 20}
    shipped = tm.cross_validate(current, 2, params, "html", trained_on=earlier)
    retrained = tm.cross_validate(current, 2, params, "html")

    def agreement(chances: list[list[float]], column: int) -> float:
        pairs = [
            (c > 0.5, row[column] > 0.5)
            for p, cs in zip(current, chances, strict=True)
            for row, c in zip(p.rows, cs, strict=True)
        ]
        return sum(a == b for a, b in pairs) / len(pairs)

    assert agreement(shipped, 0) > 0.8 and agreement(shipped, 1) < 0.7
    assert agreement(retrained, 1) > 0.8 and agreement(retrained, 0) < 0.7
