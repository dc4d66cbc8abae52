"""Many pages: clean_many with per-page time limits, files, streams and progress.

The runner (runner: clean_many, Item, time limits), supervised worker processes (workers,
pool), walking folders and atomic writes (files, selection, outputs), JSONL and WARC
streams (streams, stream_output, warc_reader) and the progress bar (progress). It sits
above the pipeline: it may import the pipeline, the stages and the data model, never the
API or the CLI.
"""

from __future__ import annotations

from cleaner.batch.runner import Item, clean_many

__all__ = ["Item", "clean_many"]
