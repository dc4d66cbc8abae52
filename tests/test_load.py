"""load: decoding, HTML-or-text, URL and title discovery, limits."""

from __future__ import annotations

import codecs

import pytest

from cleaner import clean
from cleaner.errors import InputError
from cleaner.options import Options
from cleaner.read.loader import decode, detect_kind, load


def test_bom_wins() -> None:
    assert decode(codecs.BOM_UTF8 + "café".encode()) == "café"
    assert decode(codecs.BOM_UTF16_LE + "café".encode("utf-16-le")) == "café"


def test_declared_charset_is_used() -> None:
    page = '<meta charset="windows-1252"><p>caf\xe9</p>'.encode("windows-1252")
    assert "café" in decode(page)


def test_wrong_declaration_falls_back_to_utf8() -> None:
    page = '<meta charset="ascii"><p>café</p>'.encode()
    assert "café" in decode(page)


def test_utf8_with_a_stray_broken_sequence_stays_utf8() -> None:
    # A teaser cut inside a character; detection used to read the page as cp1250.
    article = "Zażółć gęślą jaźń, powiedział rzecznik. " * 10
    page = f'<meta charset="utf-8"><p>{article}</p><span>paczek papieros'.encode() + b"\xc3..."
    text = decode(page)
    assert article in text
    assert text.count("\ufffd") == 1


@pytest.mark.parametrize(
    "page", ["Bei Babyschalen gepru\u0308ft.", b"Bei Babyschalen gepru\xcc\x88ft."]
)
def test_decomposed_letters_are_composed(page: str | bytes) -> None:
    assert load(page, Options()).text == "Bei Babyschalen geprüft."


def test_html_blocks_and_title_are_composed() -> None:
    prose = (
        "Die Sitze wurden im Test von den Prüfern sehr gründlich gepru\u0308ft, und das ist gut so. "
        * 3
    )
    page = f"<html><head><title>Gepru\u0308ft</title></head><body><p>{prose}</p></body></html>"
    assert "gründlich geprüft" in clean(page.encode()) == clean(page)
    assert "\u0308" not in clean(page)
    assert load(page, Options()).title == "Geprüft"


@pytest.mark.parametrize(
    "page",
    [
        b"<p>a\x00b\x1bc\x0cd</p>" + b" padding" * 10,
        "<p>a\x00b\x1bc\x0cd</p>" + " padding" * 10,
        codecs.BOM_UTF16_LE + ("<p>a\x00b\x1bc\x0cd</p>" + " padding" * 10).encode("utf-16-le"),
        ("<p>a\ufffeb\x1bc\x0cd</p>" + " padding" * 10).encode(),
    ],
)
def test_control_characters_go_from_bytes_and_text(page: str | bytes) -> None:
    assert load(page, Options(input_kind="text")).text == "<p>abcd</p>" + " padding" * 10


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("한국어 기사입니다. 오늘 회의가 열렸습니다.", "iso-2022-kr"),  # shifts with SO/SI
        ("中文新闻正文。今天举行了会议，大家讨论了计划。" * 30, "utf-16-le"),  # no BOM, no ASCII
    ],
)
def test_encodings_whose_bytes_below_32_are_part_of_a_character(text: str, encoding: str) -> None:
    markup = f'<meta charset="{encoding}"><nav>{"<a href=/x>Home</a>" * 30}</nav><p>{text}</p>'
    page = markup if encoding.startswith("iso") else text
    assert text in load(page.encode(encoding), Options(input_kind="text")).text


def test_a_declared_legacy_charset_wins_over_a_utf8_script() -> None:
    script = "<script>var t = '" + "Привет мир " * 40 + "';</script>"
    page = (
        b'<meta charset="windows-1252">'
        + script.encode()
        + "<p>Der Bürgermeister</p>".encode("cp1252")
    )
    assert "Der Bürgermeister" in decode(page)


def test_only_open_graph_properties_stand_for_the_url_and_title() -> None:
    page = (
        "<html><head><meta property='title' content='Site-wide default'>"
        "<meta property='canonical' content='https://elsewhere.example/'>"
        "<title>Real article title</title><link rel='canonical' href='https://example.com/a'>"
        "</head><body><p>x</p></body></html>"
    )
    loaded = load(page, Options())
    assert (loaded.title, loaded.url) == ("Real article title", "https://example.com/a")


def test_content_after_a_premature_closing_html_tag_is_kept() -> None:
    prose = "The council met on Tuesday and voted for the new plan after a long debate. " * 3
    page = f"<html><head><title>T</title></head></html><body><h1>Vote</h1><p>{prose}</p></body>"
    assert prose.strip() in clean(page)


def test_undeclared_legacy_bytes_are_detected() -> None:
    text = "Der Bürgermeister öffnete die Straße für Fußgänger und Radfahrer. " * 20
    assert "Bürgermeister" in decode(text.encode("windows-1252"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("<p>Just a fragment</p>", "html"),
        ("Close Menu\nHome\nA scraped page that talks about <b> tags.\n", "text"),
        ("plain text only", "text"),
    ],
)
def test_detect_kind(text: str, kind: str) -> None:
    assert detect_kind(text) == kind


def test_url_from_canonical_and_title() -> None:
    page = load(
        '<html><head><link rel="canonical" href="https://example.com/a"><title>T - Site</title></head><body></body></html>',
        Options(),
    )
    assert page.url == "https://example.com/a" and page.title == "T - Site"


def test_argument_url_beats_page_url() -> None:
    page = load(
        '<html><head><link rel="canonical" href="https://example.com/a"></head></html>',
        Options(url="https://x.org/"),
    )
    assert page.url == "https://x.org/"


def test_size_limit() -> None:
    with pytest.raises(InputError, match="over the size limit"):
        load(b"x" * 100, Options(max_bytes=10))


def test_nul_bytes_do_not_break_parsing() -> None:
    page = load(b"<html><body><p>a\x00b</p></body></html>", Options())
    assert page.tree is not None and "ab" in "".join(map(str, page.tree.itertext()))
