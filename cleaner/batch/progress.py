"""Progress of a `clean -o` batch on stderr: a tqdm bar, a line per page (-v), the summary.

The bar is tqdm's: it pads over what a shorter line would leave behind (our own line left
"failed 00"), fits the terminal's width, and tqdm.write puts -v lines above the bar
without tearing it. Pages that need no work (skipped, or failed while the inputs were
walked) are counted as the bar's starting point, so they never count toward its rate or
ETA: a resumed run of 900 done pages and 100 to go shows the rate of the 100.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm

Outcome = Literal["cleaned", "empty", "failed", "skipped", "off_language"]
Verbosity = Literal["quiet", "normal", "verbose"]

# On a terminal, the bar is redrawn at most this often (seconds): smooth to the eye, and
# about 10 writes a second cost nothing next to cleaning pages.
LIVE_INTERVAL = 0.1
# Forced on (--progress) where stderr is not a terminal, one update per this many
# seconds, so a log file gets a few lines a minute rather than ten a second.
LOG_INTERVAL = 10.0
# The bar's size where the terminal's is unknown (a log, or a pty of 0 x 0, where tqdm's
# own measure draws nothing at all): the classic terminal's 80 x 24.
FALLBACK_COLUMNS, FALLBACK_ROWS = 80, 24


@dataclass
class Progress:
    """Counts of a batch run and their report: bar, -v lines, summary.

    `show_bar` None means: a bar when the stream is a terminal. `quiet` shows neither bar
    nor summary; `verbose` adds one line per page.
    """

    total: int
    verbosity: Verbosity = "normal"
    show_bar: bool | None = None
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    off_language: int = 0  # pages in another language than --target-language
    started: float = field(default_factory=time.monotonic)
    bar: tqdm[Any] | None = None

    @property
    def done(self) -> int:
        """Pages accounted for so far."""
        return self.cleaned + self.empty + self.failed + self.skipped + self.off_language

    def add(self, outcome: Outcome, name: str = "", detail: str = "", worked: bool = True) -> None:
        """Count one page and report it; `worked` is False for pages nothing was done to.

        Those (skipped, or refused while walking) come before the first page cleaned.
        """
        if worked and self.bar is None:
            self.start()
        setattr(self, outcome, getattr(self, outcome) + 1)
        if self.verbosity == "verbose" and name:
            self.say(f"{name}: {outcome}{': ' + detail if detail else ''}")
        if worked and self.bar is not None:
            if self.failed:
                self.bar.set_postfix_str(f"{self.failed} failed", refresh=False)
            self.bar.update(1)

    def start(self) -> tqdm[Any] | None:
        """Open the bar (if shown) with the pages already accounted for as its start."""
        if self.bar is None and self.verbosity != "quiet" and self._wants_bar():
            from tqdm import tqdm  # here: one page to stdout never pays its import

            live = self.stream.isatty()
            follow = live and _columns(self.stream) > 0
            self.bar = tqdm(
                total=self.total,
                initial=self.done,
                unit="page",
                file=self.stream,
                leave=False,
                dynamic_ncols=follow,
                ncols=None if follow else FALLBACK_COLUMNS,
                nrows=None if follow else FALLBACK_ROWS,
                mininterval=LIVE_INTERVAL if live else LOG_INTERVAL,
            )
        return self.bar

    def _wants_bar(self) -> bool:
        """A bar when forced, or by default when the stream is a terminal."""
        return self.stream.isatty() if self.show_bar is None else self.show_bar

    def say(self, line: str) -> None:
        """Write one line on the stream, above the bar when there is one."""
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def summary(self) -> str:
        """The closing line: every page is in exactly one count."""
        elapsed = time.monotonic() - self.started
        language = f", {self.off_language} skipped by language" if self.off_language else ""
        return (
            f"{self.cleaned} cleaned, {self.empty} empty, {self.failed} failed, "
            f"{self.skipped} skipped{language} in {elapsed:.1f}s"
        )

    def finish(self) -> None:
        """Take the bar away and print the summary (not with quiet)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        if self.verbosity != "quiet":
            self.stream.write(self.summary() + "\n")
            self.stream.flush()


def _columns(stream: TextIO) -> int:
    """The width of the terminal behind the stream; 0 when it has none or does not say."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):  # no file descriptor (a test's stream), or not a tty
        return 0
