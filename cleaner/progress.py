"""Progress of a batch on stderr: a live line on a terminal, quiet periodic lines otherwise."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

# Without a terminal, one line per this many seconds (logs stay readable).
QUIET_INTERVAL = 10.0


@dataclass
class Progress:
    """Counts of a batch run and their report: done, rate, ETA, failures."""

    total: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    off_language: int = 0  # pages in another language than --target-language
    started: float = field(default_factory=time.monotonic)
    last_report: float = 0.0

    @property
    def done(self) -> int:
        """Pages accounted for so far."""
        return self.cleaned + self.empty + self.failed + self.skipped + self.off_language

    def add(self, outcome: str) -> None:
        """Count one page ('cleaned', 'empty', 'failed', 'skipped', 'off_language')."""
        setattr(self, outcome, getattr(self, outcome) + 1)
        now = time.monotonic()
        live = self.stream.isatty()
        if (live and now - self.last_report >= 0.1) or now - self.last_report >= QUIET_INTERVAL:
            self.last_report = now
            end = "\r" if live else "\n"
            self.stream.write(self.line() + end)
            self.stream.flush()

    def line(self) -> str:
        """The progress line: done/total, rate, ETA, failures."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        remaining = (self.total - self.done) / rate if rate else 0.0
        return (
            f"{self.done}/{self.total} pages  {rate:.1f}/s  ETA {remaining:.0f}s  "
            f"failed {self.failed}"
        )

    def summary(self) -> str:
        """The closing line: every page is in exactly one count."""
        elapsed = time.monotonic() - self.started
        language = f", {self.off_language} skipped by language" if self.off_language else ""
        return (
            f"{self.cleaned} cleaned, {self.empty} empty, {self.failed} failed, "
            f"{self.skipped} skipped{language} in {elapsed:.1f}s"
        )

    def finish(self) -> None:
        """Clear the live line and print the summary."""
        if self.stream.isatty():
            self.stream.write(" " * 70 + "\r")
        self.stream.write(self.summary() + "\n")
        self.stream.flush()
