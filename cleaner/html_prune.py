"""Mark whole subtrees of the lxml tree as dropped or protected, each mark with its reason.

Nothing is deleted: `prune` returns a map element -> Decision, and the block walk hands
each element's mark down to the blocks inside it, so `explain` can still show them.
Site rule marks are final; generic structural marks (semantic tags, ARIA roles, hidden
elements, class/id words) are strong but can be overridden by a rule's keep directive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from cleaner.block_facts import PROSE_RUN, class_words, names_article
from cleaner.lexicon import Lexicon
from cleaner.model import Decision, Verdict

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

    from cleaner.siterules import SiteRule

Marks = dict["Element", Decision]

STAGE = "html_prune"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_FURNITURE_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "dialog",
        "alertdialog",
        "tablist",
    }
)
# A container holding more than this share of the page's prose is the layout, not
# furniture: a class word on it ("has-sidebar", "widget", "print-area") describes the page,
# so it is not pruned. Set on the golden HTML cases (aclu, blogspot, vegolosi wrap the
# article in such containers); 0.4 still lets a long comment section be pruned.
LAYOUT_SHARE = 0.4
# A text run of at least PROSE_RUN characters (block_facts) counts as prose for LAYOUT_SHARE.


# Advertising words mark boxes of ads, which hold no prose of their own: an element so
# marked that holds this many characters of prose runs wraps article text ("has-ads").
# dev-html F1 0.917 -> 0.918 (recall +0.002) at 80 and 150, +0.001 at 300, none at 800.
AD_PROSE = 150
_AD_WORDS = frozenset({"advert", "advertisement", "ads", "adsense", "banner", "promo", "sponsored"})


@dataclass(frozen=True, slots=True)
class Pruned:
    """The marks on a page's tree, and the elements that name themselves the article.

    Which of those is the article container is chosen once the blocks are read
    (block_facts.choose_article), by the rule fast mode follows too.
    """

    marks: Marks
    article_like: frozenset[Element] = frozenset()
    tokens: dict[Element, frozenset[str]] = field(default_factory=dict)


def prune(tree: Element, rule: SiteRule | None, lexicon: Lexicon) -> Pruned:
    """All marks for one page: generic structure first, then the site rule on top."""
    marks: Marks = {}
    prose = prose_by_element(tree)
    total = max(prose.get(tree, 0), 1)
    attributed = [e for e in tree.iter() if not _READ_ATTRIBUTES.isdisjoint(e.keys())]
    tokens, by_class, article_like = _classes(attributed, lexicon)
    by_word = [
        (element, f"class/id word '{word}'")
        for element, word in by_class
        if not (word in _AD_WORDS and prose.get(element, 0) >= AD_PROSE)
    ]  # an advertising word on a container of prose describes the page's layout
    for element, reason in [*_generic_candidates(tree, attributed), *by_word]:
        if element in marks or prose.get(element, 0) > LAYOUT_SHARE * total:
            continue
        marks[element] = Decision(Verdict.DROP, reason, STAGE)
    if rule is not None:
        marks.update(rule_marks(tree, rule))
    article_like |= {e for e in tree.iter("article", "main") if e.tag not in ("html", "body")}
    return Pruned(marks, frozenset(article_like), tokens)


def _classes(
    attributed: list[Element], lexicon: Lexicon
) -> tuple[dict[Element, frozenset[str]], list[tuple[Element, str]], set[Element]]:
    """Read every class/id attribute once.

    Returns each element's words (block_facts.class_words), the furniture candidates
    among them with the word that marks each, and the elements that name themselves the
    article (block_facts.names_article: role=main, itemprop, 'entry-content').
    """
    tokens: dict[Element, frozenset[str]] = {}
    furniture: list[tuple[Element, str]] = []
    article_like: set[Element] = set()
    for element in attributed:
        classes, ident = element.get("class"), element.get("id")
        tag = element.tag
        if names_article(
            tag, element.get("role"), element.get("itemprop"), (classes, ident), lexicon
        ):
            article_like.add(element)
        if classes is None and ident is None:
            continue
        words = tokens[element] = class_words(f"{classes or ''} {ident or ''}")
        if tag not in ("html", "body"):
            found = _furniture_word(words, lexicon)
            if found:
                furniture.append((element, found))
    return tokens, furniture, article_like


@lru_cache(maxsize=8192)
def _furniture_word(words: frozenset[str], lexicon: Lexicon) -> str:
    """The first (alphabetical) furniture word among an element's class/id words, or ''."""
    return min(words & lexicon.drop_tokens, default="")


def prose_by_element(tree: Element) -> dict[Element, int]:
    """Characters of long text runs (prose) inside each element, counted once per run.

    A tail run counts for the element it follows, as lxml's XPath text nodes report it.
    """
    prose: dict[Element, int] = {}
    for owner in tree.iter():
        if owner.tag in _NOT_PROSE:
            continue
        size = _prose_run(owner.text) + _prose_run(owner.tail)
        if size:
            for element in (owner, *owner.iterancestors()):
                prose[element] = prose.get(element, 0) + size
    return prose


def _prose_run(text: str | None) -> int:
    """The length of a text run that is prose, else 0."""
    if text is None or len(text) < PROSE_RUN or len(" ".join(text.split())) < PROSE_RUN:
        return 0
    return len(text)


_NOT_PROSE = frozenset({"script", "style", "noscript", "template"})
# The attributes pruning reads. One Python pass over tree.iter() finds the elements that
# carry any (0.25 ms a page); each `//*[@...]` XPath scan took 0.3-0.5 ms, four 1.7 ms.
_READ_ATTRIBUTES = frozenset({"class", "id", "role", "hidden", "aria-hidden", "style", "itemprop"})


def _generic_candidates(tree: Element, attributed: list[Element]) -> list[tuple[Element, str]]:
    """Elements that look like page furniture, with the structural reason for each."""
    found: list[tuple[Element, str]] = []
    for element in tree.iter("nav", "aside", "footer", "menu", "dialog"):
        found.append((element, f"structure: <{element.tag}> element"))
    for element in tree.iter("header"):
        if not element.xpath("ancestor::article or ancestor::main or .//h1"):
            found.append((element, "structure: page <header> without the headline"))
    for element in attributed:
        role = str(element.get("role", "")).strip().lower()
        if role in _FURNITURE_ROLES:
            found.append((element, f"structure: role={role}"))
    for element in attributed:
        if _is_hidden(element):
            found.append((element, "structure: hidden element"))
    return found


def _is_hidden(element: Element) -> bool:
    """True for elements a browser would not show."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style", "")))


def rule_marks(tree: Element, rule: SiteRule) -> Marks:
    """Marks from a site rule's html directives: root (keep-only), drop and keep."""
    marks: Marks = {}
    for directive in rule.html_root:
        roots = directive.select(tree)
        reason = f"rule {rule.name}: outside {directive.reason}"
        for outside in _outside(roots):
            marks[outside] = Decision(Verdict.DROP, reason, "rule", final=True)
    for directive in rule.html_drop:
        for element in directive.select(tree):
            marks[element] = Decision(
                Verdict.DROP, f"rule {rule.name}: {directive.reason}", "rule", final=True
            )
    for directive in rule.html_keep:
        for element in directive.select(tree):
            marks[element] = Decision(
                Verdict.KEEP, f"rule {rule.name}: {directive.reason}", "rule", final=True
            )
    return marks


def _outside(roots: list[Element]) -> list[Element]:
    """The siblings along the paths from the roots up to <html>: everything off-root."""
    if not roots:
        return []
    on_path: set[Element] = set()
    for root in roots:
        on_path.update(root.iterancestors())
        on_path.add(root)
    outside = []
    for node in on_path:
        for child in node:
            if child not in on_path and not _inside_any(child, roots):
                outside.append(child)
    return outside


def _inside_any(element: Element, roots: list[Element]) -> bool:
    return any(root in element.iterancestors() or root is element for root in roots)
