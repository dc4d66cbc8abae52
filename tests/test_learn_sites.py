"""Rules learned from 7 pages of three real documentation sites make their 3 held-back
pages cleaner than the generic heuristics alone, for HTML and for the same pages scraped
to text (fixtures and hand-cut expected text in tests/fixtures/sites/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.learn import site_scores

ROOT = Path(__file__).resolve().parent.parent

SITES = sorted(
    p for p in (ROOT / "tests" / "fixtures" / "sites").iterdir() if (p / "heldout.txt").is_file()
)


@pytest.mark.parametrize("kind", ["html", "text"])
@pytest.mark.parametrize("site", SITES, ids=[s.name for s in SITES])
def test_learned_rule_does_not_hurt_held_out_pages(site: Path, kind: str) -> None:
    score = site_scores(site, kind)
    assert score.proposals > 0
    assert score.after >= score.before - 0.01, (
        f"{site.name}/{kind}: {score.before:.3f} -> {score.after:.3f}"
    )


def test_learned_rules_make_held_out_pages_cleaner_overall() -> None:
    scores = [site_scores(site, kind) for site in SITES for kind in ("html", "text")]
    assert len(SITES) >= 3
    gain = sum(s.after - s.before for s in scores) / len(scores)
    assert gain > 0.05, f"mean F1 gain {gain:.3f}"
