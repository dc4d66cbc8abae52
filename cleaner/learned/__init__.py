"""The learned stage: tree models weigh each block's evidence together and may overrule.

The stage itself (stage: relearn), the feature rows it builds by name (features, and
scraped text's line_features, which fast mode reads too), the one tree-model interface
and loader (trees) over the two file formats (boosted: scikit-learn's boosted ensembles;
oblivious: CatBoost's oblivious trees), and the text model's word weights (word_odds).
It may import the data model, the read stage and the heuristics (whose verdicts and
signals are its features); never fast mode or site rules.
"""

from __future__ import annotations

from cleaner.learned.stage import relearn

__all__ = ["relearn"]
