"""`cleaner rules new|test|learn|import-ftr|check`, $CLEANER_RULES and `extends`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Options, clean_page
from cleaner.cli.commands import main
from cleaner.errors import RuleFileError
from cleaner.siterules.draft import learn
from cleaner.siterules.load import load_rules

SEED = (
    Path(__file__).resolve().parent.parent / "golden" / "seed002--japan-korea-drums" / "input.txt"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_new_writes_a_skeleton_that_checks(tmp_path: Path) -> None:
    code, out, _ = run("rules", "new", "www.Example.org", "--dir", str(tmp_path))
    assert code == 0 and (tmp_path / "example.org.toml").is_file()
    code, out, err = run("rules", "check", str(tmp_path / "example.org.toml"))
    assert code == 0, err
    code, _, err = run("rules", "new", "example.org", "--dir", str(tmp_path))
    assert code == 1 and "exists" in err


def test_rules_test_runs_shipped_tests_and_reports_failures(tmp_path: Path) -> None:
    code, out, _ = run("rules", "test")
    assert code == 0 and "ok: whistlebuzz.com test 0" in out
    (tmp_path / "page.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "example.org.toml").write_text(
        '[match]\ndomains = ["example.org"]\n[[tests]]\ninput = "page.txt"\nurl = "https://example.org/"\n'
        'must_contain = ["Discussion"]\n'
    )
    code, out, err = run("rules", "test", "example.org", "--rules", str(tmp_path))
    assert code == 1 and "FAIL: example.org test 0" in out and "missing: 'Discussion'" in out


def test_environment_folder_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "whistlebuzz.com.toml").write_text(
        'description = "mine"\n[match]\ndomains = ["whistlebuzz.com"]\n'
    )
    monkeypatch.setenv("CLEANER_RULES", str(tmp_path))
    rule = next(r for r in load_rules().rules if r.name == "whistlebuzz.com")
    assert rule.description == "mine", "a user's rule for a site overrides the shipped one"


def test_extends_inherits_directives(tmp_path: Path) -> None:
    (tmp_path / "network.toml").write_text(
        '[[text.drop]]\nline = "Discussion"\nreason = "network comment head"\n'
    )
    (tmp_path / "example.org.toml").write_text(
        'extends = ["network"]\n[match]\ndomains = ["example.org"]\n'
    )
    result = clean_page(
        SEED.read_bytes(), url="https://example.org/", options=Options(rules_dirs=(tmp_path,))
    )
    reasons = [b.decision.reason for b in result.blocks if b.text == "Discussion" and b.decision]
    assert reasons == ["rule example.org: network comment head"]
    other = tmp_path / "other"  # rule folders are read once per process, so use a new one
    other.mkdir()
    (other / "network.toml").write_text((tmp_path / "network.toml").read_text())
    (other / "example.org.toml").write_text(
        'extends = ["netwrok"]\n[match]\ndomains = ["example.org"]\n'
    )
    with pytest.raises(RuleFileError, match="did you mean 'network'"):
        load_rules((other,))


PAGE = """<html><body><div class="top">Site Name</div><nav>Home About Contact</nav>
<div class="promo">Our shop is open every day from 9 to 5.</div>
<h1>{title}</h1><p>{body} is the subject of this page, and it is discussed here at length.</p>
<h2>Examples</h2><p>More about {body} in a second paragraph of its own words.</p>
<div class="foot">Copyright notice of the site, updated {n} times.</div></body></html>"""


def test_learn_proposes_repeated_furniture_only(tmp_path: Path) -> None:
    pages = [
        PAGE.format(title=f"Title {w}", body=w.capitalize(), n=i)
        for i, w in enumerate(["apples", "pears", "plums", "figs"])
    ]
    proposals = learn(pages)
    texts = {p.text for p in proposals}
    assert "Our shop is open every day from 9 to 5." in texts
    assert "Examples" not in texts, "a repeated heading between the pages' own text is content"
    assert not any("subject of this page" in t for t in texts)
    footer = next(p for p in proposals if p.text.startswith("Copyright notice"))
    assert footer.pattern is not None and footer.pages == 4
    for number, page in enumerate(pages):
        (tmp_path / f"p{number}.html").write_text(page)
    code, out, err = run(
        "rules",
        "learn",
        "example.org",
        *[str(tmp_path / f"p{n}.html") for n in range(4)],
        "-o",
        str(tmp_path / "rules" / "example.org.toml"),
    )
    assert code == 0 and "proposed from 4 pages" in err
    result = clean_page(
        pages[0], url="https://example.org/x", options=Options(rules_dirs=(tmp_path / "rules",))
    )
    learned = [b for b in result.blocks if b.decision and "learned: seen on" in b.decision.reason]
    assert learned and all(not b.kept for b in learned)


FTR = """# FiveFilters config
title: //h1
body: //div[@id='article']
strip: //div[@class='share']
strip_id_or_class: related
replace_string(<br>): \\n
test_url: https://news.example.net/story
"""


def test_import_ftr(tmp_path: Path) -> None:
    source = tmp_path / "ftr"
    source.mkdir()
    (source / ".news.example.net.txt").write_text(FTR)
    (source / "broken.example.com.txt").write_text("strip: //div[(\n")
    code, _, err = run("rules", "import-ftr", str(source), "-o", str(tmp_path / "out"))
    assert code == 1
    assert (tmp_path / "out" / "news.example.net.toml").is_file()
    assert not (tmp_path / "out" / "broken.example.com.toml").exists()
    assert (
        "'title' has no cleaner counterpart" in err
        and "replace_string" in err
        and "test_url" in err
    )
    assert "invalid selector" in err and "1 rule files written" in err
    page = (
        "<html><body><div class='share'>Share this</div><div id='article'><p>"
        + "Words of the story, told in full sentences. " * 6
        + "</p><div class='related-box'>Related: other story</div></div><p>Outside the body.</p></body></html>"
    )
    result = clean_page(
        page, url="https://news.example.net/story", options=Options(rules_dirs=(tmp_path / "out",))
    )
    assert result.rule == "news.example.net"
    assert (
        "Words of the story" in result.text
        and "Related" not in result.text
        and "Outside" not in result.text
    )


def test_a_rule_drop_on_an_inline_element_removes_its_words(tmp_path: Path) -> None:
    (tmp_path / "example.org.toml").write_text(
        '[match]\ndomains = ["example.org"]\n[[html.drop]]\ncss = "h1 span.date"\nreason = "date inside the headline"\n'
    )
    page = (
        '<html><body><h1><span class="date">27.01.2022</span>Headline words here</h1><p>'
        + "Body text of the article goes on. " * 6
        + "</p></body></html>"
    )
    result = clean_page(page, url="https://example.org/a", options=Options(rules_dirs=(tmp_path,)))
    assert result.text.startswith("Headline words here\n") and "27.01.2022" not in result.text


def test_a_fresh_skeleton_passes_rules_test_and_says_what_to_add(tmp_path: Path) -> None:
    code, _, _ = run("rules", "new", "example.org", "--dir", str(tmp_path))
    assert code == 0
    code, out, err = run("rules", "test", "example.org", "--rules", str(tmp_path))
    assert code == 0, out + err
    assert "no tests: example.org" in err and "[[tests]]" in err and "input =" in err


def test_rules_check_refuses_a_test_that_names_no_page(tmp_path: Path) -> None:
    rule = tmp_path / "example.org.toml"
    rule.write_text('[match]\ndomains = ["example.org"]\n[[tests]]\nurl = "https://example.org/"\n')
    code, _, err = run("rules", "check", str(rule))
    assert code == 1 and "tests[0]: names no page" in err


@pytest.mark.parametrize("command", ["learn", "new"])
@pytest.mark.parametrize("domain", ["not a domain!", "example", "exa$mple.org"])
def test_a_bad_domain_is_one_line_and_writes_nothing(
    tmp_path: Path, command: str, domain: str
) -> None:
    pages = []
    for number in range(2):
        pages.append(tmp_path / f"p{number}.html")
        pages[-1].write_text(PAGE.format(title="T", body=f"Body {number}", n=number))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = (
        ["rules", "learn", domain, *map(str, pages), "-o", str(out_dir / "rule.toml")]
        if command == "learn"
        else ["rules", "new", domain, "--dir", str(out_dir)]
    )
    code, out, err = run(*args)
    assert code != 0 and list(out_dir.iterdir()) == []
    assert err.strip().count("\n") == 0 and "is not a host name" in err, err


def test_new_and_learn_take_a_url_or_a_www_host(tmp_path: Path) -> None:
    code, _, _ = run("rules", "new", "https://www.Example.org/story", "--dir", str(tmp_path))
    assert code == 0 and (tmp_path / "example.org.toml").is_file()
