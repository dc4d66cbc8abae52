"""Run cleaner on Dask: clean bags of page records, partition by partition.

    import dask.bag as db
    import cleaner.dask

    records = db.read_text("shards/*.jsonl").map(json.loads)
    cleaned = cleaner.dask.clean_bag(records)            # records with "text" added
    cleaned.map(json.dumps).to_textfiles("out/*.jsonl")

Each partition is cleaned in the worker that holds it, with the same per-record error
isolation as `cleaner jsonl`: a record that cannot be cleaned gets an "error" field. With a
time limit (the default), each Dask task thread hands its records to a supervised worker
process of its own (cleaner.workers), which is killed when a record overruns the limit, as
no timer can stop a page in a Dask thread; the record then gets the LimitError message. The
functions here are top-level and take only picklable arguments, so they run unchanged on a
local cluster or a real one. Dask is optional: `pip install 'cleaner-text[dask]'`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cleaner.batch import guarded_clean
from cleaner.options import Options
from cleaner.streams import Fields, dict_item, with_result

if TYPE_CHECKING:
    from dask.bag import Bag

MISSING = "cleaner.dask needs Dask: pip install 'cleaner-text[dask]'"


def clean_records(
    records: Iterable[Any], options: Options | None = None, fields: Fields | None = None
) -> list[dict[str, Any]]:
    """Clean one partition of records (dicts with an html or text field); keep order."""
    chosen, names = options or Options(), fields or Fields()
    cleaned = []
    for number, value in enumerate(records, 1):
        record, item = dict_item(number, value, names)
        cleaned.append(with_result(record, guarded_clean(item, chosen, blocks=False), names))
    return cleaned


def clean_bag(bag: Bag, options: Options | None = None, fields: Fields | None = None) -> Bag:
    """A Dask bag of records -> the same records with the cleaned text added."""
    try:
        import dask.bag  # noqa: F401  (fail early, with advice, when Dask is missing)
    except ImportError as error:
        raise ImportError(MISSING) from error
    cleaned: Bag = bag.map_partitions(clean_records, options, fields)  # type: ignore[no-untyped-call]
    return cleaned
