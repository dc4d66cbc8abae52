"""bytes -> str: the HTML standard's encoding sniffing, with UTF-8 trusted first.

Order (first that applies): byte-order mark; UTF-16 without one; valid UTF-8 (or UTF-8 with
a few broken sequences); the transport's charset (an HTTP Content-Type a caller passes);
the page's own declaration, found by the standard's prescan of its first 1,024 bytes (meta
charset, meta http-equiv content-type, then an XML declaration); then Firefox's detector
(chardetng), which, unlike a statistical guesser, needs no locale and reads windows-1252
pages as windows-1252. Labels are mapped through the WHATWG table (webencodings): latin1,
iso-8859-1 and ascii all mean windows-1252 on the web, as they do in every browser.

Valid UTF-8 comes before any declaration: legacy-encoded text almost never validates as
UTF-8, while pages that declare a charset they do not use are common (templates copied
between sites, servers that send iso-8859-1 by default). Of the 2,371 dev-html and dragnet
pages, 8 declare windows-1252 but are UTF-8: the standard's order made 1 to 29 "Ã¼" or
"â€™" of each; and no page of benchmarks/encodings.py, re-encoded in a legacy charset
with its declaration, was read as UTF-8 by this rule.
"""

from __future__ import annotations

import codecs
import re

import chardetng_py
import webencodings

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
# The HTML standard's prescan reads at most this many bytes for a meta declaration.
PRESCAN_BYTES = 1024
# chardetng reads at most this many bytes: it takes 30 µs a KiB of markup and up to 200
# of legacy text (this busy machine). On the re-encoded dev-html pages of
# benchmarks/encodings.py, whole pages decoded 2 more cp1250 pages right and 1 fewer
# windows-1252 at about twice the time; 8 KiB decoded 2 fewer windows-1252 and 1 fewer
# cp1250 page; stopping at chardetng's first confident guess lost 3 to 10.
DETECT_BYTES = 65_536
# BOM-less UTF-16 without ASCII is told by this many bytes at the start, of which this
# share must decode to printable characters: cp1252, cp1250 and gb18030 text read as
# UTF-16 stayed under 0.7, CJK, Cyrillic and Latin text in UTF-16 are at 1.0.
UTF16_SAMPLE = 4096
UTF16_PRINTABLE = 0.98
# ... and at least this share of its bytes must be control bytes: CJK text in UTF-16 has
# about 6% (one low byte in eight characters below 32), legacy text none or a stray one.
UTF16_CONTROLS = 0.02
# A meta charset past the prescan is looked for this far (see declared_charset): it is only
# read for pages that are not UTF-8 and declare nothing early, so its cost hardly shows.
LATE_META_BYTES = 65_536
# The same control characters that to_text removes from text, as bytes: a page read as
# UTF-8 loses them before decoding.
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_SPACE = b"\t\n\x0c\r "
# The standard's "get an attribute", as one regex over lowercased bytes: a name, then an
# optional value (quoted, unquoted, or an unclosed quote, which ends the prescan).
_ATTRIBUTE = re.compile(
    rb"[\t\n\x0c\r /]*([^\t\n\x0c\r />][^\t\n\x0c\r />=]*)"
    rb"""(?:[\t\n\x0c\r ]*=[\t\n\x0c\r ]*(?:"([^"]*)"|'([^']*)'|(["'])|([^\t\n\x0c\r >]*)))?"""
)
_META_START = re.compile(rb"<meta[\t\n\x0c\r /]")
_TAG_NAME_END = re.compile(rb"[\t\n\x0c\r >]")
# Python codecs for WHATWG encodings where webencodings' choice differs from what a browser
# decodes: a browser's gbk decoder is its gb18030 decoder.
_PYTHON_CODECS = {"gbk": "gb18030", "shift_jis": "shift_jis"}
# Tried strictly first, then the superset with replacement characters: Shift_JIS maps
# 0x8160 to the wave dash as the standard does, cp932 adds the Windows rows (①, ㈱).
_SUPERSETS = {"shift_jis": "cp932"}


def sniff(data: bytes, transport: str | None = None) -> tuple[str, bool]:
    """Decoded text, and whether it is already free of control characters.

    transport: the charset label from an HTTP Content-Type header, when the caller has one.
    A page read as UTF-8 loses its control characters as bytes, before decoding:
    bytes.translate is six times faster than a regex on the text, and in UTF-8, unlike
    UTF-16 or ISO-2022, a byte below 32 is always a character of its own. ASCII without
    control bytes reads the same in every encoding a page can declare (ISO-2022's need ESC
    or SO/SI bytes), so it skips the prescan.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), False
    if looks_utf16(data[:4096]):
        even_nuls = data[0:4096:2].count(0)
        encoding = "utf-16-be" if even_nuls > data[1:4096:2].count(0) else "utf-16-le"
        return data.decode(encoding, errors="replace"), False
    stripped = data.translate(None, CONTROL_BYTES)
    utf8 = _strict_utf8(stripped)
    if utf8 is not None and (not utf8.isascii() or len(stripped) == len(data)):
        return utf8, _free_of_noncharacters(utf8)
    declared = (encoding_for_label(transport) if transport else None) or declared_charset(data)
    if utf8 is None and declared in (None, "utf-8"):
        utf8 = _nearly_utf8(stripped, MOSTLY_UTF8_RATIO if declared is None else 1)
    if utf8 is not None and (not utf8.isascii() or declared is None):
        return utf8, _free_of_noncharacters(utf8)
    if declared is not None:
        text = _decode_strictly(data, declared)
        if text is not None:
            return text, False
    if utf8 is not None:
        return utf8, _free_of_noncharacters(utf8)
    return _utf16_without_ascii(data) or decode_as(data, detect(data)), False


def looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte is NUL in mostly-ASCII text.

    Every page is asked, twice (refuse_binary, sniff): a head without a NUL (one memchr)
    has none in either half, and splitting it into halves to count them cost 4 us.
    """
    if b"\x00" not in head:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) / 2
    return max(even, odd) > 0.4 * half and min(even, odd) < 0.05 * half


def _utf16_without_ascii(data: bytes) -> str | None:
    """UTF-16 text with no ASCII (all CJK, say), which looks_utf16 cannot see; else None.

    Only tried when the bytes hold control bytes, which legacy 8-bit and multibyte text
    never does and UTF-16 of CJK text does about once in eight characters. Legacy bytes
    read as UTF-16 land on unassigned code points, private use and surrogates; real UTF-16
    text is printable throughout.
    """
    head = data[:UTF16_SAMPLE]
    if len(head) - len(head.translate(None, CONTROL_BYTES)) < UTF16_CONTROLS * len(head):
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        sample = data[:UTF16_SAMPLE].decode(codec, errors="replace")
        printable = sum(1 for char in sample if char.isprintable() or char in "\t\n\r")
        if printable >= UTF16_PRINTABLE * len(sample):
            return data.decode(codec, errors="replace")
    return None


def decode_as(data: bytes, encoding: str) -> str:
    """Decode with a WHATWG (or Python) encoding name, broken sequences as U+FFFD."""
    text = _decode_strictly(data, encoding)
    if text is not None:
        return text
    codec = _python_codec(encoding)
    return data.decode(_SUPERSETS.get(codec, codec), errors="replace")


def _decode_strictly(data: bytes, encoding: str) -> str | None:
    """The text if every byte sequence is valid in the encoding (or its superset)."""
    codec = _python_codec(encoding)
    for name in (codec, _SUPERSETS.get(codec)):
        try:
            return data.decode(name) if name else None
        except UnicodeDecodeError:
            continue
    return None


def _python_codec(encoding: str) -> str:
    known = webencodings.lookup(encoding)
    if known is None or known.name == "replacement":
        return encoding  # a Python-only codec (iso-2022-kr), checked by encoding_for_label
    return _PYTHON_CODECS.get(known.name) or str(known.codec_info.name)


def detect(data: bytes) -> str:
    """The encoding Firefox's detector guesses for bytes that are not UTF-8."""
    return str(chardetng_py.detect(data[:DETECT_BYTES], allow_utf8=False))


def _free_of_noncharacters(text: str) -> bool:
    """True unless U+FFFE or U+FFFF (which no parser accepts) is in the text."""
    return "\ufffe" not in text and "\uffff" not in text


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _nearly_utf8(data: bytes, ratio: int) -> str | None:
    """UTF-8 with a few broken sequences, each replaced by U+FFFD; None for other text.

    In legacy-encoded text nearly every non-ASCII character is a broken UTF-8 sequence;
    in UTF-8 with a stray cut character (a teaser cut in the middle of a character), nearly
    none is. A page that declares UTF-8 needs only as many valid characters as broken
    ones (ratio 1), as a browser reads it as UTF-8 whatever: dragnet's UTF-8 pages with
    stray windows-1252 quotes had 1.2 to 6 valid per broken one, and detection turned
    their curly quotes into Cyrillic or "â€™".
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid_non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - broken
    return text if broken * ratio <= valid_non_ascii else None


def encoding_for_label(label: str | bytes) -> str | None:
    """The WHATWG encoding a charset label names ("latin1" -> "windows-1252"), or None.

    Labels the web maps to its "replacement" encoding (iso-2022-kr, hz-gb-2312) exist so
    that a browser shows nothing; a cleaner wants the text, so Python's codec is used
    when it has one. UTF-16 named inside a page means UTF-8 (the page was read as ASCII).
    """
    if isinstance(label, bytes):
        label = label.decode("ascii", errors="replace")
    known = webencodings.lookup(label)
    if known is None:
        return None
    if known.name == "replacement":
        return _python_only(label)
    return str(known.name)


def _python_only(label: str) -> str | None:
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    return info.name if info._is_text_encoding else None


def charset_in_content_type(value: str | bytes) -> str | None:
    """The encoding named by charset=... in a Content-Type value (HTTP or meta), or None.

    The standard's "extracting a character encoding from a meta element", which is also
    how browsers read the HTTP header's parameter.
    """
    if isinstance(value, str):
        value = value.encode("ascii", errors="replace")
    value = value.lower()
    position = 0
    while (found := value.find(b"charset", position)) >= 0:
        position = found + len(b"charset")
        rest = value[position:].lstrip(_SPACE)
        if not rest.startswith(b"="):
            continue
        rest = rest[1:].lstrip(_SPACE)
        if rest[:1] in (b'"', b"'"):
            end = rest.find(rest[:1], 1)
            return encoding_for_label(rest[1:end]) if end > 0 else None
        label = re.split(rb"[\t\n\x0c\r ;]", rest, maxsplit=1)[0]
        return encoding_for_label(label) if label else None
    return None


def declared_charset(data: bytes) -> str | None:
    """The encoding the page declares, by the standard's prescan of its first 1,024 bytes.

    Comments and the attributes of other tags are skipped as a browser skips them, so a
    commented-out meta or one quoted in an attribute does not count. An XML declaration at
    the very start counts when no meta does. A meta further on counts next: a browser that
    meets it while parsing reloads the page in that encoding (Firefox's "late meta
    reload"); on dev-html, pages behind a web archive's injected scripts declare
    iso-8859-1 at bytes 1,078 to 1,569.
    """
    head = data[:PRESCAN_BYTES].lower()
    return _prescan(head) or _xml_encoding(head) or _late_meta(data)


def _late_meta(data: bytes) -> str | None:
    """The first meta that declares an encoding, read by the prescan's steps for one meta.

    Each <meta is read where it stands, without the prescan's walk over every tag before
    it: that walk took 6.5 ms over 64 KB of a dragnet page. A meta inside a comment or a
    script's string is taken too: of the 264 dev-html and dragnet pages that declare past
    the prescan, none does so inside a comment.
    """
    window = data[:LATE_META_BYTES].lower()  # from 0: the prescan may have stopped early
    for found in _META_START.finditer(window):
        charset = _meta(window, found.end() - 1)[0]
        if charset is not None:
            return charset
    return None


def _prescan(head: bytes) -> str | None:
    """The standard's "prescan a byte stream to determine its encoding" over the head."""
    position = 0
    while (position := head.find(b"<", position)) >= 0:
        if head.startswith(b"<!--", position):
            end = head.find(b"-->", position + 2)
            position = end + 3 if end >= 0 else len(head)
        elif head.startswith(b"<meta", position) and head[position + 5 : position + 6] in (
            b"\t", b"\n", b"\x0c", b"\r", b" ", b"/",
        ):
            found, position = _meta(head, position + 5)
            if found is not None:
                return found
        elif _starts_tag(head, position):
            position = _skip_attributes(head, position)
        elif head.startswith((b"<!", b"</", b"<?"), position):
            end = head.find(b">", position)
            position = end + 1 if end >= 0 else len(head)
        else:
            position += 1
    return None


def _starts_tag(head: bytes, position: int) -> bool:
    """'<' or '</' followed by an ASCII letter (the head is lowercased)."""
    after = head[position + 1 : position + 3]
    letter = after[1:2] if after.startswith(b"/") else after[:1]
    return b"a" <= letter <= b"z" and len(letter) == 1


def _skip_attributes(head: bytes, position: int) -> int:
    """Past a tag's name and attributes, so a '>' inside a quoted value does not end it."""
    name_end = _TAG_NAME_END.search(head, position)
    position = name_end.start() if name_end else len(head)
    while (attribute := _ATTRIBUTE.match(head, position)) is not None:
        if attribute.group(4):  # an unclosed quote runs to the end of the prescan
            return len(head)
        position = attribute.end()
    return position + 1


def _meta(head: bytes, position: int) -> tuple[str | None, int]:
    """The encoding one <meta> declares (the standard's steps), and where the tag ends."""
    seen: set[bytes] = set()
    got_pragma, need_pragma, charset = False, None, None
    while (attribute := _ATTRIBUTE.match(head, position)) is not None:
        if attribute.group(4) or attribute.end() >= len(head):
            return None, len(head)  # cut by the end of the prescan
        position = attribute.end()
        name = attribute.group(1)
        value = attribute.group(2) or attribute.group(3) or attribute.group(5) or b""
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv":
            got_pragma = got_pragma or value == b"content-type"
        elif name == b"content" and charset is None:
            charset = charset_in_content_type(value)
            need_pragma = True if charset is not None else need_pragma
        elif name == b"charset":
            charset, need_pragma = encoding_for_label(value), False
    if need_pragma is None or (need_pragma and not got_pragma) or charset is None:
        return None, position + 1
    return _as_declared(charset), position + 1


def _as_declared(charset: str) -> str:
    """UTF-16 declared by bytes that were read as ASCII is UTF-8; x-user-defined is 1252."""
    if charset in ("utf-16be", "utf-16le"):
        return "utf-8"
    return "windows-1252" if charset == "x-user-defined" else charset


def _xml_encoding(head: bytes) -> str | None:
    """The encoding an XML declaration at the start names (the standard's steps)."""
    if not head.startswith(b"<?xml"):
        return None
    declaration = head[: head.find(b">")] if b">" in head else head
    match = re.search(rb"""encoding[\x00-\x20]*=[\x00-\x20]*(["'])([^"']*)\1""", declaration)
    found = encoding_for_label(match.group(2)) if match else None
    return _as_declared(found) if found else None
