"""How many pages come out in the right characters, re-encoded in legacy charsets.

    python benchmarks/encodings.py [--corpus ../shared/benchmarks/dev-html] [--details FILE]

Each dev-html page is decoded as cleaner does (its own declaration, mostly UTF-8): that
text is the truth. Its charset declarations (meta charset, meta http-equiv content-type,
XML encoding) are removed, and the page is encoded in a legacy charset, then decoded by
cleaner's decoder before this branch ("before": charset-normalizer after a regex for a
declaration anywhere in 4 KB) and by today's ("after": the HTML standard's sniffing,
Firefox's chardetng as the fallback). A page counts as right when the decoded text equals
the truth (control characters removed on both sides, as to_text does).

Pages per charset: windows-1252, every page with non-ASCII text that it represents whole;
the others, the pages of their language (20 letters of the script, and for Cyrillic and
CJK half the non-ASCII characters: Central European letters that cp1252 lacks, Cyrillic,
kana with Han, Hangul, Han without kana), with the few
characters the charset lacks replaced by "?" in the bytes and the truth alike.
Two rounds: "undeclared" (no declaration at all) and "declared" (a meta charset with the
label such pages commonly carry: iso-8859-1 for windows-1252 pages, gb2312 for Chinese).
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import charset_normalizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.read.decode import sniff  # noqa: E402

CORPUS = ROOT.parent / "shared" / "benchmarks" / "dev-html"  # from /work/main; pass --corpus from a worktree
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_META = re.compile(r"<meta\b[^>]*?(?:charset|content-type)[^>]*>", re.I)
_XML_ENCODING = re.compile(r"""(<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""", re.I)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Letters of a script a page must carry at least this many of to count as in its language.
MIN_LETTERS = 20


def _count(pattern: str, share: float = 0.0) -> Callable[[str], bool]:
    """At least MIN_LETTERS letters of the script, and this share of the non-ASCII characters."""
    compiled = re.compile(pattern)

    def wanted(text: str) -> bool:
        letters = len(compiled.findall(text))
        return letters >= MIN_LETTERS and letters >= share * len(_NON_ASCII.findall(text))

    return wanted


# charset, Python codec to encode with, label of the "declared" round, which pages
CHARSETS: list[tuple[str, str, str, Callable[[str], bool]]] = [
    ("windows-1252", "cp1252", "iso-8859-1", lambda text: not text.isascii()),
    ("windows-1250", "cp1250", "windows-1250", _count("[ąćęłńśźżĄĆĘŁŃŚŹŻčďěňřťůČĎĚŇŘŤŮőűŐŰ]")),
    ("windows-1251", "cp1251", "windows-1251", _count("[а-яА-ЯёЁ]", 0.5)),
    ("koi8-r", "koi8_r", "koi8-r", _count("[а-яА-ЯёЁ]", 0.5)),
    ("shift_jis", "shift_jis", "shift_jis", lambda text: _count("[\u3040-\u30ff]")(text)
     and _count("[\u3040-\u30ff\u4e00-\u9fff]", 0.5)(text)),
    ("gb18030", "gb18030", "gb2312", lambda text: _count("[\u4e00-\u9fff]", 0.5)(text)
     and not re.search("[\u3040-\u30ff\uac00-\ud7a3]", text)),
    ("euc-kr", "euc_kr", "euc-kr", _count("[\uac00-\ud7a3]", 0.5)),
]


def pages(corpus: Path) -> Iterator[tuple[str, bytes]]:
    evaldata = json.loads((corpus / "evaldata.json").read_text())
    for entry in evaldata.values():
        name = entry["file"]
        path = corpus / "cache" / name
        yield name, (path if path.exists() else corpus / "eval" / name).read_bytes()


def old_decode(data: bytes) -> str:
    """cleaner's decoding at 76532e9, without the UTF-16 step (no page has it)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    declared = _old_declared(data)
    utf8 = _old_utf8(data, declared)
    if utf8 is not None and not utf8.isascii():
        return utf8
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    if utf8 is not None:
        return utf8
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("windows-1252", errors="replace")


def _old_declared(data: bytes) -> str | None:
    """old_decode's declared encoding: the first charset= or encoding= in 4 KB, if known."""
    match = re.search(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", data[:4096], re.I)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii", "ignore").lower()).name
    except LookupError:
        return None


def _old_utf8(data: bytes, declared: str | None) -> str | None:
    """old_decode's UTF-8 reading, control bytes dropped; lenient when nothing else is declared."""
    stripped = data.translate(None, bytes(b for b in range(32) if b not in (9, 10, 13)))
    try:
        return stripped.decode("utf-8")
    except UnicodeDecodeError:
        if declared not in (None, "utf-8"):
            return None  # not valid UTF-8, and the page says it is something else
    text = stripped.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - broken
    return text if broken * 10 <= valid else None


def new_decode(data: bytes) -> str:
    return sniff(data)[0]


def undeclared(text: str) -> str:
    return _XML_ENCODING.sub(r"\1", _META.sub("", text))


def declare(text: str, label: str) -> str:
    """The page with one meta charset of this label where its head starts (or at the top)."""
    bare = undeclared(text)
    head = re.search(r"<head\b[^>]*>", bare, re.I)
    at = head.end() if head else 0
    return bare[:at] + f'<meta http-equiv="Content-Type" content="text/html; charset={label}">' + bare[at:]


def encoded(text: str, codec: str, whole: bool) -> tuple[bytes, str] | None:
    """The bytes and the truth they stand for; None when a whole-page charset lacks a character."""
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        if whole:
            return None
        data = text.encode(codec, errors="replace")
    return data, data.decode(codec)


def same(decoded: str, truth: str) -> bool:
    return _CONTROL.sub("", decoded) == _CONTROL.sub("", truth)


def run(corpus: Path, details: Path | None) -> None:
    truths = [(name, new_decode(data), old_decode(data)) for name, data in pages(corpus)]
    differ = [name for name, new, old in truths if not same(new, old)]
    print(f"{len(truths)} dev-html pages; the two decoders read {len(differ)} of the originals differently")
    lines = [f"original\t{name}\tdiffers" for name in differ]
    header = f"{'charset':<14}{'pages':>6}  {'undeclared before':>18}{'after':>7}  {'declared before':>16}{'after':>7}"
    print(header)
    timings = {"before": 0.0, "after": 0.0}
    for charset, codec, label, wanted in CHARSETS:
        counts = [0, 0, 0, 0, 0]
        for name, truth, _ in truths:
            if not wanted(truth):
                continue
            bare = encoded(undeclared(truth), codec, charset == "windows-1252")
            declared = encoded(declare(truth, label), codec, charset == "windows-1252")
            if bare is None or declared is None:
                continue
            cases = [bare, declared]
            counts[0] += 1
            for slot, (data, expected) in enumerate(cases):
                for offset, (which, decoder) in enumerate((("before", old_decode), ("after", new_decode))):
                    start = time.perf_counter()
                    ok = same(decoder(data), expected)
                    timings[which] += time.perf_counter() - start
                    counts[1 + 2 * slot + offset] += ok
                    if not ok:
                        lines.append(f"{charset}\t{name}\t{('undeclared', 'declared')[slot]}\t{which} wrong")
        print(f"{charset:<14}{counts[0]:>6}  {counts[1]:>18}{counts[2]:>7}  {counts[3]:>16}{counts[4]:>7}")
    print(f"decoding time over these rounds: before {timings['before']:.1f} s, after {timings['after']:.1f} s")
    if details is not None:
        details.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--details", type=Path, help="write each wrong page here (TSV)")
    args = parser.parse_args()
    run(args.corpus, args.details)


if __name__ == "__main__":
    main()
