"""One reading of the page, one Block contract: the default and the fast mode agree.

Both modes read the same page into blocks (default: html_prune + html_blocks over the lxml
tree; fast: fast_blocks over lexbor's serialisation). Where both make a block for the same
text, and pruning left it open in both, the block's facts must be the same: its tag path,
the article container, its class/id words, its containers, kind, heading level and link
density. The page's title, URL and language must be the same too.

Out of scope (issue 18, the lead reworks pruning): blocks only one mode makes, because
the two prunings differ; they are left out of the pairing, not compared.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import Options, clean_page
from cleaner.fast.blocks import read_fast
from cleaner.page import Block, revise
from cleaner.pipeline import build_blocks
from cleaner.read.lexicon import load_lexicon
from cleaner.read.loader import load, to_text
from tests.golden import GOLDEN

# Link density is counted on the tree in one mode and on serialised text in the other:
# white space inside links can differ by a character or two in a short block.
LINK_TOLERANCE = 0.05
_COMPARED = ("path", "article", "tokens", "container_path", "kind", "heading_level")
_SHOWN = 12  # differences listed in a failure message

PROSE = (
    "The council voted on Tuesday to keep the library open through the winter, after a "
    "long debate about heating costs and the number of people who use it every week."
)
MORE = (
    "Readers wrote in to say that the reading room is the only warm place in the village "
    "on weekday afternoons, and that the children's corner is always full after school."
)

# Paths, nested containers, class/id words, tables, lists, <pre>, quotes and headings.
NESTED = f"""<!doctype html><html lang="en-GB"><head><title>Library - Town News</title></head>
<body class="home blog page-id-7"><div id="page" class="site-wrap">
<div class="content main-col"><section class="story big"><h2 class="entry-title">The library</h2>
<p class="lead intro">{PROSE}</p>
<div class="box"><div class="inner-box">Loose text in a div, <b>bold</b> words.
<p id="second-para">{MORE}</p></div></div>
<ul class="facts list"><li>First fact about the library</li><li id="fact-2">Second fact
<a href="/x">with a link</a></li></ul>
<ol><li><p>An item holding a paragraph of its own.</p></li></ol>
<table class="data"><tr><th>Day</th><th>Hours</th></tr><tr><td>Monday</td><td>9-18</td></tr>
</table>
<pre class="code">line one
  line two</pre>
<blockquote class="pull"><p>A quoted sentence of the mayor.</p></blockquote>
<h3 id="more-head">More</h3><dl><dt>Term</dt><dd>Its definition.</dd></dl>
<figure><figcaption class="cap">A caption under the photo</figcaption></figure>
</section></div></div></body></html>"""

# Each way a page marks its article, nested and beside teasers.
ARTICLES = [
    f"<html><body><div class='wrap'><article class='post'><h1>Head</h1><p>{PROSE}</p>"
    f"<p>{MORE}</p></article><div class='more'><article><p>A teaser line.</p></article>"
    "</div></div></body></html>",
    f"<html><body><main id='content'><h1>Head</h1><p>{PROSE}</p><p>{MORE}</p></main>"
    "<div>Other text outside the main element.</div></body></html>",
    f"<html><body><div class='page'><div itemprop='articleBody'><p>{PROSE}</p><p>{MORE}</p>"
    "</div><p>After the body.</p></div></body></html>",
    f"<html><body><div class='outer'><div class='entry-content'><p>{PROSE}</p>"
    f"<p>{MORE}</p></div><div class='aside-ish'><p>Side words.</p></div></div></body></html>",
    f"<html><body><main><article><header><h1>Head</h1></header><div class='entry-content'>"
    f"<p>{PROSE}</p><p>{MORE}</p></div><div class='tags-list'>Tags: a, b</div></article>"
    "</main></body></html>",
    f"<html><body><div role='main'><p>{PROSE}</p></div><div class='post-body'><p>{MORE}</p>"
    f"<p>{PROSE}</p></div></body></html>",
    f"<html><body><article><p>Short teaser one.</p></article><article><p>{PROSE}</p>"
    f"<p>{MORE}</p></article></body></html>",
]

# Titles, URLs and declared languages.
METADATA = [
    "<html lang='de'><head><title>Plain title | Site</title>"
    "<meta property='og:title' content='The og title'>"
    "<link rel='canonical' href='https://news.example/library'></head>"
    f"<body><p>{PROSE}</p><p>{MORE}</p></body></html>",
    "<html><head><meta property='og:title' content=''><title> Spaced \n title </title>"
    "<meta property='og:url' content='https://news.example/og'></head>"
    f"<body><p>{PROSE}</p></body></html>",
    "<html><head><title>Only a title</title><link rel='canonical' href='/relative'>"
    f"</head><body><p>{PROSE}</p></body></html>",
    "<html lang='fr'><head></head><body><p>Le conseil a voté mardi pour garder la "
    "bibliothèque ouverte pendant tout l'hiver, après un long débat sur le coût du "
    "chauffage et le nombre de personnes qui la fréquentent chaque semaine.</p></body></html>",
]

HAND_MADE = [NESTED, *ARTICLES, *METADATA]


def default_blocks(page: str | bytes) -> list[Block]:
    """The default mode's blocks: prune + walk of the lxml tree, no site rule."""
    loaded = load(page, Options(use_rules=False))
    return build_blocks(loaded, None, load_lexicon())


def fast_blocks(page: str | bytes) -> list[Block]:
    """Fast mode's blocks: lexbor's serialisation cut at block-level tags."""
    options = Options(fast=True, use_rules=False)
    text = to_text(page, options.max_bytes)
    return read_fast(text, load_lexicon(), options.max_elements).blocks


def paired(default: list[Block], fast: list[Block]) -> list[tuple[Block, Block]]:
    """Blocks both modes make for the same text, left open by pruning in both, in order."""
    left = [block for block in default if block.decision is None]
    right = [block for block in fast if block.decision is None]
    matcher = difflib.SequenceMatcher(
        None, [b.text for b in left], [b.text for b in right], autojunk=False
    )
    pairs: list[tuple[Block, Block]] = []
    for tag, low, high, other_low, other_high in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(left[low:high], right[other_low:other_high], strict=True)
    return pairs


def block_differences(pairs: list[tuple[Block, Block]]) -> Iterator[str]:
    """Each field on which a pair of blocks disagrees, as 'field: default | fast (text)'.

    Element ids are numbered by each mode in its own way: the containers are compared by
    their depth and by how many of them a block shares with the block paired before it.
    """
    before: tuple[Block, Block] | None = None
    for default, fast in pairs:
        seen = f"({default.text[:40]!r})"
        for name in _COMPARED:
            if getattr(default, name) != getattr(fast, name):
                yield f"{name}: {getattr(default, name)!r} | {getattr(fast, name)!r} {seen}"
        shared = [
            _shared(block.containers, earlier.containers)
            for block, earlier in zip((default, fast), before or (default, fast), strict=True)
        ]
        if len(default.containers) != len(fast.containers) or shared[0] != shared[1]:
            depths = f"{len(default.containers)} | {len(fast.containers)}"
            yield f"containers: depth {depths}, shared with the block before {shared} {seen}"
        before = (default, fast)
        if abs(default.link_density - fast.link_density) > LINK_TOLERANCE:
            yield f"link_density: {default.link_density:.2f} | {fast.link_density:.2f} {seen}"


def _shared(one: tuple[int, ...], other: tuple[int, ...]) -> int:
    """How many outer containers two blocks share."""
    count = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs:
            break
        count += 1
    return count


def page_differences(page: str | bytes) -> list[str]:
    """Every difference between the two modes' readings of one page."""
    found = list(block_differences(paired(default_blocks(page), fast_blocks(page))))
    default = clean_page(page, options=Options(use_rules=False))
    fast = clean_page(page, options=Options(fast=True, use_rules=False))
    for name in ("title", "url", "language"):
        if getattr(default, name) != getattr(fast, name):
            found.append(f"{name}: {getattr(default, name)!r} | {getattr(fast, name)!r}")
    return found


def _report(differences: list[str]) -> str:
    shown = "\n".join(differences[:_SHOWN])
    return f"{len(differences)} differences between the modes:\n{shown}"


@pytest.mark.parametrize("page", HAND_MADE, ids=[f"hand{i}" for i in range(len(HAND_MADE))])
def test_both_modes_read_a_hand_made_page_alike(page: str) -> None:
    pairs = paired(default_blocks(page), fast_blocks(page))
    assert len(pairs) >= 1, "both modes read the page's prose"
    differences = page_differences(page)
    assert not differences, _report(differences)


def _golden_inputs() -> list[Path]:
    """Every golden HTML page: both modes read lexbor's tree, so none is exempt."""
    return sorted(GOLDEN.glob("*/input.html"))


@pytest.mark.parametrize("path", _golden_inputs(), ids=lambda path: path.parent.name)
def test_both_modes_read_a_golden_page_alike(path: Path) -> None:
    differences = page_differences(path.read_bytes())
    assert not differences, _report(differences)


def test_the_pairing_sees_differences() -> None:
    """The comparison itself can fail: a block altered in one reading is reported."""
    default = default_blocks(NESTED)
    pairs = paired(default, fast_blocks(NESTED))
    assert len(pairs) >= 8, "the nested page's blocks pair up"
    first, fast = pairs[0]
    altered = [(first, revise(fast, path="x/y", tokens=frozenset({"z"}))), *pairs[1:]]
    found = list(block_differences(altered))
    assert any(line.startswith("path:") for line in found)
    assert any(line.startswith("tokens:") for line in found)


def test_fast_mode_result_carries_language_og_title_and_canonical_url() -> None:
    page = METADATA[0]  # English prose under <html lang='de'>, og:title and <title>
    fast = clean_page(page, options=Options(fast=True))
    assert fast.language == "en", "guessed from the words, as the default mode does"
    assert fast.title == "The og title"
    assert fast.url == "https://news.example/library"


def test_the_article_container_is_the_one_holding_the_prose_in_both_modes() -> None:
    page = ARTICLES[6]  # a teaser <article> first, then the article's <article>
    for blocks in (default_blocks(page), fast_blocks(page)):
        marked = {block.text[:20] for block in blocks if block.article}
        assert marked == {PROSE[:20], MORE[:20]}, "only the article's blocks, not the teaser"
