"""What a Result gets beyond its blocks, each only when asked, the same in every mode.

After the blocks are decided (default, accurate or fast mode, HTML or scraped text):
- the reported language (cleaner/read/language.py), when blocks are wanted or a target
  language is set; a caller wanting the text alone keeps the stop-word vote's guess;
- the target-language check: a page in another language keeps its blocks (explain shows
  them) but gives no text, and `skipped` says why;
- trafilatura's metadata (cleaner/read/metadata.py), with Options(metadata=True);
- Markdown with the page's inline markup (cleaner/output/markdown.py), for output_format
  "markdown".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cleaner.options import Options
from cleaner.output.markdown import markdown_of, page_units
from cleaner.page import Metadata, Result
from cleaner.read.language import declared_language, page_language
from cleaner.read.metadata import NO_FIELDS, extract


def finish(result: Result, html: str, options: Options, blocks: bool) -> Result:
    """The result with language, target check, metadata and Markdown as options ask.

    `html` is the decoded page ("" for scraped text).
    """
    if blocks or options.target_language:
        result = replace(result, language=reported_language(result, html, options))
    if options.target_language:
        result = check_target(result, options.target_language.lower())
    if options.metadata and result.error is None:  # scraped text has none: every field null
        result = replace(result, metadata=extract(html, result.url) if html else Metadata())
    if options.output_format == "markdown" and html and not result.skipped:
        units = page_units(html, result.url)
        result = replace(result, markdown=markdown_of(result.kept, units))
    return result


def reported_language(result: Result, html: str, options: Options) -> str | None:
    """The caller's language, else the page's (declared or detected on its article text)."""
    if options.language:
        return options.language.lower()
    text = result.text or " ".join(block.text for block in result.blocks)
    return page_language(declared_language(html) if html else None, text, options.tuning)


def check_target(result: Result, target: str) -> Result:
    """No text for a page in another language, and why; a page of unknown language stays."""
    if result.language is None:
        return replace(result, notes=(*result.notes, _UNKNOWN.format(target=target)))
    if result.language == target:
        return result
    why = f"language {result.language}, not the target language {target}"
    return replace(result, text="", skipped=why)


def page_fields(result: Result, options: Options) -> dict[str, Any]:
    """The fields a JSONL or WARC record gets beyond its text, as options ask.

    With --metadata, the eight metadata fields (null for scraped text or a failed page);
    with --target-language, the page's language and why it was skipped (null: it was not).
    """
    fields: dict[str, Any] = {}
    if options.metadata:
        fields |= result.metadata.fields() if result.metadata else NO_FIELDS
    if options.target_language and result.error is None:
        fields |= {"language": result.language, "skipped": result.skipped}
    return fields


_UNKNOWN = "language unknown: kept, though the target language is {target}"
