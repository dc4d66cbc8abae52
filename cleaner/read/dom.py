"""An element's text, as lxml.html's text_content() gives it, for the plain etree parser."""

from __future__ import annotations

from lxml import etree
from lxml.etree import _Element as Element


def text_of(element: Element) -> str:
    """All text inside an element, like lxml.html's text_content()."""
    return str(etree.tostring(element, method="text", encoding="unicode", with_tail=False))
