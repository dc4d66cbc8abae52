"""Kept blocks -> text: plain (the GOLDEN.md form), Markdown, or JSON with every decision."""

from __future__ import annotations

import json

from cleaner.options import Format
from cleaner.page import Block, BlockKind, Result
from cleaner.read.text_lines import strip_bullet


def render(result: Result, output_format: Format) -> str:
    """The result in the chosen format (plain text is what the pipeline already rendered)."""
    if output_format == "markdown":
        if result.skipped:
            return ""
        return result.markdown if result.markdown is not None else render_markdown(result.kept)
    if output_format == "json":
        return render_json(result)
    return result.text


def render_txt(blocks: list[Block]) -> str:
    """Blocks in page order, one blank line apart, one newline at the end (or nothing)."""
    if not blocks:
        return ""
    return "\n\n".join(_txt_block(b) for b in blocks) + "\n"


def _txt_block(block: Block) -> str:
    """A block's lines: indented as the page has them in a <pre>, else stripped."""
    return _code_lines(block.text) if block.kind is BlockKind.PRE else _clean_lines(block.text)


def _clean_lines(text: str) -> str:
    """No line of a block starts or ends with white space (GOLDEN.md form)."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _code_lines(text: str) -> str:
    """Preformatted lines keep their indentation: in code it is meaning, not layout.

    Blank lines still go (a blank line ends a block in txt) and so does trailing space.
    """
    return "\n".join(line.rstrip() for line in text.split("\n") if line.strip())


def render_markdown(blocks: list[Block]) -> str:
    """Kept blocks as Markdown: headings, list items, quotes, code and table rows marked."""
    if not blocks:
        return ""
    return "\n\n".join(_markdown_block(b) for b in blocks) + "\n"


def _markdown_block(block: Block) -> str:
    text = _clean_lines(block.text)
    if block.kind is BlockKind.HEADING:
        return "#" * max(block.heading_level, 1) + " " + text.replace("\n", " ")
    if block.kind is BlockKind.ITEM:
        return "- " + (strip_bullet(text) if block.bullet else text)
    if block.kind is BlockKind.QUOTE:
        return "\n".join("> " + line for line in text.split("\n"))
    if block.kind is BlockKind.PRE:
        return "```\n" + block.text + "\n```"
    if block.kind is BlockKind.ROW:
        return "| " + text + " |"
    return text


def render_json(result: Result) -> str:
    """The whole result: text, metadata and every block with its verdict and reason."""
    payload = {
        "url": result.url,
        "title": result.title,
        "kind": result.kind,
        "language": result.language,
        "rule": result.rule,
        "notes": list(result.notes),
        "skipped": result.skipped,
        **(result.metadata.fields() if result.metadata else {}),
        "text": "" if result.skipped else render_txt(result.kept),
        "blocks": [
            {
                "index": b.index,
                "text": b.text,
                "kind": b.kind.value,
                "keep": b.kept,
                "reason": b.decision.reason if b.decision else "",
                "stage": b.decision.stage if b.decision else "",
            }
            for b in result.blocks
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
