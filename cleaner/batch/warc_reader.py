"""Reading WARC files so that damage is found, reported and stepped over, never passed silently.

warcio parses the records, but left to itself it loses data quietly: a broken gzip member
ends the file (or, mid-stream, is written to stderr and dropped), a truncated file ends
without a word. So the file is cut into segments here: each gzip member is decompressed by
this module (a broken or cut member raises Damaged with its offset), an uncompressed file
is one segment. warcio reads one segment at a time; when a segment fails, the damage is
reported with the file and offset, the reader resyncs at the next record start (the next
gzip member that opens with `WARC/`, or the next `WARC/1.` line) and the good records after
it are kept. Record bodies are read up to max_bytes + 1 and no further.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

GZIP_MAGIC = b"\x1f\x8b\x08"
# An uncompressed record starts at a line that opens with this (WARC/1.0, WARC/1.1).
WARC_LINE = b"\nWARC/1."
# Bytes read from disk at a time when decompressing or scanning for the next record: big
# enough that the system calls cost nothing next to zlib, small enough to stay flat.
CHUNK = 1 << 16
# Compressed bytes tried when checking that a gzip header found by the scan really opens a
# WARC record: a record's first line is well inside the first kilobyte.
PROBE = 1024
# Zlib's gzip-only window setting (16 + MAX_WBITS): a gzip header is required.
GZIP_WBITS = 16 + zlib.MAX_WBITS


class Damaged(Exception):
    """The archive's bytes are broken at `offset` (a gzip error, a cut file)."""

    def __init__(self, offset: int, problem: str) -> None:
        super().__init__(problem)
        self.offset = offset
        self.problem = problem


class Reported(Damaged):
    """Damage already written in the record's own Entry: resync, without a second entry."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One record worth a line of output: an HTML response, or damage found in the file.

    `html` marks HTML responses, whose `body` is None when it was over max_bytes; `damage`
    says what was broken (the record's own metadata is kept when it was readable).
    `status` is the response's HTTP status code (None when its status line has none).
    """

    offset: int
    headers: Any = None
    content_type: str = ""
    body: bytes | None = None
    damage: str | None = None
    html: bool = False
    status: int | None = None


class MemberStream:
    """The decompressed bytes of the one gzip member that starts at `start`.

    A zlib error or the end of the file inside the member raises Damaged; `end` is the
    offset just after the member once it has been read to its end.
    """

    def __init__(self, raw: BinaryIO, start: int) -> None:
        raw.seek(start)
        self.raw = raw
        self.start = start
        self.decompressor = zlib.decompressobj(GZIP_WBITS)
        self.end: int | None = None
        self.position = 0

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` decompressed bytes (never a whole member at once); b"" at its end."""
        want = size if size is not None and size > 0 else CHUNK
        while self.end is None:
            data = self.decompressor.unconsumed_tail or self.raw.read(CHUNK)
            if not data:
                raise Damaged(self.start, "the file ends inside this gzip member (truncated)")
            try:
                out = self.decompressor.decompress(data, want)
            except zlib.error as error:
                raise Damaged(self.start, f"broken gzip data ({error})") from error
            if self.decompressor.eof:
                self.end = self.raw.tell() - len(self.decompressor.unused_data)
            if out:
                self.position += len(out)
                return out
        return b""

    def tell(self) -> int:
        """Decompressed bytes given so far (warcio asks; offsets reported are the member's)."""
        return self.position


class PlainStream:
    """An uncompressed WARC file read from `start`; tell() is the offset in the file."""

    def __init__(self, raw: BinaryIO, start: int) -> None:
        raw.seek(start)
        self.raw = raw

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` bytes of the file."""
        return self.raw.read(size if size is not None and size > 0 else CHUNK)

    def tell(self) -> int:
        """The offset in the file."""
        return self.raw.tell()


def read_archive(path: Path, max_bytes: int) -> Iterator[Entry]:
    """Every HTML response and every piece of damage of one WARC file, in file order."""
    with open(path, "rb") as raw:
        # By name too: a .gz file whose first member header is broken is still gzip.
        gzipped = raw.read(len(GZIP_MAGIC)) == GZIP_MAGIC or path.suffix == ".gz"
        start: int | None = 0
        while start is not None:
            start = yield from _segment(raw, start, gzipped, max_bytes)


def _segment(
    raw: BinaryIO, start: int, gzipped: bool, max_bytes: int
) -> Generator[Entry, None, int | None]:
    """Entries of one segment; returns where the next segment starts (None: end of file)."""
    stream: MemberStream | PlainStream = (
        MemberStream(raw, start) if gzipped else PlainStream(raw, start)
    )
    try:
        yield from _records(stream, start, max_bytes)
        return _after_member(raw, stream) if isinstance(stream, MemberStream) else None
    except Damaged as damage:
        if not isinstance(damage, Reported):
            yield Entry(damage.offset, damage=damage.problem)
        return _resync(raw, damage.offset, gzipped)


def _after_member(raw: BinaryIO, stream: MemberStream) -> int | None:
    """Where the next member starts, None at the end of the file (the next segment checks it)."""
    end = stream.end if stream.end is not None else stream.start
    return end if os.pread(raw.fileno(), 1, end) else None


def _records(stream: MemberStream | PlainStream, start: int, max_bytes: int) -> Iterator[Entry]:
    """The entries warcio finds in one segment; damage raises Damaged (after its entry)."""
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]

    gzipped = isinstance(stream, MemberStream)
    iterator = ArchiveIterator(stream)
    while True:
        offset = start if gzipped else iterator.offset
        try:
            record = next(iterator)
        except StopIteration:
            if isinstance(stream, PlainStream):
                _check_tail(stream.raw, iterator.offset)
            return
        except Damaged:
            raise
        except Exception as error:  # warcio's parse errors share no base class: name it
            raise Damaged(offset, f"unreadable record ({_named(error)})") from None
        entry = _entry(iterator, record, offset, max_bytes)
        if entry is not None:
            yield entry
            if entry.damage is not None:
                raise Reported(offset, entry.damage)
        if (
            isinstance(stream, MemberStream)
            and iterator.next_line is None
            and stream.end is not None
        ):
            return  # the member is used up: asking warcio for one more record costs a parse


def _check_tail(raw: BinaryIO, offset: int) -> None:
    """Raise Damaged when warcio stopped before the end: a record cut inside its headers."""
    if os.pread(raw.fileno(), CHUNK, offset).strip():
        raise Damaged(offset, "the file ends inside a record's headers (truncated)")


def _entry(iterator: Any, record: Any, offset: int, max_bytes: int) -> Entry | None:
    """The record's entry (None for records that are not HTTP responses) with its body."""
    response = record.rec_type == "response" and record.http_headers is not None
    content_type = ""
    if response:
        content_type = record.http_headers.get_header("Content-Type") or "text/html"
    html = response and ("html" in content_type.lower() or "xml" in content_type.lower())
    body: bytes | None = None
    warned = iterator.err_count
    try:
        if html:
            body = read_bounded(record.content_stream(), max_bytes)
        iterator.read_to_end()
    except Damaged as damage:
        return Entry(offset, record.rec_headers, content_type, damage=damage.problem)
    except Exception as error:  # warcio's body errors (chunking, encodings): name it
        broken = f"unreadable record body ({_named(error)})"
        return Entry(offset, record.rec_headers, content_type, damage=broken)
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        cut = f"the record is cut short: {missing:,} bytes missing"
        cut += " (truncated file, or wrong Content-Length?)"
        return Entry(offset, record.rec_headers, content_type, damage=cut)
    if iterator.err_count > warned:  # warcio found no blank line where the record should end
        wrong = "the record does not end where its Content-Length says (wrong length?)"
        return Entry(offset, record.rec_headers, content_type, damage=wrong)
    if not response:
        return None
    status = _status(record.http_headers)
    return Entry(offset, record.rec_headers, content_type, body, html=html, status=status)


def _status(http_headers: Any) -> int | None:
    """The HTTP status code of a response ("404 Not Found" -> 404); None when there is none."""
    code = http_headers.get_statuscode()
    return int(code) if isinstance(code, str) and code.isdigit() else None


def _named(error: Exception) -> str:
    """An exception as one line: its type and its message with whitespace collapsed."""
    return f"{type(error).__name__}: {' '.join(str(error).split())}"


def read_bounded(stream: Any, max_bytes: int) -> bytes | None:
    """The stream's bytes, or None as soon as there are more than max_bytes of them."""
    parts: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = stream.read(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
    return None


def _resync(raw: BinaryIO, damaged: int, gzipped: bool) -> int | None:
    """The offset of the first record start after `damaged`, or None when there is none."""
    magic = GZIP_MAGIC if gzipped else WARC_LINE
    skip = 0 if gzipped else 1  # an uncompressed record starts just after the newline
    position = damaged + 1
    carry = b""
    while chunk := os.pread(raw.fileno(), CHUNK, position):
        window = carry + chunk
        base = position - len(carry)
        found = window.find(magic)
        while found >= 0:
            if _opens_record(raw, base + found + skip, gzipped):
                return base + found + skip
            found = window.find(magic, found + 1)
        carry = window[-(len(magic) - 1) :]
        position += len(chunk)
    return None


def _opens_record(raw: BinaryIO, offset: int, gzipped: bool) -> bool:
    """Whether a record starts at `offset`: WARC/ in the clear, or in a gzip member there."""
    head = os.pread(raw.fileno(), PROBE, offset)
    if not gzipped:
        return head.startswith(b"WARC/")
    try:
        return zlib.decompressobj(GZIP_WBITS).decompress(head, 8).startswith(b"WARC/")
    except zlib.error:
        return False
