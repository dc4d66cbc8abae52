"""Rule files: validation errors name the file and key; matching by domain and fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.errors import RuleFileError
from cleaner.model import Page
from cleaner.siterules import index_rules, load_rule_file


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
