"""A page's metadata (author, date, site name, ...) read by trafilatura, a dependency already.

trafilatura reads <meta> tags, JSON-LD and the page's bylines, and htmldate finds the
date: years of work on real pages that cleaner need not redo. It costs about 15 ms a
page on dev-html (a third of a default-mode clean, see README), so it runs only when
asked (`--metadata`, Options(metadata=True)).
"""

from __future__ import annotations

from typing import Any

from cleaner.page import FIELDS, Metadata

# The fields of a page that has none (scraped text, or metadata not asked for).
NO_FIELDS: dict[str, Any] = {name: None for name in FIELDS}


def extract(html: str, url: str | None) -> Metadata:
    """The page's metadata, from its decoded HTML."""
    from trafilatura.metadata import extract_metadata

    found = extract_metadata(html, default_url=url)
    return Metadata(
        author=found.author or None,
        date=found.date or None,
        sitename=found.sitename or None,
        description=found.description or None,
        categories=tuple(found.categories or ()),
        tags=tuple(found.tags or ()),
        license=found.license or None,
        image=found.image or None,
    )
