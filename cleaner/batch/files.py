"""Reading one page from disk, bounded: regular files only, never more than max_bytes + 1.

A batch meets whatever a crawl folder holds: a link to /dev/zero, a FIFO nobody writes, a
sparse file of gigabytes. Each must be one named failure, never a hang or a read of the
whole thing, so the file's kind and size are checked before a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from cleaner.errors import InputError, LimitError

# Flags for opening a page: O_NONBLOCK so that a file swapped for a FIFO between the
# check and the open can never block the open; O_BINARY where the platform has it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def describe(mode: int) -> str:
    """What kind of file a st_mode is, in words ('a FIFO'), for error messages."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def not_regular(path: Path | str, mode: int) -> str:
    """The message for a path that is not a regular file."""
    return f"{path} is {describe(mode)}, not a regular file: only regular files are read"


def too_big(size: int | None, limit: int) -> str:
    """The size-limit message, with the size when it is known."""
    amount = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return (
        f"page is {amount}, over the size limit of {limit:,}: "
        "raise max_bytes (--max-bytes) to clean it"
    )


def read_page(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most max_bytes of them.

    Raises InputError for anything that is not a regular file, before opening it (opening
    a device can itself have effects), and LimitError for a file over max_bytes, before
    reading it; a file that grows while being read is cut at max_bytes + 1 and refused.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(not_regular(path, mode))
        with open(os.open(path, _OPEN_FLAGS), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):  # replaced between the stat and the open
                raise InputError(not_regular(path, info.st_mode))
            if info.st_size > max_bytes:
                raise LimitError(too_big(info.st_size, max_bytes))
            data = _read_at_most(handle, min(info.st_size, max_bytes) + 1, max_bytes + 1)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
    if len(data) > max_bytes:
        raise LimitError(too_big(None, max_bytes))
    return data


def _read_at_most(handle: BinaryIO, expected: int, limit: int) -> bytes:
    """Read `expected` bytes, and on to `limit` only if the file turns out longer.

    Asking for the size found by fstat (plus one) first keeps the buffer small for the
    usual small page; files whose size fstat does not know (/proc) still stop at `limit`.
    """
    data = handle.read(expected)
    if len(data) == expected and expected < limit:
        data += handle.read(limit - expected)
    return data
