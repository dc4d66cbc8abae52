"""Typed access to the lxml tree: XPath results as elements or strings, an element's text.

lxml's XPath returns a union of every possible result type; these helpers narrow it once,
so the stages read plainly and mypy checks them.
"""

from __future__ import annotations

from lxml import etree
from lxml.etree import _Element as Element


def elements(tree: Element, xpath: str) -> list[Element]:
    """The elements an XPath expression selects (other results are left out)."""
    found = tree.xpath(xpath)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def strings(tree: Element, xpath: str) -> list[str]:
    """The text results (attribute values, text nodes) an XPath expression selects."""
    found = tree.xpath(xpath)
    return [str(s) for s in found if isinstance(s, str)] if isinstance(found, list) else []


def text_of(element: Element) -> str:
    """All text inside an element, like lxml.html's text_content()."""
    return str(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


def text_nodes(tree: Element, xpath: str) -> list[etree._ElementUnicodeResult]:
    """The text nodes an XPath expression selects, each knowing its parent element."""
    found = tree.xpath(xpath)
    if not isinstance(found, list):
        return []
    return [s for s in found if isinstance(s, etree._ElementUnicodeResult)]
