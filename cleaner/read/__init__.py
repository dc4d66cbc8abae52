"""Reading a page: bytes or str -> a Page (decoded, parsed once) -> its blocks.

Decoding (decode), loading and telling HTML from text (loader), the one HTML5 parse
(parse), pruning furniture subtrees (html_prune), the walk that cuts HTML into blocks
(html_walk), scraped text's lines (text_lines), the facts every mode records of a block
(block_facts), text hygiene, the word lists (lexicon), and the reported language and
metadata. The first stage: it may import only the data model (cleaner.page, reasons,
options, errors), never a later stage (tests/test_layout.py).
"""

from __future__ import annotations

from cleaner.read.html_prune import prune
from cleaner.read.html_walk import html_blocks
from cleaner.read.lexicon import Lexicon, load_lexicon
from cleaner.read.loader import detect_kind, load, to_text
from cleaner.read.text_lines import text_blocks

__all__ = [
    "Lexicon",
    "detect_kind",
    "html_blocks",
    "load",
    "load_lexicon",
    "prune",
    "text_blocks",
    "to_text",
]
