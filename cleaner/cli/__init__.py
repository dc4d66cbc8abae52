"""The command line: click commands turn flags into Options and call the API; nothing else.

`cleaner clean | jsonl | warc | explain` (commands), `cleaner rules ...` (rules),
`cleaner eval` (eval) and what they share (common). The top layer: it may import
anything in cleaner, and nothing in cleaner imports it but `python -m cleaner`.
"""

from __future__ import annotations

from cleaner.cli.commands import main

__all__ = ["main"]
