"""Run cleaner on Dask: clean bags of JSONL lines or page records, partition by partition.

    import dask.bag as db
    import cleaner.dask

    lines = db.read_text("shards/*.jsonl", errors="surrogateescape")   # raw lines, unparsed
    cleaner.dask.clean_jsonl_bag(lines).to_textfiles("out/*.jsonl")     # records with "text"

Raw lines go in, not records parsed with `.map(json.loads)`: one bad line there raised in
the middle of a partition, which ended the job and left partial files. Here each line is
read as `cleaner jsonl` reads it, so a line that is not JSON becomes an error record
({"line": N, "raw": ..., "error": ...}, N counted within its partition, which read_text
makes one per file) and the other records are all written. errors="surrogateescape" lets
bytes that are not UTF-8 through to cleaner, which replaces them and warns, as the CLI does.
`clean_bag` takes records already parsed (dicts), for a bag built some other way.

Each partition is cleaned in the worker that holds it, with the same per-record error
isolation as `cleaner jsonl`: a record that cannot be cleaned gets an "error" field. With a
time limit (the default), each Dask task thread hands its records to a supervised worker
process of its own (cleaner.batch.workers), which is killed when a record overruns the limit, as
no timer can stop a page in a Dask thread; the record then gets the LimitError message. The
functions here are top-level and take only picklable arguments, so they run unchanged on a
local cluster or a real one. Dask is optional: `pip install 'cleaner-text[dask]'`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cleaner.batch.runner import guarded_clean
from cleaner.batch.streams import (
    RECORD_BYTES_PER_PAGE_BYTE,
    Fields,
    dict_item,
    dump_line,
    parse_line,
    with_result,
)
from cleaner.options import Options

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


def clean_jsonl_lines(
    lines: Iterable[str], options: Options | None = None, fields: Fields | None = None
) -> list[str]:
    """Clean one partition of raw JSONL lines into JSON lines (no newline), one per record.

    Blank lines are skipped; any other line gives one line back, in order: the record with
    its text, or an error record when the line is not a JSON object or cannot be cleaned.
    """
    chosen, names = options or Options(), fields or Fields()
    limit = RECORD_BYTES_PER_PAGE_BYTE * chosen.max_bytes
    cleaned = []
    for number, line in enumerate(lines, 1):
        raw = line.encode("utf-8", "surrogateescape")  # the bytes read_text was given
        if not raw.strip():
            continue
        parsed = parse_line(number, raw if len(raw) <= limit else None, names, limit)
        result = guarded_clean(parsed.item, chosen, blocks=False)
        out, _ = dump_line(with_result(parsed.record, result, names), number, parsed.warnings)
        cleaned.append(out.decode("utf-8").rstrip("\n"))
    return cleaned


def clean_jsonl_bag(
    lines: Bag, options: Options | None = None, fields: Fields | None = None
) -> Bag:
    """A Dask bag of raw JSONL lines (db.read_text) -> JSON lines with the cleaned text added."""
    _need_dask()
    cleaned: Bag = lines.map_partitions(clean_jsonl_lines, options, fields)  # type: ignore[no-untyped-call]
    return cleaned


def clean_bag(bag: Bag, options: Options | None = None, fields: Fields | None = None) -> Bag:
    """A Dask bag of records (dicts) -> the same records with the cleaned text added."""
    _need_dask()
    cleaned: Bag = bag.map_partitions(clean_records, options, fields)  # type: ignore[no-untyped-call]
    return cleaned


def _need_dask() -> None:
    """Fail early, with advice, when Dask is missing."""
    try:
        import dask.bag  # noqa: F401
    except ImportError as error:
        raise ImportError(MISSING) from error
