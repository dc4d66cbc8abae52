"""The trainer writes an average of boosted models as one ensemble cleaner reads unchanged."""

from __future__ import annotations

import numpy as np


def test_averaged_models_are_written_as_one_ensemble_of_their_mean_log_odds() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    from benchmarks.train_model import FEATURES_OF, Averaged, export
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
    averaged = Averaged(members)
    written = stack_forest(export(averaged, "html", {}))
    ours = np.array(written.probabilities(rows.tolist()))
    theirs = averaged.predict_proba(rows)[:, 1]
    assert np.abs(ours - theirs).max() < 1e-5
    assert len(export(averaged, "html", {})["trees"]) == 60
    for member in members:  # the average is not any one member's reading
        assert np.abs(ours - member.predict_proba(rows)[:, 1]).max() > 1e-3
