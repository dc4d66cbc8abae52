"""Any input gives text or the documented InputError, never another exception."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import InputError, Options, clean

TAGS = ["p", "div", "li", "ul", "table", "tr", "td", "h1", "a", "br", "nav", "script", "pre"]


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(st.sampled_from(TAGS))
        text = draw(st.text(max_size=60))
        parts.append(
            draw(
                st.sampled_from(
                    [f"<{tag}>{text}", f"{text}</{tag}>", f"<{tag} class='{text[:8]}'>"]
                )
            )
        )
    return "".join(parts)


FAST = Options(fast=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    for options in (None, FAST):
        try:
            assert isinstance(clean(data, options=options), str)
        except InputError as error:
            assert str(error)


@settings(max_examples=150, deadline=None)
@given(html_soup())
def test_random_html(page: str) -> None:
    for options in (None, FAST):
        text = clean(page, options=options)
        assert "\n\n\n" not in text and (text == "" or text.endswith("\n"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=60))
def test_random_scraped_text(lines: list[str]) -> None:
    assert isinstance(clean("\n".join(lines)), str)


@pytest.mark.parametrize(
    "page",
    [
        b"",
        b"   \n\t ",
        gzip.compress(b"<html><body><p>hi</p></body></html>"),
        "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000,
        "<" * 10_000,
        "<html><frameset><frame src='a'></frameset></html>",
        "<?xml version='1.0' encoding='utf-8'?><rss><channel><item>x</item></channel></rss>",
        "<p>&#xD800; &#x110000; &#0;</p>",
        "<!-- unterminated",
        "<![CDATA[ x",
        "\ufeff<html><body><p>BOM</p></body></html>",
    ],
)
def test_hostile_pages(page: str | bytes) -> None:
    assert isinstance(clean(page), str)
    assert isinstance(clean(page, options=FAST), str)


def test_non_page_types_are_input_errors() -> None:
    for bad in (None, 3.5, ["<p>x</p>"]):
        with pytest.raises(InputError):
            clean(bad)  # type: ignore[arg-type]


def test_tree_size_limit() -> None:
    from cleaner import LimitError, Options

    with pytest.raises(LimitError, match="more than 100 elements"):
        clean("<div>" + "<p>x</p>" * 200 + "</div>", options=Options(max_elements=100))


def test_clean_applies_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import cleaner.api
    from cleaner import LimitError, Options

    monkeypatch.setattr(
        cleaner.api,
        "_clean_page",
        lambda page, options, blocks=True: time.sleep(2),  # noqa: ARG005 (_clean_page's signature)
    )
    with pytest.raises(LimitError, match="time limit"):
        clean("<p>x</p>", options=Options(time_limit=0.2))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_text_segmenter_keeps_every_nonblank_line(text: str) -> None:
    from cleaner.read.text_lines import text_blocks

    blocks = text_blocks(text)
    assert [b.text for b in blocks] == [line.strip() for line in text.splitlines() if line.strip()]
    assert [b.index for b in blocks] == list(range(len(blocks)))


KEYS = st.sampled_from(
    [
        "match",
        "html",
        "text",
        "tests",
        "domains",
        "drop",
        "css",
        "xpath",
        "regex",
        "reason",
        "line",
        "start",
        "bogus",
    ]
)
VALUES = st.recursive(
    st.one_of(st.text(max_size=12), st.integers(), st.booleans()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=4))
def test_rule_loader_gives_a_rule_or_a_rule_file_error(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, object]
) -> None:
    import json

    from cleaner.errors import RuleFileError
    from cleaner.siterules.load import load_rule_file

    def toml_value(value: object) -> str:
        return (
            json.dumps(value)
            if not isinstance(value, dict)
            else "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
        )

    path = tmp_path_factory.mktemp("rules") / "fuzz.example.toml"
    path.write_text("\n".join(f"{k} = {toml_value(v)}" for k, v in data.items()), encoding="utf-8")
    try:
        load_rule_file(path)
    except RuleFileError as error:
        assert str(path) in str(error)
