"""Streams in and out of pipelines: JSON Lines records and WARC archives.

Records are read lazily and handed to clean_many, whose bounded windows keep memory flat
however long the stream; results come back in input order and are written at once. A
record that cannot be read or cleaned is written with an `error` field, never dropped: one
record never ends the stream. Every input record gives exactly one output line, which is
what lets an interrupted run resume by counting the lines it wrote (stream_output.py).
"""

from __future__ import annotations

import json
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.batch.runner import Item, clean_many
from cleaner.batch.warc_reader import Entry, read_archive
from cleaner.errors import InputError, OutputError
from cleaner.options import Options
from cleaner.output.extras import page_fields
from cleaner.page import Result
from cleaner.read.decode import charset_in_content_type, sniff

# A JSONL line may be this many times --max-bytes: JSON escapes grow a page (a 3-byte
# character written as \uXXXX takes 6), and the record has other fields. Longer lines are
# refused without being read whole, so one huge line costs at most this much memory.
RECORD_BYTES_PER_PAGE_BYTE = 2
# Bytes read at a time while stepping over the rest of a line that is too long.
SKIP_CHUNK = 1 << 20
# HTTP statuses whose WARC responses are cleaned by default: [200, 300), the successes.
SUCCESS = (200, 300)


@dataclass(frozen=True, slots=True)
class Fields:
    """Field names of JSONL records: where the page and URL are, where the text goes."""

    html: str = "html"
    text: str = "text"
    url: str = "url"
    output: str = "text"
    title: str | None = None
    rule: str | None = None


@dataclass
class Counts:
    """What a stream run did, for its summary line.

    `seen` counts the records read (including those an interrupted run had written);
    `errors` holds the damage found in WARC files, with file and offset, for stderr.
    """

    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    warned: int = 0
    off_language: int = 0  # pages in another language than --target-language
    seen: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, result: Result) -> None:
        """Count one result as cleaned, empty or failed."""
        if result.error is not None:
            self.failed += 1
        elif result.skipped:
            self.off_language += 1
        elif result.text:
            self.cleaned += 1
        else:
            self.empty += 1


@dataclass(frozen=True, slots=True)
class StreamRun:
    """How a stream is cleaned: options, workers, records to skip.

    `skip` is the number of records an interrupted run already wrote (stream_output.Sink).
    """

    options: Options
    jobs: int
    skip: int = 0


@dataclass(frozen=True, slots=True)
class Parsed:
    """One JSONL record as read: the record to write back, its Item, and warnings on it."""

    number: int
    record: dict[str, Any]
    item: Item
    warnings: tuple[str, ...] = ()


def read_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of every line that is not blank; None for a line over `limit`.

    A line is never read whole past `limit` bytes: the rest of an over-long line is read
    in chunks and dropped, so one 2 GB line costs `limit` bytes of memory.
    """
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
                continue
            yield number, None
        elif line.strip():
            yield number, line


def decode_line(number: int, raw: bytes) -> tuple[str, tuple[str, ...]]:
    """The line as text; bytes that are not UTF-8 become U+FFFD, with a warning saying so."""
    try:
        return raw.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        warning = (
            f"line {number}: bytes that are not UTF-8 (the first at byte {error.start}) "
            "were replaced by U+FFFD"
        )
        return raw.decode("utf-8", "replace"), (warning,)


def parse_line(number: int, raw: bytes | None, fields: Fields, limit: int) -> Parsed:
    """One JSONL line as a Parsed record; a line that cannot be read is an error record."""
    if raw is None:
        error = f"line {number}: record over {limit:,} bytes (2 x --max-bytes): raise --max-bytes"
        return Parsed(number, {"line": number}, Item("", error=error))
    text, warnings = decode_line(number, raw)
    if number == 1:
        text = text.removeprefix("\ufeff")  # a byte order mark is not part of the record
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        problem = f"not JSON: {error}"
    except ValueError as error:  # an integer of more than 4,300 digits
        problem = f"not readable JSON: {error}"
    except RecursionError:
        problem = "not readable JSON: nested too deeply"
    else:
        if ("\\ud" in text or "\\uD" in text) and has_lone_surrogate(value):
            lone = f"line {number}: a lone surrogate escape (\\ud800-\\udfff) is not text"
            record, _ = dict_item(number, value, fields)
            return Parsed(number, record, Item("", error=lone), warnings)
        record, item = dict_item(number, value, fields)
        return Parsed(number, record, item, warnings)
    raw_record = {"line": number, "raw": text.rstrip("\r\n")}
    return Parsed(number, raw_record, Item("", error=f"line {number}: {problem}"), warnings)


def has_lone_surrogate(value: Any) -> bool:
    """Whether a string (key or value) anywhere in the JSON value holds a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


# A record's own choice of body-only mode (true / false), over the run's --body-only.
BODY_ONLY_FIELD = "body_only"


def dict_item(number: int, record: Any, fields: Fields) -> tuple[dict[str, Any], Item]:
    """The Item to clean for one record (its HTML field, else its text field).

    A record's "body_only" (true or false) chooses body-only mode for it alone.
    """
    if not isinstance(record, dict):
        return {"line": number, "raw": record}, Item("", error=f"line {number}: not a JSON object")
    url = record.get(fields.url) if isinstance(record.get(fields.url), str) else None
    body_only = record.get(BODY_ONLY_FIELD)
    if body_only is not None and not isinstance(body_only, bool):
        wrong = f"record {number}: '{BODY_ONLY_FIELD}' must be true or false"
        return record, Item("", url, str(number), error=wrong)
    for name, kind in ((fields.html, "html"), (fields.text, "text")):
        page = record.get(name)
        if isinstance(page, str):
            return record, Item(page, url, str(number), kind, body_only=body_only)  # type: ignore[arg-type]
    missing = f"record {number}: no string field '{fields.html}' or '{fields.text}'"
    return record, Item("", url, str(number), error=missing)


def clean_jsonl(
    stream: BinaryIO, write: Callable[[bytes], Any], run: StreamRun, fields: Fields
) -> Counts:
    """Clean every record of a JSONL stream and write it back, in order, with its text.

    The first run.skip records are counted, not parsed or cleaned (a resumed run).
    """
    counts = Counts()
    pending: deque[Parsed] = deque()
    limit = RECORD_BYTES_PER_PAGE_BYTE * run.options.max_bytes

    def items() -> Iterator[Item]:
        for number, raw in read_lines(stream, limit):
            counts.seen += 1
            if counts.seen > run.skip:
                parsed = parse_line(number, raw, fields, limit)
                pending.append(parsed)
                yield parsed.item

    for result in clean_many(items(), run.options, run.jobs, blocks=False):
        parsed = pending.popleft()
        counts.count(result)
        out = with_result(parsed.record, result, fields) | page_fields(result, run.options)
        line, warned = dump_line(out, parsed.number, parsed.warnings)
        counts.warned += warned
        write(line)
    check_skip(counts, run.skip)
    return counts


def check_skip(counts: Counts, skip: int) -> None:
    """Refuse a resume whose partial output has more records than the input gives."""
    if counts.seen < skip:
        raise OutputError(
            f"the partial output holds {skip:,} records but the input gives {counts.seen:,}: "
            "it is not from this input; delete it and run again without --resume"
        )


def dump_line(out: dict[str, Any], number: int, warnings: tuple[str, ...]) -> tuple[bytes, bool]:
    """The record as one line of valid JSON in UTF-8, and whether it carries a warning.

    NaN and Infinity (and numbers past float range) are not JSON: they are written as null
    with a warning. A string that cannot be UTF-8 (a lone surrogate) is written escaped.
    """
    try:
        text = json.dumps(_warned(out, warnings), ensure_ascii=False, allow_nan=False)
    except RecursionError:
        error = {"line": number, "error": f"line {number}: record nests too deeply to write"}
        return (json.dumps(error) + "\n").encode("utf-8"), bool(warnings)
    except ValueError:  # a float that is not finite
        warnings = (*warnings, f"line {number}: NaN/Infinity are not JSON: written as null")
        out = _finite(out)
        text = json.dumps(_warned(out, warnings), ensure_ascii=False, allow_nan=False)
    try:
        return (text + "\n").encode("utf-8"), bool(warnings)
    except UnicodeEncodeError:
        escaped = json.dumps(_warned(out, warnings), ensure_ascii=True, allow_nan=False)
        return (escaped + "\n").encode("utf-8"), bool(warnings)


def _warned(out: dict[str, Any], warnings: tuple[str, ...]) -> dict[str, Any]:
    """The record with its warnings, if any, in a `warning` field."""
    return {**out, "warning": "; ".join(warnings)} if warnings else out


def _finite(value: Any) -> Any:
    """A copy of a JSON value with every NaN and Infinity replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def with_result(record: dict[str, Any], result: Result, fields: Fields) -> dict[str, Any]:
    """A copy of the record with the cleaned text (and title, rule) or the error added."""
    out = dict(record)
    if result.error is not None:
        out["error"] = result.error
        out["failure"] = result.failure  # input, time_limit, worker_died or internal
        return out
    out[fields.output] = result.text
    if fields.title:
        out[fields.title] = result.title
    if fields.rule:
        out[fields.rule] = result.rule
    return out


def warc_items(
    paths: Iterable[Path], counts: Counts, max_bytes: int, any_status: bool = False
) -> Iterator[tuple[dict[str, Any], Item | None]]:
    """HTML responses and damage of WARC files as (metadata, Item), in file order.

    Damage (a broken gzip member, a cut file, a record over max_bytes) is an Item with an
    error, so it is written and counted as a failure, and noted in counts.errors. An HTML
    response whose HTTP status is not 2xx comes with no Item (unless any_status): it is
    written with a `skipped` field saying why, not cleaned. Other responses are counted.
    """
    try:
        import warcio  # type: ignore[import-untyped]  # noqa: F401
    except ImportError as error:  # pragma: no cover - warcio is a dependency
        raise InputError("reading WARC needs warcio: pip install warcio") from error
    for path in paths:
        for entry in read_archive(path, max_bytes):
            if entry.damage is not None or (entry.html and (any_status or _success(entry))):
                yield _warc_item(path, entry, counts, max_bytes)
            elif entry.html:
                yield {**_warc_meta(entry), "skipped": _not_a_page(entry.status)}, None
            else:
                counts.skipped += 1


def _success(entry: Entry) -> bool:
    """Whether the response is a page to clean: a 404, a redirect or a 500 serves a stub."""
    return entry.status is not None and SUCCESS[0] <= entry.status < SUCCESS[1]


def _not_a_page(status: int | None) -> str:
    """Why a response with this HTTP status was not cleaned, and how to clean it anyway."""
    said = f"HTTP status {status}" if status is not None else "no HTTP status"
    return f"{said}, not 2xx: not cleaned (--any-status cleans every response)"


def _warc_meta(entry: Entry) -> dict[str, Any]:
    """The fields every line of a WARC record has: url, record id, HTTP status, WARC-Date."""
    headers = entry.headers
    return {
        "url": headers.get_header("WARC-Target-URI") if headers else None,
        "warc_record_id": headers.get_header("WARC-Record-ID") if headers else None,
        "status": entry.status,
        # warc_date, not date: --metadata adds the article's own publication date as `date`
        "warc_date": headers.get_header("WARC-Date") if headers else None,
    }


def _warc_item(
    path: Path, entry: Entry, counts: Counts, max_bytes: int
) -> tuple[dict[str, Any], Item]:
    """(metadata, Item) of one entry: the page, or an error naming file and offset."""
    meta = _warc_meta(entry)
    problem = entry.damage
    if problem is None and entry.body is None:
        problem = f"record over --max-bytes ({max_bytes:,} bytes): raise --max-bytes"
    if problem is None and entry.body is not None:
        page = _decode_declared(entry.body, entry.content_type)
        return meta, Item(page, meta["url"], meta["warc_record_id"], "html")
    where = f"{path} at offset {entry.offset}"
    if entry.damage is not None:
        counts.errors.append(f"damaged: {where}: {entry.damage}")
    meta.update({"warc_file": str(path), "offset": entry.offset})
    return meta, Item("", meta["url"], meta["warc_record_id"], error=f"{where}: {problem}")


def _decode_declared(data: bytes, content_type: str) -> str | bytes:
    """Decode with the HTTP header's charset as the transport's, in cleaner.read.decode's order.

    Without a charset the bytes are left to cleaner's own decoding (and its binary check).
    Python's own lookup of the label read iso-8859-1 as latin-1, which turns curly quotes
    and dashes into control characters; browsers read it as windows-1252.
    """
    charset = charset_in_content_type(content_type)
    return sniff(data, charset)[0] if charset else data


def clean_warc(
    paths: Iterable[Path], write: Callable[[bytes], Any], run: StreamRun, any_status: bool = False
) -> Counts:
    """Clean every HTML response of WARC files into JSONL lines, one per response.

    A line holds url, warc_record_id, status (HTTP), warc_date (WARC-Date), title and text.
    A response that is not 2xx is a line with `skipped` (unless any_status); a damaged or
    over-long record is a line with warc_file, offset and error. The first run.skip lines
    are read but not cleaned (a resumed run).
    """
    counts = Counts()
    pending: deque[tuple[dict[str, Any], bool]] = deque()  # (metadata, whether it is cleaned)

    def items() -> Iterator[Item]:
        for meta, item in warc_items(paths, counts, run.options.max_bytes, any_status):
            counts.seen += 1
            if counts.seen > run.skip:
                pending.append((meta, item is not None))
                if item is not None:
                    yield item

    def write_skipped() -> None:  # the lines of responses not cleaned, up to the next page
        while pending and not pending[0][1]:
            counts.skipped += 1
            write(dump_line(pending.popleft()[0], counts.seen, ())[0])

    for result in clean_many(items(), run.options, run.jobs, blocks=False):
        write_skipped()
        meta = pending.popleft()[0]
        counts.count(result)
        done = {"error": result.error} if result.error else _cleaned(result)
        write(dump_line({**meta, **done, **page_fields(result, run.options)}, counts.seen, ())[0])
    write_skipped()
    check_skip(counts, run.skip)
    return counts


def _cleaned(result: Result) -> dict[str, Any]:
    """The fields a cleaned WARC response adds: its title and text."""
    return {"title": result.title, "text": result.text}
