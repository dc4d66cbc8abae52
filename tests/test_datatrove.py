"""cleaner.datatrove in a real datatrove pipeline: JSONL shards -> cleaner step -> JSONL.

One document is not a page (its text is a list) and one overruns the time limit in C code
(test_workers' slow XPath rule): both are dropped, logged, counted in the step's stats and
written to the exclusion writer with the reason; every other document comes out cleaned.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cleaner import Options, clean
from tests.golden import GOLDEN
from tests.test_workers import LIMIT, SLOW_PAGE, SLOW_RULE, SLOW_URL

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner.datatrove import CleanerExtractor  # noqa: E402

PAGES = sorted(GOLDEN.glob("*/input.html"))[:6]
SHARDS = 3


def write_shards(folder: Path) -> dict[str, str]:
    """Three JSONL shards of golden HTML pages, the bad and the slow document in shard 1."""
    folder.mkdir()
    pages = {f"page-{n}": path.read_text("utf-8") for n, path in enumerate(PAGES)}
    records: list[list[dict[str, Any]]] = [[] for _ in range(SHARDS)]
    for n, (doc_id, html) in enumerate(pages.items()):
        records[n % SHARDS].append({"id": doc_id, "text": html, "url": f"https://example.org/{n}"})
    records[1].insert(1, {"id": "bad", "text": ["not", "a", "page"]})
    records[1].append({"id": "slow", "text": SLOW_PAGE, "url": SLOW_URL})
    for shard, rows in enumerate(records):
        lines = "".join(json.dumps(row) + "\n" for row in rows)
        (folder / f"shard-{shard}.jsonl").write_text(lines, encoding="utf-8")
    return pages


def read_docs(folder: Path) -> dict[str, dict[str, Any]]:
    docs = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        for line in gzip.open(path, "rt", encoding="utf-8"):
            doc = json.loads(line)
            docs[doc["id"]] = doc
    return docs


def test_a_local_pipeline_cleans_reports_and_drops(tmp_path: Path) -> None:
    pages = write_shards(tmp_path / "raw")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.example.toml").write_text(SLOW_RULE, encoding="utf-8")
    options = Options(rules_dirs=(rules,), time_limit=LIMIT)
    step = CleanerExtractor(options, exclusion_writer=JsonlWriter(str(tmp_path / "dropped")))
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "raw")), step, JsonlWriter(str(tmp_path / "clean"))],
        tasks=SHARDS,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()

    cleaned = read_docs(tmp_path / "clean")
    assert set(cleaned) == {doc_id for doc_id in pages if clean(pages[doc_id])}
    for doc_id, doc in cleaned.items():
        assert doc["text"] == clean(pages[doc_id], doc["metadata"]["url"], options)
    dropped = read_docs(tmp_path / "dropped")
    assert set(dropped) == {"bad", "slow"}
    assert dropped["slow"]["metadata"]["filter_reason"] == "timeout"
    assert "time limit of 1 s" in dropped["slow"]["metadata"]["cleaner_error"]
    assert dropped["slow"]["text"] == SLOW_PAGE  # kept as it came, to be run again
    assert dropped["bad"]["metadata"]["filter_reason"] == "clean_error"
    assert "pass the page as str or bytes" in dropped["bad"]["metadata"]["cleaner_error"]

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text("utf-8"))
    ours = next(step for step in stats if "cleaner" in step["name"])["stats"]
    assert ours["total"] == len(pages) + 2
    assert ours["extracted"] == ours["forwarded"] == len(cleaned)
    assert ours["timeout"] == ours["clean_error"] == 1


def test_extract_is_clean() -> None:
    """BaseExtractor's one-page interface gives what cleaner.clean gives."""
    html = PAGES[0].read_text("utf-8")
    assert CleanerExtractor(timeout=0).extract(html) == clean(html)


def test_missing_datatrove_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['datatrove'] = None\n"
        "try:\n    import cleaner.datatrove\nexcept ImportError as error:\n    print(error)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "cleaner.datatrove needs datatrove: pip install datatrove" in run.stdout
