"""bytes or str -> Page: decode, tell HTML from scraped text, parse once, find the URL.

Decoding order (first that applies): byte-order mark, UTF-8 (valid, or with a few broken
sequences), the charset the page declares, charset detection (charset-normalizer), and
windows-1252 as the last resort, which never fails. Control characters that no parser
accepts are removed. Scraped text, the title and every HTML block's text are put in
Unicode's composed form (NFC); the HTML source itself is left as it came.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Callable, Iterable

import charset_normalizer
from lxml import etree

from cleaner.errors import InputError, LimitError
from cleaner.lexicon import composed
from cleaner.model import Kind, Page
from cleaner.options import Options

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
# More than this share of control bytes in the first 4 KiB makes the input binary.
BINARY_SHARE = 0.1
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A page is read as UTF-8 despite broken sequences when its valid non-ASCII characters
# outnumber them this many times. On dev-html, the UTF-8 pages with stray bytes had
# ratios of 25 to 500; the legacy-encoded ones (cp1250, gb18030) below 1.
MOSTLY_UTF8_RATIO = 10
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same control characters as bytes: a page read as UTF-8 loses them before decoding.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_BINARY_CONTROLS = _CONTROL_BYTES.replace(b"\x0c", b"")  # a form feed is text enough
_HTML_SIGN = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|table|span|br|a\s)[\s/>]", re.I
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")


def load(page: str | bytes, options: Options) -> Page:
    """Turn raw input into a Page; raise InputError with advice when it cannot be read."""
    text = to_text(page, options.max_bytes)
    kind = detect_kind(text) if options.input_kind == "auto" else options.input_kind
    if kind == "text":
        return Page(kind="text", url=options.url, text=composed(text))
    tree = parse_html(text)
    check_tree_size(tree, options.max_elements)
    metadata = read_metadata(tree)
    url = options.url or find_url(metadata)
    html = text if options.accurate else ""  # only accurate mode reads the source again
    return Page(kind="html", url=url, tree=tree, title=find_title(metadata), html=html)


def to_text(page: str | bytes, max_bytes: int) -> str:
    """Decode and sanitise the input; refuse wrong types and oversized pages."""
    if isinstance(page, (bytearray, memoryview)):
        page = bytes(page)
    if isinstance(page, bytes):
        if len(page) > max_bytes:
            raise LimitError(_too_big(len(page), max_bytes))
        if page.startswith(GZIP_MAGIC):
            page = gunzip(page, max_bytes)
        refuse_binary(page)
        text, clean = _decode(page)
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
    for magic, name in BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"input is a {name}, not a web page or text")
    head = data[:4096]
    if not head or _looks_utf16(head):
        return
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    if controls > BINARY_SHARE * len(head):
        raise InputError("input looks binary (many control bytes), not a web page or text")


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte is NUL in mostly-ASCII text."""
    even, odd = head[0::2], head[1::2]
    return max(even.count(0), odd.count(0)) > 0.4 * (len(head) / 2) and min(
        even.count(0), odd.count(0)
    ) < 0.05 * (len(head) / 2)


def _too_big(size: int, limit: int) -> str:
    return (
        f"page is {size:,} bytes, over the size limit of {limit:,}: "
        "raise max_bytes (--max-bytes) to clean it"
    )


def decode(data: bytes) -> str:
    """Bytes -> str by BOM, (nearly) valid UTF-8, declared charset, detection, windows-1252.

    Valid UTF-8 with non-ASCII bytes comes before the declaration: legacy-encoded text
    almost never validates as UTF-8, while pages that declare a charset they do not use
    are common (templates copied between sites). So does UTF-8 with a stray broken
    sequence (a teaser cut in the middle of a character): detection guessed mac_latin2 or
    cp1250 for such pages and turned every accented letter of the article into mojibake.
    That is only tried when the page declares UTF-8 or nothing: a page declaring
    windows-1252 that carries a UTF-8 script is still read as windows-1252.
    """
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, bool]:
    """decode(), and whether the text is already free of control characters.

    A page read as UTF-8 loses them as bytes, before decoding: bytes.translate is six
    times faster than the regex on the text, and in UTF-8, unlike UTF-16 or ISO-2022, a
    byte below 32 is always a character of its own.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), False
    if _looks_utf16(data[:4096]):
        even_nuls = data[0:4096:2].count(0)
        encoding = "utf-16-be" if even_nuls > data[1:4096:2].count(0) else "utf-16-le"
        return data.decode(encoding, errors="replace"), False
    declared = declared_charset(data[:4096])
    stripped = data.translate(None, _CONTROL_BYTES)
    utf8 = _strict_utf8(stripped)
    if utf8 is None and declared in (None, "utf-8"):
        utf8 = _nearly_utf8(stripped)
    if utf8 is not None and not utf8.isascii():
        return utf8, _free_of_noncharacters(utf8)
    if declared:
        try:
            return data.decode(declared), False
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall through to detection
    if utf8 is not None:
        return utf8, _free_of_noncharacters(utf8)
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), False
    return data.decode("windows-1252", errors="replace"), False


def _free_of_noncharacters(text: str) -> bool:
    """True unless U+FFFE or U+FFFF (which no parser accepts) is in the text."""
    return "\ufffe" not in text and "\uffff" not in text


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _nearly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken sequences, each replaced by U+FFFD; None for other text.

    In legacy-encoded text nearly every non-ASCII character is a broken UTF-8 sequence;
    in UTF-8 with a stray cut character, nearly none is.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid_non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - broken
    return text if broken * MOSTLY_UTF8_RATIO <= valid_non_ascii else None


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in a meta tag or XML declaration, if any.

    The regex starts where either word first appears: run over the whole head of a page
    that declares nothing (most scraped text), it took 60 µs, the whole decoding thrice.
    """
    lowered = head.lower()
    starts = [at for at in (lowered.find(b"charset"), lowered.find(b"encoding")) if at >= 0]
    match = _DECLARED.search(head, min(starts)) if starts else None
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def detect_kind(text: str) -> Kind:
    """HTML when the start of the page carries HTML tags, scraped text otherwise."""
    head = text[:5000]
    if not _HTML_SIGN.search(head):
        return "text"
    starts_with_tag = head.lstrip().startswith("<")
    return "html" if starts_with_tag or len(_TAG.findall(head)) >= 5 else "text"


def parse_html(text: str) -> etree._Element:
    """Parse once with lxml; never resolve entities or touch the network.

    The plain etree parser, not lxml.html's: lxml.html looks up a Python element class for
    every node each walk touches, which made every walk over the tree about 2.5x slower.
    """
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    text = _XML_DECL.sub("", text, count=1)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:  # nothing parseable: an empty document
        root = etree.fromstring("<html><body></body></html>", parser)
    _gather_stray_roots(root)
    return root


def _gather_stray_roots(root: etree._Element) -> None:
    """Bring content after a premature </html> back under the one root.

    lxml's recovering parser puts it in a second top-level <html>, which no walk from the
    root reaches: a page whose template closes </html> before its body came out empty.
    """
    for stray in list(root.itersiblings()):
        if not isinstance(stray.tag, str):
            continue
        for child in list(stray):
            body = root.find("body")
            if child.tag != "body" or body is None:
                root.append(child)
                continue
            if child.text and child.text.strip():
                tail_of = body[-1] if len(body) else None
                if tail_of is None:
                    body.text = (body.text or "") + child.text
                else:
                    tail_of.tail = (tail_of.tail or "") + child.text
            body.extend(list(child))


def check_tree_size(tree: etree._Element, max_elements: int) -> None:
    """Refuse a tree with more elements than the limit, before any stage walks it."""
    count = 0
    for _ in tree.iter():
        count += 1
        if count > max_elements:
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
        found = " ".join(metadata.get(key, "").split())
        if found:
            return composed(found)
    return ""


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


_METADATA = frozenset({"canonical", "og:url", "og:title", "title"})
