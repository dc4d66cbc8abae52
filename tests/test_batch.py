"""clean_many: order, per-page errors, worker processes, pickling, the time limit."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest

from cleaner import Item, LimitError, Options, Tuning, clean, clean_many
from cleaner.batch.runner import guarded_clean, time_limit
from tests.golden import GOLDEN

PAGES = [p.read_bytes() for p in sorted(GOLDEN.glob("*/input.*"))[:10]]


def test_results_in_order_and_equal_to_clean() -> None:
    results = list(clean_many(PAGES))
    assert [r.text for r in results] == [clean(p) for p in PAGES]


def test_two_workers_give_the_same_results_in_order() -> None:
    assert [r.text for r in clean_many(PAGES, jobs=2)] == [clean(p) for p in PAGES]


def test_a_bad_page_is_an_error_result_and_the_rest_go_on() -> None:
    pages = [PAGES[0], 42, b"x" * 100, PAGES[1]]
    results = list(clean_many(pages, Options(max_bytes=50), jobs=2))  # type: ignore[arg-type]
    assert results[0].error is not None  # PAGES[0] is over 50 bytes too
    assert "str or bytes" in (results[1].error or "")
    assert "size limit" in (results[2].error or "")
    assert len(results) == 4


def test_pairs_and_items_carry_urls() -> None:
    seed = (GOLDEN / "whistlebuzz.com--japan-korea-drums-seed000" / "input.txt").read_bytes()
    pair, item = clean_many(
        [(seed, "https://whistlebuzz.com/"), Item(seed, "https://whistlebuzz.com/", key="k")]
    )
    assert pair.rule == item.rule == "whistlebuzz.com" and item.source == "k"


def test_everything_a_worker_needs_pickles() -> None:
    for thing in (
        Options(tuning=Tuning(length_low=10)),
        Item(b"x", "u", "k"),
        guarded_clean,
        clean,
    ):
        assert pickle.loads(pickle.dumps(thing)) == thing or callable(thing)
    result = next(clean_many(PAGES[:1]))
    assert pickle.loads(pickle.dumps(result)) == result


def test_time_limit_abandons_slow_work() -> None:
    with pytest.raises(LimitError, match="time limit of 0.2 s"):
        with time_limit(0.2):
            time.sleep(2)


def test_time_limit_turns_into_an_error_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.batch.runner

    def slow(page: object, options: object, blocks: bool = True) -> None:  # noqa: ARG001 (stands in for _clean_page)
        time.sleep(2)

    import cleaner.batch.pool

    # A worker of this test's own: it is forked with `slow` in place and outlives the page
    # (the limit stops the page inside it), so it is stopped here, not left to later tests.
    monkeypatch.setattr(cleaner.batch.pool._local, "worker", None)
    monkeypatch.setattr(cleaner.batch.runner, "clean_page", slow)
    try:
        result = guarded_clean(Item(b"<p>x</p>"), Options(time_limit=0.2))
    finally:
        if cleaner.batch.pool._local.worker is not None:
            cleaner.batch.pool._local.worker.stop(kill=True)
    assert result.error is not None and "time limit" in result.error
    assert result.failure == "time_limit"  # for code to act on, without reading the words


def test_a_failure_says_its_kind_for_code_to_act_on(tmp_path: Path) -> None:
    missing = guarded_clean(Item(tmp_path / "nothing-here.html"), Options())
    assert missing.error is not None and missing.failure == "input"
    assert guarded_clean(Item(b"<p>fine</p>"), Options()).failure is None
