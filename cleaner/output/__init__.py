"""What a cleaned page gives back: text, Markdown, JSON, an explanation, a score.

Rendering (render: txt | json), Markdown with the page's inline markup (markdown), what a
Result gets beyond its blocks when asked (extras: language, metadata, Markdown), the
explain table (explain) and token F1 against a hand-cleaned text (evaluate). It may
import the data model and the read stage (Markdown walks the page's HTML again; extras
report the language and metadata read from it), and no other stage.
"""

from __future__ import annotations

from cleaner.output.extras import finish
from cleaner.output.render import render_txt

__all__ = ["finish", "render_txt"]
