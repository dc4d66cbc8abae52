"""Markdown, metadata and language (issue 22): read back with real parsers, in both modes."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cleaner import Options, clean, clean_page
from cleaner.cli.commands import main
from cleaner.page import BlockKind, Result
from cleaner.siterules.checks import case_input

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"
MODES = [pytest.param(False, id="default"), pytest.param(True, id="fast")]

PAGE = """<html lang="en"><head><title>Guide</title></head><body>
<nav><a href="/">Home</a> <a href="/x">About</a></nav>
<article>
<h1>Making a good cake at home</h1>
<p>This is a <em>long</em> paragraph about <strong>baking cakes</strong> with <code>flour</code>,
see <a href="/recipes/cake">the recipe page</a> for more. It goes on and on so that it reads
as article text for the cleaner, with enough words to count.</p>
<p>Follow these steps carefully, in the order they are given, and your cake will come out
well every single time you bake it:</p>
<ol start="3">
<li>Mix the flour and the sugar in a large bowl until combined well.</li>
<li>Add the eggs one at a time, beating after each one is added.
  <ul><li>Use eggs at room temperature for the best results here.</li>
  <li>Crack them into a cup first to catch any shell pieces.</li></ul></li>
<li>Bake for forty minutes at one hundred and eighty degrees.</li>
</ol>
<p>The amounts for different sizes of cake are in the table below, per tin size used:</p>
<table><tr><th>Tin</th><th>Flour | sugar</th></tr><tr><td>20 cm</td><td>200 g | 100 g</td></tr>
<tr><td>26 cm</td><td>300 g | 150 g</td></tr></table>
<p>To scale the recipe by code, a small script like the one below does the sums for you:</p>
<pre><code class="language-python">def scale(grams, factor):
    return grams * factor  # `ticks` stay
</code></pre>
<p>That is all there is to it; enjoy the cake with *friends* and [family] on a sunny afternoon.</p>
</article>
<footer>Copyright 2024</footer>
</body></html>"""
URL = "https://example.com/guide/"


def parse(markdown: str) -> list[Token]:
    """Tokens of a GitHub-flavoured reading (CommonMark with tables)."""
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def kinds(tokens: list[Token]) -> list[str]:
    return [token.type for token in tokens]


def inline_children(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens if token.type == "inline" for child in token.children or []]


def cells(tokens: list[Token], tag: str) -> list[str]:
    """The text of every th or td, in order."""
    found = []
    for i, token in enumerate(tokens):
        if token.type == f"{tag}_open":
            found.append(tokens[i + 1].content)
    return found


def as_text(markdown: str) -> str:
    """The text a reader sees: the Markdown rendered to HTML, its text content."""
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    return _text_content(lxml_html.fromstring(f"<div>{rendered}</div>"))


def _text_content(element: etree._Element) -> str:
    """lxml.html's text_content(), which lxml's stubs do not give their plain _Element."""
    assert isinstance(element, lxml_html.HtmlMixin)
    return str(element.text_content())


@pytest.mark.parametrize("fast", MODES)
def test_markdown_keeps_lists_code_links_and_emphasis(fast: bool) -> None:
    markdown = clean(PAGE, url=URL, options=Options(output_format="markdown", fast=fast))
    tokens = parse(markdown)
    types = kinds(tokens)
    ordered = tokens[types.index("ordered_list_open")]
    assert ordered.attrGet("start") == 4 - 1  # <ol start="3"> keeps its numbers
    # the nested bullet list sits inside the second ordered item, not after the list
    nested = types.index("bullet_list_open")
    assert types.index("ordered_list_open") < nested < types.index("ordered_list_close")
    assert types[nested:].count("list_item_open") >= 2
    fence = tokens[types.index("fence")]
    assert fence.info == "python"
    assert fence.content == "def scale(grams, factor):\n    return grams * factor  # `ticks` stay\n"
    children = inline_children(tokens)
    links = [c.attrGet("href") for c in children if c.type == "link_open"]
    assert links == ["https://example.com/recipes/cake"]  # resolved against the page URL
    child_types = [c.type for c in children]
    assert "em_open" in child_types and "strong_open" in child_types
    assert any(c.type == "code_inline" and c.content == "flour" for c in children)
    # the page's own * and [ ] are text, not markup
    assert "enjoy the cake with *friends* and [family] on a sunny" in as_text(markdown)


def test_markdown_table_has_separator_and_escaped_pipes() -> None:
    markdown = clean(PAGE, url=URL, options=Options(output_format="markdown"))
    tokens = parse(markdown)
    assert "table_open" in kinds(tokens)
    assert cells(tokens, "th") == ["Tin", "Flour | sugar"]
    assert cells(tokens, "td") == ["20 cm", "200 g | 100 g", "26 cm", "300 g | 150 g"]


def test_txt_output_is_unchanged_by_markdown() -> None:
    """Markdown is made apart: the txt output has no markup."""
    text = clean(PAGE, url=URL)
    assert "**" not in text and "](" not in text and "```" not in text
    assert "Flour | sugar" in text


def golden_cases() -> list[tuple[str, bytes, dict[str, Any]]]:
    cases = []
    for folder in sorted(GOLDEN.iterdir()):
        page = folder / "input.html"
        if page.is_file():
            meta = tomllib.loads((folder / "meta.toml").read_text("utf-8"))
            cases.append((folder.name, page.read_bytes(), meta))
    return cases


def runs(result: Result, kind: BlockKind) -> int:
    """Runs of kept blocks of one kind (rows of one table count once)."""
    count = 0
    last = None
    for block in result.kept:
        if block.kind is kind and not (
            last is not None
            and last.kind is kind
            and (kind is not BlockKind.ROW or last.containers[:-1] == block.containers[:-1])
        ):
            count += 1
        last = block
    return count


def _parent_tag(element: etree._Element) -> str | None:
    parent = element.getparent()
    return None if parent is None else str(parent.tag)


def ordered_items(result: Result, page: bytes) -> int:
    """Kept list items whose element is the child of an <ol> (found by their text).

    Parsed from bytes: an XHTML page's XML declaration is refused in a str.
    """
    tree = lxml_html.fromstring(page)
    numbered = {" ".join(_text_content(li).split()) for li in tree.iter("li")
                if _parent_tag(li) == "ol"}
    return sum(1 for b in result.kept if b.kind is BlockKind.ITEM and " ".join(b.text.split()) in numbered)


@pytest.mark.parametrize("fast", MODES)
def test_golden_markdown_reads_back_tables_ordered_lists_and_code(fast: bool) -> None:
    """Every kept table, code block and ordered list of the golden cases is one in Markdown."""
    seen = {"table": 0, "fence": 0, "ordered": 0}
    for name, page, meta in golden_cases():
        options = Options(url=meta.get("url"), output_format="markdown", fast=fast)
        result = clean_page(page, options=options)
        assert result.markdown is not None, name
        tokens = parse(result.markdown)
        types = kinds(tokens)
        tables = runs(result, BlockKind.ROW)
        fences = sum(block.kind is BlockKind.PRE for block in result.kept)  # a <pre> is a fence
        assert types.count("table_open") == tables, name
        assert types.count("fence") == fences, name
        if ordered_items(result, page):
            assert "ordered_list_open" in types, name
            seen["ordered"] += 1
        seen["table"] += tables
        seen["fence"] += fences
        # every word of the txt output is read back from the Markdown
        words = set(re.findall(r"\w+", as_text(result.markdown)))
        missing = set(re.findall(r"\w+", result.text)) - words
        assert not missing, (name, sorted(missing)[:10])
    assert all(seen.values()), seen  # the golden set holds each structure


@pytest.mark.parametrize("fast", MODES)
def test_golden_languages(fast: bool) -> None:
    """The reported language is the golden case's, Japanese and Chinese included."""
    wrong = []
    for folder in sorted(p.parent for p in GOLDEN.glob("*/meta.toml")):
        meta = tomllib.loads((folder / "meta.toml").read_text("utf-8"))
        page = case_input(folder)
        assert page is not None, folder.name
        result = clean_page(page.read_bytes(), options=Options(url=meta.get("url"), fast=fast))
        if result.language != meta["language"]:
            wrong.append((folder.name, result.language, meta["language"]))
    assert not wrong


GERMAN = (
    "Die Bundesregierung hat am Mittwoch neue Regeln für den Ausbau der Windkraft beschlossen. "
    "Nach den Plänen sollen die Genehmigungsverfahren deutlich schneller werden, und die Länder "
    "müssen mehr Flächen für Anlagen ausweisen. Kritiker bemängeln, dass der Naturschutz dabei "
    "zu kurz komme, während die Branche die Reform als überfällig begrüßt."
)


@pytest.mark.parametrize("fast", MODES)
def test_declared_language_wins_unless_the_text_clearly_disagrees(fast: bool) -> None:
    options = Options(fast=fast)
    short = '<html lang="pt-BR"><head><title>x</title></head><body><p>Olá.</p></body></html>'
    assert clean_page(short, options=options).language == "pt"
    templated = f'<html lang="en"><body><article><p>{GERMAN}</p></article></body></html>'
    assert clean_page(templated, options=options).language == "de"
    meta = (
        '<html><head><meta http-equiv="Content-Language" content="fr"></head>'
        "<body><p>Bonjour.</p></body></html>"
    )
    assert clean_page(meta, options=options).language == "fr"


def test_cjk_text_input_has_a_language() -> None:
    page = "東京都は本日、新しい防災計画を発表しました。計画では、地震や台風に備えて避難所を増やします。\n" * 3
    assert clean_page(page, options=Options(input_kind="text")).language == "ja"


@pytest.mark.parametrize("fast", MODES)
def test_target_language_gives_empty_output_with_a_reason(fast: bool) -> None:
    page = f"<html><body><article><p>{GERMAN}</p><p>{GERMAN}</p></article></body></html>"
    kept = clean_page(page, options=Options(fast=fast, target_language="de"))
    assert kept.text and kept.skipped is None
    other = clean_page(page, options=Options(fast=fast, target_language="en"))
    assert other.text == "" and other.skipped == "language de, not the target language en"
    data = json.loads(clean(page, options=Options(output_format="json", target_language="en")))
    assert data["skipped"] == other.skipped and data["text"] == ""
    assert clean(page, options=Options(output_format="markdown", target_language="en")) == ""


def test_target_language_in_cli_outputs(tmp_path: Path) -> None:
    german = tmp_path / "de.html"
    german.write_text(f"<html><body><article><p>{GERMAN}</p></article></body></html>")
    english = tmp_path / "en.html"
    english.write_text(PAGE)
    runner = CliRunner()
    done = runner.invoke(main, ["clean", str(tmp_path), "-o", str(tmp_path / "out"),
                                "--target-language", "en", "-j", "1"])
    assert done.exit_code == 0, done.output
    assert "1 cleaned, 0 empty, 0 failed, 0 skipped, 1 skipped by language" in done.output
    assert (tmp_path / "out" / "de.html.txt").read_text() == ""  # its output, empty
    shown = runner.invoke(main, ["explain", str(german), "--target-language", "en"])
    assert "skipped: language de, not the target language en" in shown.output
    records = tmp_path / "in.jsonl"
    records.write_text(
        json.dumps({"html": german.read_text()}) + "\n" + json.dumps({"html": PAGE}) + "\n"
    )
    streamed = runner.invoke(main, ["jsonl", str(records), "--target-language", "en", "-j", "1"])
    assert streamed.exit_code == 0, streamed.output
    lines = [json.loads(line) for line in streamed.stdout.splitlines() if line.startswith("{")]
    assert [(r["language"], r["skipped"], bool(r["text"])) for r in lines] == [
        ("de", "language de, not the target language en", False),
        ("en", None, True),
    ]


ACLU = GOLDEN / "aclu.org--county-criminalized-students-bad-grades" / "input.html"
FIELDS = ("author", "date", "sitename", "description", "categories", "tags", "license", "image")


def test_metadata_in_json_and_result() -> None:
    options = Options(output_format="json", metadata=True)
    data = json.loads(clean(ACLU.read_bytes(), options=options))
    assert data["author"] == "Sarah Hinger; Sylvia Torres-Guillén"
    assert data["date"] == "2019-07-25"
    assert data["sitename"] == "American Civil Liberties Union"
    assert data["description"].startswith("Since 2001, the Riverside County")
    assert data["image"].startswith("https://www.aclu.org/sites/default/files/")
    result = clean_page(ACLU.read_bytes(), options=Options(metadata=True, fast=True))
    assert result.metadata is not None and result.metadata.date == "2019-07-25"
    # off by default (it costs about a third of a page's time)
    assert "author" not in json.loads(clean(ACLU.read_bytes(), options=Options(output_format="json")))


def test_metadata_of_text_input_is_null() -> None:
    page = "A line of scraped text that says nothing about who wrote it.\n"
    data = json.loads(clean(page, options=Options(output_format="json", metadata=True)))
    assert {name: data[name] for name in FIELDS} == dict.fromkeys(FIELDS)


def test_metadata_in_jsonl_and_warc_records(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
    from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"html": ACLU.read_text("utf-8")}) + "\n"
                       + json.dumps({"text": "Just some scraped text, long enough to keep."}) + "\n")
    runner = CliRunner()
    done = runner.invoke(main, ["jsonl", str(records), "--metadata", "-j", "1"])
    assert done.exit_code == 0, done.output
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines[0]["date"] == "2019-07-25" and lines[0]["sitename"]
    assert {name: lines[1][name] for name in FIELDS} == dict.fromkeys(FIELDS)
    archive = tmp_path / "pages.warc.gz"
    with archive.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://www.aclu.org/blog/x", "response", payload=ACLU.open("rb"),
            http_headers=headers))
    done = runner.invoke(main, ["warc", str(archive), "--metadata", "-j", "1"])
    assert done.exit_code == 0, done.output
    record = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("{")))
    assert record["author"] == "Sarah Hinger; Sylvia Torres-Guillén" and record["text"]


@pytest.mark.parametrize(
    ("head", "code"),
    [
        ('<html lang="en_US">', "en"),
        ('<html xml:lang="zh-Hans" lang="zh-Hans">', "zh"),
        ("<html lang=DE>", "de"),
        ('<html lang="x-default">', None),
        ('<html lang="und">', None),
        ('<html><meta content="de-AT" http-equiv="Content-Language">', "de"),
        ('<html><meta name="language" content="fr">', None),  # not Content-Language
    ],
)
def test_declared_language(head: str, code: str | None) -> None:
    from cleaner.read.language import declared_language

    assert declared_language(head + "<body></body></html>") == code
