"""cleaner.dask on a real local Dask cluster with several worker processes."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cleaner import Item, Options, clean
from cleaner.batch.runner import guarded_clean
from tests.golden import GOLDEN
from tests.test_workers import ALLOWED, FAST_PAGES, LIMIT, SLOW_PAGE, SLOW_RULE, SLOW_URL

if TYPE_CHECKING:
    from distributed import Client

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

import cleaner.dask  # noqa: E402

CASES = sorted(GOLDEN.glob("*/input.*"))[:12]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def test_bag_of_jsonl_shards_on_worker_processes(client: Client, tmp_path: Path) -> None:
    for shard in range(3):
        with open(tmp_path / f"shard-{shard}.jsonl", "w", encoding="utf-8") as out:
            for number, path in enumerate(CASES[shard::3]):
                field = "html" if path.suffix == ".html" else "text"
                page = path.read_bytes().decode("utf-8", "replace")
                out.write(
                    json.dumps({"id": f"{shard}-{number}", field: page, "path": str(path)}) + "\n"
                )
            out.write(json.dumps({"id": f"{shard}-bad"}) + "\n")
    bag = db.read_text(str(tmp_path / "shard-*.jsonl")).map(json.loads)
    rows = cleaner.dask.clean_bag(bag).compute()  # type: ignore[no-untyped-call]
    assert len(rows) == len(CASES) + 3
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2, "two worker processes did the work"
    for row in rows:
        if row["id"].endswith("bad"):
            assert "error" in row
        else:
            page = Path(row["path"]).read_bytes().decode("utf-8", "replace")
            assert row["text"] == clean(page)


@pytest.mark.usefixtures("client")
def test_raw_lines_keep_a_bad_line_as_an_error_record(tmp_path: Path) -> None:
    """The README's recipe: raw lines in; a bad line neither ends the job nor loses records."""
    cases = CASES[:4]
    pages = [path.read_bytes().decode("utf-8", "replace") for path in cases]
    kinds = ["html" if path.suffix == ".html" else "text" for path in cases]
    shards = tmp_path / "shards"
    shards.mkdir()
    for shard in range(2):
        lines = [
            json.dumps({"id": f"{shard}-{n}", kind: page})
            for n, (kind, page) in enumerate(zip(kinds, pages, strict=True))
        ]
        lines.insert(2, '{"id": "broken", "html": ')  # cut short: not JSON
        lines.insert(3, "[1, 2]")  # JSON, but not a record
        body = ("\n".join(lines) + "\n\n").encode("utf-8")
        (shards / f"{shard}.jsonl").write_bytes(body.replace(b"broken", b"br\xffken"))
    lines_bag = db.read_text(str(shards / "*.jsonl"), errors="surrogateescape")
    # db.to_textfiles is Bag.to_textfiles, whose decorated method dask's types misread
    db.to_textfiles(cleaner.dask.clean_jsonl_bag(lines_bag), str(tmp_path / "cleaned" / "*.jsonl"))
    outputs = sorted((tmp_path / "cleaned").glob("*.jsonl"))
    assert len(outputs) == 2
    for output in outputs:
        rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
        assert len(rows) == len(pages) + 2
        broken, listed = rows[2], rows[3]
        assert broken["line"] == 3 and "not JSON" in broken["error"]
        assert broken["raw"].startswith('{"id": "br\ufffdken"')
        assert "line 3: bytes that are not UTF-8" in broken["warning"]
        assert listed == {"line": 4, "raw": [1, 2], "error": "line 4: not a JSON object", "failure": "input"}
        good = [row for row in rows if "id" in row]
        assert [row["text"] for row in good] == [clean(page) for page in pages]


def test_a_slow_record_stops_on_dask(client: Client, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.example.toml").write_text(SLOW_RULE, encoding="utf-8")
    options = Options(rules_dirs=(rules,), time_limit=LIMIT)
    for address in client.scheduler_info()["workers"]:  # each task thread starts its worker
        warm = client.submit(guarded_clean, Item(FAST_PAGES[0]), options, workers=[address])
        assert warm.result().error is None
    bag = db.from_sequence([{"html": SLOW_PAGE, "url": SLOW_URL}], npartitions=1)
    started = time.monotonic()
    rows = cleaner.dask.clean_bag(bag, options).compute()  # type: ignore[no-untyped-call]
    assert time.monotonic() - started < ALLOWED
    assert "time limit of 1 s" in rows[0]["error"]


def test_missing_dask_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_dask(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("dask"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(ImportError, match=r"pip install 'cleaner-text\[dask\]'"):
        cleaner.dask.clean_bag(object())  # type: ignore[arg-type]
