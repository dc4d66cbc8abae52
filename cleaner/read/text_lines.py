"""Scraped text -> list[Block]: every non-empty line is one block, with its line shape.

A scrape has no DOM, so a block carries what the line itself shows: its indent, whether
it starts with a bullet, and whether a blank line comes before it (a paragraph break).
"""

from __future__ import annotations

import re

from cleaner.page import Block, BlockKind

_BULLET = re.compile(r"^(?:[•·◦▪▸►»‣∙*+–-]|\d{1,3}[.)])\s+")


def text_blocks(text: str) -> list[Block]:
    """Split scraped text into line blocks, in order."""
    blocks: list[Block] = []
    blank_before = True
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            blank_before = True
            continue
        expanded = raw.expandtabs(4)
        blocks.append(
            Block(
                index=len(blocks),
                text=line,
                kind=BlockKind.ITEM if _BULLET.match(line) else BlockKind.LINE,
                source="text",
                indent=len(expanded) - len(expanded.lstrip()),
                bullet=bool(_BULLET.match(line)),
                blank_before=blank_before,
            )
        )
        blank_before = False
    return blocks


def strip_bullet(text: str) -> str:
    """The line without its leading bullet marker."""
    return _BULLET.sub("", text, count=1)
