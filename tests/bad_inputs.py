"""Generate the corpus of bad input the robustness tests feed to clean().

Each case is made here, in memory, not stored in git. `python -m tests.bad_inputs DIR`
writes them to DIR as files, for a longer run by hand or with the CLI.
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.golden import GOLDEN

ARTICLE = "<p>" + "A sentence of an ordinary article, with words in it. " * 8 + "</p>"


def _golden_page() -> bytes:
    return (GOLDEN / "bbc.com--new-york-mass-burials" / "input.html").read_bytes()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("page.html", ARTICLE)
    return buffer.getvalue()


CASES: dict[str, Callable[[], bytes | str]] = {
    "empty": lambda: b"",
    "whitespace": lambda: b" \n\t\r\n   \n",
    "nul-bytes": lambda: b"\x00" * 10_000,
    "png": lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    "pdf": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n",
    "zip": _zip,
    "gzip-page": lambda: gzip.compress(b"<html><body>" + ARTICLE.encode() * 5 + b"</body></html>"),
    "gzip-bomb": lambda: gzip.compress(b"\x00" * 80_000_000, compresslevel=9),
    "truncated-html": lambda: _golden_page()[: len(_golden_page()) // 2],
    "page-30mb": lambda: "<html><body>" + ARTICLE * (30_000_000 // len(ARTICLE)) + "</body></html>",
    "nesting-100k": lambda: "<html><body>" + "<div>" * 100_000 + ARTICLE + "</div>" * 100_000,
    "tiny-elements-2m": lambda: "<html><body>" + "<b></b>" * 2_000_000 + "</body></html>",
    "line-20mb-no-spaces": lambda: "x" * 20_000_000,
    "invalid-utf8": lambda: b"<p>caf\xc3 \xff\xfe broken \xed\xa0\x80 bytes</p>" + ARTICLE.encode(),
    "utf16-bom": lambda: "\ufeff<html><body>Grüße aus Köln</body></html>".encode("utf-16-le"),
    "utf16-no-bom": lambda: ("<html><body>" + ARTICLE + "</body></html>").encode("utf-16-le"),
    "wrong-declared-charset": lambda: (
        '<meta charset="shift_jis"><p>Grüße aus Köln</p>' + ARTICLE
    ).encode(),
    "undeclared-cp1252": lambda: ("<p>Grüße aus Köln – “quoted”</p>" + ARTICLE).encode("cp1252"),
    "bad-char-refs": lambda: (
        "<p>&#xD800; &#xDFFF; &#x110000; &#0; &#99999999999; &#x;</p>" + ARTICLE
    ),
    "rss": lambda: (
        '<?xml version="1.0"?><rss><channel><title>T</title><item><title>I</title><description>'
        + ARTICLE
        + "</description></item></channel></rss>"
    ),
    "frameset": lambda: (
        '<html><frameset cols="50%,50%"><frame src="a.html"><frame src="b.html"></frameset></html>'
    ),
    "script-style-only": lambda: (
        "<html><head><style>p{}</style></head><body><script>var x = 1;</script></body></html>"
    ),
    "links-only": lambda: (
        "<html><body>"
        + "".join(f'<a href="/{i}">link {i}</a> ' for i in range(5000))
        + "</body></html>"
    ),
    "cjk-no-spaces": lambda: (
        "<html><body><p>" + "这是一个没有空格的中文句子。" * 500 + "</p></body></html>"
    ),
    "rtl": lambda: (
        "<html dir='rtl'><body><p>"
        + "هذه جملة عربية طويلة في مقال عادي. " * 40
        + "</p></body></html>"
    ),
    "unterminated-comment": lambda: "<html><body>" + ARTICLE + "<!-- never closed " + ARTICLE,
    "unterminated-cdata": lambda: "<html><body>" + ARTICLE + "<![CDATA[ never closed " + ARTICLE,
    "million-lt": lambda: "<" * 1_000_000,
    "deep-text-indent": lambda: "\n".join(" " * 5000 + "line" for _ in range(2000)),
}


def main(folder: str) -> int:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        data = make()
        (out / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    print(f"{len(CASES)} cases written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "out/bad-inputs"))
