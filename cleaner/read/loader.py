"""bytes or str -> Page: decode, tell HTML from scraped text, parse once, find the URL.

Decoding follows the HTML standard's encoding sniffing, with valid UTF-8 trusted first
(cleaner.read.decode). Control characters that no parser accepts are removed. Scraped text, the
title and every HTML block's text are put in Unicode's composed form (NFC), invisible
format characters removed (cleaner.read.hygiene); the HTML source itself is left as it came.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable
from itertools import islice

from lxml import etree

from cleaner.errors import InputError, LimitError
from cleaner.options import Options
from cleaner.page import Kind, Page
from cleaner.read.decode import CONTROL_BYTES, looks_utf16, sniff
from cleaner.read.hygiene import visible
from cleaner.read.parse import parse_html

GZIP_MAGIC = b"\x1f\x8b"
BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or office document)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "program (ELF)"),
    (b"RIFF", "RIFF media file"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
)
_MAGICS = tuple(magic for magic, _ in BINARY_MAGIC)
# More than this share of control bytes in the first 4 KiB makes the input binary.
BINARY_SHARE = 0.1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BINARY_CONTROLS = CONTROL_BYTES.replace(b"\x0c", b"")  # a form feed is text enough
_HTML_SIGN = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|table|span|br|a\s)[\s/>]", re.I
)


def load(page: str | bytes, options: Options) -> Page:
    """Turn raw input into a Page; raise InputError with advice when it cannot be read."""
    text = to_text(page, options.max_bytes)
    kind = detect_kind(text) if options.input_kind == "auto" else options.input_kind
    if kind == "text":
        return Page(kind="text", url=options.url, text=visible(text))
    tree = parse_html(text)
    check_tree_size(tree, options.max_elements)
    metadata = read_metadata(tree)
    url = options.url or find_url(metadata)
    # the source is read again by accurate mode, Markdown, metadata and <html lang>
    title, description = find_title(metadata), find_description(metadata)
    return Page(kind="html", url=url, tree=tree, title=title, html=text, description=description)


def to_text(page: str | bytes, max_bytes: int, encoding: str | None = None) -> str:
    """Decode and sanitise the input; refuse wrong types and oversized pages.

    encoding: the charset label of the transport (an HTTP Content-Type's charset), if any.
    """
    if isinstance(page, (bytearray, memoryview)):
        page = bytes(page)
    if isinstance(page, bytes):
        if len(page) > max_bytes:
            raise LimitError(_too_big(len(page), max_bytes))
        if page.startswith(GZIP_MAGIC):
            page = gunzip(page, max_bytes)
        refuse_binary(page)
        text, clean = sniff(page, encoding)
        if clean:
            return text
        page = text
    elif isinstance(page, str):
        if len(page) > max_bytes:
            raise LimitError(_too_big(len(page), max_bytes))
    else:
        raise InputError(f"cannot clean a {type(page).__name__}: pass the page as str or bytes")
    return _CONTROL.sub("", page)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress a gzip-compressed page, never past max_bytes (a gzip bomb stops there)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise InputError(f"page is gzip-compressed but corrupt: {error}") from error
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise LimitError(
            f"gzip-compressed page inflates past the size limit of {max_bytes:,} bytes: "
            "raise max_bytes (--max-bytes) to clean it"
        )
    return out


def refuse_binary(data: bytes) -> None:
    """Refuse files that are not text (images, PDFs, archives, programs), with their type."""
    if data.startswith(_MAGICS):  # one look for all of them: every page is asked
        name = next(name for magic, name in BINARY_MAGIC if data.startswith(magic))
        raise InputError(f"input is a {name}, not a web page or text")
    head = data[:4096]
    if not head or looks_utf16(head):
        return
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    if controls > BINARY_SHARE * len(head):
        raise InputError("input looks binary (many control bytes), not a web page or text")


def _too_big(size: int, limit: int) -> str:
    return (
        f"page is {size:,} bytes, over the size limit of {limit:,}: "
        "raise max_bytes (--max-bytes) to clean it"
    )


def decode(data: bytes, encoding: str | None = None) -> str:
    """Bytes -> str by the HTML standard's sniffing, valid UTF-8 first (cleaner.read.decode).

    encoding: the charset label of the transport (an HTTP Content-Type's charset), if any.
    """
    return sniff(data, encoding)[0]


# The head judged for HTML signs: the old window, kept (no corpus page needed more).
HEAD_CHARS = 5000
# HTML elements in the head that make it HTML when it does not open with a tag.
HEAD_ELEMENTS = 5
# HTML elements anywhere that make a page HTML though its head looks like text, at one
# element in STRUCTURE_CHARS characters at least: scraped text in dev-text has at most 42
# (dragnet's text renderings, which keep some template markup, 108 in 62,000 characters);
# HTML pages of dragnet and golden have one element in 260 characters or more often.
STRUCTURE_ELEMENTS = 100
STRUCTURE_CHARS = 500
# The tail looked at for a '<' before counting (the last 2,000 characters of every HTML
# page in dev-html, dragnet and golden hold one).
TAIL_CHARS = 2000
# Leading scripts, styles, comments or processing instructions skipped at most.
MAX_LEADING_BLOCKS = 100
_LEADING_OPEN = re.compile(r"\s*<(!--|script\b|style\b|\?)", re.I)
_LEADING_CLOSE = {
    "!--": re.compile("-->"),
    "script": re.compile(r"</script\s*>", re.I),
    "style": re.compile(r"</style\s*>", re.I),
    "?": re.compile(">"),
}
_OPENS_WITH_TAG = re.compile(r"\s*<+[!/]?[a-zA-Z]")  # "<<html>": a broken first tag is a tag
# Elements of real pages; not ones a text might quote as code (<map>, <code>, <template>).
_ELEMENT = re.compile(
    r"</?(?:html|head|body|title|meta|link|script|style|div|p|span|a|li|ul|ol|table|tr|td|th"
    r"|tbody|thead|h[1-6]|section|article|nav|header|footer|aside|main|form|img|br|hr|iframe"
    r"|noscript|figure|figcaption|blockquote|em|strong|b|i|button|input|label|svg)"
    r"(?=[\s/>])[^<>]{0,200}>",
    re.I,
)


def detect_kind(text: str) -> Kind:
    """HTML when the page carries HTML structure, scraped text otherwise.

    The page is judged past the scripts, styles, comments and processing instructions it
    may open with (a 20 KB inline script used to hide all of its markup), by its first
    HEAD_CHARS characters: an HTML sign, and either a tag first or a few HTML elements.
    Only HTML elements count, not any <word>: scraped text quoting code (#include
    <vector>, <user@example.com>) is still text. A page whose head says text is HTML
    all the same when many HTML elements fill the rest of it.
    """
    start = _past_leading_blocks(text)
    head = text[start : start + HEAD_CHARS]
    if _HTML_SIGN.search(head) and (
        _OPENS_WITH_TAG.match(head) or len(_ELEMENT.findall(head)) >= HEAD_ELEMENTS
    ):
        return "html"
    return "html" if _structure_anywhere(text) else "text"


def _past_leading_blocks(text: str) -> int:
    """Where the page starts once the blocks it opens with are skipped whole."""
    position = 0
    for _ in range(MAX_LEADING_BLOCKS):
        opening = _LEADING_OPEN.match(text, position)
        if opening is None:
            break
        closing = _LEADING_CLOSE[opening.group(1).lower()].search(text, opening.end())
        position = closing.end() if closing else len(text)
    return position


def _structure_anywhere(text: str) -> bool:
    """Many HTML elements anywhere in the page, for pages whose head looks like text.

    Counted only when the page's tail holds a '<' (an HTML page ends in closing tags or
    scripts, scraped text seldom has one there) and '<' is common enough: counting every
    '<' of a scraped page took 17 µs, the whole detection thrice.
    """
    if text.find("<", max(0, len(text) - TAIL_CHARS)) < 0:
        return False
    if text.count("<") < max(STRUCTURE_ELEMENTS, len(text) // STRUCTURE_CHARS):
        return False
    elements = len(_ELEMENT.findall(text))
    return elements >= STRUCTURE_ELEMENTS and elements * STRUCTURE_CHARS >= len(text)


def check_tree_size(tree: etree._Element, max_elements: int) -> None:
    """Refuse a tree with more elements than the limit, before any stage walks it."""
    # the element after the first max_elements, found by a C-level skip (no Python loop)
    if next(islice(tree.iter(), max_elements, None), None) is not None:
        raise too_many_elements(max_elements)


def too_many_elements(max_elements: int) -> LimitError:
    """The error for a page over the element limit (the default and fast mode count)."""
    return LimitError(
        f"page has more than {max_elements:,} elements: "
        "raise max_elements (--max-elements) to clean it"
    )


def find_url(metadata: dict[str, str]) -> str | None:
    """The page's own URL from its canonical link or og:url, when it states one."""
    for key in ("canonical", "og:url"):
        found = metadata.get(key, "").strip()
        if found.startswith("http"):
            return found
    return None


def find_title(metadata: dict[str, str]) -> str:
    """The page's title as its metadata states it (og:title, else <title>)."""
    for key in ("og:title", "title"):
        found = " ".join(visible(metadata.get(key, "")).split())
        if found:
            return found
    return ""


def find_description(metadata: dict[str, str]) -> str:
    """The page's og:description, white space collapsed ('' when it states none)."""
    return " ".join(visible(metadata.get("og:description", "")).split())


def read_metadata(tree: etree._Element) -> dict[str, str]:
    """The first canonical link, og:url, og:title and <title> text, in one pass."""
    return gather_metadata(
        (str(element.tag), element.get, element.text)
        for element in tree.iter("link", "meta", "title")
    )


Attribute = Callable[[str], "str | None"]


def gather_metadata(elements: Iterable[tuple[str, Attribute, str | None]]) -> dict[str, str]:
    """The first canonical link, og:url, og:title and <title> text among the elements.

    Each element comes as (tag, attribute getter, text), so that the lxml tree (the
    default mode) and lexbor's (fast mode) are read by the same rule.
    """
    found: dict[str, str] = {}
    for tag, attribute, text in elements:
        if tag == "title":
            key, value = "title", text
        elif tag == "link":
            key = "canonical" if attribute("rel") == "canonical" else ""
            value = attribute("href")
        else:
            key = attribute("property") or ""
            key, value = (key if key.startswith("og:") else ""), attribute("content")
        if key in _METADATA and key not in found and value:
            found[key] = value
    return found


_METADATA = frozenset({"canonical", "og:url", "og:title", "title", "og:description"})
