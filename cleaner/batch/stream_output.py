"""Where `cleaner jsonl` and `cleaner warc` write: stdout, or OUT built up in OUT.partial.

A stream can run for hours, so its output is not held back for one rename at the end: every
line is appended to OUT.partial and flushed as it is written, so a killed run keeps what it
did. OUT.partial is renamed to OUT once the stream is done, so OUT itself is only ever
complete. `--resume` continues an interrupted run: the half-written last line (if any) is cut
off, the records already in OUT.partial are counted, and the caller skips that many input
records, so the final OUT has exactly the bytes an undisturbed run writes.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from cleaner.errors import OutputError

# Bytes read at a time when counting the lines of OUT.partial on --resume.
COUNT_CHUNK = 1 << 20


def partial_path(target: Path) -> Path:
    """The file an unfinished run of `target` writes to."""
    return target.with_name(target.name + ".partial")


def remove_stale(target: Path) -> int:
    """Remove the hidden temporary files earlier versions left for `target`; their number.

    Those versions wrote `.OUT.<random>.tmp` and renamed it at the end, so a killed run
    left one behind for good; no run of this version writes such a file.
    """
    removed = 0
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            stale.unlink()
            removed += 1
        except OSError as error:
            raise OutputError(f"cannot remove stale {stale}: {error.strerror}") from error
    return removed


def complete_lines(path: Path) -> int:
    """Cut a half-written last line off `path`; return the number of complete lines."""
    lines = 0
    end = 0
    position = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(COUNT_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk.rfind(b"\n")
            if last >= 0:
                end = position + last + 1
            position += len(chunk)
    if end != position:
        os.truncate(path, end)
    return lines


class Sink:
    """A stream's output, one UTF-8 line at a time; see the module docstring.

    `kept` is the number of records an interrupted run already wrote (to be skipped in the
    input); `written` counts the lines this run wrote.
    """

    def __init__(self, target: Path | None, resume: bool) -> None:
        self.target = target
        self.kept = 0
        self.written = 0
        self.removed = 0
        self.failed = False
        self.name = "stdout" if target is None else str(target)
        if target is None:
            self.handle: BinaryIO = sys.stdout.buffer
            return
        self.partial = partial_path(target)
        try:
            self.handle = self._open(target, resume)
        except OSError as error:
            raise OutputError(f"cannot write {target}: {error.strerror}") from error

    def _open(self, target: Path, resume: bool) -> BinaryIO:
        target.parent.mkdir(parents=True, exist_ok=True)
        self.removed = remove_stale(target)
        if self.partial.exists():
            if not resume:
                raise OutputError(
                    f"{self.partial} holds the records of an interrupted run: add --resume "
                    "to continue it, or delete it to start over"
                )
            self.kept = complete_lines(self.partial)
            return open(self.partial, "ab")  # noqa: SIM115 - closed in finish/abandon
        return open(self.partial, "wb")  # noqa: SIM115

    def write(self, line: bytes) -> None:
        """Append one line and hand it to the system at once (a kill keeps it)."""
        try:
            self.handle.write(line)
            self.handle.flush()
        except OSError as error:
            raise self._failure(error) from error
        self.written += 1

    def finish(self) -> None:
        """The stream is done: make OUT.partial durable and rename it to OUT."""
        try:
            self.handle.flush()
            if self.target is None:
                return
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.partial, self.target)
        except OSError as error:
            raise self._failure(error) from error

    def abandon(self) -> None:
        """The run stopped early: close OUT.partial, keeping what it holds for --resume.

        When stdout itself failed, it is pointed at /dev/null (the recipe of Python's
        signal docs), so that Python's own flush at exit does not print a traceback after
        the one-line error.
        """
        try:
            if self.target is not None:
                self.handle.close()
            elif self.failed:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # the error that stopped the run is the one reported
            return

    def _failure(self, error: OSError) -> OutputError:
        """One line for a write that failed: what, where, and how to go on."""
        self.failed = True
        done = f"{self.kept + self.written:,} records written"
        if self.target is not None:
            done += f", kept in {self.partial}; run again with --resume once fixed"
        if error.errno == errno.ENOSPC:
            return OutputError(f"no space left writing {self.name}: {done}")
        return OutputError(f"cannot write {self.name}: {error.strerror} ({done})")

    def __enter__(self) -> Sink:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.finish()
        else:
            self.abandon()
