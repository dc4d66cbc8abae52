"""Streams in and out of pipelines: JSON Lines records and WARC archives.

Records are read lazily and handed to clean_many, whose bounded windows keep memory flat
however long the stream; results come back in input order and are written at once. A
record that cannot be cleaned is written with an `error` field, never dropped.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.batch import Item, clean_many
from cleaner.decode import charset_in_content_type, sniff
from cleaner.errors import InputError
from cleaner.model import Result
from cleaner.options import Options


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
    """What a stream run did, for its summary line."""

    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, result: Result) -> None:
        """Count one result as cleaned, empty or failed."""
        if result.error is not None:
            self.failed += 1
        elif result.text:
            self.cleaned += 1
        else:
            self.empty += 1


def record_item(number: int, line: str, fields: Fields) -> tuple[dict[str, Any], Item]:
    """Parse one JSONL line into (the record, the Item to clean); bad lines become errors."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raw = {"line": number, "raw": line.rstrip("\n")}
        return raw, Item("", error=f"line {number}: not JSON: {error}")
    return dict_item(number, record, fields)


def dict_item(number: int, record: Any, fields: Fields) -> tuple[dict[str, Any], Item]:
    """The Item to clean for one record (its HTML field, else its text field)."""
    if not isinstance(record, dict):
        return {"line": number, "raw": record}, Item("", error=f"line {number}: not a JSON object")
    url = record.get(fields.url) if isinstance(record.get(fields.url), str) else None
    for name, kind in ((fields.html, "html"), (fields.text, "text")):
        page = record.get(name)
        if isinstance(page, str):
            return record, Item(page, url, str(number), kind)  # type: ignore[arg-type]
    missing = f"record {number}: no string field '{fields.html}' or '{fields.text}'"
    return record, Item("", url, str(number), error=missing)


def clean_jsonl(
    lines: Iterable[str], write: Callable[[str], Any], options: Options, fields: Fields, jobs: int
) -> Counts:
    """Clean every record of a JSONL stream and write it back, in order, with its text."""
    counts = Counts()
    pending: deque[dict[str, Any]] = deque()

    def items() -> Iterator[Item]:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            record, item = record_item(number, line, fields)
            pending.append(record)
            yield item

    for result in clean_many(items(), options, jobs, blocks=False):
        record = pending.popleft()
        counts.count(result)
        write(json.dumps(with_result(record, result, fields), ensure_ascii=False) + "\n")
    return counts


def with_result(record: dict[str, Any], result: Result, fields: Fields) -> dict[str, Any]:
    """A copy of the record with the cleaned text (and title, rule) or the error added."""
    out = dict(record)
    if result.error is not None:
        out["error"] = result.error
        return out
    out[fields.output] = result.text
    if fields.title:
        out[fields.title] = result.title
    if fields.rule:
        out[fields.rule] = result.rule
    return out


def warc_items(paths: Iterable[Path], counts: Counts) -> Iterator[tuple[dict[str, Any], Item]]:
    """HTML response records of WARC files as (metadata, Item), HTTP charset respected."""
    try:
        from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - warcio is a dependency
        raise InputError("reading WARC needs warcio: pip install warcio") from error
    for path in paths:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                found = _warc_record(record, counts)
                if found is not None:
                    yield found


def _warc_record(record: Any, counts: Counts) -> tuple[dict[str, Any], Item] | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or "text/html"
    if "html" not in content_type.lower() and "xml" not in content_type.lower():
        counts.skipped += 1
        return None
    meta = {
        "url": record.rec_headers.get_header("WARC-Target-URI"),
        "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
    }
    body: BinaryIO = record.content_stream()
    data = body.read()
    return meta, Item(
        _decode_declared(data, content_type), meta["url"], meta["warc_record_id"], "html"
    )


def _decode_declared(data: bytes, content_type: str) -> str | bytes:
    """Decode with the HTTP header's charset as the transport's, in cleaner.decode's order.

    Without a charset the bytes are left to cleaner's own decoding (and its binary check).
    Python's own lookup of the label read iso-8859-1 as latin-1, which turns curly quotes
    and dashes into control characters; browsers read it as windows-1252.
    """
    charset = charset_in_content_type(content_type)
    return sniff(data, charset)[0] if charset else data


def clean_warc(
    paths: Iterable[Path], write: Callable[[str], Any], options: Options, jobs: int
) -> Counts:
    """Clean every HTML response of WARC files into JSONL: url, warc_record_id, text."""
    counts = Counts()
    pending: deque[dict[str, Any]] = deque()

    def items() -> Iterator[Item]:
        for meta, item in warc_items(paths, counts):
            pending.append(meta)
            yield item

    for result in clean_many(items(), options, jobs, blocks=False):
        meta = pending.popleft()
        counts.count(result)
        out = {**meta, **({"error": result.error} if result.error else {"text": result.text})}
        write(json.dumps(out, ensure_ascii=False) + "\n")
    return counts
