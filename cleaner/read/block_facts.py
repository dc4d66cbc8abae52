"""The facts an HTML block carries, each defined once for both readers of a page.

The default mode walks an lxml tree (read/html_walk), fast mode cuts lexbor's serialisation
(fast/blocks). Both describe a block by the same facts, and a fact computed two ways
drifts (issue 18: path, article, tokens, title and language differed for one page). So
each is defined here, from plain values both readers have at hand (a tag name and its
attribute values, the blocks' texts and element ids), and both call it:

- the step an element adds to a block's path ('div#main', 'p.lead', 'section'),
- the class/id words of an element (every word, not only furniture words),
- whether an element names itself the article (<article>, <main>, role=main,
  itemprop=articleBody, class words like 'entry-content'),
- which of those elements is the article container, chosen from the blocks once read,
- a block's kind and heading level from its tag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from cleaner.options import DEFAULT_TUNING, PruneTuning
from cleaner.page import Block, BlockKind, revise
from cleaner.read.lexicon import Lexicon

# The elements that make a block of their own, in both readers of a page (read/html_walk,
# fast/blocks) and the markdown walk.
# Row groups (<tbody>, <thead>, <tfoot>) are not among them: an HTML5 parser (lexbor)
# inserts a <tbody> the page never wrote and libxml2 does not, so as steps of a block's
# path they would differ by parser; a row is the block, its table the container.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tr",
        "td",
        "th",
        "ul",
        "caption",
        "menu",
        "html",
        "legend",
        "dir",
        "frameset",
        "frame",
    }
)

# A block's `path` holds this many innermost steps of its `container_path`: deeper than
# that, paths of one template's repeated boxes differ only in their outer wrappers.
MAX_PATH = 6
# A class or id value is cut to this many characters in a path step (hashed CSS-module
# names run to 60 and more, and say nothing past their start).
STEP_NAME = 30
# A text line of at least this many characters counts as prose (html_prune counts text
# runs of the same length for its layout share).
PROSE_RUN = 80
# Not tuning: it defines a line of prose for both HTML readers, pruning and fast mode's
# features (fast/decision.PROSE), which the fast model was trained with.
# The article container's numbers (article_share, near_most) are in PruneTuning.

# A class/id word: a run of ASCII letters and digits (the value lower-cased first).
_CLASS_WORD = re.compile(r"[a-z0-9]+")
_NOT_ARTICLE = frozenset({"html", "body"})
KIND_BY_TAG = {
    "li": BlockKind.ITEM,
    "dd": BlockKind.ITEM,
    "dt": BlockKind.ITEM,
    "tr": BlockKind.ROW,
    "figcaption": BlockKind.CAPTION,
    "caption": BlockKind.CAPTION,
    "pre": BlockKind.PRE,
}


def path_step(tag: str, ident: str | None, classes: str | None) -> str:
    """The step an element adds to a path: its tag with its id, else its first class."""
    if ident:
        return f"{tag}#{ident.strip()[:STEP_NAME]}"
    first = classes.split(maxsplit=1)[:1] if classes else []
    return f"{tag}.{first[0][:STEP_NAME]}" if first else tag


@lru_cache(maxsize=8192)
def class_words(named: str) -> frozenset[str]:
    """Every lower-case word of an element's class and id values ('post-body' -> post, body).

    Cached: templates repeat the same class values on every element of a list. The runs
    are found by findall, not by splitting and dropping the empty pieces in Python (a
    third faster; most values are read once, the cache misses). A value of no words gets
    the one shared NO_WORDS: a new empty set each is one more object the garbage
    collector walks for as long as the cache keeps it.
    """
    found = _CLASS_WORD.findall(named.lower())
    return frozenset(found) if found else NO_WORDS


# No words at all, one set shared by every cache that would otherwise keep an empty one each.
NO_WORDS: frozenset[str] = frozenset()


def names_article(
    tag: str,
    role: str | None,
    itemprop: str | None,
    names: tuple[str | None, ...],
    lexicon: Lexicon,
) -> bool:
    """Whether an element says it holds the article; `names` are its class and id values.

    <html> and <body> never do: a body class 'single-post' describes the page.
    """
    if tag in _NOT_ARTICLE:
        return False
    if tag in ("article", "main") or (role or "").strip().lower() == "main":
        return True
    if itemprop and "articleBody" in itemprop.split():
        return True
    for name in names:
        if name and _article_class(name, lexicon):
            return True
    return False


def _article_class(name: str, lexicon: Lexicon) -> bool:
    """Whether a class or id value holds an article word.

    Not cached here: names_article's callers remember what they read (html_prune's _facts
    and _with_id, fast mode's _read_element); a cache of its own hit 6% of calls on
    dev-html (22% in fast mode) and kept a tuple per value for the garbage collector.
    """
    return bool(lexicon.article_class.search(name))


def tag_path(path: str) -> str:
    """A block's path without the class or id of each step: 'div/ul/li'."""
    return "/".join(step.split(".", 1)[0].split("#", 1)[0] for step in path.split("/"))


@cache
def heading_level(tag: str) -> int:
    """1 to 6 for <h1> to <h6>, else 0 (cached: read once per block, few tag names)."""
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else 0


@cache
def block_kind(tag: str, in_quote: bool) -> BlockKind:
    """A block's kind from the tag of the element owning its text (cached as above)."""
    if heading_level(tag):
        return BlockKind.HEADING
    kind = KIND_BY_TAG.get(tag, BlockKind.PARAGRAPH)
    return BlockKind.QUOTE if kind is BlockKind.PARAGRAPH and in_quote else kind


def prose_of(text: str) -> int:
    """Characters of a block's text in lines of prose (a merged menu's short lines: none)."""
    if len(text) < PROSE_RUN:
        return 0
    if "\n" not in text:
        return len(text)
    return sum(len(line) for line in text.split("\n") if len(line) >= PROSE_RUN)


def choose_article(
    blocks: Sequence[Block], named: dict[int, str], tuning: PruneTuning = DEFAULT_TUNING.prune
) -> list[Block]:
    """The blocks, those inside the page's article container saying so (its path step).

    `named` maps the id of each element that names itself the article to its path step;
    article_container says which of them is the article.
    """
    chosen = article_container([(b.text, b.containers) for b in blocks], named, tuning)
    if chosen is None:
        return list(blocks)
    step = named[chosen]
    return [revise(b, article=step) if chosen in b.containers else b for b in blocks]


def article_container(
    blocks: Sequence[tuple[str, tuple[int, ...]]],
    named: dict[int, str],
    tuning: PruneTuning = DEFAULT_TUNING.prune,
) -> int | None:
    """The id of the article container among the `named` elements, if one holds enough.

    `blocks` are the page's blocks as (text, containers). The container is the one
    holding the most of the page's prose, at least `article_share` of it; of nested ones
    holding about as much, the innermost. Prose is counted from the blocks, not the
    tree, so both readers count it alike.
    """
    if not named:
        return None
    prose = dict.fromkeys(named, 0)
    depth: dict[int, int] = {}
    total = 0
    for text, containers in blocks:
        size = prose_of(text) if len(text) >= PROSE_RUN else 0
        if not size:
            continue
        total += size
        for level, element in enumerate(containers):
            if element in prose:
                prose[element] += size
                depth[element] = level
    least = tuning.article_share * total
    held = [e for e, size in prose.items() if size and size >= least]
    if not held:
        return None
    most = max(prose[element] for element in held)
    near_most = tuning.near_most * most
    near = [element for element in held if prose[element] >= near_most]
    return max(near, key=depth.__getitem__)
