"""Encoding sniffing: the HTML standard's order, WHATWG labels, a locale-free fallback."""

from __future__ import annotations

import pytest

from cleaner.read.loader import decode, to_text

FRENCH = "Je suis à Montréal depuis l’été. « Ça va ? » ¿Ha llegado? Déjà vu, naïve café. "
GERMAN = "Der Bürgermeister öffnete die Straße für Fußgänger – „endlich“, sagte er. "


def _page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>T</title></head><body><p>{text * 8}</p></body></html>"


@pytest.mark.parametrize("text", [FRENCH, GERMAN])
def test_windows_1252_without_a_declaration_is_read_as_windows_1252(text: str) -> None:
    # charset-normalizer read such pages as cp1250: "ŕ Montréal", "żHa llegado".
    page = _page(text)
    assert decode(page.encode("cp1252")) == page


def test_latin1_labels_mean_windows_1252_as_on_the_web() -> None:
    # Python's latin-1 turns the curly quotes and dashes (0x80-0x9f) into control characters.
    page = _page(GERMAN, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    assert decode(page.encode("cp1252")) == page


def test_a_commented_out_or_quoted_meta_is_not_a_declaration() -> None:
    text = "Привет, мир! Сегодня в городе прошло собрание жителей. "
    head = '<!-- <meta charset="koi8-r"> --><link title="<meta charset=koi8-r>"><meta charset="cp1251">'
    page = _page(text, head)
    assert decode(page.encode("cp1251")) == page


def test_the_transport_charset_comes_before_the_page() -> None:
    text = "Zażółć gęślą jaźń, powiedział rzecznik prasowy urzędu miasta. "
    page = _page(text, '<meta charset="windows-1252">')
    assert decode(page.encode("cp1250"), "windows-1250") == page
    assert to_text(page.encode("cp1250"), 10**6, encoding="latin2") != page  # not iso-8859-2
    assert to_text(page.encode("cp1250"), 10**6, encoding="windows-1250") == page


def test_a_meta_past_the_first_kilobyte_still_counts() -> None:
    # A web archive's injected scripts pushed the page's own meta past 1,024 bytes.
    scripts = '<script src="/_static/js/a.js" charset="utf-8"></script>\n' * 30
    page = _page(GERMAN, scripts + '<meta http-equiv="content-type" content="text/html;charset=iso-8859-1">')
    assert decode(page.encode("cp1252")) == page


def test_valid_utf8_wins_over_a_legacy_declaration() -> None:
    page = _page(GERMAN, '<meta charset="iso-8859-1">')
    assert decode(page.encode()) == page


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Привет, мир! Сегодня в городе прошло собрание жителей. ", "cp1251"),
        ("日本語のテキストです。今日は会議がありました。", "shift_jis"),
        ("中文新闻正文。今天举行了会议，大家讨论了计划。", "gb18030"),
        ("한국어 기사입니다. 오늘 회의가 열렸습니다.", "euc-kr"),
    ],
)
def test_undeclared_legacy_pages_in_other_scripts(text: str, encoding: str) -> None:
    page = _page(text)
    assert decode(page.encode(encoding)) == page


def test_a_warc_records_http_charset_is_read_with_web_labels() -> None:
    from cleaner.batch.streams import _decode_declared

    page = _page(GERMAN)
    data = page.encode("cp1252")
    assert _decode_declared(data, "text/html; charset=ISO-8859-1") == page
    assert _decode_declared(data, 'text/html;charset="utf-8"') == page  # a wrong header
    assert _decode_declared(data, "text/html") == data  # left to cleaner's own decoding


def test_declared_utf8_with_stray_windows_1252_quotes_stays_utf8() -> None:
    # dragnet pages: UTF-8 quotes, and a few raw windows-1252 ones pasted in from elsewhere.
    text = "NBC’s president said: “We measure every screen.” It’s new. "
    page = '<meta charset="utf-8"><p>' + text * 2 + "</p>"
    data = page.encode() + b"<p>Motion\x92s subscriber base, Amin\x92s house</p>"
    decoded = decode(data)
    assert text * 2 in decoded and decoded.count("\ufffd") == 2


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_to_text_still_removes_control_characters_on_every_road(encoding: str) -> None:
    page = _page(GERMAN)
    data = page.replace("<p>", "<p>\x00\x1b\x0c", 1).encode(encoding)
    assert to_text(data, 10**6) == page
