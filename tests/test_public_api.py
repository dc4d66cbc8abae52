"""The public surface is exactly what is documented."""

from __future__ import annotations

import cleaner

DOCUMENTED = {
    "Block",
    "BlockKind",
    "Cause",
    "CleanerError",
    "Decision",
    "InputError",
    "Item",
    "LimitError",
    "Options",
    "OptionsError",
    "OutputError",
    "Quality",
    "Result",
    "RuleFileError",
    "Tuning",
    "Verdict",
    "__version__",
    "clean",
    "clean_many",
    "clean_page",
}


def test_all_is_the_documented_surface() -> None:
    assert set(cleaner.__all__) == DOCUMENTED
    for name in cleaner.__all__:
        assert hasattr(cleaner, name), name


def test_py_typed_marker_ships() -> None:
    from importlib import resources

    assert (resources.files("cleaner") / "py.typed").is_file()


def test_clean_returns_golden_form_for_str_and_bytes() -> None:
    page = (
        "<html><body><article><h1>A headline for the test page</h1>"
        + "".join(
            f"<p>This is paragraph number {i} of the article, and it has enough words in it to be read as prose by the cleaner.</p>"
            for i in range(5)
        )
        + "</article><footer>© 2024 Example</footer></body></html>"
    )
    text = cleaner.clean(page)
    assert text == cleaner.clean(page.encode("utf-8"))
    assert text.startswith("A headline for the test page\n\nThis is paragraph number 0")
    assert text.endswith("prose by the cleaner.\n") and "\n\n\n" not in text
    assert "©" not in text


def test_clean_page_gives_a_reason_for_every_block() -> None:
    result = cleaner.clean_page(
        "Home\nNews\nSport\n\nA long line of article text that says something useful, with words, and ends.\n"
    )
    assert result.blocks and all(b.decision and b.decision.reason for b in result.blocks)


def test_wrong_type_is_an_input_error() -> None:
    import pytest

    with pytest.raises(cleaner.InputError, match="pass the page as str or bytes"):
        cleaner.clean(42)  # type: ignore[arg-type]


def test_impossible_options_are_refused_with_their_name() -> None:
    import pytest

    for bad, name in (
        ({"output_format": "pdf"}, "output_format"),
        ({"input_kind": "xml"}, "input_kind"),
        ({"max_bytes": 0}, "max_bytes"),
        ({"max_elements": -5}, "max_elements"),
        ({"time_limit": -1}, "time_limit"),
        ({"language": "english!"}, "language"),
        ({"rules_dirs": "rules"}, "rules_dirs"),
    ):
        with pytest.raises(cleaner.OptionsError, match=name):
            cleaner.Options(**bad)


def test_options_passed_where_the_url_goes_get_advice() -> None:
    import pytest

    from cleaner.errors import OptionsError

    with pytest.raises(OptionsError, match="options=Options"):
        cleaner.clean("<p>text</p>", cleaner.Options(input_kind="html"))  # type: ignore[arg-type]
    with pytest.raises(OptionsError, match="url must be a string"):
        cleaner.clean_page("text", 42)  # type: ignore[arg-type]


def test_options_for_a_url_equal_a_replaced_copy() -> None:
    """Options.with_url copies the fields without re-running the checks: same options."""
    from dataclasses import replace

    from cleaner import Options

    options = Options(input_kind="text", fast=True, body_only=True)
    assert options.with_url("https://example.org/a") == replace(
        options, url="https://example.org/a"
    )
    assert options.url is None
