"""A datatrove pipeline step: clean each document's HTML into its article text.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.datatrove import CleanerExtractor

    LocalPipelineExecutor(
        pipeline=[JsonlReader("raw/"), CleanerExtractor(), JsonlWriter("clean/")], tasks=4
    ).run()

It is a datatrove `BaseExtractor`, like datatrove's own Trafilatura step: `doc.text` holds
the page and becomes its text, `extract(text)` cleans one page. Two things differ, each
for a reason:

- Time limits are cleaner's own supervised workers (cleaner.batch.workers), not datatrove's
  ExtractorSandbox. The sandbox sends one document per round trip and, past its timeout,
  kills its process and warms a new one up under the same timeout. cleaner's pool sends
  documents in chunks, warms its workers up before any clock runs, stops Python code at
  the limit with SIGALRM (the worker lives on) and kills a worker only when C code
  overruns by GRACE: the limit is `Options.time_limit`, as everywhere in cleaner.
- A document that cannot be cleaned (over the time limit, a worker that died, a text
  that is not a page) or that has no article left is dropped from the stream, as
  datatrove's extractors and filters drop documents: the steps after an extractor count,
  filter and tokenise text, and the page's raw HTML or an empty string would pass for
  it. It is not lost silently: each is logged with its id and the reason, counted in the
  step's stats (`timeout`, `broken_process`, `clean_error`, `empty`), and written with
  its original text and `metadata["cleaner_error"]` to `exclusion_writer` when one is
  given (datatrove filters' own way to keep what they drop), so it can be run again.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from cleaner.api import clean
from cleaner.batch.runner import Item, clean_many
from cleaner.options import Options
from cleaner.page import Result

MISSING = "cleaner.datatrove needs datatrove: pip install datatrove (or the [datatrove] extra)"

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.extractors.base import BaseExtractor
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as error:  # pragma: no cover - the test extra installs datatrove
    raise ImportError(MISSING) from error

# Result.failure -> the stat datatrove's own extractors count such a document in.
STAT_OF_FAILURE = {"time_limit": "timeout", "worker_died": "broken_process"}


class CleanerExtractor(BaseExtractor):  # type: ignore[misc]  # datatrove ships no types
    """Clean `doc.text` (a page's HTML) into its article text; drop what cannot be cleaned.

    Args:
        options: cleaner's options (rules, mode, limits); Options() when None.
        timeout: seconds per document, overriding options.time_limit (0: no limit).
        exclusion_writer: a datatrove writer for the documents dropped, with the reason.
        jobs: cleaner worker processes for this task (datatrove runs tasks in parallel
            already, so one each is the default).

    """

    name = "🧹 cleaner"

    def __init__(
        self,
        options: Options | None = None,
        timeout: float | None = None,
        exclusion_writer: Any = None,
        jobs: int = 1,
    ) -> None:
        chosen = options or Options()
        limit = chosen.time_limit if timeout is None else timeout
        super().__init__(timeout=limit)
        self.options = replace(chosen, time_limit=limit)
        self.exclusion_writer = exclusion_writer
        self.jobs = jobs

    def extract(self, text: str) -> str:
        """One page's article text (BaseExtractor's interface); run() cleans a stream."""
        return clean(text, options=self.options)

    def run(
        self,
        data: DocumentsPipeline,
        rank: int = 0,
        world_size: int = 1,  # noqa: ARG002 (datatrove's PipelineStep.run signature)
    ) -> DocumentsPipeline:
        """Yield each document with its text cleaned; report and drop the others."""
        writer_context = self.exclusion_writer or contextlib.nullcontext()
        with writer_context as writer:
            for doc, result in self._cleaned(data):
                self.stat_update(StatHints.total)
                if result.error is None and result.text:
                    doc.text = result.text
                    self.stat_update("extracted", StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                else:
                    self._drop(doc, result, writer, rank)

    def _cleaned(self, data: DocumentsPipeline) -> Iterator[tuple[Document, Result]]:
        """(document, its Result) in order, cleaned by clean_many's supervised workers."""
        pending: deque[Document] = deque()

        def items() -> Iterator[Item]:
            for doc in data or ():
                pending.append(doc)
                url = doc.metadata.get("url")
                yield Item(doc.text, url if isinstance(url, str) else None, str(doc.id))

        for result in clean_many(items(), self.options, self.jobs, blocks=False):
            yield pending.popleft(), result

    def _drop(self, doc: Document, result: Result, writer: Any, rank: int) -> None:
        """Count, log and (to the exclusion writer) keep a document that is not passed on."""
        reason = self._reason(result)
        self.stat_update(StatHints.dropped, reason)
        if result.error is not None:
            logger.warning(f"cleaner: document {doc.id} dropped ({reason}): {result.error}")
            doc.metadata["cleaner_error"] = result.error
        if writer is not None:
            doc.metadata["filter_reason"] = reason
            writer.write(doc, rank)

    def _reason(self, result: Result) -> str:
        """The stat a dropped document counts in, named as datatrove's extractors name them."""
        if result.error is None:
            return "empty"
        return STAT_OF_FAILURE.get(result.failure or "internal", "clean_error")
