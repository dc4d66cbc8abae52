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
from cleaner.reasons import Cause, Why, lifted_note, values

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

    from cleaner.siterules import SiteRule

Marks = dict["Element", Decision]
Words = frozenset[str]

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


# Words that name widgets holding no prose of their own (a share bar, a modal, a cookie
# notice): an element so marked that holds this many characters of prose runs wraps the
# article ('post has-social-share'). On dragnet, elements holding 300 or more characters
# of prose and marked by 'social', 'share', 'sharing' or 'modal' were two thirds article
# text (36 of 40 mostly article), those marked by 'comment', 'sidebar', 'footer' or
# 'related' 1 to 8% (cleaner/data/tokens.txt, [widget]).
WIDGET_PROSE = 300


# Class names that state the page's layout ('has-sidebar', 'no-sidebar', 'with-share-bar')
# say what the page holds, not what the element is: their words mark no furniture.
_LAYOUT_MODIFIER = re.compile(r"(?<![\w-])(?:has|with|no|without)[-_][\w-]*", re.I)


@lru_cache(maxsize=8192)
def furniture_in(value: str, lexicon: Lexicon) -> frozenset[str]:
    """The furniture words of class/id values, layout modifiers ('has-sidebar') left out.

    Cached: templates repeat the same class values on every element of a list.
    """
    if "-" in value or "_" in value:
        value = _LAYOUT_MODIFIER.sub(" ", value)
    return class_words(value) & lexicon.drop_tokens


def describes_layout(words: frozenset[str], prose: int, lexicon: Lexicon) -> bool:
    """True when an element's furniture words describe the page, given its prose.

    An advertising word on a container of prose ('has-ads') or widget words alone on one
    holding WIDGET_PROSE of it describe the page's layout, not furniture.
    """
    if prose >= AD_PROSE and min(words, default="") in _AD_WORDS:
        return True
    return prose >= WIDGET_PROSE and bool(words) and words <= lexicon.widget_tokens


@dataclass(frozen=True, slots=True)
class Pruned:
    """The marks on a page's tree, and the elements that name themselves the article.

    Which of those is the article container is chosen once the blocks are read
    (block_facts.choose_article), by the rule fast mode follows too.
    """

    marks: Marks
    article_like: frozenset[Element] = frozenset()
    tokens: dict[Element, frozenset[str]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # marks lifted after all, and why


def prune(tree: Element, rule: SiteRule | None, lexicon: Lexicon) -> Pruned:
    """All marks for one page: generic structure first, then the site rule on top."""
    marks: Marks = {}
    prose = prose_by_element(tree)
    total = max(prose.get(tree, 0), 1)
    attributed = [e for e in tree.iter() if not _READ_ATTRIBUTES.isdisjoint(e.keys())]
    tokens, by_class, article_like = _classes(attributed, lexicon)
    by_word = [
        (element, Why(Cause.CLASS_WORD, values(word=min(words))))
        for element, words in by_class
        if not describes_layout(words, prose.get(element, 0), lexicon)
    ]
    holds_main = _holding_main(tree, attributed)
    for element, why in [*_generic_candidates(tree, attributed), *by_word]:
        if element in marks or prose.get(element, 0) > LAYOUT_SHARE * total:
            continue
        if element in holds_main:
            continue  # the page's <main> is inside: a word on its wrapper is layout
        marks[element] = Decision(Verdict.DROP, STAGE, *why)
    notes = _lift_best(marks, prose, prose.get(tree, 0))
    if rule is not None:
        marks.update(rule_marks(tree, rule))
    article_like |= {e for e in tree.iter("article", "main") if e.tag not in ("html", "body")}
    return Pruned(marks, frozenset(article_like), tokens, notes)


def _lift_best(marks: Marks, prose: dict[Element, int], total: int) -> tuple[str, ...]:
    """When the marks leave no prose open, lift the one holding the most: the best candidate.

    Pruning is evidence, not a verdict: a page whose every prose run sits under a mark
    (its article inside 'sidebar-main') would come out empty. Returns the note saying why.
    """
    outermost = [e for e in marks if not any(a in marks for a in e.iterancestors())]
    open_prose = total - sum(prose.get(e, 0) for e in outermost)
    best = max(outermost, key=lambda e: prose.get(e, 0), default=None)
    if best is None or open_prose >= PROSE_RUN or prose.get(best, 0) < PROSE_RUN:
        return ()
    return (lifted_note(str(best.tag), marks.pop(best), prose.get(best, 0)),)


def _holding_main(tree: Element, attributed: list[Element]) -> set[Element]:
    """The page's one <main> (or role=main) element and every element around it.

    HTML says <main> holds the page's main content; a page has one. A class word on a
    wrapper around it ('b-offcanvas-wrap') describes the layout, not furniture.
    """
    mains = [*tree.iter("main"), *(e for e in attributed if e.get("role") == "main")]
    if len(set(mains)) != 1:
        return set()
    return {mains[0], *mains[0].iterancestors()}


def _classes(
    attributed: list[Element], lexicon: Lexicon
) -> tuple[dict[Element, Words], list[tuple[Element, Words]], set[Element]]:
    """Read every class/id attribute once.

    Returns each element's words (block_facts.class_words), the furniture candidates
    with their furniture words (the first in order marks each), and the elements that
    name themselves the article (block_facts.names_article: role=main, itemprop,
    'entry-content').
    """
    tokens: dict[Element, frozenset[str]] = {}
    furniture: list[tuple[Element, frozenset[str]]] = []
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
        raw = f"{classes or ''} {ident or ''}"
        tokens[element] = class_words(raw)
        if tag not in ("html", "body"):
            found = furniture_in(raw, lexicon)
            if found:
                furniture.append((element, found))
    return tokens, furniture, article_like


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


def _generic_candidates(tree: Element, attributed: list[Element]) -> list[tuple[Element, Why]]:
    """Elements that look like page furniture, with the structural reason for each."""
    found: list[tuple[Element, Why]] = []
    for element in tree.iter("nav", "aside", "footer", "menu", "dialog"):
        found.append((element, Why(Cause.STRUCTURE_TAG, values(tag=str(element.tag)))))
    for element in tree.iter("header"):
        if not element.xpath("ancestor::article or ancestor::main or .//h1"):
            found.append((element, Why(Cause.PAGE_HEADER)))
    for element in attributed:
        role = str(element.get("role", "")).strip().lower()
        if role in _FURNITURE_ROLES:
            found.append((element, Why(Cause.ROLE, values(role=role))))
    for element in attributed:
        if is_hidden(element):
            found.append((element, Why(Cause.HIDDEN)))
    return found


def is_hidden(element: Element) -> bool:
    """True for elements a browser would not show."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style", "")))


def rule_marks(tree: Element, rule: SiteRule) -> Marks:
    """Marks from a site rule's html directives: root (keep-only), drop and keep."""
    marks: Marks = {}
    for directive in rule.html_root:
        roots = directive.select(tree)
        says = values(rule=rule.name, says=directive.reason)
        for outside in _outside(roots):
            marks[outside] = Decision(
                Verdict.DROP, "rule", Cause.RULE_OUTSIDE_ROOT, says, final=True
            )
    for directive in rule.html_drop:
        says = values(rule=rule.name, says=directive.reason)
        for element in directive.select(tree):
            marks[element] = Decision(Verdict.DROP, "rule", Cause.RULE, says, final=True)
    for directive in rule.html_keep:
        says = values(rule=rule.name, says=directive.reason)
        for element in directive.select(tree):
            marks[element] = Decision(Verdict.KEEP, "rule", Cause.RULE, says, final=True)
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
