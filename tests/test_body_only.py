"""Body-only mode: the article body alone, headline, standfirst, captions and bylines left out."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cause, Options, OptionsError, clean, clean_page
from cleaner.cli.commands import main
from cleaner.dask import clean_records
from cleaner.siterules.checks import case_body_only
from tests.golden import discover

BODY = [
    "The council met on Monday evening to weigh the budget plan that the mayor had put "
    "forward in the spring, after months of talks with the unions and the schools.",
    "Members spent most of the session on the cost of the new bridge, which has risen by a "
    "third since the first estimate was made and is now expected to open two years late.",
    "A vote is planned for next month, when the finance committee will have reported on "
    "the savings that each department has offered and on what the cuts would mean.",
]
HEADLINE = "Council delays vote on the budget plan"
STANDFIRST = "The bridge's rising cost weighs on a plan that was meant to pass quickly."
CAPTION = "The council chamber on Monday evening, before the session began."


def page(standfirst: str = "", description: str = "", wrapper: str = "story") -> str:
    """A news page: headline, standfirst, a lead photo with its caption, and the body."""
    meta = f'<meta property="og:description" content="{description}">' if description else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        f"<html><head><title>{HEADLINE} | The Town Paper</title>{meta}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><header><h1>{HEADLINE}</h1>{standfirst}</header>"
        f"<figure><img src='a.jpg'><figcaption>{CAPTION}</figcaption></figure>"
        f"<div class='{wrapper}'>{paragraphs}</div></article>"
        "<footer>© 2024 The Town Paper</footer></body></html>"
    )


NEWS = page(f"<p class='standfirst'>{STANDFIRST}</p>")
MODES = [Options(time_limit=0), Options(time_limit=0, fast=True)]


def blocks_of(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


@pytest.mark.parametrize("base", MODES, ids=["default", "fast"])
def test_body_only_leaves_out_headline_standfirst_and_caption(base: Options) -> None:
    default = clean_page(NEWS, options=base)
    body = clean_page(NEWS, options=replace(base, body_only=True))
    assert {HEADLINE, *BODY} <= set(blocks_of(default.text))
    assert blocks_of(body.text) == [b for b in blocks_of(default.text) if b in BODY] == BODY
    assert body.title == default.title and HEADLINE in body.title  # the title stays
    parts = {
        dict(b.decision.values)["part"]: b.text
        for b in body.blocks
        if b.decision is not None and b.decision.cause is Cause.BODY_ONLY
    }
    named = {HEADLINE: "headline", STANDFIRST: "standfirst", CAPTION: "caption"}
    assert parts == {named[b]: b for b in blocks_of(default.text) if b in named}
    if not base.fast:  # the default mode keeps all three, as GOLDEN.md asks
        assert set(parts) == {"headline", "standfirst", "caption"}


def test_each_block_left_out_says_why_and_keeps_what_the_default_said() -> None:
    result = clean_page(NEWS, options=Options(time_limit=0, body_only=True))
    caption = next(b for b in result.blocks if b.text == CAPTION)
    assert caption.decision is not None and not caption.kept
    assert caption.decision.stage == "body_only"
    assert caption.decision.reason == "left out: caption (figcaption), body-only"
    assert caption.decision.prior is not None and caption.decision.prior.keep


@pytest.mark.parametrize("base", MODES, ids=["default", "fast"])
def test_a_subhead_repeating_the_og_description_is_the_standfirst(base: Options) -> None:
    subhead = f"<h2>{STANDFIRST}</h2>"
    result = clean_page(page(subhead, STANDFIRST), options=replace(base, body_only=True))
    assert STANDFIRST not in result.text and BODY[0] in result.text
    left_out = next(b for b in result.blocks if b.text == STANDFIRST)
    assert left_out.decision is not None
    assert dict(left_out.decision.values) == {"part": "standfirst", "evidence": "og:description"}


def test_a_first_paragraph_repeated_as_og_description_stays() -> None:
    """Sites write their first paragraph into og:description: it is still the body."""
    result = clean_page(page(description=BODY[0]), options=Options(time_limit=0, body_only=True))
    assert blocks_of(result.text) == BODY


def test_a_standfirst_word_on_the_body_wrapper_is_not_read() -> None:
    """'field--type-text-with-summary' wraps the whole body: no paragraph is a standfirst."""
    wrapped = page(wrapper="field-body text-with-summary")
    result = clean_page(wrapped, options=Options(time_limit=0, body_only=True))
    assert blocks_of(result.text) == BODY


def test_a_caption_word_on_the_wrapper_is_not_read() -> None:
    result = clean_page(
        page(wrapper="has-caption"), options=Options(time_limit=0, body_only=True)
    )
    assert blocks_of(result.text) == BODY


def test_a_lone_caption_stays_when_nothing_else_would() -> None:
    """A photo post's caption is its body: body-only never empties a page that has one."""
    photo = (
        "<html><head><title>Sunset over the bay tonight</title></head><body><article>"
        "<h1>Sunset over the bay tonight</h1><figure><img src='s.jpg'><figcaption>"
        + "The sun went down behind the hills while boats came home to the harbour. " * 3
        + "</figcaption></figure></article></body></html>"
    )
    default = clean(photo, options=Options(time_limit=0))
    body = clean(photo, options=Options(time_limit=0, body_only=True))
    assert "The sun went down" in default and "The sun went down" in body
    assert "Sunset over the bay tonight" not in body


TEXT = "\n".join(
    [
        "Home | News | Sport | Weather",
        "",
        HEADLINE,
        "",
        "By Jane Reporter",
        "",
        *(line + "\n" for line in BODY),
        "© 2024 The Town Paper. All rights reserved.",
    ]
)


@pytest.mark.parametrize("base", MODES, ids=["default", "fast"])
def test_scraped_text_loses_its_headline_line(base: Options) -> None:
    default = clean(TEXT, options=base)
    body = clean(TEXT, options=replace(base, body_only=True))
    assert blocks_of(body) == [b for b in blocks_of(default) if b != HEADLINE]
    assert set(BODY) <= set(blocks_of(body))
    if not base.fast:  # the fast text model drops this headline itself
        assert HEADLINE in blocks_of(default)


def test_a_bulleted_first_line_is_no_headline() -> None:
    bulleted = "• Council delays vote on the budget plan\n\n" + "\n\n".join(BODY) + "\n"
    result = clean_page(bulleted, options=Options(time_limit=0, fast=True, body_only=True))
    assert not any(
        b.decision is not None and b.decision.cause is Cause.BODY_ONLY for b in result.blocks
    )


def test_the_option_must_be_a_bool() -> None:
    with pytest.raises(OptionsError, match="body_only must be True or False"):
        Options(body_only="yes")  # type: ignore[arg-type]


def test_cli_explain_and_json(tmp_path: Path) -> None:
    source = tmp_path / "news.html"
    source.write_text(NEWS, encoding="utf-8")
    runner = CliRunner()
    explained = runner.invoke(main, ["explain", str(source), "--body-only", "--time-limit", "0"])
    assert explained.exit_code == 0, explained.output
    assert "drop [body_only] left out: caption (figcaption), body-only" in explained.output
    assert "left out: headline (<h1>), body-only" in explained.output
    as_json = runner.invoke(main, ["clean", str(source), "--body-only", "--format", "json"])
    payload = json.loads(as_json.output)
    assert HEADLINE in payload["title"] and HEADLINE not in payload["text"]
    plain = runner.invoke(main, ["clean", str(source), "--body-only"])
    assert blocks_of(plain.output) == BODY


def test_jsonl_records_choose_body_only_each(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    records = [
        {"html": NEWS, "body_only": True},
        {"html": NEWS},
        {"html": NEWS, "body_only": "yes"},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(main, ["jsonl", str(source), "-o", str(target), "--jobs", "1"])
    written = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert blocks_of(written[0]["text"]) == BODY
    assert HEADLINE in blocks_of(written[1]["text"])
    assert written[2]["error"] == "record 3: 'body_only' must be true or false"
    assert result.exit_code == 1  # the bad record is reported, the others written


def test_a_record_can_turn_the_runs_body_only_off(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"html": NEWS, "body_only": False}) + "\n", encoding="utf-8")
    CliRunner().invoke(main, ["jsonl", str(source), "-o", str(target), "--body-only"])
    assert HEADLINE in json.loads(target.read_text("utf-8"))["text"]


def test_dask_records_choose_body_only_each() -> None:
    cleaned = clean_records(
        [{"html": NEWS, "body_only": True}, {"html": NEWS}], Options(time_limit=0)
    )
    assert blocks_of(cleaned[0]["text"]) == BODY
    assert HEADLINE in cleaned[1]["text"]


def test_golden_cases_can_ask_for_body_only(tmp_path: Path) -> None:
    asked = [case for case in discover() if case.body_only]
    assert len(asked) >= 2, "two golden cases are cut for body-only mode"
    assert all(case_body_only(case.path) for case in asked)
    case = tmp_path / "news--body-only"
    case.mkdir()
    (case / "input.html").write_text(NEWS, encoding="utf-8")
    (case / "expected.txt").write_text("\n\n".join(BODY) + "\n", encoding="utf-8")
    (case / "meta.toml").write_text('url = ""\nbody_only = true\n', encoding="utf-8")
    scored = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert "1.000  1.000  1.000  news--body-only" in scored.output
