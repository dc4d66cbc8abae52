"""Rule files: validation errors name the file and key; matching by domain and fingerprint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaner.errors import RuleFileError
from cleaner.page import Page
from cleaner.read.parse import parse_html
from cleaner.siterules.load import index_rules, load_rule_file


def write(tmp_path: Path, body: str, name: str = "example.com.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[match\n", "TOML syntax"),
        (
            '[match]\ndomains = "example.com"\n',
            "match.domains: 'example.com' is not of type 'array'",
        ),
        ('[match]\ndomians = ["example.com"]\n', "did you mean 'domains'?"),
        ('[match]\n[[html.drop]]\ncss = "div["\nreason = "x"\n', "html.drop[0]: invalid selector"),
        (
            '[match]\n[[html.drop]]\nxpath = "//div[("\nreason = "x"\n',
            "html.drop[0]: invalid selector",
        ),
        (
            '[match]\n[[text.drop]]\nregex = "(unclosed"\nreason = "x"\n',
            "text.drop[0].regex: bad regular expression",
        ),
        ('[match]\n[[text.drop]]\nline = "x"\n', "'reason' is a required property"),
        ('[match]\n[[html.drop]]\ncss = "div"\nxpath = "//div"\nreason = "x"\n', "exactly one of"),
    ],
)
def test_bad_files_are_reported_with_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, "[match]\ndomians = []\n[[html.drop]]\ncss = 3\n")
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    assert len(caught.value.problems) >= 3


def test_match_by_domain_subdomain_and_fingerprint(tmp_path: Path) -> None:
    by_domain = load_rule_file(write(tmp_path, '[match]\ndomains = ["example.com"]\n'))
    by_print = load_rule_file(
        write(tmp_path, '[match]\nfingerprints = ["Powered by Example CMS"]\n', "cms.toml")
    )
    rules = index_rules([by_domain, by_print])
    assert rules.match(Page(kind="text", url="https://news.example.com/a")) is by_domain
    assert rules.match(Page(kind="text", url="https://notexample.com/a")) is None
    assert rules.match(Page(kind="text", url=None, text="x Powered by Example CMS y")) is by_print


def test_a_rule_with_html_directives_alone_leaves_a_scrape_of_its_site_to_the_generic_road(
    tmp_path: Path,
) -> None:
    """Its selectors need a DOM: on scraped text it would only switch the model off."""
    html_only = load_rule_file(
        write(tmp_path, '[match]\ndomains = ["a.org"]\n[[html.root]]\ncss = "main"\nreason = "x"\n')
    )
    with_lines = load_rule_file(
        write(
            tmp_path,
            '[match]\ndomains = ["b.org"]\n[[text.drop]]\nline = "Menu"\nreason = "x"\n',
            "b.org.toml",
        )
    )
    rules = index_rules([html_only, with_lines])
    scrape_a = Page(kind="text", url="https://a.org/x", text="Menu")
    scrape_b = Page(kind="text", url="https://b.org/x", text="Menu")
    assert rules.match(scrape_a) is html_only and rules.rule_for(scrape_a) is None
    assert rules.rule_for(scrape_b) is with_lines
    assert rules.rule_for(Page(kind="html", url="https://a.org/x")) is html_only
    by_print = load_rule_file(
        write(
            tmp_path,
            '[match]\nfingerprints = ["Powered by CMS"]\n[[text.drop]]\nline = "Menu"\n'
            'reason = "x"\n',
            "cms.toml",
        )
    )
    rules = index_rules([html_only, with_lines, by_print])
    printed = Page(kind="text", url="https://a.org/x", text="Menu\nPowered by CMS")
    assert rules.match(printed) is html_only and rules.rule_for(printed) is by_print


def test_a_scrape_of_a_site_whose_rule_reads_html_alone_reaches_the_learned_stage() -> None:
    from cleaner import Options
    from cleaner.pipeline import clean_page

    page = "\n\n".join(["Blog archive", "October (2)", PROSE, PROSE.replace("bridge", "road")])
    url = "https://emacspeak.blogspot.com/2019/10/x.html"  # its shipped rule has html.root only
    result = clean_page(page, Options(input_kind="text", url=url))
    assert result.rule is None
    assert result.language == "en" and result.text


PROSE = (
    "The council voted on Tuesday to close the old bridge for repairs, after engineers found "
    "cracks in two of its piers during the spring inspection, and the work should take a year."
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[match]\nurl_patterns = [".*"]\n', "match.url_patterns[0]: matches every URL"),
        ('[match]\ndomains = ["com"]\n', "match.domains[0]: 'com' is not a host name"),
        (
            '[match]\n[[text.drop]]\nregex = "^"\nreason = "x"\n',
            "text.drop[0]: matches every block",
        ),
        (
            '[match]\n[[text.drop_section]]\nstart = {regex = "x?"}\nreason = "x"\n',
            "matches every block",
        ),
    ],
)
def test_a_rule_that_matches_everything_is_refused(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(RuleFileError, match=re.escape(message)):
        load_rule_file(write(tmp_path, body))


def test_runaway_pattern_is_bounded(tmp_path: Path) -> None:
    import time

    from cleaner.page import Block
    from cleaner.siterules.apply import apply_text_rule

    rule = load_rule_file(
        write(tmp_path, '[match]\n[[text.drop]]\nregex = "(a+)+$"\nreason = "evil"\n')
    )
    block = Block(index=0, text="a" * 5000 + "b")
    start = time.monotonic()
    decided, _ = apply_text_rule([block], rule)
    assert time.monotonic() - start < 2
    assert decided[0].decision is None, "a timed-out pattern counts as no match"


def test_text_directives_see_the_lines_of_pruned_boxes(tmp_path: Path) -> None:
    from cleaner.options import Options
    from cleaner.pipeline import clean_page

    write(
        tmp_path,
        '[match]\ndomains = ["example.com"]\n'
        '[[text.end_before]]\nline = "Related stories"\nreason = "teasers follow"\n',
    )
    prose = "The council met on Tuesday and voted for the new plan after a long debate. " * 3
    page = (
        f"<html><body><article><p>{prose}</p>"
        "<div class='share'><h3>Related stories</h3><p>Other story one here</p></div>"
        f"<p>A teaser that reads like prose, as teasers do, about another story. {prose}</p>"
        "</article></body></html>"
    )
    options = Options(url="https://example.com/a", rules_dirs=(tmp_path,))
    result = clean_page(page, options)
    assert result.rule == "example.com"
    assert result.text.strip() == prose.strip()


def test_fingerprint_text_collapses_white_space_and_skips_pages_no_rule_can_match(
    tmp_path: Path,
) -> None:
    """The words-first check must never hide a match that white space hides in the page."""
    by_print = load_rule_file(
        write(tmp_path, '[match]\nfingerprints = ["Powered by Example CMS"]\n', "cms.toml")
    )
    rules = index_rules([by_print])
    spread = parse_html("<p>x Powered\n  by</p>\n<p>Example\tCMS y</p>")
    assert rules.fingerprint_text(spread, None) == "x Powered by Example CMS y"
    assert rules.match(Page(kind="html", url=None, tree=spread)) is by_print
    missing = parse_html("<p>x Powered by Example y</p>")
    assert rules.fingerprint_text(missing, None) == ""
    assert rules.match(Page(kind="html", url=None, tree=missing)) is None
    assert rules.fingerprint_text(None, "Powered  by Example\nCMS") == "Powered by Example CMS"
